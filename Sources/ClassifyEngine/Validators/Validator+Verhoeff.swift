// SPDX-License-Identifier: Apache-2.0

/// Verhoeff's dihedral group D5 multiplication table, row-major 10x10.
private let verhoeffD: [UInt8] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    1, 2, 3, 4, 0, 6, 7, 8, 9, 5,
    2, 3, 4, 0, 1, 7, 8, 9, 5, 6,
    3, 4, 0, 1, 2, 8, 9, 5, 6, 7,
    4, 0, 1, 2, 3, 9, 5, 6, 7, 8,
    5, 9, 8, 7, 6, 0, 4, 3, 2, 1,
    6, 5, 9, 8, 7, 1, 0, 4, 3, 2,
    7, 6, 5, 9, 8, 2, 1, 0, 4, 3,
    8, 7, 6, 5, 9, 3, 2, 1, 0, 4,
    9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
]

/// Verhoeff's position permutation table, row-major 8x10.
private let verhoeffP: [UInt8] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    1, 5, 7, 6, 2, 8, 3, 0, 9, 4,
    5, 8, 0, 3, 7, 9, 6, 1, 4, 2,
    8, 9, 1, 6, 0, 4, 3, 5, 2, 7,
    9, 4, 5, 3, 1, 2, 6, 8, 7, 0,
    4, 2, 8, 6, 5, 7, 3, 9, 0, 1,
    2, 7, 9, 3, 8, 0, 6, 4, 1, 5,
    7, 0, 4, 6, 9, 1, 3, 2, 5, 8,
]

extension Validator {
    /// Verhoeff over a digit array whose last element is the check digit.
    static func verhoeffValid<C: BidirectionalCollection<UInt8>>(_ digits: C) -> Bool {
        guard digits.count >= 2 else { return false }
        var c = 0
        for (i, x) in digits.reversed().enumerated() {
            guard x <= 9 else { return false }
            let p = Int(verhoeffP[(i % 8) * 10 + Int(x)])
            c = Int(verhoeffD[c * 10 + p])
        }
        return c == 0
    }

    /// Verhoeff (dihedral group) check digit, as used by Aadhaar and others.
    static let verhoeff = Validator(
        name: "verhoeff",
        summary: "Verhoeff check digit over 2-32 digits (spaces, dashes, dots, slashes ignored); all-zero rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 32), d.count >= 2 else { return false }
        guard d.contains(where: { $0 != 0 }) else { return false }
        return verhoeffValid(d)
    }
}
