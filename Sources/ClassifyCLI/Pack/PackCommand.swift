// SPDX-License-Identifier: Apache-2.0
// `classify pack`: validate, test and describe rule packs.

import ArgumentParser

struct PackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Validate, test, describe, compare and sign rule packs.",
        discussion: """
            Examples:
              classify pack validate my-pack.json
              classify pack test my-pack.json
              classify pack test --builtin
              classify pack info --builtin core
              classify pack list-builtin --detectors
              classify pack docs > docs/detectors.md
              classify pack info --bundle bundle.json
              classify pack diff --as-of 2027-01-01 old.json new.json
              classify pack keygen --out keys/acme
              classify pack sign --key keys/acme.key my-pack.json
              classify pack verify --pub keys/acme.pub my-pack.json
            """,
        subcommands: [
            PackValidateCommand.self, PackTestCommand.self, PackInfoCommand.self, PackListBuiltinCommand.self,
            PackDocsCommand.self, PackDiffCommand.self, PackKeygenCommand.self, PackSignCommand.self,
            PackVerifyCommand.self,
        ])
}
