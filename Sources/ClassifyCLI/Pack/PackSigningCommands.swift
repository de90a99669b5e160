// SPDX-License-Identifier: Apache-2.0
// `classify pack keygen|sign|verify`: Ed25519 keys, detached signatures (FILE.sig) and their
// verification, as an engine requiring signatures does it (docs/rule-packs.md, "Signatures").

import ArgumentParser
import ClassifyEngine
import RulePacks

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Writes a whole small file: created with `mode` (exclusively unless `replace`), written,
/// flushed to disk, closed.
func writeSmallFile(_ path: String, _ text: String, mode: mode_t, replace: Bool) throws(CLIError) {
    var flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW
    flags |= replace ? O_TRUNC : O_EXCL
    let fd = open(path, flags, mode)
    guard fd >= 0 else {
        let err = errno
        if err == EEXIST { throw CLIError("'\(path)' already exists (use --force to replace it)") }
        throw CLIError("cannot create '\(path)': \(System.describe(errno: err))")
    }
    // An existing file keeps its mode through O_TRUNC: set the one asked for.
    _ = fchmod(fd, mode)
    var bytes = Array(text.utf8)
    let err = bytes.withUnsafeMutableBytes { System.writeAll(fd, UnsafeRawBufferPointer($0)) }
    let synced = fsync(fd) == 0
    close(fd)
    guard err == 0, synced else { throw CLIError("cannot write '\(path)': \(System.describe(errno: err == 0 ? errno : err))") }
}

struct PackKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an Ed25519 key pair for signing packs: KEYBASE.key (secret, mode 0600) and KEYBASE.pub.",
        discussion: """
            Give KEYBASE.pub to the programs that load your packs (their trusted keys); keep \
            KEYBASE.key secret. Existing files are not replaced unless --force is given.

            Examples:
              classify pack keygen --out keys/acme
              classify pack sign --key keys/acme.key acme-pack.json
            """)

    @Option(name: .customLong("out"), help: ArgumentHelp("Where to write KEYBASE.key and KEYBASE.pub.", valueName: "keybase"))
    var out: String

    @Flag(name: .customLong("force"), help: "Replace existing key files.")
    var force = false

    func run() throws {
        let key: SecretKey
        do { key = try SecretKey.generate() } catch { throw CLIError(error.reason) }
        try writeSmallFile(out + ".key", key.fileText, mode: 0o600, replace: force)
        try writeSmallFile(out + ".pub", key.publicKey.fileText, mode: 0o644, replace: force)
        Console.out("key \(key.publicKey.id): secret \(out).key (mode 0600), public \(out).pub\n")
    }
}

struct PackSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign packs or bundles: writes FILE.sig next to each FILE.",
        discussion: """
            The pack (or bundle manifest) is validated first; the signature covers its kind, \
            id, version and the SHA-256 digest of its exact bytes. A bundle's members are \
            covered when the manifest pins their digests, else sign them too.

            Examples:
              classify pack sign --key keys/acme.key acme-pack.json
              classify pack sign --key keys/acme.key bundle.json overlay.json
            """)

    @Option(name: .customLong("key"), help: ArgumentHelp("The secret key (KEYBASE.key).", valueName: "file"))
    var key: String

    @Argument(help: ArgumentHelp("Pack or bundle files (JSON).", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one pack or bundle file") }
    }

    func run() throws {
        let secret: SecretKey
        do {
            let bytes = try RulePack.readFile(key, limit: 4096, limitName: "4096 bytes for a key file")
            secret = try SecretKey(text: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw CLIError("--key \(key): \(error.reason)")
        }
        for file in files {
            do {
                let bytes = try RulePack.readFile(file, limit: Limits.packBytes, limitName: "CLASSIFY_LIMIT_PACK_BYTES")
                let what = try PackDocument.identify(bytes: bytes, name: file)
                let sig = try PackSignature.sign(bytes, kind: what.kind, id: what.id, version: what.version.text, with: secret)
                try writeSmallFile(file + ".sig", sig.fileText, mode: 0o644, replace: true)
                Console.out("\(file).sig: \(what.kind) \(what.id) \(what.version.text), \(sig.digest), key \(sig.keyID)\n")
            } catch let e as ClassifyError {
                throw CLIError(PackLoading.describe(e, file: file))
            }
        }
    }
}

struct PackVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the signatures of packs or bundles (FILE.sig) against trusted public keys.",
        discussion: """
            Verifies as an engine that requires signatures does: the signature is checked \
            over the exact bytes before the JSON is parsed, then the document must be the \
            pack or bundle it names. For a bundle, every member must be pinned by the \
            manifest's digests or signed itself. Prints one line per file. Exit status: 0 all \
            valid, 2 any failure.

            Examples:
              classify pack verify --pub keys/acme.pub acme-pack.json
              classify pack verify --pub keys/acme.pub --pub keys/vendor.pub bundle.json
            """)

    @Option(name: .customLong("pub"), help: ArgumentHelp("A trusted public key (KEYBASE.pub). Repeatable.", valueName: "file"))
    var pub: [String] = []

    @Argument(help: ArgumentHelp("Pack or bundle files (JSON).", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one pack or bundle file") }
        if pub.isEmpty { throw ValidationError("give at least one trusted key with --pub") }
    }

    func run() throws {
        var keys: [PublicKey] = []
        for p in pub { keys.append(try DocumentLoading.publicKey(p)) }
        let integrity = IntegrityPolicy(requireSignatures: true, trustedKeys: keys)
        var failed = 0
        for file in files {
            do {
                let pack = try PackDocument.load(path: file, libraryVersion: DocumentLoading.libraryVersion, integrity: integrity)
                let kind = pack.members.isEmpty ? "pack" : "bundle of \(Text.count(pack.members.count, "pack"))"
                Console.out("\(file): signature valid: \(kind) \(pack.id) \(pack.version.text), \(pack.digest), key \(pack.signer ?? "?")\n")
            } catch {
                failed += 1
                Console.out(PackLoading.describe(error, file: file) + "\n")
            }
        }
        if failed > 0 { throw ExitCode(ExitStatus.error) }
    }
}
