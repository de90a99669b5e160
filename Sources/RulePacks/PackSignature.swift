// SPDX-License-Identifier: Apache-2.0
// Detached Ed25519 signatures of packs and bundles (libsodium), and their key files
// (docs/rule-packs.md, "Signatures"). A signature covers a small canonical envelope that
// names what was signed - kind, id, version and the SHA-256 digest of the exact bytes - so
// it can be checked before the JSON is parsed, and cannot be moved to another pack or to
// another version of the same pack.

import CSodium

/// An Ed25519 public key that may sign packs.
public struct PublicKey: Sendable, Equatable {
    public static let header = "classify-public-key/1"
    /// The 32 key bytes.
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == PackSignature.publicKeyBytes else { return nil }
        self.bytes = bytes
    }

    /// Reads a key in the format `classify pack keygen` writes (KEYBASE.pub), or the bare
    /// base64 of the 32 key bytes.
    public init(text: String) throws(ClassifyError) {
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { $0.trimmingSpaces() }
            .filter { !$0.isEmpty }
        var encoded: String
        if lines.first == PublicKey.header {
            guard let line = lines.first(where: { $0.hasPrefix("public-key: ") }) else {
                throw ClassifyError(.invalidArgument, "public key: no \"public-key:\" line")
            }
            encoded = String(line.dropFirst("public-key: ".count))
        } else if lines.count == 1 {
            encoded = lines[0]
        } else {
            throw ClassifyError(
                .invalidArgument, "public key: expected a \(PublicKey.header) file or the base64 of 32 bytes")
        }
        guard let raw = Base64.decode(encoded), let key = PublicKey(bytes: raw) else {
            throw ClassifyError(.invalidArgument, "public key: not the base64 of 32 bytes")
        }
        if lines.first == PublicKey.header, let idLine = lines.first(where: { $0.hasPrefix("key-id: ") }),
            String(idLine.dropFirst("key-id: ".count)) != key.id
        {
            throw ClassifyError(.invalidArgument, "public key: its key-id line does not match the key")
        }
        self = key
    }

    /// 16 hex digits: the first 8 bytes of SHA-256 of the key.
    public var id: String {
        let digest = bytes.withUnsafeBufferPointer { Digest.sha256($0) }
        return Digest.hex(Array(digest.prefix(8)))
    }

    /// The KEYBASE.pub file.
    public var fileText: String {
        "\(PublicKey.header)\nkey-id: \(id)\npublic-key: \(Base64.encode(bytes))\n"
    }
}

/// An Ed25519 secret key (libsodium's 64-byte form: seed and public key).
public struct SecretKey: Sendable {
    public static let header = "classify-secret-key/1"
    public let bytes: [UInt8]
    public let publicKey: PublicKey

    /// A new random key pair.
    public static func generate() throws(ClassifyError) -> SecretKey {
        try PackSignature.initialize()
        var pk = [UInt8](repeating: 0, count: PackSignature.publicKeyBytes)
        var sk = [UInt8](repeating: 0, count: PackSignature.secretKeyBytes)
        guard crypto_sign_keypair(&pk, &sk) == 0, let pub = PublicKey(bytes: pk) else {
            throw ClassifyError(.internal, "cannot generate a key pair")
        }
        return SecretKey(bytes: sk, publicKey: pub)
    }

    private init(bytes: [UInt8], publicKey: PublicKey) {
        self.bytes = bytes
        self.publicKey = publicKey
    }

    /// Reads KEYBASE.key.
    public init(text: String) throws(ClassifyError) {
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { $0.trimmingSpaces() }
        guard lines.first == SecretKey.header, let line = lines.first(where: { $0.hasPrefix("secret-key: ") }),
            let raw = Base64.decode(String(line.dropFirst("secret-key: ".count))),
            raw.count == PackSignature.secretKeyBytes
        else {
            throw ClassifyError(.invalidArgument, "secret key: not a \(SecretKey.header) file")
        }
        var pk = [UInt8](repeating: 0, count: PackSignature.publicKeyBytes)
        guard crypto_sign_ed25519_sk_to_pk(&pk, raw) == 0, let pub = PublicKey(bytes: pk) else {
            throw ClassifyError(.invalidArgument, "secret key: not a valid Ed25519 key")
        }
        self.init(bytes: raw, publicKey: pub)
    }

    /// The KEYBASE.key file. Keep it secret (mode 0600).
    public var fileText: String {
        "\(SecretKey.header)\nkey-id: \(publicKey.id)\nsecret-key: \(Base64.encode(bytes))\n"
    }
}

/// The signature of one pack or bundle document: the signed envelope, the signer's key id
/// and the 64-byte Ed25519 signature over the envelope.
public struct PackSignature: Sendable, Equatable {
    public static let format = "classify-signature/1"
    static let publicKeyBytes = 32
    static let secretKeyBytes = 64
    static let signatureBytes = 64
    /// The largest signature file read.
    public static let maxFileBytes = 4096

    /// "pack" or "bundle".
    public var kind: String
    public var id: String
    public var version: String
    /// "sha256:" + 64 hex digits over the exact bytes of the document.
    public var digest: String
    public var keyID: String
    public var signature: [UInt8]

    /// The bytes that are signed:
    ///
    ///     classify-signature/1
    ///     kind: pack
    ///     id: acme-hr
    ///     version: 1.2.0
    ///     digest: sha256:<64 hex digits>
    public var envelope: [UInt8] {
        Array("\(PackSignature.format)\nkind: \(kind)\nid: \(id)\nversion: \(version)\ndigest: \(digest)\n".utf8)
    }

    /// The signature file (FILE.sig): the envelope, then the key id and the signature.
    public var fileText: String {
        String(decoding: envelope, as: UTF8.self) + "key-id: \(keyID)\nsignature: \(Base64.encode(signature))\n"
    }

    static func initialize() throws(ClassifyError) {
        guard sodium_init() >= 0 else { throw ClassifyError(.internal, "libsodium cannot be initialised") }
    }

    /// Signs a document's bytes: `kind`, `id` and `version` are what the document says it is.
    public static func sign(
        _ bytes: [UInt8], kind: String, id: String, version: String, with key: SecretKey
    ) throws(ClassifyError) -> PackSignature {
        try initialize()
        let digest = bytes.withUnsafeBufferPointer { Digest.label($0) }
        var s = PackSignature(kind: kind, id: id, version: version, digest: digest, keyID: key.publicKey.id, signature: [])
        let message = s.envelope
        var sig = [UInt8](repeating: 0, count: signatureBytes)
        guard crypto_sign_detached(&sig, nil, message, UInt64(message.count), key.bytes) == 0 else {
            throw ClassifyError(.internal, "signing failed")
        }
        s.signature = sig
        return s
    }

    /// Parses a signature file. Strict: exactly the seven lines in order.
    public static func parse(_ bytes: [UInt8], name: String) throws(ClassifyError) -> PackSignature {
        func bad(_ why: String) -> ClassifyError {
            ClassifyError(.signature, "signature of '\(name)' is malformed: \(why)", pack: name)
        }
        guard bytes.count <= maxFileBytes else { throw bad("longer than \(maxFileBytes) bytes") }
        guard bytes.allSatisfy({ $0 == 0x0A || ($0 >= 0x20 && $0 < 0x7F) }) else {
            throw bad("it is not printable ASCII text")
        }
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        if lines.last == "" { lines.removeLast() }
        let keys = ["kind", "id", "version", "digest", "key-id", "signature"]
        guard lines.count == keys.count + 1, lines[0] == format else {
            throw bad("expected \(keys.count + 1) lines starting with \"\(format)\"")
        }
        var values: [String] = []
        for (i, key) in keys.enumerated() {
            let line = lines[i + 1]
            guard line.hasPrefix(key + ": ") else { throw bad("line \(i + 2) must start with \"\(key): \"") }
            values.append(String(line.dropFirst(key.count + 2)))
        }
        guard values[0] == "pack" || values[0] == "bundle" else { throw bad("kind must be pack or bundle") }
        guard values[3].hasPrefix("sha256:"), values[3].utf8.count == 71 else { throw bad("digest must be sha256:<64 hex>") }
        guard let sig = Base64.decode(values[5]), sig.count == signatureBytes else {
            throw bad("signature must be the base64 of 64 bytes")
        }
        return PackSignature(
            kind: values[0], id: values[1], version: values[2], digest: values[3], keyID: values[4], signature: sig)
    }

    /// Verifies the signature of a document before it is parsed: the bytes must have the
    /// signed digest, the signer must be one of `trusted`, and the signature must verify.
    /// Returns the parsed signature; every failure is `.signature`.
    public static func verify(
        _ bytes: [UInt8], signature sigBytes: [UInt8]?, name: String, trusted: [PublicKey]
    ) throws(ClassifyError) -> PackSignature {
        guard let sigBytes else {
            throw ClassifyError(
                .signature, "'\(name)' is not signed (no \(name).sig) and signatures are required", pack: name)
        }
        let s = try parse(sigBytes, name: name)
        let digest = bytes.withUnsafeBufferPointer { Digest.label($0) }
        guard digest == s.digest else {
            throw ClassifyError(
                .signature,
                "'\(name)' does not match its signature: its digest is \(digest), the signature is for \(s.digest)",
                pack: name)
        }
        guard let key = trusted.first(where: { $0.id == s.keyID }) else {
            throw ClassifyError(
                .signature, "'\(name)' is signed by key \(s.keyID), which is not trusted", pack: name)
        }
        try initialize()
        let message = s.envelope
        guard crypto_sign_verify_detached(s.signature, message, UInt64(message.count), key.bytes) == 0 else {
            throw ClassifyError(.signature, "the signature of '\(name)' does not verify with key \(s.keyID)", pack: name)
        }
        return s
    }

    /// Checks that a parsed document is what its verified signature says it is.
    public func check(kind: String, id: String, version: SemanticVersion, name: String) throws(ClassifyError) {
        guard self.kind == kind, self.id == id, SemanticVersion(self.version) == version else {
            throw ClassifyError(
                .signature,
                "'\(name)' is \(kind) \(id)@\(version.text), but its signature is for \(self.kind) \(self.id)@\(self.version)",
                pack: name)
        }
    }
}

/// Standard base64 (RFC 4648, with padding) through libsodium.
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        let capacity = (bytes.count + 2) / 3 * 4 + 1
        var out = [CChar](repeating: 0, count: capacity)
        _ = sodium_bin2base64(&out, capacity, bytes, bytes.count, sodium_base64_VARIANT_ORIGINAL)
        return String(decoding: out.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard !chars.isEmpty, chars.count <= 8192 else { return nil }
        var out = [UInt8](repeating: 0, count: chars.count)
        var length = 0
        let ok = chars.withUnsafeBufferPointer { c -> Bool in
            c.baseAddress!.withMemoryRebound(to: CChar.self, capacity: c.count) { p -> Bool in
                var end: UnsafePointer<CChar>?
                let rc = sodium_base642bin(&out, out.count, p, c.count, nil, &length, &end, sodium_base64_VARIANT_ORIGINAL)
                // The whole text must be consumed.
                return rc == 0 && end.map { $0 - p } == c.count
            }
        }
        guard ok else { return nil }
        return Array(out.prefix(length))
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
