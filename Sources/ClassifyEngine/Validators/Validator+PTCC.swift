// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// The document number of a Portuguese Cartão de Cidadão (citizen card).
    static let ptCC = Validator(
        name: "pt_cc",
        summary: "Portugal Cartão de Cidadão: 8-digit civil number, its check digit, 2 version chars (A-Z, 0-9), check digit: Luhn over the 11 chars with A = 10 ... Z = 35 (doubled values above 9 less 9); spaces ignored."
    ) { bytes in
        guard let c = compact(bytes, limit: 12, separator: { $0 == 0x20 }), c.count == 12 else { return false }
        guard c[0..<9].allSatisfy(isDigitByte), isUpperAlnumByte(c[9]), isUpperAlnumByte(c[10]), isDigitByte(c[11])
        else { return false }
        guard c[0..<8].contains(where: { $0 != 0x30 }) else { return false }
        var sum = 0
        for i in 0..<11 {
            let ch = c[10 - i]
            var v = isDigitByte(ch) ? Int(ch &- 0x30) : Int(ch &- 0x41) + 10
            if i % 2 == 0 {
                v *= 2
                if v > 9 { v -= 9 }
            }
            sum += v
        }
        return (10 - sum % 10) % 10 == Int(c[11] &- 0x30)
    }
}
