// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Turkey's T.C. Kimlik No.
    static let trTCKimlik = Validator(
        name: "tr_tckimlik",
        summary: "Turkey T.C. Kimlik: 11 digits, first not 0, d10 = (7*(d1+d3+d5+d7+d9) - (d2+d4+d6+d8)) mod 10, d11 = sum(d1..d10) mod 10."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 11), d.count == 11, d[0] != 0 else { return false }
        let odd = Int(d[0]) + Int(d[2]) + Int(d[4]) + Int(d[6]) + Int(d[8])
        let even = Int(d[1]) + Int(d[3]) + Int(d[5]) + Int(d[7])
        let c10 = ((odd * 7 - even) % 10 + 10) % 10
        let c11 = (odd + even + c10) % 10
        return c10 == Int(d[9]) && c11 == Int(d[10])
    }
}
