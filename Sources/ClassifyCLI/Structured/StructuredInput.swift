// SPDX-License-Identifier: Apache-2.0
// Structured files as records of named fields (docs/structured.md): CSV and TSV with a
// header row (the header names the columns), JSON (a top-level array's elements are the
// records; paths such as `customer.ssn`, `items[2].card`) and NDJSON / JSON Lines (one
// record per line).

import ArgumentParser
import ClassifyEngine

/// `--structured`: read CSV, TSV, JSON and NDJSON files as records (by their extension), or
/// every file as text.
enum StructuredMode: String, CaseIterable, ExpressibleByArgument, Sendable {
    case auto, never
}

/// The structured formats.
enum StructuredKind: String, CaseIterable, ExpressibleByArgument, Sendable {
    case csv, tsv, json, ndjson

    /// The format a path's extension names, if any.
    static func of(path: String) -> StructuredKind? {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") { return .tsv }
        if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return .ndjson }
        if lower.hasSuffix(".json") { return .json }
        return nil
    }
}

/// One field of a record of a structured file, and where its value is in the file.
struct StructuredField {
    enum Place {
        case cell(CSVCell)
        case leaf(JSONLeaf)
    }

    var name: String
    var value: [UInt8]
    var place: Place

    /// The file offset of value offset `i`.
    func fileOffset(_ i: Int) -> Int {
        switch place {
        case .cell(let c): return c.fileOffset(i)
        case .leaf(let l): return l.textOffset(i)
        }
    }

    var record: RecordField { RecordField(name: Array(name.utf8), value: value) }
}

/// Why a file could not be read as its format says.
struct StructuredError: Error {
    var message: String
}

enum StructuredInput {
    /// Calls `body` with each record of `data` read as `kind`, in order. For CSV and TSV the
    /// first row is the header, and blank lines are skipped.
    static func forEachRecord(
        _ data: UnsafeBufferPointer<UInt8>, kind: StructuredKind, _ body: ([StructuredField]) -> Void
    ) throws(StructuredError) {
        switch kind {
        case .csv, .tsv:
            var header: [String]?
            CSVReader.forEachRow(data, delimiter: kind == .tsv ? 0x09 : UInt8(ascii: ",")) { row in
                guard let names = header else {
                    header = row.cells.map { String(decoding: $0.value, as: UTF8.self) }
                    return true
                }
                if row.cells.count == 1, row.cells[0].value.isEmpty, !row.cells[0].quoted { return true }
                var fields: [StructuredField] = []
                fields.reserveCapacity(row.cells.count)
                for (i, cell) in row.cells.enumerated() {
                    let name = i < names.count ? names[i] : "column \(i + 1)"
                    fields.append(StructuredField(name: name, value: cell.value, place: .cell(cell)))
                }
                body(fields)
                return true
            }
        case .json:
            try readJSON(data, range: 0..<data.count, firstRecord: 0, body)
        case .ndjson:
            var start = 0
            var record = 0
            while start < data.count {
                var end = start
                while end < data.count, data[end] != 0x0A { end += 1 }
                var blank = true
                for i in start..<end where !(data[i] == 0x20 || data[i] == 0x09 || data[i] == 0x0D) {
                    blank = false
                    break
                }
                if !blank {
                    do {
                        record += try readJSON(data, range: start..<end, firstRecord: record, body)
                    } catch {
                        throw StructuredError(message: "line \(lineNumber(data, start)): \(error.message)")
                    }
                }
                start = end + 1
            }
        }
    }

    /// The leaves of one JSON document, grouped by record. Returns the number of records.
    @discardableResult
    private static func readJSON(
        _ data: UnsafeBufferPointer<UInt8>, range: Range<Int>, firstRecord: Int, _ body: ([StructuredField]) -> Void
    ) throws(StructuredError) -> Int {
        var current = firstRecord
        var fields: [StructuredField] = []
        let count: Int
        do {
            count = try JSONLeafReader.read(data, range: range, firstRecord: firstRecord) { leaf in
                if leaf.record != current {
                    if !fields.isEmpty { body(fields) }
                    fields.removeAll(keepingCapacity: true)
                    current = leaf.record
                }
                fields.append(StructuredField(name: leaf.path, value: leaf.value, place: .leaf(leaf)))
            }
        } catch {
            throw StructuredError(message: "not valid JSON: \(error.reason) (at byte \(error.offset))")
        }
        if !fields.isEmpty { body(fields) }
        return max(count, 1)
    }

    private static func lineNumber(_ data: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Int {
        var n = 1
        for i in 0..<offset where data[i] == 0x0A { n += 1 }
        return n
    }
}

/// `--structured` for `classify scan`.
struct StructuredOptions: ParsableArguments {
    @Option(
        name: .customLong("structured"),
        help: ArgumentHelp(
            "auto: read .csv, .tsv (with a header row), .json, .ndjson and .jsonl files as records, each value with "
                + "its column name or JSON path as context, and report the column of each finding; never: scan every "
                + "file as text.",
            valueName: "mode"))
    var mode: StructuredMode = .auto
}
