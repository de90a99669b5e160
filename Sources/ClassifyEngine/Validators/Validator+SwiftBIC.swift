// SPDX-License-Identifier: Apache-2.0

/// The 249 officially assigned ISO 3166-1 alpha-2 codes, plus XK (Kosovo), which SWIFT uses.
private let isoCountryTable = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR \
BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ \
EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW \
GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY \
KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV \
MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY \
QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG \
TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM \
ZW XK
"""

private let isoCountries: Set<UInt16> = {
    var set = Set<UInt16>()
    for code in isoCountryTable.split(separator: " ") {
        let u = Array(code.utf8)
        if u.count == 2 { set.insert(UInt16(u[0]) << 8 | UInt16(u[1])) }
    }
    return set
}()

extension Validator {
    /// True when `a`, `b` form an ISO 3166-1 alpha-2 country code (or XK).
    static func isCountryCode(_ a: UInt8, _ b: UInt8) -> Bool {
        isoCountries.contains(UInt16(a) << 8 | UInt16(b))
    }

    /// SWIFT BIC (ISO 9362 business identifier code).
    static let swiftBIC = Validator(
        name: "swift_bic",
        summary: "SWIFT BIC (ISO 9362): 8 or 11 uppercase chars: 4-letter party prefix, ISO 3166 country code (or XK), 2 alphanumeric location, optional 3 alphanumeric branch; lower case rejected, spaces ignored."
    ) { bytes in
        var c = ByteList()
        for b in bytes {
            if isUpperAlnumByte(b) {
                c.append(b)
                if c.count > 11 { return false }
            } else if b != 0x20 {
                return false
            }
        }
        guard c.count == 8 || c.count == 11 else { return false }
        guard c[0..<4].allSatisfy(isUpperByte), isCountryCode(c[4], c[5]) else { return false }
        return true  // location and branch: already alphanumeric
    }
}
