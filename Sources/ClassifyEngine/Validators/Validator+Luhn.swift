// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Luhn (mod 10), as used by payment cards, IMEI, Canadian SIN, South African ID numbers,
    /// French SIREN/SIRET and many more.
    static let luhn = Validator(
        name: "luhn",
        summary: "Luhn mod-10 check digit over 2-32 digits (spaces, dashes, dots, slashes ignored); all-zero rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 32), d.count >= 2 else { return false }
        guard d.contains(where: { $0 != 0 }) else { return false }
        return luhnValid(d)
    }
}
