// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Germany's health insurance number (Krankenversichertennummer, the 10-character
    /// unchangeable part printed on the eGK).
    static let deKVNR = Validator(
        name: "de_kvnr",
        summary: "Germany KVNR (Krankenversichertennummer): letter + 8 digits + check digit; the letter becomes two digits (A=01..Z=26), weights 1,2,1,2,... over the 10 digits, products' digit sums added, check = sum mod 10."
    ) { bytes in
        guard let c = compact(bytes, limit: 10), c.count == 10, isUpperByte(c[0]) else { return false }
        guard c[1...].allSatisfy(isDigitByte) else { return false }
        let n = Int(c[0] &- 0x40)
        var d = ByteList()  // the letter's two digits, then the 8 digits
        d.append(UInt8(n / 10))
        d.append(UInt8(n % 10))
        for b in c[1..<9] { d.append(b &- 0x30) }
        var sum = 0
        for (i, x) in d.enumerated() {
            let p = Int(x) * (i % 2 == 0 ? 1 : 2)
            sum += p / 10 + p % 10
        }
        return sum % 10 == Int(c[9] &- 0x30)
    }
}
