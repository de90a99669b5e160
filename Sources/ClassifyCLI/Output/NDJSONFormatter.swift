// SPDX-License-Identifier: Apache-2.0
// `--format ndjson`: one JSON object per finding per line, written as each file is done.
// Offsets are bytes; see docs/cli.md for the fields. Skipped files and errors are not
// records: errors go to standard error, and the exit status says there were some.

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

    mutating func finish(_ s: RunSummary, _ context: RunContext, to out: OutputSink) throws(OutputFailure) {}
}
