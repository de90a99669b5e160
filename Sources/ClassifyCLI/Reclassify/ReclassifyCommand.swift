// SPDX-License-Identifier: Apache-2.0
// `classify reclassify`: decide stored summaries (NDJSON, as `classify scan --summary`
// writes them) again under another pack or as of another date, without the data, and say
// what changes level and why.

import ArgumentParser
import ClassifyEngine
import RulePacks

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

enum ReclassifyFormat: String, CaseIterable, ExpressibleByArgument {
    case text, ndjson
}

struct ReclassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclassify",
        abstract: "Decide stored result summaries again under another pack or date, without the data.",
        discussion: """
            Reads summaries (schema classify.summary/1, one JSON object per line, as \
            'classify scan --summary FILE' writes them) and decides each again under the \
            packs given (--pack, --bundle or --builtin, as for 'scan') as of --as-of (default \
            today). Prints each summary whose level changes, with the detectors, policies and \
            lifecycle rules responsible; --all prints the unchanged ones too. --format ndjson \
            prints every new summary, with "previous" (the stored decision) and "changed".

            The new decision is exactly what a scan of the data would give when the new \
            pack's detectors are the same as the old ones (new policies, lifecycle rules, dates). \
            Detectors the new pack lacks are not counted and are reported.

            Exit status: 0 done, 2 an error (a pack that does not load, a summary that cannot \
            be read; the others are still processed).

            Examples:
              classify scan --pack base.json --summary today.ndjson data/
              classify reclassify --pack base.json --pack update.json --as-of 2027-01-01 today.ndjson
              classify reclassify --bundle bundle.json --format ndjson today.ndjson > redecided.ndjson
            """)

    @Argument(help: ArgumentHelp("Summary files (NDJSON); '-' or none reads standard input.", valueName: "summaries"))
    var inputs: [String] = []

    @Option(name: .customLong("pack"), help: ArgumentHelp("A rule pack file. Repeatable: packs are layered in order.", valueName: "file"))
    var packs: [String] = []

    @Option(name: .customLong("bundle"), help: ArgumentHelp("A bundle manifest (instead of --pack).", valueName: "file"))
    var bundle: String?

    @Option(name: .customLong("builtin"), help: ArgumentHelp("A built-in pack by name, or 'default'.", valueName: "name"))
    var builtin: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Decide as of this date (UTC). Default: today.", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Option(
        name: .customLong("data-created"),
        help: ArgumentHelp("The data's creation date for lifecycle rules, instead of the summaries' own.", valueName: "YYYY-MM-DD"))
    var dataCreated: String?

    @Option(name: [.customShort("f"), .customLong("format")], help: ArgumentHelp("text (default) or ndjson.", valueName: "format"))
    var format: ReclassifyFormat = .text

    @Flag(name: .customLong("all"), help: "Also list the summaries whose level does not change (text format).")
    var all = false

    func validate() throws {
        for (name, value) in [("--as-of", asOf), ("--data-created", dataCreated)] {
            if let v = value, CivilDate(iso: v) == nil {
                throw ValidationError("\(name) '\(v)': not a valid date; use YYYY-MM-DD, e.g. 2027-01-01")
            }
        }
        if bundle != nil && (!packs.isEmpty || builtin != nil) {
            throw ValidationError("--bundle replaces --pack and --builtin; give one or the other")
        }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("'-' (standard input) can be given only once") }
    }

    struct Counts {
        var total = 0
        var up = 0
        var down = 0
        var sideways = 0
        var errors = 0
    }

    func run() throws {
        let ruleset = try DocumentLoading.ruleset(bundle: bundle, packFiles: packs, builtin: builtin)
        let day = asOf.flatMap(CivilDate.init(iso:)) ?? CivilDate(unixSeconds: System.unixSeconds())
        let created = dataCreated.flatMap(CivilDate.init(iso:)).map(\.unixSeconds)
        var names = inputs
        if names.isEmpty {
            guard !System.isTerminal(0) else {
                throw CLIError("nothing to read: give summary files, or '-' to read standard input")
            }
            names = ["-"]
        }
        var counts = Counts()
        for name in names {
            let fd: Int32 = name == "-" ? 0 : open(name, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                System.writeStderr("classify: \(name): cannot open: \(System.describe(errno: errno))\n")
                counts.errors += 1
                continue
            }
            defer { if fd != 0 { close(fd) } }
            var lineNumber = 0
            let readError = LineReader.forEachLine(fd) { line in
                lineNumber += 1
                guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
                let label = "\(name == "-" ? "<stdin>" : name):\(lineNumber)"
                do throws(ClassifyError) {
                    let summary = try ResultSummary.parse(line, name: label)
                    let result = try ruleset.reclassify(summary, asOf: day, dataCreated: created)
                    report(summary, result, label: label, counts: &counts)
                } catch {
                    var e = error
                    e.pack = nil  // the label says where
                    System.writeStderr("classify: \(label): \(e.description)\n")
                    counts.errors += 1
                }
            }
            if let readError {
                System.writeStderr("classify: \(name): cannot read: \(System.describe(errno: readError))\n")
                counts.errors += 1
            }
        }
        if format == .text {
            let changed = counts.up + counts.down + counts.sideways
            var line = "\(Text.count(counts.total, "summary", "summaries")) as of \(day) under \(ruleset.id) \(ruleset.version): "
            line += "\(changed) change level (\(counts.up) up, \(counts.down) down"
            if counts.sideways > 0 { line += ", \(counts.sideways) to a level the old pack did not have" }
            line += "), \(counts.total - changed) unchanged"
            if counts.errors > 0 { line += ", \(Text.count(counts.errors, "error"))" }
            Console.out(line + "\n")
        }
        if counts.errors > 0 { throw ExitCode(ExitStatus.error) }
    }

    func report(_ old: ResultSummary, _ result: ScanResult, label: String, counts: inout Counts) {
        counts.total += 1
        let new = result.decision
        let levels = result.ruleset.pack.levels
        let changed = new.level != old.decision.level
        if changed {
            if let oldRank = levels.firstIndex(of: old.decision.level) {
                if new.levelRank > oldRank { counts.up += 1 } else { counts.down += 1 }
            } else {
                counts.sideways += 1
            }
        }
        let name = old.path ?? label
        if format == .ndjson {
            var json = result.summaryJSON(path: old.path)
            json.removeLast()  // the closing brace: "previous" and "changed" follow
            var w = JSONWriter()
            w.beginObject()
            w.field("level", old.decision.level)
            w.field("level_rank", old.decision.levelRank)
            w.field("frameworks", old.decision.frameworks)
            w.field("as_of", old.asOf.description)
            w.key("pack")
            w.beginObject()
            w.field("id", old.pack.id)
            w.field("version", old.pack.version)
            w.field("digest", old.pack.digest)
            w.endObject()
            w.endObject()
            Console.out(json + ",\"previous\":" + w.string + ",\"changed\":\(changed)}\n")
            return
        }
        guard changed || all else { return }
        guard changed else {
            Console.out("\(name): \(new.level) (unchanged)\n")
            return
        }
        var s = "\(name): \(old.decision.level) -> \(new.level)"
        s += " (as of \(new.asOf); was \(old.decision.level) as of \(old.asOf) under \(old.pack.id) \(old.pack.version))\n"
        let byID = Dictionary(old.detectors.map { ($0.id, $0) } + old.unmatched.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for t in result.detectorTallies {
            let spec = result.ruleset.detectorSpecs[t.detectorIndex]
            guard let m = result.ruleset.mapping(detectorID: spec.id, on: new.asOf) else { continue }
            let newLevel = levels[m.rank]
            let oldLevel = byID[spec.id]?.level ?? "?"
            guard newLevel != oldLevel else { continue }
            let setting = result.ruleset.pack.policies.filter { m.policies.contains($0.id) && $0.levelRank == m.rank }
            let why = setting.isEmpty
                ? "the detector's own level"
                : setting.map { "policy \($0.id) (\(PackInfoCommand.policyDates($0)))" }.joined(separator: ", ")
            s += "  \(spec.id) (\(Text.count(t.count, "finding"))): \(oldLevel) -> \(newLevel): \(why)\n"
        }
        for u in result.unmatchedDetectors {
            s += "  \(u.id) (\(Text.count(u.count, "finding"))): not in pack \(result.ruleset.id); not counted (was \(u.level))\n"
        }
        for e in new.lifecycle {
            var effect: [String] = []
            if let r = e.raiseTo { effect.append("raise to \(levels[r])") }
            if let l = e.lowerTo { effect.append("lower to \(levels[l])") }
            if e.review { effect.append("review") }
            s += "  lifecycle rule \(e.rule): \(effect.joined(separator: ", "))\n"
        }
        let added = new.frameworks.filter { !old.decision.frameworks.contains($0) }
        let removed = old.decision.frameworks.filter { !new.frameworks.contains($0) }
        if !added.isEmpty || !removed.isEmpty {
            s += "  frameworks: " + (added.map { "+" + $0 } + removed.map { "-" + $0 }).joined(separator: " ") + "\n"
        }
        Console.out(s)
    }
}

/// Reads a descriptor line by line (lines end with \n; a last line without one counts).
enum LineReader {
    /// Calls `body` with each line (without its newline). Returns errno on a read error.
    static func forEachLine(_ fd: Int32, _ body: ([UInt8]) -> Void) -> Int32? {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { break }
            var start = 0
            for i in 0..<n where chunk[i] == 0x0A {
                pending.append(contentsOf: chunk[start..<i])
                body(pending)
                pending.removeAll(keepingCapacity: true)
                start = i + 1
            }
            pending.append(contentsOf: chunk[start..<n])
            if pending.count > Limits.packBytes {
                body(pending)  // reported as too long by the parser
                pending.removeAll()
            }
        }
        if !pending.isEmpty { body(pending) }
        return nil
    }
}
