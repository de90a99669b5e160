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

    /// Scans every field of a record. The corresponding C function is
    /// `classify_scanner_scan_record`.
    public func scanRecord(_ fields: [RecordField], with ruleset: Ruleset, options: ScanOptions = ScanOptions())
        -> RecordResult
    {
        var text: [UInt8] = []
        var findings: [Finding] = []
        var owners: [Int] = []
        var incomplete: IncompleteReasons = []
        for (i, field) in fields.enumerated() {
            let found = scanField(name: field.name, value: field.value, into: &text, with: ruleset, options: options)
            incomplete.formUnion(found.incomplete)
            findings.append(contentsOf: found.findings)
            owners.append(contentsOf: repeatElement(i, count: found.findings.count))
        }
        return finishRecord(findings, owners: owners, incomplete: incomplete, ruleset: ruleset, options: options)
    }

    /// Scans one value with its name as context. `text` is scratch space the caller reuses.
    /// Returns the findings inside the value (offsets into it) and why the scan stopped early.
    func scanField<N: Collection, V: Collection>(
        name: N, value: V, into text: inout [UInt8], with ruleset: Ruleset, options: ScanOptions
    ) -> (findings: [Finding], incomplete: IncompleteReasons) where N.Element == UInt8, V.Element == UInt8 {
        text.removeAll(keepingCapacity: true)
        text.append(contentsOf: name)
        text.append(contentsOf: Scanner.fieldSeparator)
        let offset = text.count
        text.append(contentsOf: value)
        let r = scan(text, with: ruleset, options: options)
        var out: [Finding] = []
        for var f in r.findings where f.start >= offset {
            f.start -= offset
            f.end -= offset
            out.append(f)
        }
        return (out, r.decision.incomplete)
    }

    /// The record's result from its fields' findings (in field order): the findings cut to
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
        return RecordResult(result: decide(kept, ruleset: ruleset, options: options, incomplete: reasons), fields: owner)
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
