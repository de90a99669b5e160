// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Legal Entity Identifier (ISO 17442).
    static let lei = Validator(
        name: "lei",
        summary: "LEI (ISO 17442): 18 upper-case alphanumerics + 2 check digits; letters become 10-35 and the whole number mod 97 == 1 (ISO 7064 MOD 97-10)."
    ) { bytes in
        guard let s = trimmed(bytes, limit: 20), s.count == 20 else { return false }
        guard s[0..<18].allSatisfy(isUpperAlnumByte), isDigitByte(s[18]), isDigitByte(s[19]) else { return false }
        guard s[0..<18].contains(where: { $0 != 0x30 }) else { return false }
        var r = 0
        for b in s {
            if isDigitByte(b) {
                r = (r * 10 + Int(b - 0x30)) % 97
            } else {
                r = (r * 100 + Int(b - 0x41) + 10) % 97
            }
        }
        return r == 1
    }
}
