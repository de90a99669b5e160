// SPDX-License-Identifier: Apache-2.0
// Records of named fields (docs/structured.md): a row of a CSV file, a flattened JSON
// object. Each value is scanned with its field's name or path in front of it, as the text
// "<path>: <value>" would read, so the name acts as context: `customer.ssn` is a keyword
// for a nine-digit number, `build.version` a negative keyword for a dotted quad. Findings
// are reported only inside values, with offsets into their value.

import RulePacks

/// One field of a record: its name (or path, such as `customer.ssn` or `items[2].card`) and
/// its value, as bytes. The C struct is `classify_field`.
public struct RecordField: Sendable {
    public var name: [UInt8]
    public var value: [UInt8]

    public init(name: [UInt8], value: [UInt8]) {
        self.name = name
        self.value = value
    }

    public init(_ name: String, _ value: String) {
        self.name = Array(name.utf8)
        self.value = Array(value.utf8)
    }
}

/// The result of scanning a record: findings with offsets into their field's value, the
/// field each one is in, and the decision over the whole record.
public struct RecordResult: Sendable {
    /// Findings ordered by field, then by (start, end, detector index). Offsets are into the
    /// value of field `fields[i]`.
    public var result: ScanResult
    /// For each finding, the index of its field in the record.
    public var fields: [Int]

    public var findings: [Finding] { result.findings }
    public var decision: ScanResult.Decision { result.decision }
}

extension Scanner {
    /// What separates a field's name from its value in the text a value is scanned in.
    static let fieldSeparator: [UInt8] = Array(": ".utf8)
    /// Records scanned in one pass.
    static let recordBatch = 64

    /// Scans every field of a record. The corresponding C function is
    /// `classify_scanner_scan_record`.
    public func scanRecord(_ fields: [RecordField], with ruleset: Ruleset, options: ScanOptions = ScanOptions())
        -> RecordResult
    {
        scanRecords([fields], with: ruleset, options: options)[0]
    }

    /// Scans many records, a batch of them per pass: each value with its name in front of it
    /// (`name: value`), the fields apart from each other by a separator of newlines and NUL
    /// bytes longer than any detector's keyword distance, so that no keyword reaches from
    /// one field into the next. Findings are reported inside values only (a match that
    /// runs into a separator is not one). Returns one result per record.
    public func scanRecords(_ records: [[RecordField]], with ruleset: Ruleset, options: ScanOptions = ScanOptions())
        -> [RecordResult]
    {
        var out: [RecordResult] = []
        out.reserveCapacity(records.count)
        var text: [UInt8] = []
        let separator = ruleset.fieldGap
        var first = 0
        while first < records.count {
            let batch = records[first..<min(records.count, first + Scanner.recordBatch)]
            let (result, layout) = scanLaidOut(batch, into: &text, separator: separator, with: ruleset, options: options)
            // Findings and layout are both in text order: hand each finding to its value.
            var found = [[Finding]](repeating: [], count: batch.count)
            var owners = [[Int]](repeating: [], count: batch.count)
            var k = 0
            for f in result.findings {
                while k < layout.count, layout[k].value.upperBound < f.end { k += 1 }
                guard k < layout.count else { break }
                let slot = layout[k]
                guard f.start >= slot.value.lowerBound, f.end <= slot.value.upperBound else { continue }
                var g = f
                g.start -= slot.value.lowerBound
                g.end -= slot.value.lowerBound
                found[slot.record].append(g)
                owners[slot.record].append(slot.field)
            }
            for r in 0..<batch.count {
                out.append(
                    finishRecord(
                        found[r], owners: owners[r], incomplete: result.decision.incomplete, ruleset: ruleset,
                        options: options))
            }
            first += batch.count
        }
        return out
    }

    /// Lays records out as text (`name: value`, separated by `separator`) and scans it,
    /// without a cap on findings (each record is capped on its own). Returns the scan and,
    /// in text order, where each field's value lies.
    func scanLaidOut(
        _ records: ArraySlice<[RecordField]>, into text: inout [UInt8], separator: [UInt8], with ruleset: Ruleset,
        options: ScanOptions
    ) -> (result: ScanResult, layout: [(record: Int, field: Int, value: Range<Int>)]) {
        text.removeAll(keepingCapacity: true)
        var layout: [(record: Int, field: Int, value: Range<Int>)] = []
        for (r, fields) in records.enumerated() {
            for (i, field) in fields.enumerated() {
                if !text.isEmpty { text.append(contentsOf: separator) }
                text.append(contentsOf: field.name)
                text.append(contentsOf: Scanner.fieldSeparator)
                let start = text.count
                text.append(contentsOf: field.value)
                layout.append((r, i, start..<text.count))
            }
        }
        var o = options
        o.maxFindings = Limits.maxFindings
        return (scan(text, with: ruleset, options: o), layout)
    }

    /// A record's result from its fields' findings (in field order): the findings cut to
    /// `maxFindings` and the decision over them.
    func finishRecord(
        _ findings: [Finding], owners: [Int], incomplete: IncompleteReasons, ruleset: Ruleset, options: ScanOptions
    ) -> RecordResult {
        var kept = findings
        var owner = owners
        var reasons = incomplete
        if kept.count > options.maxFindings {
            kept.removeLast(kept.count - options.maxFindings)
            owner.removeLast(owner.count - options.maxFindings)
            reasons.insert(.maxFindings)
        }
        return RecordResult(result: decided(kept, ruleset: ruleset, options: options, incomplete: reasons), fields: owner)
    }
}

extension Ruleset {
    /// What keeps two fields of a record apart in the text they are scanned in: a newline,
    /// NUL bytes past the longest keyword distance (with its widening), a newline.
    var fieldGap: [UInt8] { [0x0A] + [UInt8](repeating: 0, count: keywordLookback + 8) + [0x0A] }
}

extension Scanner {
    /// The result a scan would give for `findings` gathered by other scans (records of one
    /// file, say): levels and decision as a scan decides them, findings cut to
    /// `options.maxFindings` (which makes the result incomplete). Offsets are the caller's.
    public func result(
        of findings: [Finding], with ruleset: Ruleset, options: ScanOptions = ScanOptions(),
        incomplete: IncompleteReasons = []
    ) -> ScanResult {
        var kept = findings
        var reasons = incomplete
        if kept.count > options.maxFindings {
            kept.removeLast(kept.count - options.maxFindings)
            reasons.insert(.maxFindings)
        }
        return decided(kept, ruleset: ruleset, options: options, incomplete: reasons)
    }
}

extension RecordResult {
    /// The result as one JSON document: schema "classify.result/1" with each finding's
    /// `field` (its name, decoded as UTF-8).
    public func json(fieldNames: [String]) -> String {
        var w = JSONWriter()
        let pack = result.ruleset.pack
        w.beginObject()
        w.field("schema", ScanResult.jsonSchema)
        w.key("pack")
        w.beginObject()
        w.field("id", pack.id)
        w.field("version", pack.version.text)
        w.field("digest", pack.digest)
        w.endObject()
        w.key("decision")
        result.writeDecision(to: &w)
        w.key("findings")
        w.beginArray()
        for (i, f) in result.findings.enumerated() {
            result.write(f, to: &w, field: i < fields.count && fields[i] < fieldNames.count ? fieldNames[fields[i]] : nil)
        }
        w.endArray()
        w.endObject()
        return w.string
    }
}

extension ScanResult {
    /// One finding with its explanation and, for records, its field.
    func write(_ f: Finding, to w: inout JSONWriter, field: String?) {
        let d = detector(of: f)
        w.beginObject()
        w.field("start", f.start)
        w.field("end", f.end)
        if let field { w.field("field", field) }
        w.field("detector", d.id)
        w.field("type", d.type)
        w.field("category", d.category.rawValue)
        w.field("confidence", f.confidence)
        w.field("level", ruleset.pack.levels[f.levelRank])
        w.key("explanation")
        w.beginObject()
        w.field("pattern", f.explanation.patternIndex)
        w.field("validator", f.explanation.validator)
        if f.explanation.validator != nil { w.field("validated", true) }
        w.field("keyword", f.explanation.keyword)
        if let e = f.explanation.entropy { w.field("entropy", e) }
        w.endObject()
        w.endObject()
    }
}
