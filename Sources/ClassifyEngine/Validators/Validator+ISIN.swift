// SPDX-License-Identifier: Apache-2.0

/// ISIN prefixes that are not ISO 3166 country codes: XS (international securities cleared
/// through Euroclear/Clearstream), EU (European Union issuers), XA-XD (other supranational
/// and international issues), each as two ASCII bytes.
private let isinSpecialPrefixes: Set<UInt16> = [0x5853, 0x4555, 0x5841, 0x5842, 0x5843, 0x5844]

extension Validator {
    /// International Securities Identification Number (ISO 6166).
    static let isin = Validator(
        name: "isin",
        summary: "ISIN (ISO 6166): ISO 3166 country code (or XS, EU, XA-XD), 9 alphanumerics (not all zero), check digit; letters become 10-35 and Luhn runs over the resulting digits; upper case only."
    ) { bytes in
        guard let s = trimmed(bytes, limit: 12), s.count == 12 else { return false }
        guard isUpperByte(s[0]), isUpperByte(s[1]), s[2..<11].allSatisfy(isUpperAlnumByte), isDigitByte(s[11]) else {
            return false
        }
        guard isCountryCode(s[0], s[1]) || isinSpecialPrefixes.contains(UInt16(s[0]) << 8 | UInt16(s[1])) else {
            return false
        }
        guard s[2..<11].contains(where: { $0 != 0x30 }) else { return false }
        var d = ByteList()  // at most 24 digits
        for b in s {
            if isDigitByte(b) {
                d.append(b &- 0x30)
            } else {
                let v = b &- 0x41 &+ 10
                d.append(v / 10)
                d.append(v % 10)
            }
        }
        return luhnValid(d)
    }
}
