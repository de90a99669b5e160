// SPDX-License-Identifier: Apache-2.0
// `classify pack`: validate, test and describe rule packs.

import ArgumentParser

struct PackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Validate, test and describe rule packs.",
        discussion: """
            Examples:
              classify pack validate my-pack.json
              classify pack test my-pack.json
              classify pack test --builtin
              classify pack info --builtin core
              classify pack list-builtin --detectors
              classify pack docs > docs/detectors.md
            """,
        subcommands: [
            PackValidateCommand.self, PackTestCommand.self, PackInfoCommand.self, PackListBuiltinCommand.self,
            PackDocsCommand.self,
        ])
}
