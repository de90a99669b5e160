// SPDX-License-Identifier: Apache-2.0

private let dniLetters = Array("TRWAGMYFPDXBNJZSQVHLCKE".utf8)

extension Validator {
    /// The DNI control letter for an 8-digit number.
    static func dniLetter(_ n: Int) -> UInt8? {
        guard n >= 0 else { return nil }
        return dniLetters[n % 23]
    }

    /// Spain's DNI: 8 digits and the mod 23 control letter.
    static let esDNI = Validator(
        name: "es_dni",
        summary: "Spain DNI: 8 digits + control letter TRWAGMYFPDXBNJZSQVHLCKE[n mod 23]."
    ) { bytes in
        guard let c = compact(bytes, limit: 9), c.count == 9 else { return false }
        let n = asciiDecimal(c, 0, 8)
        return n >= 0 && dniLetter(n) == c[8]
    }
}
