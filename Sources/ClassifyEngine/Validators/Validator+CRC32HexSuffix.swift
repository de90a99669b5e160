// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Tokens that end in a CRC-32 of themselves, written as 8 hex digits: Atlassian API
    /// tokens (ATATT3...), Bitbucket access tokens (ATCTT3...) and app passwords (ATBB...).
    /// The checksum covers every byte before it, prefix included.
    static let crc32HexSuffix = Validator(
        name: "crc32_hex_suffix",
        summary: "Token ending in 8 hex digits (either case) that are the CRC-32 of every byte before them (Atlassian ATATT3, Bitbucket ATCTT3/ATBB); payload of 8 to 2040 printable ASCII bytes."
    ) { bytes in
        let n = bytes.count
        guard n >= 16, n <= 2048 else { return false }
        var expected: UInt32 = 0
        for i in (n - 8)..<n {
            let b = bytes[i]
            let v: UInt8
            switch b {
            case 0x30...0x39: v = b &- 0x30
            case 0x41...0x46: v = b &- 0x41 &+ 10
            case 0x61...0x66: v = b &- 0x61 &+ 10
            default: return false
            }
            expected = expected << 4 | UInt32(v)
        }
        for i in 0..<(n - 8) where bytes[i] <= 0x20 || bytes[i] >= 0x7F { return false }
        return crc32(bytes, 0..<(n - 8)) == expected
    }

    /// CRC-32 as in zlib, PNG and Ethernet (reflected polynomial 0xEDB88320, initial and
    /// final XOR 0xFFFFFFFF) of `bytes[range]`. `range` must lie within `bytes`.
    static func crc32(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for i in range where i >= 0 && i < bytes.count {
            crc = crc32Table[Int((crc ^ UInt32(bytes[i])) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// The byte-at-a-time CRC-32 table, built once.
    static let crc32Table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }
}
