// SPDX-License-Identifier: Apache-2.0

private let nricST = Array("JZIHGFEDCBA".utf8)
private let nricFG = Array("XWUTRQPNMLK".utf8)
private let nricM = Array("XWUTRQPNJLK".utf8)

extension Validator {
    /// Singapore NRIC/FIN.
    static let sgNRIC = Validator(
        name: "sg_nric",
        summary: "Singapore NRIC/FIN: S/T/F/G/M + 7 digits + check letter; weights 2,7,6,5,4,3,2, offset T/G +4, M +3, mod 11 into JZIHGFEDCBA (S,T), XWUTRQPNMLK (F,G), XWUTRQPNJLK (M)."
    ) { bytes in
        guard let c = compact(bytes, limit: 9), c.count == 9 else { return false }
        let offset: Int
        let table: [UInt8]
        switch c[0] {
        case 0x53: offset = 0; table = nricST  // S
        case 0x54: offset = 4; table = nricST  // T
        case 0x46: offset = 0; table = nricFG  // F
        case 0x47: offset = 4; table = nricFG  // G
        case 0x4D: offset = 3; table = nricM   // M
        default: return false
        }
        guard c[1..<8].allSatisfy(isDigitByte) else { return false }
        var d = c  // digit values at 1...7
        for i in d.indices { d[i] &-= 0x30 }
        let s = weightedSum(d, [2, 7, 6, 5, 4, 3, 2], from: 1)
        return table[(s + offset) % 11] == c[8]
    }
}
