// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Spanish Código Cuenta Cliente, the domestic account number inside an ES IBAN.
    static let esCCC = Validator(
        name: "es_ccc",
        summary: "Spain CCC: 20 digits entity(4) office(4) DC(2) account(10); each control digit = 11 - (weights 1,2,4,8,5,10,9,7,3,6) mod 11, 11 -> 0, 10 -> 1; the first over 00 + entity + office, the second over the account; all-zero account rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 20), d.count == 20 else { return false }
        func control(_ x: [UInt8]) -> Int {
            let r = 11 - weightedSum(x, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11
            return r == 11 ? 0 : r == 10 ? 1 : r
        }
        let account = Array(d[10..<20])
        guard account.contains(where: { $0 != 0 }) else { return false }
        return control([0, 0] + Array(d[0..<8])) == Int(d[8]) && control(account) == Int(d[9])
    }
}
