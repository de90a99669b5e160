// SPDX-License-Identifier: Apache-2.0
// `--format table`: for people. Per file its level, frameworks and review flag, then its
// findings grouped by type with counts, lines and one masked example; then what was
// skipped, the errors and the totals. Written file by file as the scan goes. Colour only
// when enabled (a terminal, NO_COLOR unset, or --color always).

import ClassifyEngine
import RulePacks

struct TableFormatter: ReportFormatter {
    /// Lines listed per type before "+N more".
    static let linesShown = 6
    private var levelWidth = 0
    private var printedAny = false

    mutating func begin(_ context: RunContext, to out: OutputSink) throws(OutputFailure) {
        levelWidth = context.levels.map(\.count).max() ?? 0
    }

    mutating func file(_ r: FileReport, _ context: RunContext, to out: OutputSink) throws(OutputFailure) {
        let st = context.style
        let levels = context.levels
        let d = r.result.decision
        let name = r.isStandardInput ? "(standard input)" : Text.printable(r.path.display)
        var head = st.bold(name) + "  " + st.level(d.level, rank: d.levelRank, of: levels.count)
        if !d.frameworks.isEmpty { head += "  " + d.frameworks.joined(separator: " ") }
        if d.needsReview { head += "  " + st.yellow("needs review") }
        if !r.result.isComplete {
            head += "  " + st.boldRed("INCOMPLETE (\(Text.printable(r.result.incompleteSummary())))")
        }
        head +=
            "  "
            + st.dim(
                r.findings.isEmpty
                    ? "no findings, \(Text.bytes(r.byteCount))"
                    : "\(Text.count(r.findings.count, "finding")), \(Text.bytes(r.byteCount))")
        var text = head + "\n"

        // Group by type: count, highest level, distinct lines, first preview.
        struct Group {
            var type: String
            var count = 0
            var rank = 0
            var lines: [Int] = []
            var example = ""
        }
        var groups: [String: Group] = [:]
        var order: [String] = []
        for lf in r.findings {
            // Structured files: one group per type and column.
            let type = r.result.detector(of: lf.finding).type + (lf.field.map { " in \($0)" } ?? "")
            if groups[type] == nil {
                groups[type] = Group(type: type, example: Text.printable(lf.preview))
                order.append(type)
            }
            groups[type]!.count += 1
            groups[type]!.rank = max(groups[type]!.rank, lf.finding.levelRank)
            if groups[type]!.lines.last != lf.start.line { groups[type]!.lines.append(lf.start.line) }
        }
        let sorted = order.compactMap { groups[$0] }.sorted {
            if $0.rank != $1.rank { return $0.rank > $1.rank }
            if $0.count != $1.count { return $0.count > $1.count }
            return $0.type.utf8.lexicographicallyPrecedes($1.type.utf8)
        }
        let typeWidth = sorted.map(\.type.count).max() ?? 0
        let countWidth = sorted.map { Text.grouped($0.count).count }.max() ?? 0
        let lineTexts = sorted.map { TableFormatter.lineList($0.lines) }
        let lineWidth = lineTexts.map(\.count).max() ?? 0
        for (g, lines) in zip(sorted, lineTexts) {
            text += "  " + Text.pad(g.type, typeWidth) + "  " + Text.padLeft(Text.grouped(g.count), countWidth) + "  "
            text += st.level(Text.pad(levels[g.rank], levelWidth), rank: g.rank, of: levels.count) + "  "
            text += Text.pad(lines, lineWidth) + "  " + st.dim(Text.truncated(g.example, 40)) + "\n"
        }
        if printedAny { text = "\n" + text }
        printedAny = true
        try out.write(text)
    }

    mutating func finish(_ s: RunSummary, _ context: RunContext, to out: OutputSink) throws(OutputFailure) {
        let st = context.style
        let levels = context.levels
        var text = printedAny ? "\n" : ""
        if !s.skipped.isEmpty {
            text += st.bold("Skipped") + " " + st.dim("(\(s.skipped.count))") + "\n"
            let w = min(s.skipped.map { Text.printable($0.path.display).count }.max() ?? 0, 60)
            for e in s.skipped { text += "  " + Text.pad(Text.printable(e.path.display), w) + "  " + e.reason + "\n" }
            text += "\n"
        }
        if !s.errors.isEmpty {
            text += st.boldRed("Errors") + " " + st.dim("(\(s.errors.count))") + "\n"
            let w = min(s.errors.map { Text.printable($0.path.display).count }.max() ?? 0, 60)
            for e in s.errors { text += "  " + Text.pad(Text.printable(e.path.display), w) + "  " + e.message + "\n" }
            text += "\n"
        }
        if s.findingCount > 0 {
            text += st.bold("Findings by type") + "\n"
            let types = s.typesByCount
            let tw = types.map(\.type.count).max() ?? 0
            let cw = types.map { Text.grouped($0.count).count }.max() ?? 0
            for (t, n) in types {
                let rank = s.levelByType[t] ?? 0
                text += "  " + Text.pad(t, tw) + "  " + Text.padLeft(Text.grouped(n), cw) + "  "
                text += st.level(levels[rank], rank: rank, of: levels.count) + "\n"
            }
            text += "\n"
        }
        let pack = context.ruleset.pack
        let label = 12
        func row(_ key: String, _ value: String) -> String { "  " + st.dim(Text.pad(key, label)) + value + "\n" }
        text += st.bold("Summary") + "\n"
        var files = "\(Text.count(s.filesScanned, "file")), \(Text.bytes(s.bytesScanned))"
        if !s.skipped.isEmpty { files += "; \(Text.grouped(s.skipped.count)) skipped" }
        if s.excluded > 0 { files += "; \(Text.grouped(s.excluded)) excluded" }
        if !s.errors.isEmpty { files += "; " + st.boldRed(Text.count(s.errors.count, "error")) }
        text += row("scanned", files)
        text += row(
            "findings",
            s.findingCount == 0
                ? "none"
                : Text.grouped(s.findingCount)
                    + " (\(Text.count(s.findingsByType.count, "type")))")
        var byLevel: [String] = []
        for rank in stride(from: levels.count - 1, through: 0, by: -1) where s.filesByLevel[rank] > 0 {
            byLevel.append(
                "\(Text.grouped(s.filesByLevel[rank])) " + st.level(levels[rank], rank: rank, of: levels.count))
        }
        if !byLevel.isEmpty { text += row("levels", byLevel.joined(separator: ", ")) }
        if let h = s.highestRank { text += row("highest", st.level(levels[h], rank: h, of: levels.count)) }
        if s.filesNeedingReview > 0 {
            text += row(
                "review",
                Text.count(s.filesNeedingReview, "file") + (s.filesNeedingReview == 1 ? " needs" : " need") + " review")
        }
        if !s.incompleteFiles.isEmpty {
            text += row("incomplete", st.boldRed(Text.count(s.incompleteFiles.count, "file")))
        }
        if let sig = s.interruption {
            text += row(
                "stopped",
                st.boldRed("interrupted by \(Interrupts.name(of: sig))") + ": "
                    + "\(Text.grouped(s.notScanned)) not scanned; the report is partial")
        }
        text += row(
            "pack", "\(pack.id) \(pack.version.text) (\(String(pack.digest.prefix(19)))…), as of \(context.asOf)")
        let rate = s.elapsedSeconds > 0 ? " (\(Text.bytes(Int(Double(s.bytesScanned) / s.elapsedSeconds)))/s)" : ""
        text += row("elapsed", Text.duration(seconds: s.elapsedSeconds) + rate)
        text += row("result", TableFormatter.verdict(s, context))
        try out.write(text)
    }

    /// "lines 3, 7, 12 +4" / "line 14".
    static func lineList(_ lines: [Int]) -> String {
        if lines.count == 1 { return "line \(lines[0])" }
        let shown = lines.prefix(linesShown).map(String.init).joined(separator: ", ")
        return "lines " + shown + (lines.count > linesShown ? " +\(lines.count - linesShown)" : "")
    }

    static func verdict(_ s: RunSummary, _ c: RunContext) -> String {
        let st = c.style
        if let sig = s.interruption {
            return st.boldRed("exit \(s.exitStatus)") + ": interrupted by \(Interrupts.name(of: sig))"
        }
        switch s.exitStatus {
        case ExitStatus.error:
            var why: [String] = []
            if !s.errors.isEmpty { why.append(Text.count(s.errors.count, "error")) }
            if !s.incompleteFiles.isEmpty { why.append("incomplete coverage (see --allow-incomplete)") }
            return st.boldRed("exit 2") + ": " + why.joined(separator: ", ")
        case ExitStatus.findings:
            return st.boldRed("exit 1") + ": \(Text.count(s.filesAtOrAboveFailOn, "file")) at or above "
                + "\(c.failOnName) (--fail-on)"
        default:
            if c.failOnRank == nil { return st.green("exit 0") + ": --fail-on none" }
            return st.green("exit 0") + ": nothing at or above \(c.failOnName) (--fail-on)"
        }
    }
}
