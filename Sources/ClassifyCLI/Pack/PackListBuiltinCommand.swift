// SPDX-License-Identifier: Apache-2.0
// `classify pack list-builtin [--detectors]`: the packs compiled into classify.

import ArgumentParser
import ClassifyEngine
import RulePacks

struct PackListBuiltinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-builtin",
        abstract: "List the built-in packs with their detector counts (and, with --detectors, every detector).",
        discussion: """
            The built-in packs are layered in the order listed into the 'default' ruleset
            that 'classify scan' uses without --pack or --builtin.

            Examples:
              classify pack list-builtin
              classify pack list-builtin --detectors
            """)

    @Flag(name: .customLong("detectors"), help: "List every detector: id, type, category, countries, validator, level.")
    var detectors = false

    func run() throws {
        var packs: [RulePack] = []
        for name in BuiltinPacks.names {
            do {
                packs.append(try BuiltinPacks.load(name))
            } catch {
                throw CLIError(PackLoading.describe(error, file: "builtin:\(name)"))
            }
        }
        var rows: [[String]] = [["NAME", "VERSION", "DETECTORS", "DESCRIPTION"]]
        for (name, p) in zip(BuiltinPacks.names, packs) {
            rows.append([name, p.version.text, String(p.detectors.count), Text.truncated(p.description, 70)])
        }
        var s = PackListBuiltinCommand.table(rows, rightAligned: [2])
        let total = packs.reduce(0) { $0 + $1.detectors.count }
        s += "total: \(Text.count(packs.count, "pack")), \(Text.count(total, "detector")) "
        s += "(layered as '\(Ruleset.defaultName)')\n"
        if detectors {
            for (name, p) in zip(BuiltinPacks.names, packs) {
                s += "\n\(name) \(p.version.text)\n"
                var drows: [[String]] = [["ID", "TYPE", "CATEGORY", "COUNTRIES", "VALIDATOR", "LEVEL"]]
                for d in p.detectors {
                    drows.append([
                        d.id, d.type, d.category.rawValue,
                        d.countries.isEmpty ? "-" : d.countries.joined(separator: ","),
                        d.validator ?? "-", p.levels[d.levelRank],
                    ])
                }
                s += PackListBuiltinCommand.table(drows, rightAligned: [], indent: "  ")
            }
        }
        Console.out(s)
    }

    /// Columns padded to their widest cell; the last column is not padded.
    static func table(_ rows: [[String]], rightAligned: Set<Int>, indent: String = "") -> String {
        guard let columns = rows.first?.count else { return "" }
        var widths = Array(repeating: 0, count: columns)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        var s = ""
        for r in rows {
            var line = indent
            for (i, c) in r.enumerated() {
                if i == columns - 1 {
                    line += c
                } else {
                    line += (rightAligned.contains(i) ? Text.padLeft(c, widths[i]) : Text.pad(c, widths[i])) + "  "
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            s += line + "\n"
        }
        return s
    }
}
