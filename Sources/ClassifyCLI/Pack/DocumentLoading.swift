// SPDX-License-Identifier: Apache-2.0
// Opening "a pack or a bundle" for the lifecycle commands (pack info --bundle, pack diff,
// pack verify, reclassify): a file whose "schema" decides, or builtin:NAME.

import ClassifyEngine
import RulePacks

enum DocumentLoading {
    static let libraryVersion = SemanticVersion(ClassifyVersion.string)!

    /// `builtin:NAME` (or `builtin:default`), or a pack or bundle file.
    static func pack(_ spec: String, integrity: IntegrityPolicy = IntegrityPolicy()) throws(CLIError) -> RulePack {
        if spec.hasPrefix("builtin:") {
            let name = String(spec.dropFirst("builtin:".count))
            do {
                return try Ruleset.builtin(name, checkExamples: false).pack
            } catch {
                throw CLIError(PackLoading.describe(error, file: spec))
            }
        }
        do {
            return try PackDocument.load(path: spec, libraryVersion: libraryVersion, integrity: integrity)
        } catch {
            throw CLIError(PackLoading.describe(error, file: spec))
        }
    }

    /// The ruleset of `--bundle FILE`, or else of `--pack FILE...` / `--builtin NAME` as
    /// `scan` opens them.
    static func ruleset(bundle: String?, packFiles: [String], builtin: String?) throws(CLIError) -> Ruleset {
        guard let bundle else { return try PackLoading.ruleset(packFiles: packFiles, builtin: builtin) }
        let pack = try DocumentLoading.pack(bundle)
        do {
            return try Ruleset(pack: pack, checkExamples: true)
        } catch {
            throw CLIError("--bundle " + PackLoading.describe(error, file: error.pack ?? bundle))
        }
    }

    /// The text of a public key file, for --pub.
    static func publicKey(_ path: String) throws(CLIError) -> PublicKey {
        do {
            let bytes = try RulePack.readFile(path, limit: 4096, limitName: "4096 bytes for a key file")
            return try PublicKey(text: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw CLIError("--pub \(path): \(error.reason)")
        }
    }
}
