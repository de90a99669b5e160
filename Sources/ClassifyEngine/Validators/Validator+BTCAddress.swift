// SPDX-License-Identifier: Apache-2.0

private let base58Alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

/// Base58 digit value by ASCII byte, 0xFF for bytes outside the alphabet.
private let base58Values: [UInt8] = {
    var t = [UInt8](repeating: 0xFF, count: 256)
    for (i, b) in base58Alphabet.enumerated() { t[Int(b)] = UInt8(i) }
    return t
}()

private let bech32Charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

/// Bech32 value by lower-case ASCII byte, 0xFF outside the charset.
private let bech32Values: [UInt8] = {
    var t = [UInt8](repeating: 0xFF, count: 256)
    for (i, b) in bech32Charset.enumerated() { t[Int(b)] = UInt8(i) }
    return t
}()

private let bech32Constant: UInt32 = 1            // BIP 173
private let bech32mConstant: UInt32 = 0x2bc8_30a3  // BIP 350

/// The human-readable part of Bitcoin's SegWit addresses, "bc".
private let bitcoinHRP: [UInt8] = [0x62, 0x63]

/// The BIP 173 generator.
private let bech32Generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]

extension Validator {
    /// Base58Check decode (Bitcoin): the payload without its 4-byte checksum, or nil when a
    /// character is outside the alphabet or the double SHA-256 checksum does not match.
    /// Works on inline lists: at most 64 characters decode to at most 64 bytes.
    static func base58CheckDecode<C: RandomAccessCollection<UInt8>>(_ s: C) -> ByteList? {
        guard !s.isEmpty, s.count <= 64 else { return nil }
        var zeros = 0
        for ch in s {  // leading '1' = 0x00 byte
            guard ch == 0x31 else { break }
            zeros += 1
        }
        var number = ByteList()  // little-endian, no leading (most significant) zeros
        for ch in s {
            let v = base58Values[Int(ch)]
            guard v != 0xFF else { return nil }
            var carry = Int(v)
            for i in 0..<number.count {
                carry += 58 * Int(number[i])
                number[i] = UInt8(truncatingIfNeeded: carry)
                carry >>= 8
            }
            while carry > 0 {
                guard number.append(UInt8(truncatingIfNeeded: carry)) else { return nil }
                carry >>= 8
            }
        }
        var bytes = ByteList()
        for _ in 0..<zeros { guard bytes.append(0) else { return nil } }
        for b in number.reversed() { guard bytes.append(b) else { return nil } }
        guard bytes.count > 4 else { return nil }
        let payload = bytes.sublist(0..<(bytes.count - 4))
        let checksum = SHA256.digest(SHA256.digest(payload))
        guard checksum[0..<4].elementsEqual(bytes[(bytes.count - 4)...]) else { return nil }
        return payload
    }

    /// One step of the BIP 173 checksum polymod: `chk` extended by the 5-bit value `v`.
    @inline(__always)
    static func bech32PolymodStep(_ chk: UInt32, _ v: UInt8) -> UInt32 {
        let top = chk >> 25
        var next = (chk & 0x1ff_ffff) << 5 ^ UInt32(v)
        for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { next ^= bech32Generator[i] }
        return next
    }

    /// The BIP 173 checksum polymod over 5-bit values.
    static func bech32Polymod(_ values: some Sequence<UInt8>) -> UInt32 {
        var chk: UInt32 = 1
        for v in values { chk = bech32PolymodStep(chk, v) }
        return chk
    }

    /// A SegWit address (BIP 173 bech32 for version 0, BIP 350 bech32m for versions 1-16)
    /// with human-readable part `hrp` (lower case). Reads `s` in place, lower-casing as it
    /// goes: addresses run to 90 characters and nothing is copied.
    static func isSegwitAddress<C: RandomAccessCollection<UInt8>>(_ s: C, hrp: [UInt8]) -> Bool where C.Index == Int {
        guard s.count >= 14, s.count <= 90 else { return false }
        let hasLower = s.contains { $0 >= 0x61 && $0 <= 0x7A }
        let hasUpper = s.contains { $0 >= 0x41 && $0 <= 0x5A }
        guard !(hasLower && hasUpper) else { return false }
        @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }
        guard let sep = s.lastIndex(of: 0x31) else { return false }  // '1' has no case
        let start = s.startIndex
        let hrpLength = sep - start
        guard hrpLength == hrp.count else { return false }
        for i in 0..<hrpLength where lower(s[start + i]) != hrp[i] { return false }
        // The data part: 5-bit values of the characters after the separator.
        let dataStart = sep + 1, dataEnd = s.endIndex
        for i in dataStart..<dataEnd where bech32Values[Int(lower(s[i]))] == 0xFF { return false }
        @inline(__always) func data(_ i: Int) -> UInt8 { bech32Values[Int(lower(s[dataStart + i]))] }
        let dataCount = dataEnd - dataStart
        guard dataCount >= 7 else { return false }  // version + checksum(6)
        // Checksum over the expanded hrp (high bits, 0, low bits) and the data.
        var polymod: UInt32 = 1
        for h in hrp { polymod = bech32PolymodStep(polymod, h >> 5) }
        polymod = bech32PolymodStep(polymod, 0)
        for h in hrp { polymod = bech32PolymodStep(polymod, h & 31) }
        for i in 0..<dataCount { polymod = bech32PolymodStep(polymod, data(i)) }
        let version = data(0)
        guard version <= 16 else { return false }
        guard polymod == (version == 0 ? bech32Constant : bech32mConstant) else { return false }
        // Witness program: 5-bit groups to bytes, no padding allowed beyond 4 zero bits.
        var acc: UInt32 = 0
        var bits = 0
        var programLength = 0
        for i in 1..<(dataCount - 6) {
            acc = ((acc << 5) | UInt32(data(i))) & 0xfff
            bits += 5
            if bits >= 8 {
                bits -= 8
                programLength += 1
            }
        }
        guard bits < 5, (acc << UInt32(8 - bits)) & 0xff == 0 else { return false }
        guard programLength >= 2, programLength <= 40 else { return false }
        if version == 0 { return programLength == 20 || programLength == 32 }
        return true
    }

    /// Bitcoin mainnet address.
    static let btcAddress = Validator(
        name: "btc_address",
        summary: "Bitcoin mainnet address: Base58Check P2PKH (1...) / P2SH (3...) with 25-byte payload and double SHA-256 checksum, or SegWit bc1 bech32 (v0) / bech32m (v1+, BIP 350) with a valid witness program; testnet rejected."
    ) { bytes in
        guard let s = trimmed(bytes, limit: 90), s.count >= 14 else { return false }
        if s.count > 3, s[0] == 0x62 || s[0] == 0x42, s[1] == 0x63 || s[1] == 0x43, s[2] == 0x31 {
            return isSegwitAddress(s, hrp: bitcoinHRP)
        }
        guard s[0] == 0x31 || s[0] == 0x33, s.count >= 26, s.count <= 35,
              let payload = base58CheckDecode(s), payload.count == 21
        else { return false }
        return payload[0] == (s[0] == 0x31 ? 0x00 : 0x05)
    }
}
