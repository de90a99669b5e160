// SPDX-License-Identifier: Apache-2.0
// Column profiles (docs/structured.md): over many records, for each column or path, which
// entity types its values hold and how often, the level and frameworks that follow, and how
// many values were seen. Only counts are kept, never values.

import RulePacks

/// What a profiler learned about one column.
public struct ColumnProfile: Sendable {
    /// One entity type seen in the column.
    public struct TypeShare: Sendable {
        public var type: String
        /// Values with at least one finding of this type.
        public var count: Int
        /// `count` over the column's non-empty values.
        public var share: Double
        /// The highest level a finding of this type led to.
        public var levelRank: Int
        /// The detectors that found it, by id.
        public var detectors: [String]
        public var frameworks: [String]
    }

    /// The column's name or path, as given (bytes decoded as UTF-8).
    public var name: String
    /// Records that had the column.
    public var samples: Int
    /// Of those, values that were not empty.
    public var nonEmpty: Int
    /// Every type seen, by share (highest first), then name.
    public var types: [TypeShare]
    /// The types whose share reaches the profiler's `minShare`, highest share first: what
    /// the column holds.
    public var predicted: [TypeShare]
    /// The highest level of the predicted types (the pack's lowest level without any).
    public var levelRank: Int
    /// The frameworks of the predicted types (union, sorted).
    public var frameworks: [String]

    /// The predicted type with the highest share, if any.
    public var type: String? { predicted.first?.type }
}

/// Builds column profiles from records. Not `Sendable`: one thread at a time. Records are
/// scanned in batches (`Scanner.scanRecords`) with the profiler's own scanner. The C object
/// is `classify_profile`.
///
///     let profiler = try ColumnProfiler(ruleset: rs)
///     for row in rows { profiler.add(row) }
///     for c in profiler.profiles() { print(c.name, c.type ?? "-") }
public final class ColumnProfiler {
    /// The share of a column's non-empty values a type needs to be predicted by default.
    public static let defaultMinShare = 0.5

    public let ruleset: Ruleset
    public let options: ScanOptions
    public let minShare: Double
    /// Records added so far.
    public private(set) var records = 0
    /// Why a scan stopped early, over all records.
    public private(set) var incomplete: IncompleteReasons = []

    private struct TypeStats {
        var count = 0
        var rank = 0
        var detectors: Set<Int> = []
    }

    private struct Column {
        var name: [UInt8]
        var samples = 0
        var nonEmpty = 0
        var types: [String: TypeStats] = [:]
    }

    private var columns: [Column] = []
    private var index: [[UInt8]: Int] = [:]
    private var pending: [[RecordField]] = []
    private let scanner: Scanner
    private let day: CivilDate

    /// - Parameter minShare: the share (0 < minShare <= 1) of a column's non-empty values
    ///   that must hold a type for the column to be predicted to hold it.
    /// - Throws: `.noMemory` when its scanner cannot be made.
    public init(ruleset: Ruleset, options: ScanOptions = ScanOptions(), minShare: Double = defaultMinShare)
        throws(ClassifyError)
    {
        scanner = try Scanner()
        self.ruleset = ruleset
        var o = options
        let day = options.asOf ?? CivilDate(unixSeconds: todayUTC())
        o.asOf = day
        self.options = o
        self.day = day
        self.minShare = minShare.isFinite && minShare > 0 && minShare <= 1 ? minShare : ColumnProfiler.defaultMinShare
    }

    /// Adds one record: its fields, by name. It is scanned (each value with its name as
    /// context) with the next records, in a batch.
    public func add(_ fields: [RecordField]) {
        pending.append(fields)
        records += 1
        if pending.count >= Scanner.recordBatch { flush() }
    }

    /// Scans the records added since the last batch and counts what their values hold.
    private func flush() {
        guard !pending.isEmpty else { return }
        let results = scanner.scanRecords(pending, with: ruleset, options: options)
        for (fields, r) in zip(pending, results) {
            incomplete.formUnion(r.decision.incomplete)
            var byField = [[Finding]](repeating: [], count: fields.count)
            for (f, i) in zip(r.findings, r.fields) { byField[i].append(f) }
            for (i, field) in fields.enumerated() { count(field.name, empty: field.value.isEmpty, findings: byField[i]) }
        }
        pending.removeAll(keepingCapacity: true)
    }

    private func count(_ name: [UInt8], empty: Bool, findings: [Finding]) {
        let ci: Int
        if let i = index[name] {
            ci = i
        } else {
            ci = columns.count
            index[name] = ci
            columns.append(Column(name: name))
        }
        columns[ci].samples += 1
        if !empty { columns[ci].nonEmpty += 1 }
        var seen: Set<String> = []
        for f in findings {
            let type = ruleset.detectorSpecs[f.detectorIndex].type
            var s = columns[ci].types[type] ?? TypeStats()
            s.rank = max(s.rank, f.levelRank)
            s.detectors.insert(f.detectorIndex)
            if seen.insert(type).inserted { s.count += 1 }
            columns[ci].types[type] = s
        }
    }

    /// The profile of every column, in the order columns were first seen.
    public func profiles() -> [ColumnProfile] {
        flush()
        let specs = ruleset.detectorSpecs
        return columns.map { c in
            var types: [ColumnProfile.TypeShare] = c.types.map { type, s in
                var fws: Set<String> = []
                for d in s.detectors { fws.formUnion(ruleset.mapping(detector: d, on: day).frameworks) }
                return ColumnProfile.TypeShare(
                    type: type, count: s.count, share: c.nonEmpty > 0 ? Double(s.count) / Double(c.nonEmpty) : 0,
                    levelRank: s.rank, detectors: s.detectors.sorted().map { specs[$0].id }, frameworks: fws.sorted())
            }
            types.sort { $0.share != $1.share ? $0.share > $1.share : $0.type < $1.type }
            let predicted = types.filter { $0.share >= minShare }
            var fws: Set<String> = []
            for t in predicted { fws.formUnion(t.frameworks) }
            return ColumnProfile(
                name: String(decoding: c.name, as: UTF8.self), samples: c.samples, nonEmpty: c.nonEmpty, types: types,
                predicted: predicted, levelRank: predicted.map(\.levelRank).max() ?? 0, frameworks: fws.sorted())
        }
    }

    public static let jsonSchema = "classify.profile/1"

    /// The profiles as one JSON document, schema "classify.profile/1" (docs/structured.md).
    public func json() -> String {
        let pack = ruleset.pack
        var w = JSONWriter()
        w.beginObject()
        w.field("schema", ColumnProfiler.jsonSchema)
        w.key("pack")
        w.beginObject()
        w.field("id", pack.id)
        w.field("version", pack.version.text)
        w.field("digest", pack.digest)
        w.endObject()
        w.field("as_of", day.description)
        w.field("records", records)
        w.field("min_share", minShare)
        w.field("complete", incomplete.isEmpty)
        w.field("incomplete_reasons", incomplete.names)
        w.key("columns")
        w.beginArray()
        for c in profiles() {
            w.beginObject()
            w.field("name", c.name)
            w.field("samples", c.samples)
            w.field("non_empty", c.nonEmpty)
            w.field("type", c.type)
            w.field("predicted", c.predicted.map(\.type))
            w.field("level", pack.levels[c.levelRank])
            w.field("level_rank", c.levelRank)
            w.field("frameworks", c.frameworks)
            w.key("types")
            w.beginArray()
            for t in c.types {
                w.beginObject()
                w.field("type", t.type)
                w.field("count", t.count)
                w.field("share", t.share)
                w.field("level", pack.levels[t.levelRank])
                w.field("detectors", t.detectors)
                w.field("frameworks", t.frameworks)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.string
    }
}
