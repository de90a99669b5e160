// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// CUSIP (North American securities identifier).
    static let cusip = Validator(
        name: "cusip",
        summary: "CUSIP: 6-char issuer + 2-char issue (0-9, A-Z, *, @, #) + check digit; values 0-9, A=10..Z=35, *=36, @=37, #=38, every second value doubled, digit sums added, check = (10 - sum mod 10) mod 10; upper case only, all-same rejected."
    ) { bytes in
        guard let s = trimmed(bytes, limit: 9), s.count == 9, isDigitByte(s[8]) else { return false }
        var sum = 0
        for (i, b) in s[0..<8].enumerated() {
            var v: Int
            switch b {
            case 0x30...0x39: v = Int(b - 0x30)
            case 0x41...0x5A: v = Int(b - 0x41) + 10
            case 0x2A: v = 36
            case 0x40: v = 37
            case 0x23: v = 38
            default: return false
            }
            if i % 2 == 1 { v *= 2 }
            sum += v / 10 + v % 10
        }
        guard !allSame(s) else { return false }
        return (10 - sum % 10) % 10 == Int(s[8] - 0x30)
    }
}
