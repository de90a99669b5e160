// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// US Medicare Beneficiary Identifier (CMS, 2018).
    static let usMBI = Validator(
        name: "us_mbi",
        summary: "US Medicare MBI: 11 chars C A AN N A AN N A A N N (C = 1-9, A = letter except S,L,O,I,B,Z); dashes/spaces ignored; no check digit exists."
    ) { bytes in
        guard let c = compact(bytes, limit: 11), c.count == 11 else { return false }
        func alpha(_ b: UInt8) -> Bool {
            guard isUpperByte(b) else { return false }
            switch b {
            case 0x53, 0x4C, 0x4F, 0x49, 0x42, 0x5A: return false  // S L O I B Z
            default: return true
            }
        }
        func numeric(_ b: UInt8) -> Bool { isDigitByte(b) }
        func alnum(_ b: UInt8) -> Bool { numeric(b) || alpha(b) }
        return c[0] >= 0x31 && c[0] <= 0x39
            && alpha(c[1]) && alnum(c[2]) && numeric(c[3])
            && alpha(c[4]) && alnum(c[5]) && numeric(c[6])
            && alpha(c[7]) && alpha(c[8]) && numeric(c[9]) && numeric(c[10])
    }
}
