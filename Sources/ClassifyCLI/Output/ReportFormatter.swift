// SPDX-License-Identifier: Apache-2.0
// The interface every output format implements, and what it is given: the run's context,
// each file's report in path order, then the summary.

import ClassifyEngine
import RulePacks

/// Facts about the run that every format may print.
struct RunContext {
    var ruleset: Ruleset
    var asOf: CivilDate
    /// The rank of `--fail-on`, nil for `none`.
    var failOnRank: Int?
    var failOnName: String
    var showValues: Bool
    var minConfidence: Double
    var maxFileSize: Int
    var style: Style
    /// The current directory (for SARIF's %SRCROOT%).
    var currentDirectory: [UInt8]?

    var levels: [String] { ruleset.pack.levels }
}

/// Totals of a run, filled in as outcomes arrive.
struct RunSummary {
    var filesScanned = 0
    var bytesScanned = 0
    var skipped: [SkippedEntry] = []
    var errors: [ErrorEntry] = []
    var excluded = 0
    var findingCount = 0
    var findingsByType: [String: Int] = [:]
    /// Highest level rank per type.
    var levelByType: [String: Int] = [:]
    var findingsByLevel: [Int]
    var filesByLevel: [Int]
    var highestRank: Int?
    var filesNeedingReview = 0
    /// Files whose scan stopped early, and paths named on the command line that a limit
    /// kept from being scanned (in target order).
    var incompleteFiles: [PathName] = []
    /// For the files among them whose scan stopped early: why, and which detectors it cut
    /// short (`ScanResult.incompleteSummary`), by path bytes.
    var incompleteDetails: [[UInt8]: String] = [:]
    var filesAtOrAboveFailOn = 0
    /// The signal that stopped the scan (SIGINT, SIGTERM, SIGHUP), if one did.
    var interruption: Int32?
    /// Targets not started because the scan was interrupted.
    var notScanned = 0
    var elapsedSeconds = 0.0
    var exitStatus: Int32 = ExitStatus.clean

    init(levelCount: Int) {
        findingsByLevel = Array(repeating: 0, count: levelCount)
        filesByLevel = Array(repeating: 0, count: levelCount)
    }

    mutating func add(_ r: FileReport, failOnRank: Int?) {
        filesScanned += 1
        bytesScanned += r.byteCount
        let d = r.result.decision
        if d.levelRank < filesByLevel.count { filesByLevel[d.levelRank] += 1 }
        highestRank = max(highestRank ?? d.levelRank, d.levelRank)
        if d.needsReview { filesNeedingReview += 1 }
        if !r.result.isComplete {
            incompleteFiles.append(r.path)
            incompleteDetails[r.path.bytes] = r.result.incompleteSummary()
        }
        if let failOnRank, !r.findings.isEmpty, d.levelRank >= failOnRank { filesAtOrAboveFailOn += 1 }
        for lf in r.findings {
            findingCount += 1
            let type = r.result.detector(of: lf.finding).type
            findingsByType[type, default: 0] += 1
            levelByType[type] = max(levelByType[type] ?? 0, lf.finding.levelRank)
            if lf.finding.levelRank < findingsByLevel.count { findingsByLevel[lf.finding.levelRank] += 1 }
        }
    }

    mutating func add(skipped e: SkippedEntry) {
        skipped.append(e)
        if e.incomplete { incompleteFiles.append(e.path) }
    }

    /// Whether the run covered everything it was asked to: not interrupted, no scan stopped
    /// early, no path named on the command line left out by a limit, no errors.
    var isComplete: Bool { interruption == nil && incompleteFiles.isEmpty && errors.isEmpty }

    /// Types by count (descending), then name.
    var typesByCount: [(type: String, count: Int)] {
        findingsByType.map { ($0.key, $0.value) }.sorted {
            $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.utf8.lexicographicallyPrecedes($1.0.utf8)
        }
    }
}

protocol ReportFormatter {
    mutating func begin(_ context: RunContext, to out: OutputSink) throws(OutputFailure)
    mutating func file(_ report: FileReport, _ context: RunContext, to out: OutputSink) throws(OutputFailure)
    mutating func finish(_ summary: RunSummary, _ context: RunContext, to out: OutputSink) throws(OutputFailure)
}

enum Formatters {
    static func make(_ format: OutputFormat) -> any ReportFormatter {
        switch format {
        case .table: return TableFormatter()
        case .json: return JSONFormatter()
        case .ndjson: return NDJSONFormatter()
        case .sarif: return SARIFFormatter()
        case .csv: return CSVFormatter()
        }
    }
}

extension JSONWriter {
    /// The fields of one finding shared by the json and ndjson formats (no braces).
    mutating func findingFields(_ lf: LocatedFinding, in r: FileReport) {
        let f = lf.finding
        let d = r.result.detector(of: f)
        field("start", f.start)
        field("end", f.end)
        field("line", lf.start.line)
        field("column", lf.start.column)
        field("column_chars", lf.start.columnChars)
        field("end_line", lf.end.line)
        field("end_column", lf.end.column)
        if let name = lf.field { field("field", name) }
        field("detector", d.id)
        field("type", d.type)
        field("category", d.category.rawValue)
        field("confidence", f.confidence)
        field("level", r.result.ruleset.pack.levels[f.levelRank])
        field("frameworks", lf.frameworks)
        field("preview", lf.preview)
    }

    mutating func explanation(_ f: Finding) {
        key("explanation")
        beginObject()
        field("pattern", f.explanation.patternIndex)
        field("validator", f.explanation.validator)
        field("keyword", f.explanation.keyword)
        if let e = f.explanation.entropy { field("entropy", e) }
        endObject()
    }

    mutating func field(_ k: String, _ path: PathName) { field(k, path.display) }
}
