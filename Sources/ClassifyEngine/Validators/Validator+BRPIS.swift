// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Brazil's PIS/PASEP/NIT/NIS worker number.
    static let brPIS = Validator(
        name: "br_pis",
        summary: "Brazil PIS/PASEP/NIT/NIS: 11 digits; check = 11 - (weights 3,2,9,8,7,6,5,4,3,2 sum mod 11), 10 or 11 -> 0; all-same-digit rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 11), d.count == 11, !allSame(d) else { return false }
        let check = 11 - weightedSum(d, [3, 2, 9, 8, 7, 6, 5, 4, 3, 2]) % 11
        return (check >= 10 ? 0 : check) == Int(d[10])
    }
}
