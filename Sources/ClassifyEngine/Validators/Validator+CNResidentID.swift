// SPDX-License-Identifier: Apache-2.0

/// First two digits of a resident identity number: the province-level division (GB/T 2260),
/// 71 Taiwan, 81-83 Hong Kong/Macao/Taiwan residence permits, 91 foreigners' permanent
/// residence (2023 format).
private let cnProvinces: Set<Int> = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91,
]

extension Validator {
    /// China's 18-character resident identity card number (GB 11643-1999).
    static let cnResidentID = Validator(
        name: "cn_resident_id",
        summary: "China resident ID (GB 11643): 18 chars, province code, birth date YYYYMMDD (1900 to the current year), ISO 7064 MOD 11-2 check (0-9 or X)."
    ) { bytes in
        guard let c = compact(bytes, limit: 18), c.count == 18 else { return false }
        guard c[0..<17].allSatisfy(isDigitByte), isDigitByte(c[17]) || c[17] == 0x58 else { return false }
        var d = c  // digit values; the 18th (0-9 or X) is not read as one
        for i in 0..<17 { d[i] &-= 0x30 }
        guard cnProvinces.contains(decimal(d, 0, 2)) else { return false }
        let year = decimal(d, 6, 4)
        guard year >= 1900, isPastDate(year: year, month: decimal(d, 10, 2), day: decimal(d, 12, 2)) else {
            return false
        }
        let r = weightedSum(d, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]) % 11
        let check = (12 - r) % 11
        return check == 10 ? c[17] == 0x58 : c[17] == UInt8(0x30 + check)
    }
}
