// SPDX-License-Identifier: Apache-2.0
// The summary of a result (schema "classify.summary/1", docs/result-json.md): what a scan
// found, per detector, without the data - enough to decide the classification again under
// another pack or as of another date. This file reads one; the engine writes them.

/// A stored result: provenance, dates, the decision made, and per detector how many findings
/// it made and their confidence range. Never offsets or matched bytes.
public struct ResultSummary: Sendable, Equatable {
    public static let schema = "classify.summary/1"

    public struct Provenance: Sendable, Equatable {
        public var id: String
        public var version: String
        public var digest: String
        public init(id: String, version: String, digest: String) {
            self.id = id
            self.version = version
            self.digest = digest
        }
    }

    /// What one detector found.
    public struct DetectorRecord: Sendable, Equatable {
        public var id: String
        public var type: String
        public var category: String
        /// The level its findings led to under the pack and date of the summary.
        public var level: String
        public var count: Int
        public var maxConfidence: Double
        public var minConfidence: Double
        public init(
            id: String, type: String, category: String, level: String, count: Int, maxConfidence: Double,
            minConfidence: Double
        ) {
            self.id = id
            self.type = type
            self.category = category
            self.level = level
            self.count = count
            self.maxConfidence = maxConfidence
            self.minConfidence = minConfidence
        }
    }

    /// The decision the summary records.
    public struct DecisionRecord: Sendable, Equatable {
        public var level: String
        public var levelRank: Int
        public var frameworks: [String]
        public var confidence: Double
        public var needsReview: Bool
        public init(level: String, levelRank: Int, frameworks: [String], confidence: Double, needsReview: Bool) {
            self.level = level
            self.levelRank = levelRank
            self.frameworks = frameworks
            self.confidence = confidence
            self.needsReview = needsReview
        }
    }

    public var pack: Provenance
    /// The engine generation that made it (0: not made through an engine).
    public var generation: UInt64
    public var asOf: CivilDate
    /// When the data was created, seconds since the epoch (UTC); nil if unknown.
    public var dataCreated: Int64?
    /// Why the scan stopped early ("max_findings", "deadline", ...); empty when complete.
    public var incompleteReasons: [String]
    public var decision: DecisionRecord
    public var detectors: [DetectorRecord]
    /// Records of detectors that the ruleset which re-decided the summary does not have:
    /// kept (with their level under the earlier pack) so that a later re-decision under a
    /// ruleset that has them again still counts them.
    public var unmatched: [DetectorRecord]
    /// Where the data was (the CLI's `path`), if recorded.
    public var path: String?

    public init(
        pack: Provenance, generation: UInt64, asOf: CivilDate, dataCreated: Int64?, incompleteReasons: [String],
        decision: DecisionRecord, detectors: [DetectorRecord], unmatched: [DetectorRecord] = [], path: String? = nil
    ) {
        self.pack = pack
        self.generation = generation
        self.asOf = asOf
        self.dataCreated = dataCreated
        self.incompleteReasons = incompleteReasons
        self.decision = decision
        self.detectors = detectors
        self.unmatched = unmatched
        self.path = path
    }

    /// Reads a summary. Unknown members are ignored (later 1.x versions may add some); the
    /// known ones are checked. Errors are `.invalidArgument` with the JSON pointer, or
    /// `.version` for another schema.
    public static func parse(_ bytes: [UInt8], name: String = "<summary>") throws(ClassifyError) -> ResultSummary {
        guard bytes.count <= Limits.packBytes else {
            throw ClassifyError(.limit, "the summary is \(bytes.count) bytes; the limit is \(Limits.packBytes)", pack: name)
        }
        let (root, locator): (JSONValue, JSONLocator)
        do {
            (root, locator) = try RulePack.parseDocument(bytes, name: name)
        } catch {
            var e = error
            if e.code == .invalidPack { e.code = .invalidArgument }
            e.reason = "summary: " + e.reason
            throw e
        }
        func fail(_ reason: String, _ pointer: String) -> ClassifyError {
            let (line, column) = locator.locate(pointer)
            return ClassifyError(
                .invalidArgument, "summary: " + reason, pack: name, jsonPointer: pointer, line: line, column: column)
        }
        var r = try PackReader(root, at: "", what: "a summary", fail: fail)
        let schema = try r.string("schema", required: true)!
        guard schema == ResultSummary.schema else {
            var e = fail("unsupported schema \"\(schema)\"; this library reads \"\(ResultSummary.schema)\"", "/schema")
            e.code = .version
            throw e
        }
        guard let pv = r.value("pack") else { throw fail("missing required field \"pack\"", "") }
        var pr = try PackReader(pv, at: "/pack", what: "\"pack\"", fail: fail)
        let pack = Provenance(
            id: try pr.string("id", required: true, maxBytes: 128)!,
            version: try pr.string("version", required: true, maxBytes: 128)!,
            digest: try pr.string("digest", required: true, maxBytes: 128)!)
        let generation = try r.integer("generation", in: 0...Int.max) ?? 0
        let asOfText = try r.string("as_of", required: true, maxBytes: 32)!
        guard let asOf = CivilDate(iso: asOfText) else { throw fail("\"as_of\" must be a date YYYY-MM-DD", "/as_of") }
        var dataCreated: Int64?
        if let v = r.value("data_created") {
            switch v {
            case .null: dataCreated = nil
            case .int(let s): dataCreated = s == 0 ? nil : s
            default: throw fail("\"data_created\" must be seconds since the epoch or null", "/data_created")
            }
        }
        let reasons = try r.strings("incomplete_reasons", max: 32, limitName: "32 reasons", maxBytes: 64) ?? []

        guard let dv = r.value("decision") else { throw fail("missing required field \"decision\"", "") }
        var dr = try PackReader(dv, at: "/decision", what: "\"decision\"", fail: fail)
        let decision = DecisionRecord(
            level: try dr.string("level", required: true, maxBytes: 64)!,
            levelRank: try dr.integer("level_rank", in: 0...Limits.levels) ?? 0,
            frameworks: try dr.strings("frameworks", max: Limits.frameworks, limitName: "256 frameworks", maxBytes: 64) ?? [],
            confidence: try dr.number("confidence", in: 0...1) ?? 0,
            needsReview: try dr.bool("needs_review") ?? false)

        func records(_ key: String, required: Bool) throws(ClassifyError) -> [DetectorRecord] {
            let values = try r.array(key, required: required, max: Limits.detectors, limitName: "CLASSIFY_LIMIT_DETECTORS") ?? []
            var out: [DetectorRecord] = []
            for (i, v) in values.enumerated() {
                let p = "/\(key)/\(i)"
                var d = try PackReader(v, at: p, what: "a detector record", fail: fail)
                let id = try d.string("id", required: true, maxBytes: 64)!
                let count = try d.integer("count", in: 1...Int(Int32.max)) ?? 0
                guard count > 0 else { throw fail("missing required field \"count\"", p) }
                guard let maxC = try d.number("max_confidence", in: 0...1) else {
                    throw fail("missing required field \"max_confidence\"", p)
                }
                let minC = try d.number("min_confidence", in: 0...1) ?? maxC
                guard minC <= maxC else { throw fail("\"min_confidence\" is above \"max_confidence\"", p + "/min_confidence") }
                if out.contains(where: { $0.id == id }) { throw fail("detector \"\(id)\" appears twice", p + "/id") }
                out.append(
                    DetectorRecord(
                        id: id, type: try d.string("type", maxBytes: 64) ?? "", category: try d.string("category", maxBytes: 32) ?? "",
                        level: try d.string("level", maxBytes: 64) ?? "", count: count, maxConfidence: maxC, minConfidence: minC))
            }
            return out
        }
        let detectors = try records("detectors", required: true)
        let unmatched = try records("unmatched", required: false)
        for (i, u) in unmatched.enumerated() where detectors.contains(where: { $0.id == u.id }) {
            throw fail("detector \"\(u.id)\" is both matched and unmatched", "/unmatched/\(i)/id")
        }
        let path = try r.string("path")
        return ResultSummary(
            pack: pack, generation: UInt64(generation), asOf: asOf, dataCreated: dataCreated, incompleteReasons: reasons,
            decision: decision, detectors: detectors, unmatched: unmatched, path: path)
    }
}
