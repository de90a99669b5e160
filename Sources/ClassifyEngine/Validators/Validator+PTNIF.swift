// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Portugal's NIF (número de identificação fiscal).
    static let ptNIF = Validator(
        name: "pt_nif",
        summary: "Portugal NIF: 9 digits, first not 0, check = 11 - (weights 9..2 sum mod 11), 10 or 11 -> 0."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 9), d.count == 9, d[0] != 0 else { return false }
        let check = 11 - weightedSum(d, [9, 8, 7, 6, 5, 4, 3, 2]) % 11
        return (check >= 10 ? 0 : check) == Int(d[8])
    }
}
