// SPDX-License-Identifier: Apache-2.0
// `classify scan`: find sensitive data in files, directories or standard input, classify
// each file, and report in one of five formats. Exit status 0/1/2 (ExitStatus.swift).

import ArgumentParser
import ClassifyEngine
import RulePacks

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

struct InputOptions: ParsableArguments {
    @Option(
        name: .customLong("exclude"),
        help: ArgumentHelp(
            "Skip walked files and directories whose name, relative path or path matches GLOB "
                + "(fnmatch; '*' also matches '/'). Repeatable.",
            valueName: "glob"))
    var excludes: [String] = []

    @Option(
        name: .customLong("max-file-size"),
        help: ArgumentHelp("Skip files larger than this (K, M, G: binary units).", valueName: "size"))
    var maxFileSize: ByteSize = ByteSize(bytes: 100 * 1_048_576)

    @Option(
        name: .customLong("stream-above"),
        help: ArgumentHelp(
            "Scan files larger than this as a stream, in 64 KiB pieces, instead of reading them whole "
                + "(bounded memory; structured files are then scanned as text).",
            valueName: "size"))
    var streamAbove: ByteSize = ByteSize(bytes: ScanSettings.defaultStreamAbove)

    @Flag(
        name: [.customShort("L"), .customLong("follow")], help: "Follow symbolic links met while walking directories.")
    var follow = false

    @Flag(name: .customLong("include-vcs"), help: "Also walk .git, .hg and .svn directories.")
    var includeVCS = false
}

struct RuleOptions: ParsableArguments {
    @Option(
        name: .customLong("pack"),
        help: ArgumentHelp(
            "A rule pack file. Repeatable: packs are layered in order. Replaces the built-in packs unless "
                + "--builtin is also given.",
            valueName: "file"))
    var packs: [String] = []

    @Option(
        name: .customLong("builtin"),
        help: ArgumentHelp(
            "A built-in pack by name, or 'default' for all of them layered (see 'classify pack list-builtin').",
            valueName: "name"))
    var builtin: String?

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "Classify under the policies in force on this date (UTC). Default: today.", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Option(
        name: .customLong("min-confidence"),
        help: ArgumentHelp("Drop findings whose confidence is below this (0 to 1).", valueName: "x"))
    var minConfidence: Double = 0

    @Option(
        name: .customLong("timeout"),
        help: ArgumentHelp(
            "Stop scanning a file after this long (500ms, 30s, 2m); the file is then incomplete.", valueName: "duration"
        ))
    var timeout: DurationArgument?

    @Option(
        name: .customLong("max-findings"),
        help: ArgumentHelp("Keep at most this many findings per file; more makes the file incomplete.", valueName: "n"))
    var maxFindings: Int?
}

struct OutputOptions: ParsableArguments {
    @Option(
        name: [.customShort("f"), .customLong("format")],
        help: ArgumentHelp(
            "Output format: table (the default on a terminal), json (the default otherwise), ndjson, sarif or csv.",
            valueName: "format"))
    var format: OutputFormat?

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp(
            "Write the report to FILE (atomically: a temporary file renamed into place). Without --format, "
                + "the extension picks it (.json, .ndjson, .jsonl, .sarif, .csv, .txt).",
            valueName: "file"))
    var output: String?

    @Flag(name: .customLong("show-values"), help: "Print matched values in clear. Default: masked previews.")
    var showValues = false

    @Option(
        name: .customLong("color"),
        help: ArgumentHelp("Colour in table output: auto, always or never.", valueName: "when"))
    var color: ColorMode = .auto

    @Flag(name: .customLong("progress"), help: "Show progress on standard error even when it is not a terminal.")
    var progress = false

    @Flag(name: [.short, .long], help: "No progress line and no warnings; errors are still reported.")
    var quiet = false
}

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find sensitive data in files, directories or standard input and classify it.",
        discussion: """
            Each file gets a level (public < internal < confidential < restricted with the \
            built-in packs), the compliance frameworks that apply and a review flag. Matched \
            values are masked unless --show-values is given. Binary files (a NUL byte in the \
            first 8 KiB), files over --max-file-size, FIFOs, sockets, devices and symbolic \
            links met in a walk are skipped and listed with the reason. A FIFO or character \
            device named on the command line is read as a stream, like standard input.

            Exit status: 0 nothing at or above --fail-on; 1 findings at or above it; 2 an \
            error (a bad option, a pack that does not load, a file that cannot be read, an \
            incomplete scan or a named file over --max-file-size without --allow-incomplete, \
            a report that cannot be written). Errors win over findings. On SIGINT, SIGTERM or \
            SIGHUP the report of what was scanned is written, marked incomplete, and the exit \
            status is 128 + the signal (130 for Ctrl-C); a second signal ends it at once.

            Examples:
              classify scan examples/
              classify scan --format sarif --output results.sarif src/ config/
              classify scan --exclude '*.min.js' --exclude node_modules --jobs 4 .
              cat dump.sql | classify scan --format ndjson -
              classify scan --pack acme.json --builtin default --fail-on restricted data/
              classify scan --as-of 2027-01-01 --format json exports/ | jq .summary
            """)

    @Argument(
        help: ArgumentHelp(
            "Files and directories to scan (directories recursively). '-' or no path reads standard input.",
            valueName: "path"))
    var paths: [String] = []

    @OptionGroup(title: "Input") var input: InputOptions
    @OptionGroup(title: "Rules") var rules: RuleOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Summaries") var summaries: SummaryOptions  // --summary, --data-created: ScanSummaries.swift
    @OptionGroup(title: "Structured data") var structured: StructuredOptions  // --structured: Structured/StructuredInput.swift

    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp(
            "Exit 1 when a file is classified at or above this level; 'none' never does. Default: confidential.",
            valueName: "level"))
    var failOn: String?

    @Flag(
        name: .customLong("allow-incomplete"),
        help: ArgumentHelp(
            "Do not exit 2 because a scan stopped early (--timeout, --max-findings) or a file named on the "
                + "command line is over --max-file-size."))
    var allowIncomplete = false

    @Option(
        name: [.customShort("j"), .customLong("jobs")],
        help: ArgumentHelp("Files scanned in parallel. Default: the number of processors (at most 8).", valueName: "n"))
    var jobs: Int?

    static let defaultFailOn = "confidential"

    func validate() throws {
        if let a = rules.asOf, CivilDate(iso: a) == nil {
            throw ValidationError("--as-of '\(a)': not a valid date; use YYYY-MM-DD, e.g. 2026-01-31")
        }
        guard rules.minConfidence.isFinite, (0...1).contains(rules.minConfidence) else {
            throw ValidationError("--min-confidence must be between 0 and 1")
        }
        if let j = jobs, !(1...256).contains(j) { throw ValidationError("--jobs must be between 1 and 256") }
        if let m = rules.maxFindings, !(1...Limits.maxFindings).contains(m) {
            throw ValidationError("--max-findings must be between 1 and \(Limits.maxFindings)")
        }
        if output.quiet && output.progress { throw ValidationError("--quiet and --progress contradict each other") }
        if paths.filter({ $0 == FileWalker.standardInputName }).count > 1 {
            throw ValidationError("'-' (standard input) can be given only once")
        }
    }

    func run() throws {
        let started = System.monotonicNanoseconds()
        // The first signal stops the scan and the report of what was done is written; until
        // the scan starts there is nothing to report, and the scan sees the flag at once.
        Interrupts.installStopping()
        let ruleset = try PackLoading.ruleset(packFiles: rules.packs, builtin: rules.builtin)
        let levels = ruleset.pack.levels

        // --fail-on: a level of the pack, or none. Without it: confidential, or for packs
        // with other level names the second highest.
        var failOnRank: Int?
        var failOnName = failOn ?? ScanCommand.defaultFailOn
        if failOnName == "none" {
            failOnRank = nil
        } else if let r = ruleset.pack.rank(ofLevel: failOnName) {
            failOnRank = r
        } else if failOn == nil {
            failOnRank = max(0, levels.count - 2)
            failOnName = levels[failOnRank!]
        } else {
            throw CLIError(
                "--fail-on '\(failOnName)': not a level of pack '\(ruleset.id)'; use one of: "
                    + (levels + ["none"]).joined(separator: ", "))
        }

        var scanOptions = ScanOptions(asOf: nil, minConfidence: rules.minConfidence)
        scanOptions.asOf = rules.asOf.flatMap { CivilDate(iso: $0) } ?? CivilDate(unixSeconds: System.unixSeconds())
        if let m = rules.maxFindings { scanOptions.maxFindings = m }
        if let t = rules.timeout { scanOptions.deadlineNanoseconds = t.nanoseconds }
        scanOptions.cancel = Interrupts.cancelFlag
        summaries.apply(to: &scanOptions)

        // Inputs: the paths, or standard input when there are none and it is not a terminal.
        var arguments = paths
        if arguments.isEmpty {
            guard !System.isTerminal(0) else {
                throw CLIError("nothing to scan: give files or directories, or '-' to read standard input")
            }
            arguments = [FileWalker.standardInputName]
        }

        let format =
            output.format ?? output.output.flatMap(OutputFormat.inferred(fromPath:))
            ?? (output.output == nil && System.isTerminal(1) ? .table : .json)
        let sink = try output.output.map { path throws(CLIError) in try OutputSink.file(path) } ?? .standardOutput()
        let colour: Bool
        switch output.color {
        case .always: colour = true
        case .never: colour = false
        case .auto: colour = output.output == nil && ColorMode.auto.enabled(forDescriptor: 1)
        }
        let style = Style(enabled: format == .table && colour)

        let walk = FileWalker.walk(
            arguments,
            options: WalkOptions(
                excludes: ExcludeGlobs(input.excludes), followSymlinks: input.follow, includeVCS: input.includeVCS,
                previousReport: sink.previousFile, pendingReport: sink.temporaryFile))
        for e in walk.errors { System.writeStderr("classify: \(Text.printable(e.path.display)): \(e.message)\n") }

        let context = RunContext(
            ruleset: ruleset, asOf: scanOptions.asOf!, failOnRank: failOnRank, failOnName: failOnName,
            showValues: output.showValues, minConfidence: rules.minConfidence, maxFileSize: input.maxFileSize.bytes,
            style: style, currentDirectory: System.currentDirectory())
        var summary = RunSummary(levelCount: levels.count)
        summary.excluded = walk.excludedCount
        summary.skipped = walk.skipped
        summary.errors = walk.errors
        var formatter = Formatters.make(format)

        let progressMode: ProgressMode =
            output.quiet ? .off : (System.isTerminal(2) ? .terminal : (output.progress ? .lines : .off))
        let progress = ProgressLine(mode: progressMode, start: started)
        let settings = ScanSettings(
            ruleset: ruleset, options: scanOptions, maxFileSize: input.maxFileSize.bytes,
            builder: ReportBuilder(showValues: output.showValues, lineDigests: format == .sarif),
            jobs: jobs ?? min(System.processorCount(), 8), structured: structured.mode,
            streamAbove: input.streamAbove.bytes)
        let pipeline = ScanPipeline(targets: walk.targets, settings: settings)
        let quiet = output.quiet
        let allowIncomplete = allowIncomplete
        // The progress line is erased before a report is written to the same terminal.
        let reportOnTerminal = sink.isStandardOutput && System.isTerminal(1)
        let summaryWriter = try summaries.openWriter()

        do {
            try formatter.begin(context, to: sink)
            summary.notScanned = try pipeline.run(
                emit: { outcome throws(OutputFailure) in
                    if reportOnTerminal { progress.finish() }
                    switch outcome {
                    case .scanned(let r):
                        summary.add(r, failOnRank: failOnRank)
                        // A scan cancelled by an interrupt is told of once, at the end.
                        let cancelledOnly =
                            r.result.decision.incomplete == .cancelled && Interrupts.stopSignal != nil
                        if !r.result.isComplete, !cancelledOnly, !quiet || !allowIncomplete {
                            progress.finish()
                            let why = Text.printable(r.result.incompleteSummary())
                            let name = Text.printable(r.path.display)
                            System.writeStderr(
                                "classify: \(name): scan incomplete (\(why)); its findings are partial\n")
                        }
                        try formatter.file(r, context, to: sink)
                        try summaryWriter?.add(r)
                        if sink.isStandardOutput { try sink.flush() }
                    case .skipped(let e):
                        summary.add(skipped: e)
                        if e.incomplete, !quiet || !allowIncomplete {
                            progress.finish()
                            let name = Text.printable(e.path.display)
                            System.writeStderr("classify: \(name): not scanned: \(e.reason)\n")
                        }
                    case .failed(let e):
                        summary.errors.append(e)
                        progress.finish()
                        System.writeStderr("classify: \(Text.printable(e.path.display)): \(e.message)\n")
                    }
                },
                tick: { progress.update($0) })
            progress.finish()
            summary.interruption = Interrupts.stopSignal
            summary.skipped.sort { $0.path < $1.path }
            summary.errors.sort { $0.path < $1.path }
            summary.elapsedSeconds = Double(System.monotonicNanoseconds() - started) / 1e9
            summary.exitStatus = ScanCommand.status(summary, allowIncomplete: allowIncomplete)
            try formatter.finish(summary, context, to: sink)
            try sink.commit()
            try summaryWriter?.commit()
            if let sig = summary.interruption {
                // One line, whatever the format: the report (standard output or --output)
                // says the rest.
                let written = sink.isStandardOutput ? "" : " to '\(Text.printable(sink.label))'"
                System.writeStderr(
                    "classify: interrupted by \(Interrupts.name(of: sig)): partial report\(written) of "
                        + "\(Text.count(summary.filesScanned, "file")) scanned, "
                        + "\(Text.grouped(summary.notScanned)) not scanned (incomplete)\n")
            }
        } catch {
            progress.finish()
            summaryWriter?.abandon()
            switch error {
            case .brokenPipe:
                // The reader has what it wanted (`classify scan ... | head`): stop quietly,
                // with the status of what was scanned so far.
                summary.interruption = Interrupts.stopSignal
                _exit(ScanCommand.status(summary, allowIncomplete: allowIncomplete))
            case .failed(let message):
                sink.abandon()
                throw CLIError(message)
            }
        }
        if summary.exitStatus != ExitStatus.clean { throw ExitCode(summary.exitStatus) }
    }

    /// 128 + the signal when interrupted; else 2 for errors and (unless allowed) incomplete
    /// scans, else 1 for files at or above --fail-on, else 0.
    static func status(_ s: RunSummary, allowIncomplete: Bool) -> Int32 {
        if let sig = s.interruption { return Interrupts.exitStatus(for: sig) }
        if !s.errors.isEmpty { return ExitStatus.error }
        if !s.incompleteFiles.isEmpty && !allowIncomplete { return ExitStatus.error }
        if s.filesAtOrAboveFailOn > 0 { return ExitStatus.findings }
        return ExitStatus.clean
    }
}
