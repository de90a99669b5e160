// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Canadian Social Insurance Number.
    static let caSIN = Validator(
        name: "ca_sin",
        summary: "Canada SIN: 9 digits, first digit not 0 or 8 (9 = temporary resident, accepted), Luhn."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 9), d.count == 9, d[0] != 0, d[0] != 8 else {
            return false
        }
        return luhnValid(d)
    }
}
