// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// US National Provider Identifier (HIPAA).
    static let usNPI = Validator(
        name: "us_npi",
        summary: "US NPI: 10 digits starting with 1 or 2 (or 15 with the 80840 prefix), Luhn over 80840 + the 10 digits."
    ) { bytes in
        guard let digits = compactDigits(bytes, limit: 15) else { return false }
        var offset = 0
        if digits.count == 15 {
            guard decimal(digits, 0, 5) == 80840 else { return false }
            offset = 5
        }
        let d = digits[offset...]
        guard d.count == 10, d.first == 1 || d.first == 2 else { return false }
        // Luhn over 80840 + the 10 digits.
        var full = ByteList()
        full.append(8); full.append(0); full.append(8); full.append(4); full.append(0)
        for x in d { full.append(x) }
        return luhnValid(full)
    }
}
