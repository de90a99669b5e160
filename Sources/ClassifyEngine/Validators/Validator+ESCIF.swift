// SPDX-License-Identifier: Apache-2.0

private let cifEntityLetters = Array("ABCDEFGHJNPQRSUVW".utf8)
private let cifControlLetters = Array("JABCDEFGHI".utf8)

extension Validator {
    /// Spain's CIF (legal entities; now the NIF of entities).
    static let esCIF = Validator(
        name: "es_cif",
        summary: "Spain CIF: entity letter (ABCDEFGHJNPQRSUVW) + 7 digits + control (Luhn-style over the digits); control is a digit for A,B,E,H, a letter (JABCDEFGHI) for N,P,Q,S,W, either otherwise."
    ) { bytes in
        guard let c = compact(bytes, limit: 9), c.count == 9 else { return false }
        let entity = c[0]
        guard cifEntityLetters.contains(entity), asciiDecimal(c, 1, 7) >= 0 else { return false }
        var sum = 0
        for i in 0..<7 {
            let x = Int(c[1 + i] - 0x30)
            if i % 2 == 0 {
                let y = x * 2
                sum += y / 10 + y % 10
            } else {
                sum += x
            }
        }
        let check = (10 - sum % 10) % 10
        let asDigit = c[8] == UInt8(0x30 + check)
        let asLetter = c[8] == cifControlLetters[check]
        switch entity {
        case 0x41, 0x42, 0x45, 0x48: return asDigit                  // A B E H
        case 0x4E, 0x50, 0x51, 0x53, 0x57: return asLetter           // N P Q S W
        default: return asDigit || asLetter
        }
    }
}
