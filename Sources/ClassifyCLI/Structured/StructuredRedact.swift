// SPDX-License-Identifier: Apache-2.0
// A redacted copy of a structured file that stays valid in its format: every value with a
// finding is redacted (its column name or path as context) and written back in its place -
// a CSV cell quoted as it needs to be, a JSON string escaped, a JSON number that held a
// finding turned into a string - and every other byte is copied as it was.

import ClassifyEngine

enum StructuredRedact {
    struct Outcome {
        var output: [UInt8]
        var findings: Int
        var records: Int
        var incomplete: IncompleteReasons
    }

    static func redact(
        _ data: UnsafeBufferPointer<UInt8>, kind: StructuredKind, scanner: Scanner, ruleset: Ruleset,
        redactor: Redactor, options: ScanOptions
    ) throws(StructuredError) -> Outcome {
        let delimiter: UInt8 = kind == .tsv ? 0x09 : UInt8(ascii: ",")
        var replacements: [(range: Range<Int>, bytes: [UInt8])] = []
        var findings = 0
        var incomplete: IncompleteReasons = []
        var all: [[StructuredField]] = []
        try StructuredInput.forEachRecord(data, kind: kind) { all.append($0) }
        let records = all.count
        let redacted = scanner.redactRecords(all.map { $0.map(\.record) }, with: ruleset, redactor: redactor, options: options)
        for (record, (result, values)) in zip(all, redacted) {
            findings += result.findings.count
            incomplete.formUnion(result.decision.incomplete)
            for (field, value) in zip(record, values) {
                guard let value else { continue }
                var bytes: [UInt8] = []
                switch field.place {
                case .cell(let cell):
                    CSVReader.write(value, delimiter: delimiter, quoted: cell.quoted, to: &bytes)
                    replacements.append((cell.raw, bytes))
                case .leaf(let leaf):
                    JSONLeafReader.writeString(value, to: &bytes)
                    replacements.append((leaf.raw, bytes))
                }
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        var at = 0
        for r in replacements {
            if r.range.lowerBound > at { out.append(contentsOf: UnsafeBufferPointer(rebasing: data[at..<r.range.lowerBound])) }
            out.append(contentsOf: r.bytes)
            at = r.range.upperBound
        }
        if at < data.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: data[at..<data.count])) }
        return Outcome(output: out, findings: findings, records: records, incomplete: incomplete)
    }
}
