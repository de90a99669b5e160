// SPDX-License-Identifier: Apache-2.0
// Summaries of results (schema "classify.summary/1") and their re-decision under another
// ruleset or date, without the data (docs/result-json.md, "Summaries").

import RulePacks

extension ScanResult {
    /// The summary of this result: provenance, dates, the decision, and per detector the
    /// number of findings and their confidence range - never offsets or matched bytes.
    public func summary(path: String? = nil) -> ResultSummary {
        let pack = ruleset.pack
        let levels = pack.levels
        let ranks = Dictionary(findings.map { ($0.detectorIndex, $0.levelRank) }, uniquingKeysWith: { a, _ in a })
        let records = detectorTallies.map { t -> ResultSummary.DetectorRecord in
            let spec = ruleset.detectors[t.detectorIndex].spec
            let rank = ranks[t.detectorIndex] ?? ruleset.mapping(detector: t.detectorIndex, on: decision.asOf).rank
            return ResultSummary.DetectorRecord(
                id: spec.id, type: spec.type, category: spec.category.rawValue, level: levels[rank], count: t.count,
                maxConfidence: t.maxConfidence, minConfidence: t.minConfidence)
        }
        return ResultSummary(
            pack: .init(id: pack.id, version: pack.version.text, digest: pack.digest), generation: generation,
            asOf: decision.asOf, dataCreated: decision.dataCreated, incompleteReasons: decision.incomplete.names,
            decision: .init(
                level: decision.level, levelRank: decision.levelRank, frameworks: decision.frameworks,
                confidence: decision.confidence, needsReview: decision.needsReview),
            detectors: records, unmatched: unmatchedDetectors, path: path)
    }

    /// `summary(path:)` as one line of JSON.
    public func summaryJSON(path: String? = nil) -> String { summary(path: path).json() }
}

extension ResultSummary {
    /// The summary as one line of JSON. Confidences are written exactly (shortest
    /// round-trip form), so a re-decision compares them as the scan did.
    public func json() -> String {
        var w = ExactJSON()
        w.begin("{")
        w.key("schema"); w.string(ResultSummary.schema)
        w.key("pack"); w.begin("{")
        w.key("id"); w.string(pack.id)
        w.key("version"); w.string(pack.version)
        w.key("digest"); w.string(pack.digest)
        w.end("}")
        w.key("generation"); w.raw(String(generation))
        w.key("as_of"); w.string(asOf.description)
        w.key("data_created"); w.raw(dataCreated.map { String($0) } ?? "null")
        w.key("complete"); w.raw(incompleteReasons.isEmpty ? "true" : "false")
        w.key("incomplete_reasons"); w.strings(incompleteReasons)
        w.key("decision"); w.begin("{")
        w.key("level"); w.string(decision.level)
        w.key("level_rank"); w.raw(String(decision.levelRank))
        w.key("frameworks"); w.strings(decision.frameworks)
        w.key("confidence"); w.number(decision.confidence)
        w.key("needs_review"); w.raw(decision.needsReview ? "true" : "false")
        w.end("}")
        func records(_ list: [DetectorRecord]) {
            w.begin("[")
            for d in list {
                w.begin("{")
                w.key("id"); w.string(d.id)
                w.key("type"); w.string(d.type)
                w.key("category"); w.string(d.category)
                w.key("level"); w.string(d.level)
                w.key("count"); w.raw(String(d.count))
                w.key("max_confidence"); w.number(d.maxConfidence)
                w.key("min_confidence"); w.number(d.minConfidence)
                w.end("}")
            }
            w.end("]")
        }
        w.key("detectors"); records(detectors)
        if !unmatched.isEmpty { w.key("unmatched"); records(unmatched) }
        if let path { w.key("path"); w.string(path) }
        w.end("}")
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

/// A minimal JSON writer whose numbers round-trip exactly (JSONWriter rounds to 6 decimals
/// for display).
private struct ExactJSON {
    var bytes: [UInt8] = []
    private var first = [true]

    private mutating func separate() {
        if !first[first.count - 1] { bytes.append(UInt8(ascii: ",")) }
        first[first.count - 1] = false
    }

    mutating func begin(_ c: Character) {
        separate()
        bytes.append(c.asciiValue!)
        first.append(true)
    }

    mutating func end(_ c: Character) {
        first.removeLast()
        bytes.append(c.asciiValue!)
    }

    mutating func key(_ k: String) {
        string(k)
        bytes.append(UInt8(ascii: ":"))
        first[first.count - 1] = true
    }

    mutating func raw(_ s: String) {
        separate()
        bytes.append(contentsOf: s.utf8)
    }

    mutating func number(_ d: Double) {
        guard d.isFinite else { return raw("null") }
        var s = d.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        raw(s)
    }

    mutating func string(_ s: String) {
        var w = JSONWriter()
        w.value(s)
        separate()
        bytes.append(contentsOf: w.bytes)
    }

    mutating func strings(_ list: [String]) {
        begin("[")
        for s in list { string(s) }
        end("]")
    }
}

extension IncompleteReasons {
    /// The bits for reason names as results write them (`names`); a name this library does
    /// not know, written "0x20" by a newer one, keeps its bit. Nil for anything else.
    public init?(names: [String]) {
        var bits: UInt32 = 0
        let known: [String: IncompleteReasons] = [
            "max_findings": .maxFindings, "deadline": .deadline, "cancelled": .cancelled,
            "match_limit": .matchLimit, "window_limit": .windowLimit,
        ]
        for n in names {
            if let k = known[n] {
                bits |= k.rawValue
            } else if n.hasPrefix("0x"), let v = UInt32(n.dropFirst(2), radix: 16), v != 0 {
                bits |= v
            } else {
                return nil
            }
        }
        self.init(rawValue: bits)
    }
}

extension Ruleset {
    /// Decides a stored summary again under this ruleset, as of `asOf` (nil: today, UTC),
    /// for data created at `dataCreated` (nil: what the summary records).
    ///
    /// The summary's detectors are matched by id. The decision is the one a scan of the
    /// same data would give whenever this ruleset's detectors find what the summary's did -
    /// in particular when they are the same detectors, whatever the policies,
    /// lifecycle rules and dates. Detectors this ruleset does not have take no part; they
    /// are kept in the result's `unmatchedDetectors` (and its summary's `unmatched`).
    /// The result has no findings (`detectorTallies` holds what the summary counted).
    /// - Throws: `.invalidArgument` for incomplete-reason names it cannot read.
    public func reclassify(_ summary: ResultSummary, asOf: CivilDate? = nil, dataCreated: Int64? = nil)
        throws(ClassifyError) -> ScanResult
    {
        guard let incomplete = IncompleteReasons(names: summary.incompleteReasons) else {
            throw ClassifyError(
                .invalidArgument,
                "summary: unknown incomplete reason in \(summary.incompleteReasons); known: max_findings, deadline, cancelled, match_limit, window_limit",
                jsonPointer: "/incomplete_reasons")
        }
        var index: [String: Int] = [:]
        for (i, d) in detectors.enumerated() { index[d.spec.id] = i }
        var tallies: [DetectorTally] = []
        var unmatched: [ResultSummary.DetectorRecord] = []
        for record in summary.detectors + summary.unmatched {
            if let i = index[record.id] {
                tallies.append(
                    DetectorTally(
                        detectorIndex: i, count: record.count, maxConfidence: record.maxConfidence,
                        minConfidence: record.minConfidence))
            } else {
                unmatched.append(record)
            }
        }
        tallies.sort { $0.detectorIndex < $1.detectorIndex }
        let day = asOf ?? CivilDate(unixSeconds: todayUTC())
        let decision = decide(tallies, on: day, dataCreated: dataCreated ?? summary.dataCreated, incomplete: incomplete)
        var result = ScanResult(findings: [], decision: decision, ruleset: self)
        result.summaryTallies = tallies
        result.unmatchedDetectors = unmatched
        return result
    }
}
