// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// French RIB (relevé d'identité bancaire): the domestic account number inside a FR IBAN.
    static let frRIB = Validator(
        name: "fr_rib",
        summary: "France RIB: code banque (5 digits), code guichet (5 digits), account (11 digits or letters; A,J=1 B,K,S=2 C,L,T=3 D,M,U=4 E,N,V=5 F,O,W=6 G,P,X=7 H,Q,Y=8 I,R,Z=9), key = 97 - (89 x bank + 15 x branch + 3 x account) mod 97; all-zero account rejected."
    ) { bytes in
        guard let c = compact(bytes, limit: 23), c.count == 23 else { return false }
        guard c[0..<10].allSatisfy(isDigitByte), c[21...].allSatisfy(isDigitByte) else { return false }
        let bank = asciiDecimal(c, 0, 5), branch = asciiDecimal(c, 5, 5), key = asciiDecimal(c, 21, 2)
        var account = 0
        for b in c[10..<21] {
            let v: Int
            if isDigitByte(b) {
                v = Int(b &- 0x30)
            } else {
                // A..I -> 1..9, J..R -> 1..9, S..Z -> 2..9.
                let i = Int(b &- 0x41)
                v = i < 9 ? i + 1 : i < 18 ? i - 8 : i - 16
            }
            account = account * 10 + v
        }
        guard account != 0 else { return false }
        // 89 x bank < 8.9e6, 3 x account < 3e11: no overflow in Int.
        let r = (89 * bank + 15 * branch + 3 * account) % 97
        return 97 - r == key
    }
}
