// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Spanish Código Cuenta Cliente, the domestic account number inside an ES IBAN.
    static let esCCC = Validator(
        name: "es_ccc",
        summary: "Spain CCC: 20 digits entity(4) office(4) DC(2) account(10); each control digit = 11 - (weights 1,2,4,8,5,10,9,7,3,6) mod 11, 11 -> 0, 10 -> 1; the first over 00 + entity + office, the second over the account; all-zero account rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 20), d.count == 20 else { return false }
        func control(_ weighted: Int) -> Int {
            let r = 11 - weighted % 11
            return r == 11 ? 0 : r == 10 ? 1 : r
        }
        guard d[10..<20].contains(where: { $0 != 0 }) else { return false }
        // The first control covers 00 + entity + office: the two zeros add nothing, so the
        // 8 digits take weights 3...10 of 1,2,4,8,5,10,9,7,3,6.
        let bankOffice = weightedSum(d, [4, 8, 5, 10, 9, 7, 3, 6])
        let account = weightedSum(d, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6], from: 10)
        return control(bankOffice) == Int(d[8]) && control(account) == Int(d[9])
    }
}
