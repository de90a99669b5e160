// SPDX-License-Identifier: Apache-2.0
// Opening packs for the commands, and turning pack errors into one-line diagnostics:
//
//     FILE: /detectors/3/patterns/0 (line 41, column 20): detector "x": pattern does not compile: ... (at offset 11)

import ClassifyEngine
import RulePacks

enum PackLoading {
    /// The ruleset `scan` uses: the built-in packs (`--builtin NAME`, default "default"),
    /// or the `--pack` files layered in order, or both (built-in first) when both are given.
    /// Pack files have their examples checked, as every open does; built-in ones were
    /// checked by the test suite.
    static func ruleset(packFiles: [String], builtin: String?) throws(CLIError) -> Ruleset {
        if packFiles.isEmpty {
            let name = builtin ?? Ruleset.defaultName
            do {
                return try Ruleset.builtin(name)
            } catch {
                throw CLIError("--builtin \(name): \(describe(error, file: "builtin:\(name)"))")
            }
        }
        var packs: [RulePack] = []
        if let builtin {
            do {
                if builtin == Ruleset.defaultName {
                    for n in BuiltinPacks.names { packs.append(try BuiltinPacks.load(n)) }
                } else {
                    packs.append(try BuiltinPacks.load(builtin))
                }
            } catch {
                throw CLIError("--builtin \(builtin): \(describe(error, file: "builtin:\(builtin)"))")
            }
        }
        for file in packFiles {
            do {
                packs.append(try RulePack.load(path: file))
            } catch {
                throw CLIError("--pack \(describe(error, file: file))")
            }
        }
        let pack: RulePack
        do {
            if packs.count == 1 {
                pack = packs[0]
            } else {
                let last = packs[packs.count - 1]
                pack = try RulePack.layered(packs, id: last.id, version: last.version)
            }
        } catch {
            throw CLIError("cannot layer the packs: \(describe(error, file: error.pack ?? "packs"))")
        }
        do {
            // A pack file's examples are checked, as every open of a pack does.
            return try Ruleset(pack: pack, checkExamples: true)
        } catch {
            throw CLIError("--pack \(describe(error, file: file(of: error, among: packFiles)))")
        }
    }

    /// The pack file an error came from, by pack id, when it can be told.
    static func file(of error: ClassifyError, among files: [String]) -> String {
        if files.count == 1 { return files[0] }
        if let id = error.pack {
            for f in files {
                if let p = try? RulePack.load(path: f), p.id == id { return f }
            }
            return id
        }
        return files.joined(separator: "+")
    }

    /// Loads and compiles one pack file, with the adversarial probes of its patterns but
    /// without running its examples.
    static func compile(file: String) throws(ClassifyError) -> Ruleset {
        try Ruleset(pack: RulePack.load(path: file), checkExamples: false, probe: true)
    }

    /// "FILE: /pointer (line L, column C): reason", with the detector named.
    static func describe(_ e: ClassifyError, file: String) -> String {
        var s = file + ": "
        if let pointer = e.jsonPointer {
            s += pointer.isEmpty ? "(document)" : pointer
            if e.line > 0 { s += " (line \(e.line), column \(e.column))" }
            s += ": "
        }
        if let d = e.detector, !e.reason.contains("\"\(d)\"") { s += "detector \"\(d)\": " }
        return s + e.reason
    }
}
