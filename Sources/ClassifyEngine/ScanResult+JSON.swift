// SPDX-License-Identifier: Apache-2.0
// The result document, schema "classify.result/1" (docs/result-json.md). It carries
// offsets and explanations, never the scanned bytes.

import RulePacks

extension ScanResult {
    public static let jsonSchema = "classify.result/1"

    /// The whole result as one JSON document.
    public func json() -> String {
        var w = JSONWriter()
        write(to: &w)
        return w.string
    }

    /// Writes the result as one JSON object into `w`.
    public func write(to w: inout JSONWriter) {
        let pack = ruleset.pack
        w.beginObject()
        w.field("schema", ScanResult.jsonSchema)
        w.key("pack")
        w.beginObject()
        w.field("id", pack.id)
        w.field("version", pack.version.text)
        w.field("digest", pack.digest)
        w.endObject()
        w.key("generation")
        w.value(generation)
        if summaryTallies != nil {
            // Re-decided from a summary: there are no findings to list.
            w.field("source", "summary")
        }
        w.key("decision")
        writeDecision(to: &w)
        w.key("findings")
        w.beginArray()
        for f in findings { write(f, to: &w) }
        w.endArray()
        w.endObject()
    }

    public func writeDecision(to w: inout JSONWriter) {
        w.beginObject()
        w.field("level", decision.level)
        w.field("level_rank", decision.levelRank)
        w.field("frameworks", decision.frameworks)
        w.field("confidence", decision.confidence)
        w.field("needs_review", decision.needsReview)
        w.field("as_of", decision.asOf.description)
        w.field("complete", isComplete)
        w.field("incomplete_reasons", decision.incomplete.names)
        if summaryTallies == nil || !incompleteDetectors.isEmpty {
            w.field("incomplete_detectors", incompleteDetectors.map { ruleset.detectorSpecs[$0].id })
        }
        w.field("finding_count", findingCount)
        w.key("data_created")
        if let created = decision.dataCreated { w.value(created) } else { w.null() }
        if !decision.lifecycle.isEmpty {
            // Which lifecycle rules fired, and the level the policies alone gave.
            let levels = ruleset.pack.levels
            w.field("level_before_lifecycle", levels[decision.policyLevelRank])
            w.key("lifecycle")
            w.beginArray()
            for e in decision.lifecycle {
                w.beginObject()
                w.field("rule", e.rule)
                if let r = e.raiseTo { w.field("raise_to", levels[r]) }
                if let l = e.lowerTo { w.field("lower_to", levels[l]) }
                w.field("review", e.review)
                w.endObject()
            }
            w.endArray()
        }
        w.endObject()
    }

    /// One finding with its explanation.
    public func write(_ f: Finding, to w: inout JSONWriter) {
        let d = detector(of: f)
        w.beginObject()
        w.field("start", f.start)
        w.field("end", f.end)
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
