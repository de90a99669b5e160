// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Australia's Medicare card number (10 digits, optionally the 11th individual reference).
    static let auMedicare = Validator(
        name: "au_medicare",
        summary: "Australia Medicare card: 10 digits (+ optional 1-digit IRN), first digit 2-6, 9th digit = weights 1,3,7,9,1,3,7,9 over the first 8, mod 10."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 11), d.count == 10 || d.count == 11 else { return false }
        guard d[0] >= 2, d[0] <= 6 else { return false }
        return weightedSum(d, [1, 3, 7, 9, 1, 3, 7, 9]) % 10 == Int(d[8])
    }
}
