// SPDX-License-Identifier: Apache-2.0
// `--format ndjson`: one JSON object per finding per line, written as each file is done.
// Offsets are bytes; see docs/cli.md for the fields. Skipped files and errors are not
// records: errors go to standard error, and the exit status says there were some. An
// interrupted scan ends with one more line, without `path`, that says so.

import ClassifyEngine

struct NDJSONFormatter: ReportFormatter {
    mutating func begin(_ context: RunContext, to out: OutputSink) throws(OutputFailure) {}

    mutating func file(_ r: FileReport, _ context: RunContext, to out: OutputSink) throws(OutputFailure) {
        guard !r.findings.isEmpty else { return }
        var w = JSONWriter()
        for lf in r.findings {
            w.beginObject()
            w.field("path", r.path)
            w.findingFields(lf, in: r)
            w.endObject()
            try out.write(w.bytes)
            try out.write("\n")
            w = JSONWriter()
        }
    }

    mutating func finish(_ s: RunSummary, _ context: RunContext, to out: OutputSink) throws(OutputFailure) {
        guard let sig = s.interruption else { return }
        var w = JSONWriter()
        w.beginObject()
        w.field("interrupted", Interrupts.name(of: sig))
        w.field("complete", false)
        w.field("files_scanned", s.filesScanned)
        w.field("files_not_scanned", s.notScanned)
        w.field("exit_code", Int(s.exitStatus))
        w.endObject()
        try out.write(w.bytes)
        try out.write("\n")
    }
}
