// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Hong Kong identity card number.
    static let hkHKID = Validator(
        name: "hk_hkid",
        summary: "Hong Kong HKID: 1 or 2 letters, 6 digits, check digit 0-9 or A (parentheses optional); letters A=10..Z=35, a single letter is preceded by 36 (space); weights 9..2, check = (11 - sum mod 11) mod 11, 10 written A."
    ) { bytes in
        guard let c = compact(bytes, limit: 9, separator: { $0 == 0x28 || $0 == 0x29 || $0 == 0x20 }),
              c.count == 8 || c.count == 9
        else { return false }
        let letters = c.count - 7
        guard c[0..<letters].allSatisfy(isUpperByte), c[letters..<(letters + 6)].allSatisfy(isDigitByte) else {
            return false
        }
        // Values weighted 9, 8, ...: 36 (a space) before a single letter, letters, digits.
        var sum = 0
        var i = 0
        if letters == 1 { sum += 36 * 9; i = 1 }
        for b in c[0..<letters] { sum += (Int(b &- 0x41) + 10) * (9 - i); i += 1 }
        for b in c[letters..<(letters + 6)] { sum += Int(b &- 0x30) * (9 - i); i += 1 }
        let check = (11 - sum % 11) % 11
        let last = c[c.count - 1]
        return check == 10 ? last == 0x41 : last == UInt8(0x30 + check)
    }
}
