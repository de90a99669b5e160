// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Germany's Steuerliche Identifikationsnummer (IdNr).
    static let deSteuerID = Validator(
        name: "de_steuer_id",
        summary: "Germany Steuer-IdNr: 11 digits, first not 0; in the first 10 exactly one digit repeats, 2 or 3 times (a triple not in 3 consecutive places); ISO 7064 MOD 11,10 check digit."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 11), d.count == 11, d[0] != 0 else { return false }
        var counts = InlineArray<10, Int>(repeating: 0)
        for x in d[0..<10] { counts[Int(x)] += 1 }
        var repeatedDigits = 0, digit = 0
        for k in 0..<10 where counts[k] > 1 {
            if repeatedDigits == 0 { digit = k }
            repeatedDigits += 1
        }
        guard repeatedDigits == 1 else { return false }
        switch counts[digit] {
        case 2: break
        case 3:
            for i in 0..<8 where d[i] == UInt8(digit) && d[i + 1] == UInt8(digit) && d[i + 2] == UInt8(digit) {
                return false
            }
        default: return false
        }
        var product = 10
        for x in d[0..<10] {
            var s = (Int(x) + product) % 10
            if s == 0 { s = 10 }
            product = s * 2 % 11
        }
        let check = 11 - product
        return (check == 10 ? 0 : check) == Int(d[10])
    }
}
