// SPDX-License-Identifier: Apache-2.0
// VAT identification numbers of the EU member states (VIES formats), the United Kingdom
// (GB, and XI for Northern Ireland), Switzerland (CHE ... MWST/TVA/IVA) and Norway
// (NO ... MVA), each checked with its national check-digit rule.

private let cyprusOdd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]
private let ieAlphabet = Array("WABCDEFGHIJKLMNOPQRSTUV".utf8)

extension Validator {
    static let euVAT = Validator(
        name: "eu_vat",
        summary: "VAT number with its country prefix and national check: AT (U + Luhn variant), BE (mod 97), BG (9-digit legal entities), CY (letter table), CZ (8-digit legal entities), DE and HR (ISO 7064 MOD 11,10), DK, EE, EL, FI, HU, LT, LU, MT, SI (weighted sums), SK (mod 11: legal entities or birth numbers), ES (DNI, NIE or CIF), FR (numeric key over the Luhn-valid SIREN), IE (mod 23), IT (office code + Luhn), NL (11-proof or mod 97-10), PL (NIP), PT (NIF), RO (CUI), SE (Luhn + 01), GB/XI (mod 97, 0/42/55), CH (CHE, mod 11), NO (mod 11 + MVA); other countries rejected."
    ) { bytes in
        guard let c = compact(bytes, limit: 20), c.count >= 4 else { return false }
        let p0 = c[0], p1 = c[1]
        // Switzerland and Norway carry a suffix; the others are prefix + national number.
        if p0 == 0x43, p1 == 0x48, c[2] == 0x45 { return vatCH(c.sublist(3..<c.count)) }  // CHE
        let rest = c.sublist(2..<c.count)
        switch (p0, p1) {
        case (0x41, 0x54): return vatAT(rest)                   // AT
        case (0x42, 0x45): return vatBE(rest)                   // BE
        case (0x42, 0x47): return vatBG(rest)                   // BG
        case (0x43, 0x59): return vatCY(rest)                   // CY
        case (0x43, 0x5A): return vatCZ(rest)                   // CZ
        case (0x44, 0x45): return vatDigits(rest, 9) && rest[0] != 0x30 && iso7064Mod11_10(rest)  // DE
        case (0x44, 0x4B): return vatDK(rest)                   // DK
        case (0x45, 0x45): return vatEE(rest)                   // EE
        case (0x45, 0x4C), (0x47, 0x52): return vatEL(rest)     // EL (GR)
        case (0x45, 0x53): return vatES(rest)                   // ES
        case (0x46, 0x49): return vatFI(rest)                   // FI
        case (0x46, 0x52): return vatFR(rest)                   // FR
        case (0x48, 0x52): return vatDigits(rest, 11) && iso7064Mod11_10(rest)  // HR
        case (0x48, 0x55): return vatHU(rest)                   // HU
        case (0x49, 0x45): return vatIE(rest)                   // IE
        case (0x49, 0x54): return vatIT(rest)                   // IT
        case (0x4C, 0x54): return vatLT(rest)                   // LT
        case (0x4C, 0x55): return vatLU(rest)                   // LU
        case (0x4D, 0x54): return vatMT(rest)                   // MT
        case (0x4E, 0x4C): return vatNL(rest)                   // NL
        case (0x4E, 0x4F): return vatNO(rest)                   // NO
        case (0x50, 0x4C): return vatDigits(rest, 10) && passes(Validator.plNIP, rest)  // PL
        case (0x50, 0x54): return vatDigits(rest, 9) && passes(Validator.ptNIF, rest)   // PT
        case (0x52, 0x4F): return vatRO(rest)                   // RO
        case (0x53, 0x45): return vatSE(rest)                   // SE
        case (0x53, 0x49): return vatSI(rest)                   // SI
        case (0x53, 0x4B): return vatSK(rest)                   // SK
        case (0x47, 0x42), (0x58, 0x49): return vatGB(rest)     // GB, XI
        default: return false
        }
    }
}

// MARK: - Helpers (ASCII bytes in, never trapping)
//
// The national number is a `ByteList` (no allocation); digit values are read through
// `values`, a lazy view, and sub-ranges as slices, counted from their start.

/// The suffixes a Swiss VAT number may carry.
private let chSuffixMWST = Array("MWST".utf8)
private let chSuffixTVA = Array("TVA".utf8)
private let chSuffixIVA = Array("IVA".utf8)

/// True when `c` is exactly `count` ASCII digits.
private func vatDigits(_ c: some Collection<UInt8>, _ count: Int) -> Bool {
    c.count == count && c.allSatisfy { $0 &- 0x30 < 10 }
}

/// Digit values of an all-digit list, as a lazy view (nothing copied).
private func values<C: RandomAccessCollection<UInt8>>(_ c: C) -> LazyMapCollection<C, Int> {
    c.lazy.map { Int($0 &- 0x30) }
}

/// Sum of `d[i] * weights[i]` over the positions both have, counted from `d`'s start.
private func weighted<C: RandomAccessCollection<Int>>(_ d: C, _ weights: [Int]) -> Int where C.Index == Int {
    var s = 0
    for (i, w) in weights.enumerated() where i < d.count { s += d[d.startIndex + i] * w }
    return s
}

/// Runs a national validator on the VAT number's own bytes.
private func passes(_ validator: Validator, _ c: ByteList) -> Bool {
    c.withUnsafeBufferPointer(validator.check)
}

/// ISO 7064 MOD 11,10 over all digits, the last being the check digit.
private func iso7064Mod11_10(_ c: ByteList) -> Bool {
    var product = 10
    for x in values(c).dropLast() {
        var s = (x + product) % 10
        if s == 0 { s = 10 }
        product = s * 2 % 11
    }
    let check = (11 - product) % 10
    return check == Int((c.last ?? 0) &- 0x30)
}

/// The Luhn sum (mod 10) of a digit list, the rightmost digit not doubled.
private func luhnSum(_ d: some BidirectionalCollection<Int>) -> Int {
    var s = 0
    for (i, x) in d.reversed().enumerated() {
        var v = x
        if i % 2 == 1 { v *= 2; if v > 9 { v -= 9 } }
        s += v
    }
    return s % 10
}

private func vatAT(_ c: ByteList) -> Bool {
    guard c.count == 9, c[0] == 0x55, vatDigits(c[1...], 8) else { return false }  // U
    let d = values(c[1...])
    return (6 - luhnSum(d.prefix(7)) + 10) % 10 == d[d.startIndex + 7]
}

private func vatBE(_ c: ByteList) -> Bool {
    guard vatDigits(c, 10), c[0] == 0x30 || c[0] == 0x31 else { return false }
    let d = values(c)
    var n = 0
    for x in d[0..<8] { n = n * 10 + x }
    guard n > 0 else { return false }
    return (n + d[8] * 10 + d[9]) % 97 == 0
}

private func vatBG(_ c: ByteList) -> Bool {
    guard vatDigits(c, 9) else { return false }
    let d = values(c)
    var check = weighted(d, [1, 2, 3, 4, 5, 6, 7, 8]) % 11
    if check == 10 { check = weighted(d, [3, 4, 5, 6, 7, 8, 9, 10]) % 11 }
    return check % 10 == d[8]
}

private func vatCY(_ c: ByteList) -> Bool {
    guard c.count == 9, vatDigits(c[0..<8], 8), Validator.isUpperByte(c[8]) else { return false }
    let d = values(c[0..<8])
    guard !(d[0] == 1 && d[1] == 2) else { return false }
    var s = 0
    for (i, x) in d.enumerated() { s += i % 2 == 0 ? cyprusOdd[x] : x }
    return c[8] == UInt8(0x41 + s % 26)
}

private func vatCZ(_ c: ByteList) -> Bool {
    guard vatDigits(c, 8), c[0] != 0x39 else { return false }
    let d = values(c)
    let check = (11 - weighted(d, [8, 7, 6, 5, 4, 3, 2]) % 11) % 11
    return (check == 0 ? 1 : check) % 10 == d[7]
}

private func vatDK(_ c: ByteList) -> Bool {
    guard vatDigits(c, 8), c[0] != 0x30 else { return false }
    return weighted(values(c), [2, 7, 6, 5, 4, 3, 2, 1]) % 11 == 0
}

private func vatEE(_ c: ByteList) -> Bool {
    guard vatDigits(c, 9) else { return false }
    return weighted(values(c), [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 == 0
}

private func vatEL(_ c: ByteList) -> Bool {
    guard vatDigits(c, 9) else { return false }
    let d = values(c)
    var s = 0
    for x in d[0..<8] { s = s * 2 + x }
    return s * 2 % 11 % 10 == d[8]
}

private func vatES(_ c: ByteList) -> Bool {
    guard c.count == 9 else { return false }
    return passes(Validator.esDNI, c) || passes(Validator.esNIE, c) || passes(Validator.esCIF, c)
}

private func vatFI(_ c: ByteList) -> Bool {
    guard vatDigits(c, 8) else { return false }
    return weighted(values(c), [7, 9, 10, 5, 8, 4, 2, 1]) % 11 == 0
}

private func vatFR(_ c: ByteList) -> Bool {
    guard vatDigits(c, 11) else { return false }  // numeric key only
    let d = values(c)
    var siren = 0
    for x in d[2..<11] { siren = siren * 10 + x }
    if !(d[2] == 0 && d[3] == 0 && d[4] == 0) {
        guard luhnSum(d[2..<11]) == 0 else { return false }
    }
    return (siren * 100 + 12) % 97 == d[0] * 10 + d[1]
}

private func vatHU(_ c: ByteList) -> Bool {
    guard vatDigits(c, 8) else { return false }
    return weighted(values(c), [9, 7, 3, 1, 9, 7, 3, 1]) % 10 == 0
}

private func vatIE(_ c: ByteList) -> Bool {
    guard c.count == 8 || c.count == 9 else { return false }
    if vatDigits(c[0..<7], 7) { return passes(Validator.iePPS, c) }
    // Old style: digit, letter (or + or *), 5 digits, check letter.
    guard c.count == 8, Validator.isDigitByte(c[0]), Validator.isUpperByte(c[1]),
          vatDigits(c[2..<7], 5)
    else { return false }
    // Weights 8...2 over 0, the 5 digits, then the first digit: the leading 0 adds nothing.
    var s = Int(c[0] &- 0x30) * 2
    for (i, x) in values(c[2..<7]).enumerated() { s += x * (7 - i) }
    return c[7] == ieAlphabet[s % 23]
}

private func vatIT(_ c: ByteList) -> Bool {
    guard vatDigits(c, 11) else { return false }
    let d = values(c)
    guard d[0..<7].contains(where: { $0 != 0 }) else { return false }
    let office = d[7] * 100 + d[8] * 10 + d[9]
    switch office {
    case 1...100, 120, 121, 888, 999: break
    default: return false
    }
    return luhnSum(d) == 0
}

private func vatLT(_ c: ByteList) -> Bool {
    guard vatDigits(c, 9) || vatDigits(c, 12) else { return false }
    let d = values(c)
    guard d[d.count - 2] == 1 else { return false }
    let body = d.dropLast()
    var check = 0
    for (i, x) in body.enumerated() { check += (1 + i % 9) * x }
    check %= 11
    if check == 10 {
        check = 0
        for (i, x) in body.enumerated() { check += (1 + (i + 2) % 9) * x }
    }
    return check % 11 % 10 == d[d.count - 1]
}

private func vatLU(_ c: ByteList) -> Bool {
    guard vatDigits(c, 8) else { return false }
    let d = values(c)
    var n = 0
    for x in d[0..<6] { n = n * 10 + x }
    return n % 89 == d[6] * 10 + d[7]
}

private func vatMT(_ c: ByteList) -> Bool {
    guard vatDigits(c, 8), c[0] != 0x30 else { return false }
    return weighted(values(c), [3, 4, 6, 7, 8, 9, 10, 1]) % 37 == 0
}

private func vatNL(_ c: ByteList) -> Bool {
    guard c.count == 12, vatDigits(c[0..<9], 9), c[9] == 0x42, vatDigits(c[10..<12], 2) else {
        return false
    }
    let d = values(c[0..<9])
    guard d.contains(where: { $0 != 0 }), c[10] != 0x30 || c[11] != 0x30 else { return false }
    if weighted(d, [9, 8, 7, 6, 5, 4, 3, 2, -1]) % 11 == 0 { return true }
    // ISO 7064 MOD 97-10 over "NL" + number, letters as 10-35 (N = 23, L = 21, B = 11).
    var r = 0
    func add(_ v: Int) { r = v >= 10 ? (r * 100 + v) % 97 : (r * 10 + v) % 97 }
    add(23)
    add(21)
    for v in d { add(v) }
    add(11)
    for v in values(c[10..<12]) { add(v) }
    return r == 1
}

private func vatNO(_ c: ByteList) -> Bool {
    guard c.count == 12, c[9] == 0x4D, c[10] == 0x56, c[11] == 0x41 else { return false }  // MVA
    let n = c[0..<9]
    guard vatDigits(n, 9) else { return false }
    return weighted(values(n), [3, 2, 7, 6, 5, 4, 3, 2, 1]) % 11 == 0
}

private func vatRO(_ c: ByteList) -> Bool {
    guard c.count >= 2, c.count <= 10, vatDigits(c, c.count), c[0] != 0x30 else { return false }
    let d = values(c)
    // Weights 7,5,3,2,1,7,5,3,2 over the number without its check digit, right-aligned in
    // 9 places (zeros on the left add nothing).
    let weights = roWeights
    let pad = 10 - d.count
    var s = 0
    for j in pad..<9 { s += weights[j] * d[j - pad] }
    let check = s * 10 % 11 % 10
    return check == d[d.count - 1]
}

/// Romania's CUI weights over 9 places.
private let roWeights = [7, 5, 3, 2, 1, 7, 5, 3, 2]

private func vatSE(_ c: ByteList) -> Bool {
    guard vatDigits(c, 12), c[10] == 0x30, c[11] == 0x31 else { return false }
    return luhnSum(values(c[0..<10])) == 0
}

private func vatSI(_ c: ByteList) -> Bool {
    guard vatDigits(c, 8), c[0] != 0x30 else { return false }
    let d = values(c)
    let check = 11 - weighted(d, [8, 7, 6, 5, 4, 3, 2]) % 11
    guard check != 11 else { return false }
    return (check == 10 ? 0 : check) == d[7]
}

private func vatSK(_ c: ByteList) -> Bool {
    guard vatDigits(c, 10) else { return false }
    let d = values(c)
    var r = 0
    for x in d[0..<9] { r = (r * 10 + x) % 11 }
    let wholeDivisible = (r * 10 + d[9]) % 11 == 0
    // Legal entities: no leading 0, third digit 2, 3, 4, 7, 8 or 9, divisible by 11.
    if wholeDivisible, d[0] != 0 {
        switch d[2] {
        case 2, 3, 4, 7, 8, 9: return true
        default: break
        }
    }
    // Persons: a birth number (rodné číslo) YYMMDD (month +20, +50 or +70), divisible by
    // 11 or, when the first 9 digits leave 10, ending in 0.
    var month = d[2] * 10 + d[3]
    if month > 70 { month -= 70 } else if month > 50 { month -= 50 } else if month > 20 { month -= 20 }
    guard Validator.isValidDate(twoDigitYear: d[0] * 10 + d[1], month: month, day: d[4] * 10 + d[5]) else {
        return false
    }
    return wholeDivisible || (r == 10 && d[9] == 0)
}

private func vatGB(_ c: ByteList) -> Bool {
    guard vatDigits(c, 9) || vatDigits(c, 12) else { return false }
    let d = values(c)
    guard d[0..<7].contains(where: { $0 != 0 }) else { return false }
    let s = weighted(d, [8, 7, 6, 5, 4, 3, 2, 10, 1]) % 97
    return d[0] * 100 + d[1] * 10 + d[2] >= 100 ? (s == 0 || s == 42 || s == 55) : s == 0
}

private func vatCH(_ c: ByteList) -> Bool {
    // CHE + 9 digits, optionally followed by MWST, TVA or IVA.
    guard c.count >= 9, vatDigits(c[0..<9], 9) else { return false }
    let suffix = c[9...]
    guard suffix.isEmpty || suffix.elementsEqual(chSuffixMWST) || suffix.elementsEqual(chSuffixTVA)
        || suffix.elementsEqual(chSuffixIVA)
    else { return false }
    let d = values(c[0..<9])
    let check = (11 - weighted(d, [5, 4, 3, 2, 7, 6, 5, 4]) % 11) % 11
    return check != 10 && check == d[8]
}
