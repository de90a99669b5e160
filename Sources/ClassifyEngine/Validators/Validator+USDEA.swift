// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// US DEA registration number.
    static let usDEA = Validator(
        name: "us_dea",
        summary: "US DEA number: registrant type letter (A-H, J-M, P, R-U, X), letter or 9, 7 digits; (d1+d3+d5) + 2*(d2+d4+d6) mod 10 == d7."
    ) { bytes in
        guard let c = compact(bytes, limit: 9), c.count == 9 else { return false }
        switch c[0] {
        case 0x41...0x48, 0x4A...0x4D, 0x50, 0x52...0x55, 0x58: break
        default: return false
        }
        guard isUpperByte(c[1]) || c[1] == 0x39 else { return false }
        guard c[2..<9].allSatisfy(isDigitByte) else { return false }
        func d(_ i: Int) -> Int { Int(c[i] &- 0x30) }
        let s = d(2) + d(4) + d(6) + 2 * (d(3) + d(5) + d(7))
        return s % 10 == d(8)
    }
}
