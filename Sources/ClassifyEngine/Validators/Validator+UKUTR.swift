// SPDX-License-Identifier: Apache-2.0

private let utrCheckDigits = Array("21987654321".utf8)

extension Validator {
    /// The UK's Unique Taxpayer Reference (HMRC self assessment and corporation tax).
    static let ukUTR = Validator(
        name: "uk_utr",
        summary: "UK UTR: 10 digits; the first is the check digit: '21987654321'[sum(digits 2-10 x weights 6,7,8,9,10,5,4,3,2) mod 11]; spaces ignored; all-same-digit rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 10, separator: { $0 == 0x20 }), d.count == 10, !allSame(d) else {
            return false
        }
        let s = weightedSum(d, [6, 7, 8, 9, 10, 5, 4, 3, 2], from: 1)
        guard s >= 0 else { return false }
        return utrCheckDigits[s % 11] == d[0] &+ 0x30
    }
}
