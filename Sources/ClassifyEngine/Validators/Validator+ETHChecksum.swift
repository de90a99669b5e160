// SPDX-License-Identifier: Apache-2.0

/// Keccak-f[1600] round constants.
private let keccakRC: [UInt64] = [
    0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
    0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
    0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
    0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
    0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
    0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
]

/// Rotation offsets by lane index x + 5y.
private let keccakRotation: [UInt64] = [
    0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
]

extension Validator {
    /// Keccak-256 as Ethereum and Monero use it (the original Keccak padding 0x01, not
    /// SHA3-256's 0x06): the 32-byte digest, computed on inline state (no allocation).
    static func keccak256<C: Collection<UInt8>>(_ message: C) -> ByteList {
        let rate = 136
        var a = InlineArray<25, UInt64>(repeating: 0)
        var block = InlineArray<136, UInt8>(repeating: 0)
        var filled = 0
        func absorb(_ a: inout InlineArray<25, UInt64>, _ block: InlineArray<136, UInt8>) {
            for i in 0..<(rate / 8) {
                var lane: UInt64 = 0
                for k in 0..<8 { lane |= UInt64(block[8 * i + k]) << UInt64(8 * k) }
                a[i] ^= lane
            }
            keccakF(&a)
        }
        for b in message {
            block[filled] = b
            filled += 1
            if filled == rate {
                absorb(&a, block)
                filled = 0
            }
        }
        // Padding: 0x01, zeros, 0x80 on the last byte of the block (0x81 when they meet).
        block[filled] = 0x01
        filled += 1
        while filled < rate { block[filled] = 0; filled += 1 }
        block[rate - 1] |= 0x80
        absorb(&a, block)
        var out = ByteList()
        for i in 0..<4 {
            for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: a[i] >> UInt64(8 * k))) }
        }
        return out
    }

    /// The Keccak-f[1600] permutation; lane (x, y) is a[x + 5y].
    private static func keccakF(_ a: inout InlineArray<25, UInt64>) {
        @inline(__always) func rotl(_ v: UInt64, _ n: UInt64) -> UInt64 { n == 0 ? v : (v << n) | (v >> (64 - n)) }
        var c = InlineArray<5, UInt64>(repeating: 0)
        var b = InlineArray<25, UInt64>(repeating: 0)
        for round in 0..<24 {
            for x in 0..<5 { c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] }
            for x in 0..<5 {
                let d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1)
                for y in 0..<5 { a[x + 5 * y] ^= d }
            }
            for x in 0..<5 {
                for y in 0..<5 {
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y], keccakRotation[x + 5 * y])
                }
            }
            for x in 0..<5 {
                for y in 0..<5 {
                    a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y])
                }
            }
            a[0] ^= keccakRC[round]
        }
    }

    /// Ethereum address with an EIP-55 mixed-case checksum.
    static let ethEIP55 = Validator(
        name: "eth_eip55",
        summary: "Ethereum address with EIP-55 checksum: 0x + 40 hex digits in mixed case, each letter upper-case exactly when the matching nibble of Keccak-256(lower-case hex) is 8 or more; all-lower/all-upper (no checksum) rejected."
    ) { bytes in
        guard let s = trimmed(bytes, limit: 42), s.count == 42, s[0] == 0x30, s[1] == 0x78 || s[1] == 0x58 else {
            return false
        }
        var lower = ByteList()
        var hasUpper = false, hasLower = false
        for b in s[2...] {
            switch b {
            case 0x30...0x39: lower.append(b)
            case 0x61...0x66: hasLower = true; lower.append(b)
            case 0x41...0x46: hasUpper = true; lower.append(b | 0x20)
            default: return false
            }
        }
        guard hasUpper, hasLower else { return false }
        let hash = keccak256(lower)
        for (i, b) in s[2...].enumerated() where b >= 0x41 {
            let nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0F
            let upper = b <= 0x46
            if upper != (nibble >= 8) { return false }
        }
        return true
    }
}
