// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Australian Business Number.
    static let auABN = Validator(
        name: "au_abn",
        summary: "Australia ABN: 11 digits, first digit minus 1, weights 10,1,3,5,7,9,11,13,15,17,19, sum mod 89 == 0."
    ) { bytes in
        guard var d = compactDigits(bytes, limit: 11), d.count == 11, d[0] >= 1 else { return false }
        d[0] -= 1
        return weightedSum(d, [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]) % 89 == 0
    }
}
