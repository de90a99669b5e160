// SPDX-License-Identifier: Apache-2.0
// `classify pack validate FILE...`: parse, check every field and compile every pattern.

import ArgumentParser
import ClassifyEngine
import RulePacks

struct PackValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pack files: JSON syntax, every field, every pattern compiles, validators exist.",
        discussion: """
            Prints one line per file: what it holds, or where the first error is, as
            FILE: /json/pointer (line L, column C): reason. A pattern that does not compile
            gives the offset in the pattern. Examples are run by 'classify pack test'.
            Exit status: 0 all valid, 2 any error.

            Examples:
              classify pack validate packs/*.json
            """)

    @Argument(help: ArgumentHelp("Pack files (JSON).", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one pack file") }
    }

    func run() throws {
        var failed = 0
        for file in files {
            do {
                let rs = try PackLoading.compile(file: file)
                let p = rs.pack
                Console.out(
                    "\(file): valid: \(p.id) \(p.version.text), \(Text.count(p.detectors.count, "detector")), "
                        + "\(Text.count(p.policies.count, "policy", "policies")), \(p.digest)\n")
            } catch {
                failed += 1
                Console.out(PackLoading.describe(error, file: file) + "\n")
            }
        }
        if failed > 0 { throw ExitCode(ExitStatus.error) }
    }
}
