// SPDX-License-Identifier: Apache-2.0

/// One issuer range: the first `prefixDigits` digits of the card number, read as a number,
/// fall in `low...high`, and the number has one of `lengths` digits.
private struct CardRange: Sendable {
    let prefixDigits: Int
    let low: Int
    let high: Int
    let lengths: ClosedRange<Int>
    var exactLengths: [Int] = []

    func matches(_ d: ByteList) -> Bool {
        if exactLengths.isEmpty {
            guard lengths.contains(d.count) else { return false }
        } else {
            guard exactLengths.contains(d.count) else { return false }
        }
        let p = Validator.decimal(d, 0, prefixDigits)
        return p >= low && p <= high
    }
}

/// Issuer identification number ranges of the card networks (public network documentation
/// and ISO/IEC 7812 registrations, as summarised by the networks' acceptance guides).
private let cardRanges: [CardRange] = [
    // Visa: 4, 13/16/19 digits.
    CardRange(prefixDigits: 1, low: 4, high: 4, lengths: 13...19, exactLengths: [13, 16, 19]),
    // Mastercard: 51-55 and 2221-2720, 16 digits.
    CardRange(prefixDigits: 2, low: 51, high: 55, lengths: 16...16),
    CardRange(prefixDigits: 4, low: 2221, high: 2720, lengths: 16...16),
    // American Express: 34, 37, 15 digits.
    CardRange(prefixDigits: 2, low: 34, high: 34, lengths: 15...15),
    CardRange(prefixDigits: 2, low: 37, high: 37, lengths: 15...15),
    // Discover: 6011, 644-649, 65, 16-19 digits.
    CardRange(prefixDigits: 4, low: 6011, high: 6011, lengths: 16...19),
    CardRange(prefixDigits: 3, low: 644, high: 649, lengths: 16...19),
    CardRange(prefixDigits: 2, low: 65, high: 65, lengths: 16...19),
    // JCB: 3528-3589, 16-19 digits.
    CardRange(prefixDigits: 4, low: 3528, high: 3589, lengths: 16...19),
    // Diners Club: 300-305, 3095, 36, 38-39, 14-19 digits.
    CardRange(prefixDigits: 3, low: 300, high: 305, lengths: 14...19),
    CardRange(prefixDigits: 4, low: 3095, high: 3095, lengths: 14...19),
    CardRange(prefixDigits: 2, low: 36, high: 36, lengths: 14...19),
    CardRange(prefixDigits: 2, low: 38, high: 39, lengths: 14...19),
    // UnionPay: 62, 16-19 digits.
    CardRange(prefixDigits: 2, low: 62, high: 62, lengths: 16...19),
    // Maestro: 50, 56-58, 5018/5020/5038/5893/6304/6759/6761-6763, 13-19 digits here (12 is
    // possible for Maestro but below this validator's 13-digit floor).
    CardRange(prefixDigits: 2, low: 50, high: 50, lengths: 13...19),
    CardRange(prefixDigits: 2, low: 56, high: 58, lengths: 13...19),
    CardRange(prefixDigits: 4, low: 5893, high: 5893, lengths: 13...19),
    CardRange(prefixDigits: 4, low: 6304, high: 6304, lengths: 13...19),
    CardRange(prefixDigits: 4, low: 6759, high: 6759, lengths: 13...19),
    CardRange(prefixDigits: 4, low: 6761, high: 6763, lengths: 13...19),
    // Mir: 2200-2204, 16-19 digits.
    CardRange(prefixDigits: 4, low: 2200, high: 2204, lengths: 16...19),
    // RuPay: 60, 508, 81-82, 16 digits (its 65 and 353/356 ranges are covered above).
    CardRange(prefixDigits: 2, low: 60, high: 60, lengths: 16...16),
    CardRange(prefixDigits: 3, low: 508, high: 508, lengths: 16...16),
    CardRange(prefixDigits: 2, low: 81, high: 82, lengths: 16...16),
    // Troy: 9792, 16 digits.
    CardRange(prefixDigits: 4, low: 9792, high: 9792, lengths: 16...16),
    // Verve: 506099-506198, 16-19 digits.
    CardRange(prefixDigits: 6, low: 506_099, high: 506_198, lengths: 16...19),
]

extension Validator {
    /// A payment card number (PAN): 13-19 digits, Luhn, and a known issuer range with a length
    /// that issuer uses.
    static let creditCard = Validator(
        name: "credit_card",
        summary: "Payment card number: 13-19 digits, Luhn, known IIN range and length (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro, Mir, RuPay, Troy, Verve); all-same-digit rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 19), d.count >= 13 else { return false }
        guard !allSame(d), luhnValid(d) else { return false }
        return cardRanges.contains { $0.matches(d) }
    }
}
