// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// International Mobile Equipment Identity.
    static let imei = Validator(
        name: "imei",
        summary: "IMEI: 15 digits, Luhn, all-same-digit rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 15), d.count == 15, !allSame(d) else { return false }
        return luhnValid(d)
    }
}
