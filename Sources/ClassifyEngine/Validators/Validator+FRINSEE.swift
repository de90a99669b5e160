// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// France's NIR ("numéro de sécurité sociale", INSEE number).
    static let frINSEE = Validator(
        name: "fr_insee",
        summary: "France NIR/INSEE: 13 characters + 2-digit key = 97 - (n mod 97); first digit 1,2 (3,4,7,8 provisional/temporary); Corsica 2A/2B read as 19/18 for the key."
    ) { bytes in
        guard let c = compact(bytes, limit: 15), c.count == 15 else { return false }
        switch c[0] {
        case 0x31, 0x32, 0x33, 0x34, 0x37, 0x38: break
        default: return false
        }
        var body = c  // the first 13 are read
        if body[5] == 0x32, body[6] == 0x41 || body[6] == 0x42 {  // Corsica: 2A -> 19, 2B -> 18
            body[5] = 0x31
            body[6] = body[6] == 0x41 ? 0x39 : 0x38
        }
        let n = asciiDecimal(body, 0, 13)
        let key = asciiDecimal(c, 13, 2)
        return n >= 0 && key >= 1 && key <= 97 && 97 - n % 97 == key
    }
}
