// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// NHS number (England, Wales, Isle of Man; the same mod 11 as Scotland's CHI).
    static let ukNHS = Validator(
        name: "uk_nhs",
        summary: "UK NHS number: 10 digits, weights 10..2 mod 11, check = 11 - r (11 -> 0, 10 invalid); all-same-digit rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 10), d.count == 10, !allSame(d) else { return false }
        let r = weightedSum(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11
        let check = r == 0 ? 0 : 11 - r
        return check != 10 && check == Int(d[9])
    }
}
