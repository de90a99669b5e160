// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// SIM card serial number (ICCID, ITU-T E.118).
    static let iccid = Validator(
        name: "luhn_generic_iccid",
        summary: "ICCID (SIM serial, ITU-T E.118): 19-20 digits starting with 89 (telecom), Luhn over all digits."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 20), d.count >= 19, d[0] == 8, d[1] == 9 else { return false }
        return luhnValid(d)
    }
}
