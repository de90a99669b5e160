// SPDX-License-Identifier: Apache-2.0
// `classify redact`: a copy of a file or of standard input with every finding replaced
// (docs/redaction.md). Text is redacted as a stream (bounded memory, output as soon as it
// can no longer change); CSV, TSV, JSON and NDJSON files stay valid in their format.

import ArgumentParser
import ClassifyEngine
import RulePacks

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

struct RedactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Write a copy of a file or of standard input with its sensitive data replaced.",
        discussion: """
            Modes: mask (all characters but the last --keep, default 4, become '*'; \
            credentials keep none), type ([EMAIL_ADDRESS]), hash ([EMAIL_ADDRESS:3f2a9c1b0e4d5a6f], \
            the first 16 hex digits of HMAC-SHA-256 with the key in --key-file, so that the \
            same value always gives the same token), remove. Without --mode each detector \
            is redacted as its pack says, else masked. Every candidate a detector accepts is \
            replaced, also one an overlapping finding outranks.

            Standard input and text files are redacted as a stream: memory stays bounded and \
            output is written as soon as it can no longer change. CSV and TSV (with a header \
            row), JSON and NDJSON files (by extension, unless --structured never) are \
            redacted value by value, each with its column name or JSON path as context, and \
            stay valid: a CSV cell is quoted when it needs to be, a JSON value stays a JSON \
            string (a number with a finding becomes one).

            Exit status: 0 done; 2 an error (a bad option, a pack or key that does not load, \
            input that cannot be read, output that cannot be written, a redaction that \
            stopped early without --allow-incomplete).

            Examples:
              classify redact --mode type notes.txt > notes.redacted.txt
              classify redact --mode hash --key-file key.bin --output clean.csv customers.csv
              kubectl logs app | classify redact - | less
            """)

    @Argument(help: ArgumentHelp("The file to redact; '-' reads standard input.", valueName: "file"))
    var path: String

    @Option(name: .customLong("mode"), help: ArgumentHelp("mask, type, hash or remove.", valueName: "mode"))
    var mode: RedactionModeArgument?

    @Option(
        name: .customLong("keep"),
        help: ArgumentHelp("mask: characters kept at the end (0 to 64; at most half of a value).", valueName: "n"))
    var keep: Int?

    @Option(
        name: .customLong("key-file"),
        help: ArgumentHelp(
            "hash: the file whose bytes are the HMAC key (a final newline is not part of it).", valueName: "file"))
    var keyFile: String?

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp(
            "Write the copy to FILE (atomically: a temporary file renamed into place). Default: standard output.",
            valueName: "file"))
    var output: String?

    @OptionGroup(title: "Rules") var rules: RuleOptions
    @OptionGroup(title: "Structured data") var structured: StructuredOptions

    @Option(
        name: .customLong("max-file-size"),
        help: ArgumentHelp("Refuse a structured file larger than this (K, M, G: binary units).", valueName: "size"))
    var maxFileSize: ByteSize = ByteSize(bytes: 100 * 1_048_576)

    @Flag(name: .customLong("allow-incomplete"), help: "Do not exit 2 because the scan stopped early (--timeout).")
    var allowIncomplete = false

    func validate() throws {
        if let k = keep, !(0...RedactionSpec.maxKeep).contains(k) {
            throw ValidationError("--keep must be between 0 and \(RedactionSpec.maxKeep)")
        }
        if let a = rules.asOf, CivilDate(iso: a) == nil {
            throw ValidationError("--as-of '\(a)': not a valid date; use YYYY-MM-DD, e.g. 2026-01-31")
        }
        guard rules.minConfidence.isFinite, (0...1).contains(rules.minConfidence) else {
            throw ValidationError("--min-confidence must be between 0 and 1")
        }
        if mode?.mode == .hash && keyFile == nil {
            throw ValidationError("--mode hash needs --key-file: the key of the HMAC")
        }
    }

    func run() throws {
        Interrupts.install()
        let ruleset = try PackLoading.ruleset(packFiles: rules.packs, builtin: rules.builtin)
        var options = RedactionOptions(mode: mode?.mode, keep: keep)
        if let keyFile { options.key = try RedactCommand.readKey(keyFile) }
        let redactor: Redactor
        do {
            redactor = try Redactor(ruleset: ruleset, options: options)
        } catch {
            throw CLIError(error.reason + (keyFile == nil ? " (give one with --key-file)" : ""))
        }
        var scanOptions = ScanOptions(asOf: nil, minConfidence: rules.minConfidence)
        scanOptions.asOf = rules.asOf.flatMap { CivilDate(iso: $0) } ?? CivilDate(unixSeconds: System.unixSeconds())
        if let m = rules.maxFindings { scanOptions.maxFindings = m }
        if let t = rules.timeout { scanOptions.deadlineNanoseconds = t.nanoseconds }

        let sink = try output.map { p throws(CLIError) in try OutputSink.file(p) } ?? .standardOutput()
        let scanner: Scanner
        do { scanner = try Scanner() } catch { throw CLIError(error.description) }
        var incomplete: IncompleteReasons = []
        do {
            let kind = path == FileWalker.standardInputName ? nil : StructuredScan.kind(of: PathName(path), mode: structured.mode)
            if let kind {
                incomplete = try redactStructured(kind, ruleset: ruleset, redactor: redactor, options: scanOptions, scanner: scanner, to: sink)
            } else {
                incomplete = try redactStream(ruleset: ruleset, redactor: redactor, options: scanOptions, scanner: scanner, to: sink)
            }
            if !incomplete.isEmpty && !allowIncomplete {
                sink.abandon()
                let written = output.map { "'\($0)' was left as it was" } ?? "what was written may hold unredacted data"
                throw CLIError(
                    "the scan stopped early (\(incomplete.names.joined(separator: ", "))): \(written); "
                        + "use --allow-incomplete to accept a partial redaction")
            }
            try sink.commit()
        } catch let e as OutputFailure {
            sink.abandon()
            switch e {
            case .brokenPipe: _exit(ExitStatus.clean)
            case .failed(let message): throw CLIError(message)
            }
        } catch {
            sink.abandon()
            throw error
        }
    }

    /// A key file's bytes, without a final newline.
    static func readKey(_ path: String) throws(CLIError) -> [UInt8] {
        var key: [UInt8]
        do {
            key = try RulePack.readFile(path, limit: 65_536, limitName: "64 KiB")
        } catch {
            throw CLIError("--key-file: \(error.reason)")
        }
        if key.last == 0x0A { key.removeLast() }
        if key.last == 0x0D { key.removeLast() }
        guard !key.isEmpty else { throw CLIError("--key-file '\(path)': the key is empty") }
        return key
    }

    /// Text (a file or standard input) through a redacting stream, piece by piece.
    private func redactStream(
        ruleset: Ruleset, redactor: Redactor, options: ScanOptions, scanner: Scanner, to sink: OutputSink
    ) throws -> IncompleteReasons {
        let fd: Int32
        if path == FileWalker.standardInputName {
            fd = 0
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
            guard fd >= 0 else { throw CLIError("'\(path)': cannot open: \(System.describe(errno: errno))") }
            var st = stat()
            if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw CLIError("'\(path)': is a directory")
            }
        }
        defer { if fd != 0 { close(fd) } }
        let stream = ScanStream(ruleset: ruleset, options: options, redactor: redactor)
        var piece = [UInt8](repeating: 0, count: StreamScan.pieceBytes)
        while true {
            let n = piece.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CLIError("'\(path == "-" ? "standard input" : path)': cannot read: \(System.describe(errno: errno))")
            }
            if n == 0 { break }
            let batch = try piece.withUnsafeBufferPointer { buf throws(ClassifyError) in
                try stream.write(UnsafeBufferPointer(rebasing: buf[0..<n]), scanner: scanner)
            }
            try sink.write(batch.redacted)
        }
        try sink.write(try stream.finish(scanner: scanner).redacted)
        return stream.incomplete
    }

    /// A CSV, TSV, JSON or NDJSON file, value by value; one that does not parse as its
    /// extension says is redacted as text.
    private func redactStructured(
        _ kind: StructuredKind, ruleset: Ruleset, redactor: Redactor, options: ScanOptions, scanner: Scanner,
        to sink: OutputSink
    ) throws -> IncompleteReasons {
        var buffer = ReadBuffer()
        let reader = FileReader(maxFileSize: maxFileSize.bytes)
        switch reader.read(ScanTarget(path: PathName(path), kind: .regular), into: &buffer) {
        case .failed(let message): throw CLIError("'\(path)': \(message)")
        case .skipped(let reason, _): throw CLIError("'\(path)': \(reason)")
        case .data: break
        }
        let n = buffer.count
        let outcome: StructuredRedact.Outcome? = buffer.storage.withUnsafeBufferPointer { all in
            try? StructuredRedact.redact(
                UnsafeBufferPointer(rebasing: all[0..<n]), kind: kind, scanner: scanner, ruleset: ruleset,
                redactor: redactor, options: options)
        }
        guard let outcome else {
            System.writeStderr("classify: '\(Text.printable(path))': not valid \(kind.rawValue.uppercased()); redacted as text\n")
            return try redactStream(ruleset: ruleset, redactor: redactor, options: options, scanner: scanner, to: sink)
        }
        try sink.write(outcome.output)
        return outcome.incomplete
    }
}

/// `--mode`.
struct RedactionModeArgument: ExpressibleByArgument {
    var mode: RedactionMode

    init?(argument: String) {
        guard let m = RedactionMode(rawValue: argument) else { return nil }
        mode = m
    }

    static var allValueStrings: [String] { RedactionMode.allCases.map(\.rawValue) }
}
