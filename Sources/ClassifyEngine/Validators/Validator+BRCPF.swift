// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Brazil's CPF (Cadastro de Pessoas Físicas): two mod 11 check digits.
    static let brCPF = Validator(
        name: "br_cpf",
        summary: "Brazil CPF: 11 digits, two mod-11 check digits (weights 10..2 then 11..2); all-same-digit rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 11), d.count == 11, !allSame(d) else { return false }
        let c1 = weightedSum(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]) * 10 % 11 % 10
        let c2 = weightedSum(d, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]) * 10 % 11 % 10
        return c1 == Int(d[9]) && c2 == Int(d[10])
    }
}
