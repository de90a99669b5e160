// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Switzerland's AHV/AVS number (OASI number, since 2008).
    static let chAHV = Validator(
        name: "ch_ahv",
        summary: "Switzerland AHV/AVS: 13 digits 756.XXXX.XXXX.XC, EAN-13 check digit."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 13), d.count == 13, decimal(d, 0, 3) == 756 else { return false }
        let s = weightedSum(d, [1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3])
        return (10 - s % 10) % 10 == Int(d[12])
    }
}
