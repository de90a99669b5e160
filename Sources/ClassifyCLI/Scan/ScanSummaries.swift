// SPDX-License-Identifier: Apache-2.0
// `classify scan --summary FILE`: one result summary (classify.summary/1) per scanned file,
// as NDJSON, for `classify reclassify` later; and `--data-created` for lifecycle rules.
// Kept apart from ScanCommand.swift, which only declares the option group and calls in.

import ArgumentParser
import ClassifyEngine
import RulePacks

struct SummaryOptions: ParsableArguments {
    @Option(
        name: .customLong("summary"),
        help: ArgumentHelp(
            "Also write one result summary per scanned file to FILE (NDJSON, schema classify.summary/1: "
                + "no values, no offsets), for 'classify reclassify'.",
            valueName: "file"))
    var summaryPath: String?

    @Option(
        name: .customLong("data-created"),
        help: ArgumentHelp(
            "When the data was created (UTC), for the pack's lifecycle rules on the data's age. Default: unknown.",
            valueName: "YYYY-MM-DD"))
    var dataCreated: String?

    func validate() throws {
        if let d = dataCreated, CivilDate(iso: d) == nil {
            throw ValidationError("--data-created '\(d)': not a valid date; use YYYY-MM-DD, e.g. 2019-03-01")
        }
        if summaryPath == "" { throw ValidationError("--summary: the path is empty") }
    }

    /// Sets the scan options these flags control.
    func apply(to options: inout ScanOptions) {
        if let d = dataCreated.flatMap(CivilDate.init(iso:)) { options.dataCreated = d.unixSeconds }
    }

    /// The summary file's writer, or nil without --summary. Opened before scanning, so that
    /// a path that cannot be written fails early.
    func openWriter() throws(CLIError) -> SummaryWriter? {
        guard let summaryPath else { return nil }
        do {
            return SummaryWriter(sink: try OutputSink.file(summaryPath))
        } catch {
            throw CLIError(error.message.replacing("--output", with: "--summary"))
        }
    }
}

/// Writes one summary line per scanned file; committed (renamed into place) at the end.
final class SummaryWriter {
    let sink: OutputSink
    init(sink: OutputSink) { self.sink = sink }

    func add(_ report: FileReport) throws(OutputFailure) {
        let path = report.isStandardInput ? "-" : report.path.display
        try sink.write(report.result.summaryJSON(path: path) + "\n")
    }

    func commit() throws(OutputFailure) { try sink.commit() }
    func abandon() { sink.abandon() }
}
