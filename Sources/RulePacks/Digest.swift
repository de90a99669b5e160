// SPDX-License-Identifier: Apache-2.0

import CSodium

/// SHA-256 (libsodium) of pack bytes, written "sha256:<64 hex digits>".
public enum Digest {
    public static func sha256(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { o in
            _ = crypto_hash_sha256(o.baseAddress!, bytes.baseAddress ?? UnsafePointer(o.baseAddress!), UInt64(bytes.count))
        }
        return out
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var s: [UInt8] = []
        s.reserveCapacity(bytes.count * 2)
        for b in bytes {
            s.append(digits[Int(b >> 4)])
            s.append(digits[Int(b & 15)])
        }
        return String(decoding: s, as: UTF8.self)
    }

    /// "sha256:" + hex of SHA-256(bytes).
    public static func label(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        "sha256:" + hex(sha256(bytes))
    }
}
