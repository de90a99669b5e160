// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// US Individual Taxpayer Identification Number: 9XX-GG-NNNN with the IRS group ranges.
    static let usITIN = Validator(
        name: "us_itin",
        summary: "US ITIN: 9 digits starting with 9, group (4th-5th digits) in 50-65, 70-88, 90-92 or 94-99."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 9), d.count == 9, d[0] == 9 else { return false }
        switch decimal(d, 3, 2) {
        case 50...65, 70...88, 90...92, 94...99: return true
        default: return false
        }
    }
}
