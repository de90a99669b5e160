// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Brazil's CNPJ, numeric or the alphanumeric form the Receita Federal issues from July
    /// 2026 (IN RFB 2.229/2024): 12 characters 0-9/A-Z valued ASCII - 48, then two numeric
    /// mod 11 check digits.
    static let brCNPJ = Validator(
        name: "br_cnpj",
        summary: "Brazil CNPJ: 14 characters (12 digits or, from 2026, uppercase letters valued ASCII-48, then 2 digits), two mod-11 check digits; base all zeros or all-same rejected."
    ) { bytes in
        guard let c = compact(bytes, limit: 14), c.count == 14 else { return false }
        guard isDigitByte(c[12]), isDigitByte(c[13]), !allSame(c) else { return false }
        var v = c  // digits 0-9, letters 17-42
        for i in v.indices { v[i] &-= 0x30 }
        guard v[0..<12].contains(where: { $0 != 0 }) else { return false }
        func check(_ weights: [Int]) -> Int {
            let r = weightedSum(v, weights) % 11
            return r < 2 ? 0 : 11 - r
        }
        return check([5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]) == Int(v[12])
            && check([6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]) == Int(v[13])
    }
}
