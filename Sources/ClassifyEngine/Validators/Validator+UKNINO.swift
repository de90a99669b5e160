// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// UK National Insurance number: HMRC's prefix rules and suffix A-D.
    static let ukNINO = Validator(
        name: "uk_nino",
        summary: "UK National Insurance number: 2 letters (1st not D,F,I,Q,U,V; 2nd not D,F,I,O,Q,U,V; not BG,GB,NK,KN,TN,NT,ZZ), 6 digits, suffix A-D."
    ) { bytes in
        guard let c = compact(bytes, limit: 9), c.count == 9 else { return false }
        let a = c[0], b = c[1]
        guard isUpperByte(a), isUpperByte(b) else { return false }
        guard !Array("DFIQUV".utf8).contains(a), !Array("DFIOQUV".utf8).contains(b) else { return false }
        let prefix = String(decoding: c[0..<2], as: UTF8.self)
        guard !["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].contains(prefix) else { return false }
        guard c[2..<8].allSatisfy(isDigitByte) else { return false }
        return c[8] >= 0x41 && c[8] <= 0x44
    }
}
