// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Mexico's RFC (Registro Federal de Contribuyentes), by structure.
    static let mxRFC = Validator(
        name: "mx_rfc",
        summary: "Mexico RFC: 4 letters (persons) or 3 letters/& (companies), valid YYMMDD, 2-char alphanumeric homoclave + check char 0-9 or A; structure only (the SAT check digit is not verified; Ñ unsupported)."
    ) { bytes in
        var c = ByteList()
        for b in bytes {
            switch b {
            case 0x30...0x39, 0x41...0x5A, 0x26: c.append(b)    // digits, A-Z, &
            case 0x61...0x7A: c.append(b &- 0x20)
            case 0x20, 0x2D: continue                           // space, dash
            default: return false
            }
            if c.count > 13 { return false }
        }
        guard c.count == 12 || c.count == 13 else { return false }
        let n = c.count - 9  // letters in the name part
        for i in 0..<n {
            guard isUpperByte(c[i]) || (n == 3 && c[i] == 0x26) else { return false }
        }
        let yy = asciiDecimal(c, n, 2), mm = asciiDecimal(c, n + 2, 2), dd = asciiDecimal(c, n + 4, 2)
        guard isValidDate(twoDigitYear: yy, month: mm, day: dd) else { return false }
        guard isUpperAlnumByte(c[n + 6]), isUpperAlnumByte(c[n + 7]) else { return false }
        let check = c[n + 8]
        return isDigitByte(check) || check == 0x41
    }
}
