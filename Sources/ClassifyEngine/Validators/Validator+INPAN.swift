// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// True when `c[start..<start+10]` is a PAN: AAAPA9999A with a known holder type.
    static func isPAN(_ c: ByteList, at start: Int) -> Bool {
        guard start >= 0, start <= c.count - 10 else { return false }
        for i in 0..<5 where !isUpperByte(c[start + i]) { return false }
        switch c[start + 3] {
        case 0x50, 0x43, 0x48, 0x41, 0x42, 0x47, 0x4A, 0x4C, 0x46, 0x54: break  // P C H A B G J L F T
        default: return false
        }
        let serial = asciiDecimal(c, start + 5, 4)
        return serial > 0 && isUpperByte(c[start + 9])
    }

    /// India's Permanent Account Number.
    static let inPAN = Validator(
        name: "in_pan",
        summary: "India PAN: AAAPA9999A, 4th char holder type P,C,H,A,B,G,J,L,F,T, serial not 0000 (no check digit is published)."
    ) { bytes in
        guard let c = compact(bytes, limit: 10), c.count == 10 else { return false }
        return isPAN(c, at: 0)
    }
}
