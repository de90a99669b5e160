// SPDX-License-Identifier: Apache-2.0

/// The human-readable part of Litecoin's SegWit addresses, "ltc".
private let litecoinHRP: [UInt8] = [0x6C, 0x74, 0x63]

extension Validator {
    /// Litecoin mainnet address.
    static let ltcAddress = Validator(
        name: "ltc_address",
        summary: "Litecoin mainnet address: Base58Check P2PKH (L..., version 0x30) or P2SH (M..., version 0x32) with a 21-byte payload and double SHA-256 checksum, or SegWit ltc1 bech32/bech32m; the legacy 3... P2SH form is left to btc_address."
    ) { bytes in
        guard let s = trimmed(bytes, limit: 90), s.count >= 14 else { return false }
        if s.count > 4, s[0] | 0x20 == 0x6C, s[1] | 0x20 == 0x74, s[2] | 0x20 == 0x63, s[3] == 0x31 {
            return isSegwitAddress(s, hrp: litecoinHRP)
        }
        guard s[0] == 0x4C || s[0] == 0x4D, s.count >= 26, s.count <= 35,
              let payload = base58CheckDecode(s), payload.count == 21
        else { return false }
        return payload[0] == (s[0] == 0x4C ? 0x30 : 0x32)
    }
}
