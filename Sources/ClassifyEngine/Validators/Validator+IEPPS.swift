// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Ireland's Personal Public Service number.
    static let iePPS = Validator(
        name: "ie_pps",
        summary: "Ireland PPS: 7 digits + check letter (+ optional A, B, H, W, T or X); weights 8..2 (and 9 x A=1/B=2/H=8 for the 9th char), mod 23 into W,A..V."
    ) { bytes in
        guard let c = compact(bytes, limit: 9), c.count == 8 || c.count == 9 else { return false }
        guard c[0..<7].allSatisfy(isDigitByte), c[7] >= 0x41, c[7] <= 0x57 else { return false }  // A-W
        var s = 0
        for i in 0..<7 { s += Int(c[i] - 0x30) * (8 - i) }
        if c.count == 9 {
            switch c[8] {
            case 0x41, 0x42, 0x48: s += 9 * Int(c[8] - 0x40)  // A=1, B=2, H=8
            case 0x57, 0x54, 0x58: break                     // W (=0), T, X: not weighted
            default: return false
            }
        }
        let r = s % 23
        return c[7] == (r == 0 ? 0x57 : UInt8(0x40 + r))
    }
}
