// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Dutch Burgerservicenummer: the "elfproef" (11-proof).
    static let nlBSN = Validator(
        name: "nl_bsn",
        summary: "Netherlands BSN: 9 digits, 11-proof (weights 9..2 and -1, sum mod 11 == 0); all-zero rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 9), d.count == 9 else { return false }
        guard d.contains(where: { $0 != 0 }) else { return false }
        return weightedSum(d, [9, 8, 7, 6, 5, 4, 3, 2, -1]) % 11 == 0
    }
}
