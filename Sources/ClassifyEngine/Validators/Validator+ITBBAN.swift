// SPDX-License-Identifier: Apache-2.0

/// The CIN's values for characters in odd positions (1st, 3rd, ...), indexed by 0-9 or A-Z.
private let cinOdd: [Int] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]

extension Validator {
    /// Italian BBAN: CIN check letter, ABI, CAB and account number (the part of an IT IBAN
    /// after its check digits).
    static let itBBAN = Validator(
        name: "it_bban",
        summary: "Italy BBAN: CIN letter + ABI (5 digits) + CAB (5 digits) + account (12 digits or letters); CIN = letter of (sum of odd-position values from the codice fiscale table + even-position values) mod 26; all-zero account rejected."
    ) { bytes in
        guard let c = compact(bytes, limit: 23), c.count == 23, isUpperByte(c[0]) else { return false }
        guard c[1..<11].allSatisfy(isDigitByte), c[11...].contains(where: { $0 != 0x30 }) else { return false }
        var sum = 0
        for (i, b) in c[1...].enumerated() {
            let v = isDigitByte(b) ? Int(b &- 0x30) : Int(b &- 0x41)
            sum += i % 2 == 0 ? cinOdd[v] : v
        }
        return c[0] == UInt8(0x41 + sum % 26)
    }
}
