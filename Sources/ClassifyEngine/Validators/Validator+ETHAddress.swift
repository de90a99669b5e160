// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Ethereum address. The EIP-55 mixed-case checksum needs Keccak-256, which the engine
    /// does not carry: mixed-case addresses are accepted without it.
    static let ethAddress = Validator(
        name: "eth_address",
        summary: "Ethereum address: 0x + 40 hex digits, zero address rejected; the EIP-55 mixed-case checksum is NOT verified (no Keccak-256 in the engine), so any casing is accepted."
    ) { bytes in
        guard let s = trimmed(bytes, limit: 42), s.count == 42, s[0] == 0x30, s[1] == 0x78 else { return false }
        var nonZero = false
        for ch in s[2...] {
            switch ch {
            case 0x30: continue
            case 0x31...0x39, 0x41...0x46, 0x61...0x66: nonZero = true
            default: return false
            }
        }
        return nonZero
    }
}
