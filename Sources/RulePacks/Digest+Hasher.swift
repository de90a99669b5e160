// SPDX-License-Identifier: Apache-2.0
// SHA-256 over bytes that arrive in pieces (libsodium), for digests of input that is never
// held whole (a line of a stream).

import CSodium

extension Digest {
    /// An incremental SHA-256: `update` with the pieces in order, then `finish`.
    public struct Hasher {
        private var state = crypto_hash_sha256_state()

        public init() { _ = crypto_hash_sha256_init(&state) }

        public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            _ = crypto_hash_sha256_update(&state, base, UInt64(bytes.count))
        }

        public mutating func update(_ byte: UInt8) {
            var b = byte
            _ = crypto_hash_sha256_update(&state, &b, 1)
        }

        /// The digest of everything given; the hasher starts over afterwards.
        public mutating func finish() -> [UInt8] {
            var out = [UInt8](repeating: 0, count: 32)
            _ = crypto_hash_sha256_final(&state, &out)
            _ = crypto_hash_sha256_init(&state)
            return out
        }
    }
}
