// SPDX-License-Identifier: Apache-2.0
// `--format json`: one document, schema "classify.scan/1" (docs/cli.md). The document is
// built in memory and written in one piece at the end, so an error never leaves half of it.

import ClassifyEngine

struct JSONFormatter: ReportFormatter {
    static let schema = "classify.scan/1"
    private var w = JSONWriter()

    mutating func begin(_ context: RunContext, to out: OutputSink) throws(OutputFailure) {
        let pack = context.ruleset.pack
        w.beginObject()
        w.field("schema", JSONFormatter.schema)
        w.key("tool")
        w.beginObject()
        w.field("name", "classify")
        w.field("version", ClassifyVersion.string)
        w.endObject()
        w.key("pack")
        w.beginObject()
        w.field("id", pack.id)
        w.field("version", pack.version.text)
        w.field("digest", pack.digest)
        w.field("detectors", pack.detectors.count)
        w.endObject()
        w.field("as_of", context.asOf.description)
        w.key("options")
        w.beginObject()
        w.field("fail_on", context.failOnName)
        w.field("min_confidence", context.minConfidence)
        w.field("max_file_size", context.maxFileSize)
        w.field("show_values", context.showValues)
        w.endObject()
        w.key("files")
        w.beginArray()
    }

    mutating func file(_ r: FileReport, _ context: RunContext, to out: OutputSink) throws(OutputFailure) {
        w.beginObject()
        w.field("path", r.path)
        w.field("bytes", r.byteCount)
        w.key("decision")
        r.result.writeDecision(to: &w)
        w.key("findings")
        w.beginArray()
        for lf in r.findings {
            w.beginObject()
            w.findingFields(lf, in: r)
            w.explanation(lf.finding)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    mutating func finish(_ s: RunSummary, _ context: RunContext, to out: OutputSink) throws(OutputFailure) {
        let levels = context.levels
        w.endArray()
        w.key("skipped")
        w.beginArray()
        for e in s.skipped {
            w.beginObject()
            w.field("path", e.path)
            w.field("reason", e.reason)
            w.endObject()
        }
        w.endArray()
        w.key("errors")
        w.beginArray()
        for e in s.errors {
            w.beginObject()
            w.field("path", e.path)
            w.field("message", e.message)
            w.endObject()
        }
        w.endArray()
        w.key("summary")
        w.beginObject()
        w.field("files_scanned", s.filesScanned)
        w.field("files_skipped", s.skipped.count)
        w.field("files_excluded", s.excluded)
        w.field("errors", s.errors.count)
        w.field("bytes_scanned", s.bytesScanned)
        w.field("findings", s.findingCount)
        w.key("findings_by_type")
        w.beginObject()
        for t in s.findingsByType.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            w.field(t, s.findingsByType[t] ?? 0)
        }
        w.endObject()
        w.key("findings_by_level")
        w.beginObject()
        for (i, l) in levels.enumerated() { w.field(l, s.findingsByLevel[i]) }
        w.endObject()
        w.key("files_by_level")
        w.beginObject()
        for (i, l) in levels.enumerated() { w.field(l, s.filesByLevel[i]) }
        w.endObject()
        w.field("highest_level", s.highestRank.map { levels[$0] })
        w.field("files_needing_review", s.filesNeedingReview)
        w.key("incomplete")
        w.value(s.incompleteFiles.map(\.display))
        w.field("complete", s.isComplete)
        w.field("interrupted", s.interruption.map(Interrupts.name(of:)))
        w.field("files_not_scanned", s.notScanned)
        w.field("files_at_or_above_fail_on", s.filesAtOrAboveFailOn)
        w.field("exit_code", Int(s.exitStatus))
        w.field("elapsed_seconds", s.elapsedSeconds)
        w.endObject()
        w.endObject()
        try out.write(w.bytes)
        try out.write("\n")
    }
}
