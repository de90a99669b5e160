// SPDX-License-Identifier: Apache-2.0
// `--format csv`: one row per finding, RFC 4180 (CRLF line ends; a field with a comma, a
// quote, CR or LF is quoted and its quotes doubled).

struct CSVFormatter: ReportFormatter {
    static let header = [
        "path", "start", "end", "line", "column", "detector", "type", "category", "confidence",
        "level", "preview",
    ]

    mutating func begin(_ context: RunContext, to out: OutputSink) throws(OutputFailure) {
        try out.write(CSVFormatter.row(CSVFormatter.header))
    }

    mutating func file(_ r: FileReport, _ context: RunContext, to out: OutputSink) throws(OutputFailure) {
        let levels = context.levels
        var text = ""
        for lf in r.findings {
            let f = lf.finding
            let d = r.result.detector(of: f)
            text += CSVFormatter.row([
                r.path.display, String(f.start), String(f.end), String(lf.start.line), String(lf.start.column), d.id,
                d.type, d.category.rawValue, Text.decimal(f.confidence), levels[f.levelRank], lf.preview,
            ])
        }
        if !text.isEmpty { try out.write(text) }
    }

    mutating func finish(_ s: RunSummary, _ context: RunContext, to out: OutputSink) throws(OutputFailure) {}

    static func row(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
    }

    static func quote(_ field: String) -> String {
        let needs = field.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
        }
        guard needs else { return field }
        var out = "\""
        for c in field.unicodeScalars {
            if c == "\"" { out += "\"\"" } else { out.unicodeScalars.append(c) }
        }
        return out + "\""
    }
}
