// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Australian Company Number (ASIC).
    static let auACN = Validator(
        name: "au_acn",
        summary: "Australia ACN: 9 digits, weights 8,7,6,5,4,3,2,1 over the first 8, check = (10 - sum mod 10) mod 10; all-zero rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 9), d.count == 9, d.contains(where: { $0 != 0 }) else { return false }
        let r = weightedSum(d, [8, 7, 6, 5, 4, 3, 2, 1]) % 10
        return (10 - r) % 10 == Int(d[8])
    }
}
