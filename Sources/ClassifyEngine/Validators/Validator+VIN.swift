// SPDX-License-Identifier: Apache-2.0

/// Transliteration of A...Z (0 for the letters a VIN may not hold: I, O, Q).
private let vinValues: [Int] = [
    1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 0, 7, 0, 9, 2, 3, 4, 5, 6, 7, 8, 9,
]
private let vinWeights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]

extension Validator {
    /// Vehicle Identification Number (ISO 3779) with the North American check digit.
    static let vin = Validator(
        name: "vin",
        summary: "VIN: 17 chars 0-9/A-Z without I, O, Q; 9th char = transliterated weighted sum (weights 8,7,6,5,4,3,2,10,0,9..2) mod 11, 10 -> X (49 CFR 565; mandatory in North America and China, not in the EU)."
    ) { bytes in
        guard let c = compact(bytes, limit: 17, separator: { _ in false }), c.count == 17 else { return false }
        var s = 0
        for (i, ch) in c.enumerated() {
            let v: Int
            if isDigitByte(ch) {
                v = Int(ch - 0x30)
            } else {
                switch ch {
                case 0x49, 0x4F, 0x51: return false  // I O Q
                default: v = vinValues[Int(ch - 0x41)]
                }
            }
            s += v * vinWeights[i]
        }
        let r = s % 11
        return c[8] == (r == 10 ? 0x58 : UInt8(0x30 + r))
    }
}
