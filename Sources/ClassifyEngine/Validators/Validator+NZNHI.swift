// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// New Zealand National Health Index number (HISO 10046).
    static let nzNHI = Validator(
        name: "nz_nhi",
        summary: "New Zealand NHI (HISO 10046): AAANNNC (letters without I and O, A=1..Z=24; weights 7..2, mod 11, remainder 0 invalid, check (11 - r) mod 10) or AAANNAC (mod 23, check letter 23 - r); case-insensitive."
    ) { bytes in
        guard let c = compact(bytes, limit: 7), c.count == 7 else { return false }
        func letter(_ b: UInt8) -> Int {
            guard isUpperByte(b), b != 0x49, b != 0x4F else { return -1 }  // no I, O
            return Int(b &- 0x40) - (b > 0x49 ? 1 : 0) - (b > 0x4F ? 1 : 0)
        }
        // The first 6 values weighted 7...2: 3 letters, 2 digits, then a digit or a letter.
        var s = 0
        for i in 0..<3 {
            let v = letter(c[i])
            guard v > 0 else { return false }
            s += v * (7 - i)
        }
        guard isDigitByte(c[3]), isDigitByte(c[4]) else { return false }
        s += Int(c[3] &- 0x30) * 4
        s += Int(c[4] &- 0x30) * 3
        if isDigitByte(c[5]) {
            guard isDigitByte(c[6]) else { return false }
            s += Int(c[5] &- 0x30) * 2
            let r = s % 11
            return r != 0 && (11 - r) % 10 == Int(c[6] &- 0x30)
        }
        let v5 = letter(c[5]), v6 = letter(c[6])
        guard v5 > 0, v6 > 0 else { return false }
        s += v5 * 2
        return 23 - s % 23 == v6
    }
}
