// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// South Africa's identity number.
    static let zaID = Validator(
        name: "za_id",
        summary: "South Africa ID: 13 digits YYMMDDSSSSCAZ, valid date (century unknown), citizenship digit 0, 1 or 2 (refugee), Luhn."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 13), d.count == 13, d[10] <= 2 else { return false }
        guard isValidDate(twoDigitYear: decimal(d, 0, 2), month: decimal(d, 2, 2), day: decimal(d, 4, 2)) else {
            return false
        }
        return luhnValid(d)
    }
}
