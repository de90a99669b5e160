// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// GitHub (ghp_, gho_, ghu_, ghr_) and npm (npm_) tokens: a prefix ending in '_', random
    /// base62 characters, then 6 base62 characters holding the CRC-32 of the random part
    /// (alphabet 0-9A-Za-z, most significant digit first, zero-padded). See "Behind GitHub's
    /// new authentication token formats" (GitHub blog, 2021) and npm's token format (2021).
    static let base62CRC32Token = Validator(
        name: "base62_crc32_token",
        summary: "GitHub/npm token checksum: after the last '_', 20 to 250 base62 characters whose last 6 are the CRC-32 of the others in base62 (0-9A-Za-z, zero-padded)."
    ) { bytes in
        let n = bytes.count
        guard n <= 256 else { return false }
        var start = -1
        for i in 0..<n where bytes[i] == 0x5F { start = i + 1 }
        guard start > 0 else { return false }
        let split = n - 6
        guard split - start >= 20 else { return false }
        @inline(__always) func digit(_ b: UInt8) -> UInt64? {
            switch b {
            case 0x30...0x39: return UInt64(b &- 0x30)
            case 0x41...0x5A: return UInt64(b &- 0x41 &+ 10)
            case 0x61...0x7A: return UInt64(b &- 0x61 &+ 36)
            default: return nil
            }
        }
        for i in start..<split where digit(bytes[i]) == nil { return false }
        var checksum: UInt64 = 0
        for i in split..<n {
            guard let d = digit(bytes[i]) else { return false }
            checksum = checksum &* 62 &+ d
        }
        return checksum == UInt64(crc32(bytes, start..<split))
    }
}
