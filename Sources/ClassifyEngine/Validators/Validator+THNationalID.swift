// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Thailand's 13-digit personal identification number.
    static let thNationalID = Validator(
        name: "th_national_id",
        summary: "Thailand national ID: 13 digits, first digit 1-8, check = (11 - sum(d_i x (13 - i)) mod 11) mod 10."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 13), d.count == 13, d[0] >= 1, d[0] <= 8 else { return false }
        let s = weightedSum(d, [13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2])
        return (11 - s % 11) % 10 == Int(d[12])
    }
}
