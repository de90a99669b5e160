// SPDX-License-Identifier: Apache-2.0

/// RENAPO state codes (the 32 federal entities) and NE (born abroad).
private let curpStates: Set<UInt16> = {
    let codes = "AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS TL VZ YN ZS NE"
    var set = Set<UInt16>()
    for code in codes.split(separator: " ") {
        let u = Array(code.utf8)
        if u.count == 2 { set.insert(UInt16(u[0]) << 8 | UInt16(u[1])) }
    }
    return set
}()

extension Validator {
    /// Mexico's CURP (Clave Única de Registro de Población).
    static let mxCURP = Validator(
        name: "mx_curp",
        summary: "Mexico CURP: 18 chars: 4 letters, valid YYMMDD not after the current year, sex H/M/X, state code, 3 consonants, homoclave (digit: 1900s, letter: 2000s), check digit over the 37-char alphabet 0-9A-NÑO-Z with weights 18..2 (ASCII only: Ñ is written X in CURPs)."
    ) { bytes in
        guard let c = compact(bytes, limit: 18), c.count == 18 else { return false }
        guard c[0..<4].allSatisfy(isUpperByte), c[4..<10].allSatisfy(isDigitByte) else { return false }
        switch c[10] {
        case 0x48, 0x4D, 0x58: break  // H, M, X
        default: return false
        }
        guard curpStates.contains(UInt16(c[11]) << 8 | UInt16(c[12])) else { return false }
        for ch in c[13..<16] {
            guard isUpperByte(ch) else { return false }
            switch ch {
            case 0x41, 0x45, 0x49, 0x4F, 0x55: return false  // vowels
            default: continue
            }
        }
        guard isUpperAlnumByte(c[16]), isDigitByte(c[17]) else { return false }
        let century = isDigitByte(c[16]) ? 1900 : 2000
        guard isPastDate(year: century + asciiDecimal(c, 4, 2), month: asciiDecimal(c, 6, 2), day: asciiDecimal(c, 8, 2))
        else { return false }
        var s = 0
        for i in 0..<17 {
            let ch = c[i]
            let v: Int
            if isDigitByte(ch) {
                v = Int(ch - 0x30)
            } else {
                let k = Int(ch - 0x41)        // A = 0
                v = 10 + k + (k > 13 ? 1 : 0)  // Ñ (24) sits between N and O
            }
            s += v * (18 - i)
        }
        return (10 - s % 10) % 10 == Int(c[17] - 0x30)
    }
}
