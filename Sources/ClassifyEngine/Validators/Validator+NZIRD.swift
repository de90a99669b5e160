// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// New Zealand IRD number.
    static let nzIRD = Validator(
        name: "nz_ird",
        summary: "New Zealand IRD: 8 or 9 digits in 10,000,001-149,999,999; mod 11 with weights 3,2,7,6,5,4,3,2, and 7,4,3,2,5,2,7,6 when the first gives 10."
    ) { bytes in
        guard let digits = compactDigits(bytes, limit: 9), digits.count == 8 || digits.count == 9 else { return false }
        var d = ByteList()  // 9 digits, an 8-digit number with a leading 0
        if digits.count == 8 { d.append(0) }
        for x in digits { d.append(x) }
        let n = decimal(d, 0, 9)
        guard n > 10_000_000, n < 150_000_000 else { return false }
        func check(_ weights: [Int]) -> Int {
            let r = weightedSum(d, weights) % 11
            return r == 0 ? 0 : 11 - r
        }
        var c = check([3, 2, 7, 6, 5, 4, 3, 2])
        if c == 10 { c = check([7, 4, 3, 2, 5, 2, 7, 6]) }
        return c != 10 && c == Int(d[8])
    }
}
