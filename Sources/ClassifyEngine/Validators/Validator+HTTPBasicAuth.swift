// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// The credentials of an HTTP Basic Authorization header (RFC 7617): standard base64
    /// (RFC 4648, padded) of "user-id:password".
    static let httpBasicAuth = Validator(
        name: "http_basic_auth",
        summary: "HTTP Basic credentials: padded standard base64 that decodes to well-formed UTF-8 user:password, both parts non-empty, no control characters."
    ) { bytes in
        let n = bytes.count
        guard n >= 4, n <= 2048, n % 4 == 0 else { return false }
        @inline(__always) func sextet(_ b: UInt8) -> UInt32? {
            switch b {
            case 0x41...0x5A: return UInt32(b &- 0x41)
            case 0x61...0x7A: return UInt32(b &- 0x61 &+ 26)
            case 0x30...0x39: return UInt32(b &- 0x30 &+ 52)
            case 0x2B: return 62
            case 0x2F: return 63
            default: return nil
            }
        }
        var padding = 0
        if bytes[n - 1] == 0x3D { padding += 1 }
        if bytes[n - 2] == 0x3D { padding += 1 }
        // Every character base64 (or '=' padding at the end) before anything is decoded.
        for i in 0..<n where bytes[i] == 0x3D ? i < n - padding : sextet(bytes[i]) == nil { return false }
        // The decoded bytes are read where they are (up to 1,536 of them: no copy): byte k
        // comes from the 4-character group k / 3, '=' counting as zero bits.
        let decodedCount = n / 4 * 3 - padding
        func decoded(_ k: Int) -> UInt8 {
            let i = k / 3 * 4
            var group: UInt32 = 0
            for j in 0..<4 { group = group << 6 | (sextet(bytes[i + j]) ?? 0) }
            return UInt8(truncatingIfNeeded: group >> UInt32(16 - 8 * (k % 3)))
        }
        // user-id ":" password, both non-empty; no control bytes; well-formed UTF-8.
        var colon = -1
        for k in 0..<decodedCount where decoded(k) == 0x3A {
            colon = k
            break
        }
        guard colon > 0, colon < decodedCount - 1 else { return false }
        var k = 0
        while k < decodedCount {
            let b = decoded(k)
            if b < 0x80 {
                guard b >= 0x20, b != 0x7F else { return false }
                k += 1
                continue
            }
            let extra: Int
            switch b {
            case 0xC2...0xDF: extra = 1
            case 0xE0...0xEF: extra = 2
            case 0xF0...0xF4: extra = 3
            default: return false
            }
            guard k + extra < decodedCount else { return false }
            for m in 1...extra where decoded(k + m) & 0xC0 != 0x80 { return false }
            k += extra + 1
        }
        return true
    }
}
