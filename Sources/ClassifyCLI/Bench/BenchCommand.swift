// SPDX-License-Identifier: Apache-2.0
// `classify bench [--reps N] [--lines] [--json] [--pack FILE | --builtin NAME] [--naive] FILE`:
// how fast the engine scans one file, through the public Swift API (Ruleset, Scanner).
//
// The file is read into memory first; opening the ruleset (parse, validate, compile, JIT)
// is timed on its own and reported as setup. Each repetition scans the whole buffer with
// one reused Scanner (steady state), after untimed warm-up scans. With --lines every
// non-empty line is scanned as its own record and each call is timed. One thread; MB is
// 10^6 bytes. A repetition is timed with this thread's CPU time (CLOCK_THREAD_CPUTIME_ID),
// which other processes on a shared machine do not inflate, and by wall clock as well; a
// single --lines call is timed by wall clock only (CLOCK_MONOTONIC is a vDSO call of tens
// of nanoseconds, the CPU clock a system call of microseconds). benchmarks/README.md
// explains how to read the figures on a noisy machine.

import ArgumentParser
import ClassifyEngine
import RulePacks

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure scan throughput (MB/s) and per-record latency on a file.",
        discussion: """
            Reads FILE into memory, opens the ruleset (timed separately as setup), then scans \
            the whole buffer --reps times with one scanner after --warmup untimed scans, and \
            reports the median time and MB/s (10^6 bytes per second), one thread. Times are \
            this thread's CPU time, which other processes do not inflate (JSON also gives the \
            wall-clock median). Findings are kept up to the hard limit (\(Limits.maxFindings)), \
            so a dense file is scanned completely.

            --lines scans every non-empty line as its own record instead (without its line \
            break), timing each call by wall clock: it reports the median, 99th percentile \
            and mean microseconds per record over all repetitions (on a loaded machine the \
            p99 includes preemption; the median does not move much).

            --naive runs every pattern over the whole input, one pass per pattern, instead of \
            the one-pass prefilter; both give the same findings, so the ratio of the two is \
            what the prefilter buys. See benchmarks/README.md.

            Examples:
              classify bench benchmarks/corpus/dense.log
              classify bench --naive --reps 3 benchmarks/corpus/sparse.txt
              classify bench --lines --json benchmarks/corpus/records.txt
              classify bench --builtin credentials --json app.log
            """)

    @Argument(help: ArgumentHelp("The file to scan (read into memory before timing).", valueName: "file"))
    var file: String

    @Option(name: .customLong("reps"), help: ArgumentHelp("Timed repetitions (1 to 10000).", valueName: "n"))
    var reps = 5

    @Option(
        name: .customLong("warmup"), help: ArgumentHelp("Untimed scans before the timed ones (0 to 100).", valueName: "n"))
    var warmup = 1

    @Flag(name: .customLong("lines"), help: "Scan each non-empty line as its own record; report microseconds per record.")
    var lines = false

    @Flag(name: .customLong("json"), help: "Print one JSON object instead of the summary.")
    var json = false

    @Option(
        name: .customLong("pack"),
        help: ArgumentHelp(
            "A rule pack file. Repeatable: packs are layered in order. Replaces the built-in packs unless "
                + "--builtin is also given (as in 'classify scan').",
            valueName: "file"))
    var packs: [String] = []

    @Option(
        name: .customLong("builtin"),
        help: ArgumentHelp(
            "A built-in pack by name, or 'default' (all of them layered; the default).", valueName: "name"))
    var builtin: String?

    @Flag(name: .customLong("naive"), help: "Run every pattern over the whole input (one pass per pattern).")
    var naive = false

    func validate() throws {
        guard (1...10_000).contains(reps) else { throw ValidationError("--reps must be between 1 and 10000") }
        guard (0...100).contains(warmup) else { throw ValidationError("--warmup must be between 0 and 100") }
    }

    func run() throws {
        let data = try BenchCommand.readFile(file)

        let setupStart = System.monotonicNanoseconds()
        let setupCPU = BenchCommand.threadCPUSeconds()
        let ruleset = try PackLoading.ruleset(packFiles: packs, builtin: builtin)
        let scanner: Scanner
        do {
            scanner = try Scanner()
        } catch {
            throw CLIError("cannot create a scanner: \(error.reason)")
        }
        let setup = BenchCommand.threadCPUSeconds() - setupCPU
        let setupWall = Double(System.monotonicNanoseconds() - setupStart) / 1e9

        var options = ScanOptions()
        options.maxFindings = Limits.maxFindings
        options.strategy = naive ? .naive : .prefiltered

        let measured = data.withUnsafeBufferPointer { buf in
            lines
                ? BenchCommand.measureLines(buf, scanner: scanner, ruleset: ruleset, options: options, reps: reps,
                    warmup: warmup)
                : BenchCommand.measureWhole(buf, scanner: scanner, ruleset: ruleset, options: options, reps: reps,
                    warmup: warmup)
        }
        let report = Report(
            file: file, bytes: data.count, reps: reps, warmup: warmup, strategy: naive ? "naive" : "prefiltered",
            ruleset: "\(ruleset.id) \(ruleset.version)", detectors: ruleset.detectorCount, setup: setup,
            setupWall: setupWall, measured: measured)
        Console.out(json ? report.json() : report.human())
    }

    // MARK: - Measuring

    struct Measured {
        /// CPU seconds per repetition (the whole buffer, or one pass over all records).
        var passes: [Double]
        /// Wall-clock seconds per repetition.
        var wall: [Double] = []
        var findings: Int
        var incomplete: [String]
        /// With --lines: the number of records, their bytes, and every call's microseconds.
        var records = 0
        var recordBytes = 0
        var perRecord: [Double] = []
    }

    static func measureWhole(
        _ buf: UnsafeBufferPointer<UInt8>, scanner: Scanner, ruleset: Ruleset, options: ScanOptions, reps: Int,
        warmup: Int
    ) -> Measured {
        for _ in 0..<warmup { _ = scanner.scan(buf, with: ruleset, options: options) }
        var passes: [Double] = []
        var wall: [Double] = []
        passes.reserveCapacity(reps)
        wall.reserveCapacity(reps)
        var findings = 0
        var incomplete: [String] = []
        for _ in 0..<reps {
            let w0 = System.monotonicNanoseconds()
            let c0 = BenchCommand.threadCPUSeconds()
            let result = scanner.scan(buf, with: ruleset, options: options)
            passes.append(BenchCommand.threadCPUSeconds() - c0)
            wall.append(Double(System.monotonicNanoseconds() - w0) / 1e9)
            findings = result.findings.count
            incomplete = result.decision.incomplete.names
        }
        return Measured(passes: passes, wall: wall, findings: findings, incomplete: incomplete)
    }

    static func measureLines(
        _ buf: UnsafeBufferPointer<UInt8>, scanner: Scanner, ruleset: Ruleset, options: ScanOptions, reps: Int,
        warmup: Int
    ) -> Measured {
        // Every non-empty line, without its line break ("\n" or "\r\n").
        var spans: [Range<Int>] = []
        var start = 0
        for i in 0..<buf.count where buf[i] == 0x0A {
            var end = i
            if end > start, buf[end - 1] == 0x0D { end -= 1 }
            if end > start { spans.append(start..<end) }
            start = i + 1
        }
        if start < buf.count { spans.append(start..<buf.count) }
        let recordBytes = spans.reduce(0) { $0 + $1.count }
        guard let base = buf.baseAddress, !spans.isEmpty else {
            return Measured(passes: Array(repeating: 0, count: reps), findings: 0, incomplete: [])
        }
        func record(_ r: Range<Int>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: base + r.lowerBound, count: r.count)
        }
        for _ in 0..<warmup {
            for r in spans { _ = scanner.scan(record(r), with: ruleset, options: options) }
        }
        var perRecord: [Double] = []
        perRecord.reserveCapacity(spans.count * reps)
        var passes: [Double] = []
        var wall: [Double] = []
        var findings = 0
        var incomplete = Set<String>()
        for _ in 0..<reps {
            var found = 0
            let p0 = System.monotonicNanoseconds()
            let c0 = BenchCommand.threadCPUSeconds()
            for r in spans {
                let t0 = System.monotonicNanoseconds()
                let result = scanner.scan(record(r), with: ruleset, options: options)
                let t1 = System.monotonicNanoseconds()
                perRecord.append(Double(t1 - t0) / 1e3)
                found += result.findings.count
                if !result.isComplete { incomplete.formUnion(result.decision.incomplete.names) }
            }
            passes.append(BenchCommand.threadCPUSeconds() - c0)
            wall.append(Double(System.monotonicNanoseconds() - p0) / 1e9)
            findings = found
        }
        return Measured(
            passes: passes, wall: wall, findings: findings, incomplete: incomplete.sorted(), records: spans.count,
            recordBytes: recordBytes, perRecord: perRecord)
    }

    // MARK: - Reporting

    struct Report {
        var file: String
        var bytes: Int
        var reps: Int
        var warmup: Int
        var strategy: String
        var ruleset: String
        var detectors: Int
        /// Opening the ruleset and creating the scanner: CPU and wall-clock seconds.
        var setup: Double
        var setupWall: Double
        var measured: Measured

        var median: Double { Stats.median(measured.passes) }
        var mbPerSecond: Double { median > 0 ? Double(bytes) / median / 1e6 : 0 }

        func json() -> String {
            var fields: [(String, String)] = [
                ("file", JSON.string(file)),
                ("bytes", String(bytes)),
                ("reps", String(reps)),
                ("warmup", String(warmup)),
                ("strategy", JSON.string(strategy)),
                ("ruleset", JSON.string(ruleset)),
                ("detectors", String(detectors)),
                ("median_s", JSON.number(median)),
                ("min_s", JSON.number(measured.passes.min() ?? 0)),
                ("max_s", JSON.number(measured.passes.max() ?? 0)),
                ("mb_per_s", JSON.number(mbPerSecond)),
                ("clock", JSON.string("cpu")),
                ("wall_median_s", JSON.number(Stats.median(measured.wall))),
                ("findings", String(measured.findings)),
                ("incomplete", "[" + measured.incomplete.map(JSON.string).joined(separator: ",") + "]"),
                ("setup_s", JSON.number(setup)),
                ("setup_wall_s", JSON.number(setupWall)),
                ("kernel", JSON.string(Scanner.kernelName)),
            ]
            if measured.records > 0 || !measured.perRecord.isEmpty {
                let s = Stats(measured.perRecord)
                fields += [
                    ("records", String(measured.records)),
                    ("mean_record_bytes", JSON.number(Double(measured.recordBytes) / Double(max(1, measured.records)))),
                    ("median_us", JSON.number(s.median)),
                    ("p99_us", JSON.number(s.p99)),
                    ("mean_us", JSON.number(s.mean)),
                ]
            }
            return "{" + fields.map { "\(JSON.string($0.0)): \($0.1)" }.joined(separator: ", ") + "}\n"
        }

        func human() -> String {
            var rows: [(String, String)] = [
                ("file", "\(file) (\(Text.grouped(bytes)) bytes)"),
                ("ruleset", "\(ruleset), \(Text.count(detectors, "detector")), \(strategy) strategy"),
                ("kernel", Scanner.kernelName + (Scanner.kernelName == "avx2" ? "" : " (no AVX2, or CLASSIFY_NO_AVX2 set)")),
                ("setup", Text.fixed(setup * 1e3, 1) + " ms CPU (open: parse, validate, compile, JIT)"),
            ]
            let passes = measured.passes
            let what = measured.records > 0
                ? (reps == 1 ? "pass" : "passes") + " over all records" : (reps == 1 ? "scan" : "scans")
            rows.append((
                "time",
                "median \(Text.fixed(median, 4)) s CPU of \(reps) \(what) (min \(Text.fixed(passes.min() ?? 0, 4)), "
                    + "max \(Text.fixed(passes.max() ?? 0, 4)); wall median \(Text.fixed(Stats.median(measured.wall), 4)) s; "
                    + "\(warmup) warm-up)"
            ))
            rows.append(("throughput", Text.fixed(mbPerSecond, 1) + " MB/s (10^6 bytes per CPU second, one thread)"))
            var found = Text.grouped(measured.findings)
            if measured.records > 0 { found += " (all records, one pass)" }
            if !measured.incomplete.isEmpty { found += "; incomplete: " + measured.incomplete.joined(separator: ", ") }
            rows.append(("findings", found))
            if measured.records > 0 {
                let s = Stats(measured.perRecord)
                let mean = Double(measured.recordBytes) / Double(measured.records)
                rows.append(("records", "\(Text.grouped(measured.records)) lines, mean \(Text.fixed(mean, 1)) bytes"))
                rows.append((
                    "per record",
                    "median \(Text.fixed(s.median, 2)) us, p99 \(Text.fixed(s.p99, 2)) us, mean \(Text.fixed(s.mean, 2)) us"
                ))
            }
            let width = rows.map(\.0.count).max() ?? 0
            return rows.map { Text.pad($0.0, width) + "  " + $0.1 }.joined(separator: "\n") + "\n"
        }
    }

    /// Median, 99th percentile (nearest rank) and mean of a sample.
    struct Stats {
        var median = 0.0
        var p99 = 0.0
        var mean = 0.0

        init(_ xs: [Double]) {
            guard !xs.isEmpty else { return }
            let sorted = xs.sorted()
            median = Stats.median(sorted, presorted: true)
            let rank = Int((0.99 * Double(sorted.count)).rounded(.up))
            p99 = sorted[min(sorted.count, max(1, rank)) - 1]
            mean = sorted.reduce(0, +) / Double(sorted.count)
        }

        static func median(_ xs: [Double], presorted: Bool = false) -> Double {
            guard !xs.isEmpty else { return 0 }
            let s = presorted ? xs : xs.sorted()
            let n = s.count
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
        }
    }

    /// Just enough JSON for the report: strings and finite numbers.
    enum JSON {
        static func string(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if u.value < 0x20 {
                        let hex = String(u.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(u)
                    }
                }
            }
            return out + "\""
        }

        static func number(_ x: Double) -> String {
            guard x.isFinite else { return "null" }
            // Nine significant digits is plenty for timings and rates.
            let magnitude = abs(x)
            if magnitude == 0 { return "0" }
            var decimals = 9
            var m = magnitude
            while m >= 10, decimals > 0 {
                m /= 10
                decimals -= 1
            }
            var s = Text.fixed(x, decimals)
            if s.contains(".") {
                while s.hasSuffix("0") { s.removeLast() }
                if s.hasSuffix(".") { s.removeLast() }
            }
            return s
        }
    }

    /// This thread's CPU time in seconds.
    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    // MARK: - Input

    /// Reads a whole file into memory (regular files and pipes alike).
    static func readFile(_ path: String) throws(CLIError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CLIError("\(path): cannot open: \(System.describe(errno: errno))") }
        defer { close(fd) }
        var st = stat()
        var capacity = 1 << 16
        if fstat(fd, &st) == 0, st.st_size > 0 { capacity = Int(st.st_size) + 1 }
        var bytes = [UInt8](repeating: 0, count: capacity)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let n = bytes.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + count, raw.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CLIError("\(path): cannot read: \(System.describe(errno: errno))")
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }
}
