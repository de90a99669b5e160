// SPDX-License-Identifier: Apache-2.0
// `classify pack docs`: print docs/detectors.md.

import ArgumentParser
import RulePacks

struct PackDocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Print the Markdown reference of the built-in detectors (docs/detectors.md).",
        discussion: """
            Examples:
              classify pack docs > docs/detectors.md
            """)

    func run() throws {
        var packs: [(name: String, pack: RulePack)] = []
        for name in BuiltinPacks.names {
            do {
                packs.append((name, try BuiltinPacks.load(name)))
            } catch {
                throw CLIError(PackLoading.describe(error, file: "builtin:\(name)"))
            }
        }
        Console.out(DetectorDocs.markdown(packs: packs))
    }
}
