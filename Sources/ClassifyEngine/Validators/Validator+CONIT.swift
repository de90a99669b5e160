// SPDX-License-Identifier: Apache-2.0

private let nitWeights = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71]

extension Validator {
    /// Colombia's NIT (número de identificación tributaria).
    static let coNIT = Validator(
        name: "co_nit",
        summary: "Colombia NIT: 8-15 digit body + check digit; weights 3,7,13,...,71 from the right, r = sum mod 11, check = r if r < 2 else 11 - r."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 16), d.count >= 9, let last = d.last else { return false }
        var s = 0
        for (i, x) in d.dropLast().reversed().enumerated() { s += Int(x) * nitWeights[i] }
        let r = s % 11
        return (r < 2 ? r : 11 - r) == Int(last)
    }
}
