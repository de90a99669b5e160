// SPDX-License-Identifier: Apache-2.0
// The root command: `classify scan ...`, `classify pack ...`.

import ArgumentParser
import ClassifyEngine

struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Find sensitive data (PII, PHI, financial data, credentials) and classify it, offline.",
        discussion: """
            Rules come from versioned JSON rule packs: the built-in ones, or your own with \
            --pack. Every report names the pack id, version and digest it was made with. \
            See docs/cli.md and docs/rule-packs.md.

            Examples:
              classify scan examples/
              classify scan --format sarif --output classify.sarif .
              git diff | classify scan --fail-on restricted -
              classify pack validate my-pack.json
              classify pack test my-pack.json
              classify pack list-builtin --detectors
              classify scan --summary today.ndjson data/ && classify reclassify --pack new.json today.ndjson
            """,
        version: "classify \(ClassifyVersion.string)",
        subcommands: [ScanCommand.self, PackCommand.self, BenchCommand.self, ReclassifyCommand.self, ProfileCommand.self, RedactCommand.self])
}
