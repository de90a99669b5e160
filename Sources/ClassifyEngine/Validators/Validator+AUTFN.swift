// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Australia's Tax File Number.
    static let auTFN = Validator(
        name: "au_tfn",
        summary: "Australia TFN: 9 digits with weights 1,4,3,7,5,8,6,9,10 (8-digit legacy TFNs: the first 8 weights), sum mod 11 == 0; all-zero rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 9), d.count == 8 || d.count == 9 else { return false }
        guard d.contains(where: { $0 != 0 }) else { return false }
        let s = d.count == 9 ? weightedSum(d, [1, 4, 3, 7, 5, 8, 6, 9, 10]) : weightedSum(d, [1, 4, 3, 7, 5, 8, 6, 9])
        return s % 11 == 0
    }
}
