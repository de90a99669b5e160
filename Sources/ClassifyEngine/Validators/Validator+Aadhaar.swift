// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// India's Aadhaar number (UIDAI): 12 digits, not starting with 0 or 1, Verhoeff.
    static let aadhaar = Validator(
        name: "aadhaar",
        summary: "Aadhaar (India UIDAI): 12 digits, first digit 2-9, Verhoeff check digit; palindromes rejected (never issued)."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 12), d.count == 12, d[0] >= 2 else { return false }
        guard !d.elementsEqual(d.reversed()) else { return false }
        return verhoeffValid(d)
    }
}
