// SPDX-License-Identifier: Apache-2.0
// `classify pack test FILE... | --builtin`: run every detector's examples and report every
// failure.

import ArgumentParser
import ClassifyEngine
import RulePacks

struct PackTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run every detector's examples (match and no_match) and report every one that fails.",
        discussion: """
            Each 'match' example must give a finding of its detector and each 'no_match'
            example none, with the detector alone. Failures are printed as
            FILE: /detectors/N/examples/match/I (line L, column C): reason.
            Exit status: 0 all hold, 1 some fail, 2 a pack does not load.

            Examples:
              classify pack test my-pack.json
              classify pack test --builtin
            """)

    @Argument(help: ArgumentHelp("Pack files (JSON).", valueName: "file"))
    var files: [String] = []

    @Flag(name: .customLong("builtin"), help: "Test every built-in pack.")
    var builtin = false

    func validate() throws {
        if files.isEmpty && !builtin { throw ValidationError("give pack files, or --builtin for the built-in packs") }
    }

    func run() throws {
        var sources: [(label: String, load: () throws(ClassifyError) -> RulePack)] = []
        if builtin {
            for name in BuiltinPacks.names {
                sources.append(("builtin:\(name)", { () throws(ClassifyError) in try BuiltinPacks.load(name) }))
            }
        }
        for file in files {
            sources.append((file, { () throws(ClassifyError) in try RulePack.load(path: file) }))
        }
        var loadErrors = 0
        var failures = 0
        var totalExamples = 0
        for (label, load) in sources {
            let rs: Ruleset
            do {
                rs = try Ruleset(pack: load(), checkExamples: false, probe: true)
            } catch {
                loadErrors += 1
                Console.out(PackLoading.describe(error, file: label) + "\n")
                continue
            }
            let examples = rs.pack.detectors.reduce(0) { $0 + $1.examples.match.count + $1.examples.noMatch.count }
            totalExamples += examples
            let fails = rs.exampleFailures()
            failures += fails.count
            var text = ""
            for f in fails { text += PackLoading.describe(f.error, file: label) + "\n" }
            let verdict = fails.isEmpty ? "all hold" : "\(fails.count) failed"
            text +=
                "\(label): \(rs.pack.id) \(rs.pack.version.text): \(Text.count(rs.pack.detectors.count, "detector")), "
            text += "\(Text.count(examples, "example")): \(verdict)\n"
            Console.out(text)
        }
        if sources.count > 1 {
            Console.out(
                "total: \(Text.count(sources.count, "pack")), \(Text.count(totalExamples, "example")), "
                    + "\(Text.count(failures, "failure")), \(Text.count(loadErrors, "pack error"))\n")
        }
        if loadErrors > 0 { throw ExitCode(ExitStatus.error) }
        if failures > 0 { throw ExitCode(ExitStatus.findings) }
    }
}
