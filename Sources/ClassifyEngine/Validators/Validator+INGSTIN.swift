// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// India's GST identification number.
    static let inGSTIN = Validator(
        name: "in_gstin",
        summary: "India GSTIN: 15 chars: state code 01-38, 97 or 99, embedded PAN, entity code 1-9/A-Z, 'Z', mod-36 (Luhn mod N over 0-9A-Z) check character."
    ) { bytes in
        guard let c = compact(bytes, limit: 15), c.count == 15 else { return false }
        let state = asciiDecimal(c, 0, 2)
        guard (1...38).contains(state) || state == 97 || state == 99 else { return false }
        guard isPAN(c, at: 2), c[12] != 0x30, c[13] == 0x5A else { return false }
        var s = 0
        for (i, ch) in c.reversed().enumerated() {
            let v = isDigitByte(ch) ? Int(ch - 0x30) : Int(ch - 0x41) + 10
            if i % 2 == 0 {
                s += v
            } else {
                let p = v * 2
                s += p / 36 + p % 36
            }
        }
        return s % 36 == 0
    }
}
