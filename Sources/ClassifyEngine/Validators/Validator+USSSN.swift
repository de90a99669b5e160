// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// US Social Security Number: the SSA's never-issued ranges and documented fakes.
    static let usSSN = Validator(
        name: "us_ssn",
        summary: "US SSN: 9 digits; area not 000, 666 or 900-999; group not 00; serial not 0000; rejects 078-05-1120, 219-09-9999, 123-45-6789 and all-same-digit."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 9), d.count == 9 else { return false }
        let area = decimal(d, 0, 3)
        let group = decimal(d, 3, 2)
        let serial = decimal(d, 5, 4)
        guard area > 0, area != 666, area < 900, group > 0, serial > 0 else { return false }
        let whole = decimal(d, 0, 9)
        guard whole != 78_051_120, whole != 219_099_999, whole != 123_456_789 else { return false }
        return !allSame(d)
    }
}
