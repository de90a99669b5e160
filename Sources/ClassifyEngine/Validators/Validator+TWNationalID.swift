// SPDX-License-Identifier: Apache-2.0

/// The two-digit value of each leading letter, A...Z (I, O, W, Z are out of order).
private let twLetterValues: [Int] = [
    10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33,
]

extension Validator {
    /// Taiwan's national identification number (and the 2021 resident certificate number).
    static let twNationalID = Validator(
        name: "tw_national_id",
        summary: "Taiwan national ID: letter + 1/2 (citizens) or 8/9 (2021 resident certificates) + 8 digits; letter value (A=10 ... with I=34, O=35, W=32, Z=33) split into two digits, weights 1,9,8,7,6,5,4,3,2,1,1, sum mod 10 == 0."
    ) { bytes in
        guard let c = compact(bytes, limit: 10), c.count == 10, isUpperByte(c[0]) else { return false }
        guard c[1...].allSatisfy(isDigitByte) else { return false }
        switch c[1] {
        case 0x31, 0x32, 0x38, 0x39: break
        default: return false
        }
        let v = twLetterValues[Int(c[0] &- 0x41)]
        var sum = v / 10 + (v % 10) * 9
        for i in 1..<10 {
            let w = i == 9 ? 1 : 9 - i
            sum += Int(c[i] &- 0x30) * w
        }
        return sum % 10 == 0
    }
}
