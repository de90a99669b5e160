// SPDX-License-Identifier: Apache-2.0

private let hetuCheckChars = Array("0123456789ABCDEFHJKLMNPRSTUVWXY".utf8)

extension Validator {
    /// Finland's henkilötunnus: DDMMYY, century sign, individual number, mod 31 check char.
    static let fiHETU = Validator(
        name: "fi_hetu",
        summary: "Finland HETU: DDMMYYCZZZQ, century sign + (1800s), - or U-Y (1900s), A-F (2000s), valid date not after the current year, individual 002-999 (900-999 temporary, accepted), mod-31 check character."
    ) { bytes in
        guard let s = trimmed(bytes, limit: 11), s.count == 11, var c = ByteList(s) else { return false }
        for i in c.indices where c[i] >= 0x61 && c[i] <= 0x7A { c[i] &-= 0x20 }
        let dd = asciiDecimal(c, 0, 2), mm = asciiDecimal(c, 2, 2), yy = asciiDecimal(c, 4, 2)
        let individual = asciiDecimal(c, 7, 3)
        guard dd >= 0, mm >= 0, yy >= 0, individual >= 2 else { return false }
        let century: Int
        switch c[6] {
        case 0x2B: century = 1800                        // +
        case 0x2D, 0x55...0x59: century = 1900           // -, U-Y
        case 0x41...0x46: century = 2000                 // A-F
        default: return false
        }
        guard isPastDate(year: century + yy, month: mm, day: dd) else { return false }
        let n = ((dd * 100 + mm) * 100 + yy) * 1000 + individual
        return hetuCheckChars[n % 31] == c[10]
    }
}
