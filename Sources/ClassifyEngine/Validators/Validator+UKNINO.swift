// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// UK National Insurance number: HMRC's prefix rules (NIM39110) and suffix A-D.
    static let ukNINO = Validator(
        name: "uk_nino",
        summary: "UK National Insurance number: 2 letters (1st not D,F,I,Q,U,V; 2nd not D,F,I,O,Q,U,V; not BG,GB,NK,KN,TN,NT,ZZ), 6 digits, suffix A-D; spaces ignored, case-insensitive."
    ) { bytes in
        guard let c = compact(bytes, limit: 9), c.count == 9 else { return false }
        let a = c[0], b = c[1]
        guard isUpperByte(a), isUpperByte(b) else { return false }
        switch a {
        case 0x44, 0x46, 0x49, 0x51, 0x55, 0x56: return false        // D F I Q U V
        default: break
        }
        switch b {
        case 0x44, 0x46, 0x49, 0x4F, 0x51, 0x55, 0x56: return false  // D F I O Q U V
        default: break
        }
        switch (a, b) {
        case (0x42, 0x47), (0x47, 0x42), (0x4E, 0x4B), (0x4B, 0x4E),  // BG GB NK KN
             (0x54, 0x4E), (0x4E, 0x54), (0x5A, 0x5A):                 // TN NT ZZ
            return false
        default: break
        }
        guard c[2..<8].allSatisfy(isDigitByte) else { return false }
        return c[8] >= 0x41 && c[8] <= 0x44
    }
}
