// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Japan's Individual Number ("My Number").
    static let jpMyNumber = Validator(
        name: "jp_my_number",
        summary: "Japan My Number: 12 digits; check = 11 - (sum of digit x weight, weights 6,5,4,3,2,7,6,5,4,3,2) mod 11, 0 when the remainder is 0 or 1; all-same-digit rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 12), d.count == 12, !allSame(d) else { return false }
        let r = weightedSum(d, [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11
        return (r <= 1 ? 0 : 11 - r) == Int(d[11])
    }
}
