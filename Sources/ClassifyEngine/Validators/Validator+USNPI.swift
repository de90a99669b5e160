// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// US National Provider Identifier (HIPAA).
    static let usNPI = Validator(
        name: "us_npi",
        summary: "US NPI: 10 digits starting with 1 or 2 (or 15 with the 80840 prefix), Luhn over 80840 + the 10 digits."
    ) { bytes in
        guard var d = compactDigits(bytes, limit: 15) else { return false }
        if d.count == 15 {
            guard decimal(d, 0, 5) == 80840 else { return false }
            d.removeFirst(5)
        }
        guard d.count == 10, d[0] == 1 || d[0] == 2 else { return false }
        return luhnValid([8, 0, 8, 4, 0] + d)
    }
}
