// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Poland's statistical business number (REGON), 9 digits or 14 for a local unit.
    static let plREGON = Validator(
        name: "pl_regon",
        summary: "Poland REGON: 9 digits (weights 8,9,2,3,4,5,6,7) or 14 digits (the first 9 a valid REGON, then weights 2,4,8,5,0,9,7,3,6,1,2,4,8); check = sum mod 11 mod 10; all-zero rejected; dashes and spaces ignored."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 14, separator: { $0 == 0x20 || $0 == 0x2D }),
              d.count == 9 || d.count == 14
        else { return false }
        guard d[0..<8].contains(where: { $0 != 0 }) else { return false }
        guard weightedSum(d, [8, 9, 2, 3, 4, 5, 6, 7]) % 11 % 10 == Int(d[8]) else { return false }
        if d.count == 9 { return true }
        return weightedSum(d, [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8]) % 11 % 10 == Int(d[13])
    }
}
