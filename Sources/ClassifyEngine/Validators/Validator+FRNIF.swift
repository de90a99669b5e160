// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// France's numéro fiscal de référence (SPI, numéro d'identification fiscale of a person).
    static let frNIF = Validator(
        name: "fr_nif",
        summary: "France numéro fiscal (SPI): 13 digits, first 0-3, the last 3 digits = the first 10 mod 511; spaces ignored."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 13, separator: { $0 == 0x20 }), d.count == 13, d[0] <= 3 else {
            return false
        }
        let body = decimal(d, 0, 10)
        guard body > 0 else { return false }
        return body % 511 == decimal(d, 10, 3)
    }
}
