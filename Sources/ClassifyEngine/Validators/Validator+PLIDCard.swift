// SPDX-License-Identifier: Apache-2.0

/// Weights of the letters, then of the 5 digits after the check digit.
private let idCardLetterWeights = [7, 3, 1]
private let idCardDigitWeights = [7, 3, 1, 7, 3]

extension Validator {
    /// The number of a Polish identity card (dowód osobisty).
    static let plIDCard = Validator(
        name: "pl_id_card",
        summary: "Poland dowód osobisty: 3 letters + 6 digits; the 4th char is the check digit: letters A = 10 ... Z = 35, weights 7,3,1,-,7,3,1,7,3, sum mod 10; a space after the letters ignored."
    ) { bytes in
        guard let c = compact(bytes, limit: 9, separator: { $0 == 0x20 }), c.count == 9 else { return false }
        guard c[0..<3].allSatisfy(isUpperByte), c[3..<9].allSatisfy(isDigitByte) else { return false }
        var sum = 0
        for (i, w) in idCardLetterWeights.enumerated() { sum += (Int(c[i] &- 0x41) + 10) * w }
        for (i, w) in idCardDigitWeights.enumerated() { sum += Int(c[4 + i] &- 0x30) * w }
        return sum % 10 == Int(c[3] &- 0x30)
    }
}
