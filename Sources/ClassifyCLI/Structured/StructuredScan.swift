// SPDX-License-Identifier: Apache-2.0
// `classify scan` on a structured file: each record scanned with its field names as
// context (Scanner.scanRecord), the findings mapped back to offsets in the file, each
// naming its column or path.

import ClassifyEngine

/// A scanned structured file: its result (offsets into the file) and each finding's field.
struct StructuredScanResult {
    var result: ScanResult
    var fields: [String]
    var records: Int
}

enum StructuredScan {
    /// The kind `path` is read as under `mode`, if structured.
    static func kind(of path: PathName, mode: StructuredMode) -> StructuredKind? {
        guard mode == .auto else { return nil }
        return StructuredKind.of(path: path.display)
    }

    /// Scans `data` as records of `kind`. Throws when the file is not valid `kind` (JSON
    /// syntax); the caller then scans it as text.
    static func scan(
        _ data: UnsafeBufferPointer<UInt8>, kind: StructuredKind, scanner: Scanner, ruleset: Ruleset,
        options: ScanOptions
    ) throws(StructuredError) -> StructuredScanResult {
        var findings: [Finding] = []
        var fields: [String] = []
        var incomplete: IncompleteReasons = []
        var all: [[StructuredField]] = []
        try StructuredInput.forEachRecord(data, kind: kind) { all.append($0) }
        let results = scanner.scanRecords(all.map { $0.map(\.record) }, with: ruleset, options: options)
        for (record, r) in zip(all, results) {
            incomplete.formUnion(r.decision.incomplete)
            for (f, index) in zip(r.findings, r.fields) {
                let field = record[index]
                var g = f
                g.start = field.fileOffset(f.start)
                g.end = max(g.start, field.fileOffset(f.end))
                findings.append(g)
                fields.append(field.name)
            }
        }
        let records = all.count
        let result = scanner.result(of: findings, with: ruleset, options: options, incomplete: incomplete)
        return StructuredScanResult(result: result, fields: Array(fields.prefix(result.findings.count)), records: records)
    }
}
