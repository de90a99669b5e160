// SPDX-License-Identifier: Apache-2.0

/// Base58 digit value by ASCII byte (Bitcoin alphabet, which Monero uses), 0xFF outside it.
private let xmrBase58Values: [UInt8] = {
    var t = [UInt8](repeating: 0xFF, count: 256)
    for (i, b) in "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8.enumerated() { t[Int(b)] = UInt8(i) }
    return t
}()

/// Encoded length of a block of 0...8 bytes in Monero's block-wise base58.
private let xmrEncodedBlockSizes = [0, 2, 3, 5, 6, 7, 9, 10, 11]

extension Validator {
    /// Monero's block-wise base58: 11 characters per 8-byte block, the last block shorter.
    /// Nil when a character is outside the alphabet, a block overflows, or the length is
    /// impossible. At most 128 characters decode to at most 93 bytes, held inline.
    static func moneroBase58Decode<C: RandomAccessCollection<UInt8>>(_ s: C) -> InlineByteList<96>? where C.Index == Int {
        guard s.count <= 128 else { return nil }
        var out = InlineByteList<96>()
        var i = 0
        while i < s.count {
            let len = Swift.min(11, s.count - i)
            guard let byteCount = xmrEncodedBlockSizes.firstIndex(of: len), byteCount > 0 else { return nil }
            var value: UInt64 = 0
            for b in s[(s.startIndex + i)..<(s.startIndex + i + len)] {
                let v = xmrBase58Values[Int(b)]
                guard v != 0xFF else { return nil }
                let (m, o1) = value.multipliedReportingOverflow(by: 58)
                let (a, o2) = m.addingReportingOverflow(UInt64(v))
                guard !o1, !o2 else { return nil }
                value = a
            }
            if byteCount < 8 { guard value >> UInt64(8 * byteCount) == 0 else { return nil } }
            for k in stride(from: byteCount - 1, through: 0, by: -1) {
                guard out.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * k))) else { return nil }
            }
            i += len
        }
        return out
    }

    /// Monero mainnet address.
    static let xmrAddress = Validator(
        name: "xmr_address",
        summary: "Monero mainnet address: block-wise base58, 95 chars (standard, network byte 18, starts with 4; subaddress, 42, starts with 8) or 106 chars (integrated, 19); the last 4 bytes are the Keccak-256 checksum of the rest."
    ) { bytes in
        guard let s = trimmed(bytes, limit: 106), s.count == 95 || s.count == 106 else { return false }
        guard let data = moneroBase58Decode(s), data.count == 69 || data.count == 77 else { return false }
        switch (data[0], data.count) {
        case (18, 69), (42, 69), (19, 77): break
        default: return false
        }
        let hash = keccak256(data[0..<(data.count - 4)])
        return hash[0..<4].elementsEqual(data[(data.count - 4)...])
    }
}
