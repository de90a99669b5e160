// SPDX-License-Identifier: Apache-2.0
// `classify profile`: what each column of a CSV/TSV file or each path of a JSON/NDJSON file
// holds, from counts over all its records (docs/structured.md). No value is kept or shown.

import ArgumentParser
import ClassifyEngine
import RulePacks

enum ProfileFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json
}

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Profile the columns of a CSV, TSV, JSON or NDJSON file: which entity type each one holds.",
        discussion: """
            Every record is scanned value by value, each value with its column name (or \
            JSON path, e.g. customer.ssn, items[0].card) as context. Per column the profile \
            gives the entity types found, the share of non-empty values holding each, the \
            predicted type (the type with the highest share of those reaching --min-share), \
            the level and frameworks that follow, and how many values there were. It keeps \
            counts only, never values.

            The format comes from the extension (.csv, .tsv, .json, .ndjson, .jsonl) or \
            --input-format; '-' reads standard input (give --input-format). CSV and TSV \
            need a header row; in JSON a top-level array's elements are the records.

            Exit status: 0 done; 2 an error.

            Examples:
              classify profile customers.csv
              classify profile --format json events.ndjson | jq '.columns[] | {name, type}'
              cat export.json | classify profile --input-format json -
            """)

    @Argument(help: ArgumentHelp("The file to profile; '-' reads standard input.", valueName: "file"))
    var path: String

    @Option(
        name: [.customShort("f"), .customLong("format")],
        help: ArgumentHelp("table (the default on a terminal) or json.", valueName: "format"))
    var format: ProfileFormat?

    @Option(
        name: .customLong("input-format"),
        help: ArgumentHelp("csv, tsv, json or ndjson. Default: from the file's extension.", valueName: "format"))
    var inputFormat: StructuredKind?

    @Option(
        name: .customLong("min-share"),
        help: ArgumentHelp(
            "The share of a column's non-empty values (above 0, at most 1) a type needs to be predicted. Default: 0.5.",
            valueName: "x"))
    var minShare: Double = ColumnProfiler.defaultMinShare

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("Write the profile to FILE (atomically). Default: standard output.", valueName: "file"))
    var output: String?

    @Option(
        name: .customLong("max-file-size"),
        help: ArgumentHelp("Refuse input larger than this (K, M, G: binary units).", valueName: "size"))
    var maxFileSize: ByteSize = ByteSize(bytes: 1024 * 1_048_576)

    @OptionGroup(title: "Rules") var rules: RuleOptions

    func validate() throws {
        guard minShare.isFinite, minShare > 0, minShare <= 1 else {
            throw ValidationError("--min-share must be above 0 and at most 1")
        }
        if let a = rules.asOf, CivilDate(iso: a) == nil {
            throw ValidationError("--as-of '\(a)': not a valid date; use YYYY-MM-DD, e.g. 2026-01-31")
        }
        guard rules.minConfidence.isFinite, (0...1).contains(rules.minConfidence) else {
            throw ValidationError("--min-confidence must be between 0 and 1")
        }
        if path == FileWalker.standardInputName, inputFormat == nil {
            throw ValidationError("reading standard input needs --input-format csv, tsv, json or ndjson")
        }
        if path != FileWalker.standardInputName, inputFormat == nil, StructuredKind.of(path: path) == nil {
            throw ValidationError(
                "'\(path)': cannot tell the format from the extension; give --input-format csv, tsv, json or ndjson")
        }
    }

    func run() throws {
        let started = System.monotonicNanoseconds()
        Interrupts.install()
        let ruleset = try PackLoading.ruleset(packFiles: rules.packs, builtin: rules.builtin)
        let kind = inputFormat ?? StructuredKind.of(path: path) ?? .csv
        var options = ScanOptions(asOf: nil, minConfidence: rules.minConfidence)
        options.asOf = rules.asOf.flatMap { CivilDate(iso: $0) } ?? CivilDate(unixSeconds: System.unixSeconds())
        if let t = rules.timeout { options.deadlineNanoseconds = t.nanoseconds }

        var buffer = ReadBuffer()
        let stdin = path == FileWalker.standardInputName
        let target = ScanTarget(path: PathName(path), kind: stdin ? .standardInput : .regular)
        switch FileReader(maxFileSize: maxFileSize.bytes).read(target, into: &buffer) {
        case .failed(let message): throw CLIError("'\(path)': \(message)")
        case .skipped(let reason, _): throw CLIError("'\(path)': \(reason)")
        case .data: break
        }
        let profiler: ColumnProfiler
        do {
            profiler = try ColumnProfiler(ruleset: ruleset, options: options, minShare: minShare)
        } catch {
            throw CLIError(error.description)
        }
        let n = buffer.count
        let failure: StructuredError? = buffer.storage.withUnsafeBufferPointer { all -> StructuredError? in
            do throws(StructuredError) {
                try StructuredInput.forEachRecord(UnsafeBufferPointer(rebasing: all[0..<n]), kind: kind) { record in
                    profiler.add(record.map(\.record))
                }
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw CLIError("'\(stdin ? "standard input" : path)': \(failure.message)") }
        let elapsed = Double(System.monotonicNanoseconds() - started) / 1e9

        let sink = try output.map { p throws(CLIError) in try OutputSink.file(p) } ?? .standardOutput()
        let chosen = format ?? (output == nil && System.isTerminal(1) ? .table : .json)
        do {
            switch chosen {
            case .json:
                try sink.write(profiler.json())
                try sink.write("\n")
            case .table:
                try sink.write(ProfileCommand.table(profiler, name: stdin ? "(standard input)" : path, bytes: n, seconds: elapsed))
            }
            try sink.commit()
        } catch {
            sink.abandon()
            switch error {
            case .brokenPipe: return
            case .failed(let message): throw CLIError(message)
            }
        }
        if !profiler.incomplete.isEmpty {
            System.writeStderr(
                "classify: the profile is incomplete (\(profiler.incomplete.names.joined(separator: ", "))): some values were not fully scanned\n")
            throw ExitCode(ExitStatus.error)
        }
    }

    /// The profile for people: one line per column.
    static func table(_ p: ColumnProfiler, name: String, bytes: Int, seconds: Double) -> String {
        let levels = p.ruleset.pack.levels
        var rows: [[String]] = [["COLUMN", "TYPE", "SHARE", "LEVEL", "FRAMEWORKS", "VALUES", "ALSO SEEN"]]
        for c in p.profiles() {
            let top = c.predicted.first
            let others = c.types.filter { t in t.type != top?.type }.prefix(3).map { "\($0.type) \(percent($0.share))" }
            rows.append([
                Text.printable(c.name), top?.type ?? "-", top.map { percent($0.share) } ?? "",
                levels[c.levelRank], c.frameworks.joined(separator: " "), "\(Text.grouped(c.nonEmpty))/\(Text.grouped(c.samples))",
                others.joined(separator: ", "),
            ])
        }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for r in rows { for (i, cell) in r.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var text = "\(Text.printable(name)): \(Text.count(p.records, "record")), \(Text.bytes(bytes)), "
            + "pack \(p.ruleset.id) \(p.ruleset.version), \(Text.fixed(seconds, 2)) s\n"
        for r in rows {
            var line = ""
            for (i, cell) in r.enumerated() {
                line += i == r.count - 1 ? cell : Text.pad(cell, widths[i]) + "  "
            }
            while line.hasSuffix(" ") { line.removeLast() }
            text += line + "\n"
        }
        return text
    }

    static func percent(_ share: Double) -> String { Text.fixed(share * 100, 1) + "%" }
}
