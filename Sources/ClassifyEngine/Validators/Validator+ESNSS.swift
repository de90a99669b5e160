// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Spain's social security number (número de la Seguridad Social, NAF/NUSS).
    static let esNSS = Validator(
        name: "es_nss",
        summary: "Spain NSS: 12 digits: province 01-99, 8-digit number, 2 control digits = (province x 10^7 + number if number < 10^7, else province and number concatenated) mod 97; slashes, dashes and spaces ignored."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 12), d.count == 12 else { return false }
        let province = decimal(d, 0, 2), number = decimal(d, 2, 8)
        guard province >= 1, number > 0 else { return false }
        let base = number < 10_000_000 ? province * 10_000_000 + number : province * 100_000_000 + number
        return base % 97 == decimal(d, 10, 2)
    }
}
