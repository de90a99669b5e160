// SPDX-License-Identifier: Apache-2.0

/// The XRP Ledger's base58 alphabet, and the Bitcoin alphabet it is mapped onto so that the
/// Base58Check decoder can be shared (digit i of one is digit i of the other).
private let xrpAlphabet = Array("rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz".utf8)
private let btcAlphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

private let xrpToBTC: [UInt8] = {
    var t = [UInt8](repeating: 0, count: 256)
    for (i, b) in xrpAlphabet.enumerated() { t[Int(b)] = btcAlphabet[i] }
    return t
}()

extension Validator {
    /// XRP Ledger classic address.
    static let xrpAddress = Validator(
        name: "xrp_address",
        summary: "XRP Ledger classic address: r + 24-34 chars of the XRP base58 alphabet, Base58Check with a 21-byte payload (type 0x00 + 20-byte account id) and double SHA-256 checksum."
    ) { bytes in
        guard let s = trimmed(bytes, limit: 35), s.count >= 25, s[0] == 0x72 else { return false }
        var mapped = ByteList()  // at most 35
        for b in s {
            let m = xrpToBTC[Int(b)]
            guard m != 0 else { return false }
            mapped.append(m)
        }
        guard let payload = base58CheckDecode(mapped), payload.count == 21, payload[0] == 0 else { return false }
        return payload[1...].contains(where: { $0 != 0 })
    }
}
