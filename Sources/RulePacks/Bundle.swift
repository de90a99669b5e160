// SPDX-License-Identifier: Apache-2.0
// Bundles: a manifest (schema "classify.bundle/1") that names packs to layer in order, and
// the one loader for "a pack or a bundle, verified first if signatures are required"
// (docs/rule-packs.md, "Bundles" and "Signatures").

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the caller requires of the documents it loads.
public struct IntegrityPolicy: Sendable {
    /// Every pack and bundle read from a file or buffer must carry a signature by one of
    /// `trustedKeys`, verified before it is parsed. Built-in packs are trusted as they are.
    public var requireSignatures: Bool
    public var trustedKeys: [PublicKey]

    public init(requireSignatures: Bool = false, trustedKeys: [PublicKey] = []) {
        self.requireSignatures = requireSignatures
        self.trustedKeys = trustedKeys
    }
}

/// A bundle manifest: which packs to layer, in order, and what the bundle needs.
public struct BundleManifest: Sendable {
    public static let schema = "classify.bundle/1"
    /// The most packs one bundle may layer.
    public static let maxPacks = 256

    public var id: String
    public var version: SemanticVersion
    public var description: String
    public var packs: [Entry]
    /// The oldest library that can load the bundle.
    public var minLibraryVersion: SemanticVersion?
    /// The oldest pack schema the bundle's packs need, e.g. "classify.pack/1".
    public var minSchema: String?
    /// "sha256:" + hex over the manifest's bytes.
    public var digest: String
    public var source: String

    public struct Entry: Sendable {
        /// A path relative to the manifest's directory (or absolute), or `builtin:NAME`.
        public var reference: String
        /// A digest the member's bytes must have ("sha256:..."), if the manifest pins one.
        public var digest: String?
        public var index: Int
        public var isBuiltin: Bool { reference.hasPrefix("builtin:") }
    }

    /// Reads a manifest from its parsed JSON.
    static func decode(_ root: JSONValue, locator: JSONLocator, bytes: [UInt8], name: String) throws(ClassifyError)
        -> BundleManifest
    {
        var packName = name
        func fail(_ reason: String, _ pointer: String) -> ClassifyError {
            let (line, column) = locator.locate(pointer)
            return ClassifyError(.invalidPack, reason, pack: packName, jsonPointer: pointer, line: line, column: column)
        }
        var r = try PackReader(root, at: "", what: "a bundle manifest", fail: fail)
        let schema = try r.string("schema", required: true)!
        guard schema == BundleManifest.schema else {
            var e = fail("unsupported schema \"\(schema)\"; this library reads \"\(BundleManifest.schema)\"", "/schema")
            e.code = .version
            throw e
        }
        let id = try r.string("id", required: true, maxBytes: 64)!
        guard let first = id.utf8.first, (0x61...0x7A).contains(first) || (0x30...0x39).contains(first),
            id.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D })
        else {
            throw fail("\"id\" must match [a-z0-9][a-z0-9._-]{0,63}", "/id")
        }
        packName = id
        let versionText = try r.string("version", required: true)!
        guard let version = SemanticVersion(versionText) else {
            throw fail("\"version\" must be a semantic version such as 1.2.0, not \"\(versionText)\"", "/version")
        }
        let description = try r.string("description") ?? ""
        var minLibrary: SemanticVersion?
        if let text = try r.string("min_library_version", maxBytes: 64) {
            guard let v = SemanticVersion(text) else {
                throw fail("\"min_library_version\" must be a semantic version, not \"\(text)\"", "/min_library_version")
            }
            minLibrary = v
        }
        let minSchema = try r.string("min_schema", maxBytes: 64)
        if let minSchema {
            guard minSchema.hasPrefix("classify.pack/"), let n = Int(minSchema.dropFirst("classify.pack/".count)), n >= 1
            else {
                throw fail("\"min_schema\" must be a pack schema such as \"classify.pack/1\", not \"\(minSchema)\"", "/min_schema")
            }
        }
        let values = try r.array("packs", required: true, max: maxPacks, limitName: "\(maxPacks) packs per bundle")!
        guard !values.isEmpty else { throw fail("a bundle needs at least one pack", "/packs") }
        var entries: [Entry] = []
        for (i, v) in values.enumerated() {
            let p = "/packs/\(i)"
            var entry: Entry
            switch v {
            case .string(let s):
                entry = Entry(reference: s, digest: nil, index: i)
            case .object:
                var er = try PackReader(v, at: p, what: "a bundle entry", fail: fail)
                let ref = try er.string("pack", required: true, maxBytes: 4096)!
                let digest = try er.string("digest", maxBytes: 128)
                if let digest, !(digest.hasPrefix("sha256:") && digest.utf8.count == 71
                    && digest.utf8.dropFirst(7).allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }))
                {
                    throw fail("\"digest\" must be \"sha256:\" and 64 lowercase hex digits", p + "/digest")
                }
                try er.finish()
                entry = Entry(reference: ref, digest: digest, index: i)
            default:
                throw fail("a bundle entry must be a path, \"builtin:NAME\" or {\"pack\": ..., \"digest\": ...}", p)
            }
            guard !entry.reference.isEmpty, !entry.reference.utf8.contains(0) else {
                throw fail("a bundle entry must not be empty", p)
            }
            entries.append(entry)
        }
        try r.finish()
        let digest = bytes.withUnsafeBufferPointer { Digest.label($0) }
        return BundleManifest(
            id: id, version: version, description: description, packs: entries, minLibraryVersion: minLibrary,
            minSchema: minSchema, digest: digest, source: name)
    }
}

/// Loads "a pack or a bundle" - whichever the document's `schema` says - with the integrity
/// checks the caller asks for.
public enum PackDocument {
    /// Loads a document held in memory.
    /// - Parameters:
    ///   - signature: the bytes of its detached signature (FILE.sig), if any.
    ///   - baseDirectory: where a bundle's relative pack paths start.
    ///   - libraryVersion: checked against a bundle's `min_library_version`.
    ///   - beforeParse: called with the verified signature before the document is parsed
    ///     (only when signatures are required), e.g. to refuse a downgrade early.
    public static func load(
        bytes: [UInt8], name: String, signature: [UInt8]?, baseDirectory: String, libraryVersion: SemanticVersion,
        integrity: IntegrityPolicy, beforeParse: ((PackSignature) throws(ClassifyError) -> Void)? = nil
    ) throws(ClassifyError) -> RulePack {
        guard bytes.count <= Limits.packBytes else {
            throw ClassifyError(
                .limit, "the pack is \(bytes.count) bytes; the limit is \(Limits.packBytes) (CLASSIFY_LIMIT_PACK_BYTES)",
                pack: name)
        }
        var verified: PackSignature?
        if integrity.requireSignatures {
            let s = try PackSignature.verify(bytes, signature: signature, name: name, trusted: integrity.trustedKeys)
            try beforeParse?(s)
            verified = s
        }
        let (root, locator) = try RulePack.parseDocument(bytes, name: name)
        var isBundle = false
        if case .object(let members) = root, case .string(let schema)? = members.last(where: { $0.key == "schema" })?.value {
            isBundle = schema == BundleManifest.schema
        }
        if isBundle {
            let manifest = try BundleManifest.decode(root, locator: locator, bytes: bytes, name: name)
            try verified?.check(kind: "bundle", id: manifest.id, version: manifest.version, name: name)
            return try loadBundle(
                manifest, baseDirectory: baseDirectory, libraryVersion: libraryVersion, integrity: integrity,
                signer: verified?.keyID)
        }
        var pack = try RulePack.load(root: root, locator: locator, bytes: bytes, name: name)
        try verified?.check(kind: "pack", id: pack.id, version: pack.version, name: name)
        pack.signer = verified?.keyID
        return pack
    }

    /// Loads a file; its signature, when signatures are required, is FILE.sig.
    public static func load(
        path: String, libraryVersion: SemanticVersion, integrity: IntegrityPolicy,
        beforeParse: ((PackSignature) throws(ClassifyError) -> Void)? = nil
    ) throws(ClassifyError) -> RulePack {
        let bytes = try RulePack.readFile(path, limit: Limits.packBytes, limitName: "CLASSIFY_LIMIT_PACK_BYTES")
        let signature = integrity.requireSignatures ? try readSignature(of: path) : nil
        return try load(
            bytes: bytes, name: path, signature: signature, baseDirectory: directory(of: path),
            libraryVersion: libraryVersion, integrity: integrity, beforeParse: beforeParse)
    }

    /// The bytes of PATH.sig, or nil when there is none.
    public static func readSignature(of path: String) throws(ClassifyError) -> [UInt8]? {
        let sig = path + ".sig"
        if access(sig, F_OK) != 0 && errno == ENOENT { return nil }
        return try RulePack.readFile(sig, limit: PackSignature.maxFileBytes, limitName: "4096 bytes for a signature")
    }

    /// The directory part of a path ("." for a bare name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// Loads every member of a bundle, checks what the manifest pins, and layers them.
    public static func loadBundle(
        _ manifest: BundleManifest, baseDirectory: String, libraryVersion: SemanticVersion, integrity: IntegrityPolicy,
        signer: String?
    ) throws(ClassifyError) -> RulePack {
        func fail(_ code: ClassifyError.Code, _ reason: String, _ pointer: String) -> ClassifyError {
            ClassifyError(code, reason, pack: manifest.id, jsonPointer: pointer)
        }
        if let min = manifest.minLibraryVersion, libraryVersion < min {
            throw fail(
                .version, "the bundle needs library version \(min.text) or later; this is \(libraryVersion.text)",
                "/min_library_version")
        }
        if let s = manifest.minSchema, let n = Int(s.dropFirst("classify.pack/".count)), n > 1 {
            throw fail(.version, "the bundle needs pack schema \(s); this library reads \(RulePack.schema)", "/min_schema")
        }
        var packs: [RulePack] = []
        for entry in manifest.packs {
            let pointer = "/packs/\(entry.index)"
            if entry.isBuiltin {
                let name = String(entry.reference.dropFirst("builtin:".count))
                let names = name == "default" ? BuiltinPacks.names : [name]
                guard names.allSatisfy({ BuiltinPacks.names.contains($0) }) else {
                    throw fail(
                        .invalidPack,
                        "no built-in pack named '\(name)'; built-in packs: \(BuiltinPacks.names.joined(separator: ", ")), default",
                        pointer)
                }
                if entry.digest != nil {
                    throw fail(.invalidPack, "a built-in pack cannot pin a digest (it is part of the library)", pointer + "/digest")
                }
                for n in names { packs.append(try BuiltinPacks.load(n)) }
                continue
            }
            let path =
                entry.reference.hasPrefix("/") || baseDirectory == "."
                ? entry.reference : baseDirectory + "/" + entry.reference
            let bytes: [UInt8]
            do {
                bytes = try RulePack.readFile(path, limit: Limits.packBytes, limitName: "CLASSIFY_LIMIT_PACK_BYTES")
            } catch {
                throw fail(error.code, "pack \(entry.reference): \(error.reason)", pointer)
            }
            var memberSigner: String?
            if let pinned = entry.digest {
                let actual = bytes.withUnsafeBufferPointer { Digest.label($0) }
                guard actual == pinned else {
                    throw fail(
                        .signature, "pack \(entry.reference) has digest \(actual), but the bundle pins \(pinned)",
                        pointer + "/digest")
                }
                memberSigner = signer
            }
            var verified: PackSignature?
            if integrity.requireSignatures && entry.digest == nil {
                let s = try PackSignature.verify(
                    bytes, signature: try readSignature(of: path), name: path, trusted: integrity.trustedKeys)
                verified = s
                memberSigner = s.keyID
            }
            var pack = try RulePack.load(bytes: bytes, name: path)
            try verified?.check(kind: "pack", id: pack.id, version: pack.version, name: path)
            pack.signer = memberSigner
            packs.append(pack)
        }
        var out = try RulePack.layered(packs, id: manifest.id, version: manifest.version)
        out.id = manifest.id
        out.version = manifest.version
        if !manifest.description.isEmpty { out.description = manifest.description }
        out.source = manifest.source
        out.members = packs.map {
            RulePack.Member(id: $0.id, version: $0.version, digest: $0.digest, source: $0.source, signer: $0.signer)
        }
        let joined = ([manifest.digest] + packs.map(\.digest)).joined(separator: "\n")
        out.digest = Array(("classify.bundle/1\n" + joined).utf8).withUnsafeBufferPointer { Digest.label($0) }
        out.signer = signer
        return out
    }
}
