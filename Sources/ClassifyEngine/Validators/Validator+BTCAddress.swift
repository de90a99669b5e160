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

extension Validator {
    /// Base58Check decode (Bitcoin): the payload without its 4-byte checksum, or nil when a
    /// character is outside the alphabet or the double SHA-256 checksum does not match.
    static func base58CheckDecode(_ s: [UInt8]) -> [UInt8]? {
        guard !s.isEmpty, s.count <= 64 else { return nil }
        var zeros = 0
        while zeros < s.count, s[zeros] == 0x31 { zeros += 1 }  // leading '1' = 0x00 byte
        var number: [UInt8] = []  // big-endian, no leading zeros
        for ch in s {
            let v = base58Values[Int(ch)]
            guard v != 0xFF else { return nil }
            var carry = Int(v)
            for i in stride(from: number.count - 1, through: 0, by: -1) {
                carry += 58 * Int(number[i])
                number[i] = UInt8(truncatingIfNeeded: carry)
                carry >>= 8
            }
            while carry > 0 {
                number.insert(UInt8(truncatingIfNeeded: carry), at: 0)
                carry >>= 8
            }
        }
        let bytes = [UInt8](repeating: 0, count: zeros) + number
        guard bytes.count > 4 else { return nil }
        let payload = Array(bytes[0..<(bytes.count - 4)])
        let checksum = SHA256.hash(SHA256.hash(payload))
        guard Array(checksum[0..<4]) == Array(bytes[(bytes.count - 4)...]) else { return nil }
        return payload
    }

    /// The BIP 173 checksum polymod over 5-bit values.
    static func bech32Polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var chk: UInt32 = 1
        for v in values {
            let top = chk >> 25
            chk = (chk & 0x1ff_ffff) << 5 ^ UInt32(v)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { chk ^= generator[i] }
        }
        return chk
    }

    /// A SegWit address (BIP 173 bech32 for version 0, BIP 350 bech32m for versions 1-16)
    /// with human-readable part `hrp`.
    static func isSegwitAddress(_ s: [UInt8], hrp: [UInt8]) -> Bool {
        guard s.count >= 14, s.count <= 90 else { return false }
        let hasLower = s.contains { $0 >= 0x61 && $0 <= 0x7A }
        let hasUpper = s.contains { $0 >= 0x41 && $0 <= 0x5A }
        guard !(hasLower && hasUpper) else { return false }
        let lower = s.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        guard let sep = lower.lastIndex(of: 0x31), Array(lower[0..<sep]) == hrp else { return false }
        var data: [UInt8] = []
        for ch in lower[(sep + 1)...] {
            let v = bech32Values[Int(ch)]
            guard v != 0xFF else { return false }
            data.append(v)
        }
        guard data.count >= 7 else { return false }  // version + checksum(6)
        let expanded = hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 } + data
        let polymod = bech32Polymod(expanded)
        let version = data[0]
        guard version <= 16 else { return false }
        guard polymod == (version == 0 ? bech32Constant : bech32mConstant) else { return false }
        // Witness program: 5-bit groups to bytes, no padding allowed beyond 4 zero bits.
        var acc: UInt32 = 0
        var bits = 0
        var program: [UInt8] = []
        for v in data[1..<(data.count - 6)] {
            acc = ((acc << 5) | UInt32(v)) & 0xfff
            bits += 5
            if bits >= 8 {
                bits -= 8
                program.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        guard bits < 5, (acc << UInt32(8 - bits)) & 0xff == 0 else { return false }
        guard program.count >= 2, program.count <= 40 else { return false }
        if version == 0 { return program.count == 20 || program.count == 32 }
        return true
    }

    /// Bitcoin mainnet address.
    static let btcAddress = Validator(
        name: "btc_address",
        summary: "Bitcoin mainnet address: Base58Check P2PKH (1...) / P2SH (3...) with 25-byte payload and double SHA-256 checksum, or SegWit bc1 bech32 (v0) / bech32m (v1+, BIP 350) with a valid witness program; testnet rejected."
    ) { bytes in
        guard let s = trimmed(bytes, limit: 90), s.count >= 14 else { return false }
        if s.count > 3, s[0] == 0x62 || s[0] == 0x42, s[1] == 0x63 || s[1] == 0x43, s[2] == 0x31 {
            return isSegwitAddress(s, hrp: [0x62, 0x63])  // "bc"
        }
        guard s[0] == 0x31 || s[0] == 0x33, s.count >= 26, s.count <= 35,
              let payload = base58CheckDecode(s), payload.count == 21
        else { return false }
        return payload[0] == (s[0] == 0x31 ? 0x00 : 0x05)
    }
}
