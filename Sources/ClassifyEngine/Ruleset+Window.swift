// SPDX-License-Identifier: Apache-2.0
// What a stream must keep of its input to report exactly what a scan of the whole input
// reports: for each pattern, how far a match attempt reads ahead of its start (`reach`,
// from the prefilter's plans) and behind it (lookbehind), and for each detector how far
// before a value its keywords and negative keywords may be.

import RulePacks

/// How a stream searches one pattern incrementally.
struct StreamPatternGeometry: Sendable {
    let detector: Int
    let pattern: Int
    /// An attempt at start p reads at most up to p + reach: once that many bytes follow p,
    /// the attempt's outcome is final.
    let reach: Int
    /// An attempt at p reads at most this many bytes before p.
    let lookbehind: Int
    /// The pattern's matches have no length bound (reach is then a cut-off, see
    /// `Limits.unboundedMatchBytes`).
    let unbounded: Bool
}

extension Ruleset {
    /// The reach used for a pattern whose match length is unbounded: the longest match the
    /// engine follows, plus room for a lookahead after it.
    static let unboundedStreamReach = Limits.unboundedMatchBytes + 64

    /// Per pattern of every detector, in detector order.
    var streamGeometry: [StreamPatternGeometry] {
        var out: [StreamPatternGeometry] = []
        for d in detectors {
            for (pi, p) in d.patterns.enumerated() {
                let planned = d.index < plans.count && pi < plans[d.index].count ? plans[d.index][pi].reach : nil
                out.append(
                    StreamPatternGeometry(
                        detector: d.index, pattern: pi, reach: planned ?? Ruleset.unboundedStreamReach,
                        lookbehind: p.maxLookbehindBytes, unbounded: planned == nil))
            }
        }
        return out
    }

    /// How many bytes before a value the context step may read: the longest `max_distance`
    /// or `negative_distance` of a detector that has keywords or negative keywords, plus the
    /// widening of the keyword window to a word start (`KeywordSet.widening`).
    var keywordLookback: Int {
        var m = 0
        for d in detectors {
            if !d.keywords.isEmpty { m = max(m, d.spec.maxDistance) }
            if !d.negativeKeywords.isEmpty { m = max(m, d.spec.negativeDistance) }
        }
        return m + KeywordSet.widening
    }

    /// The most bytes a stream keeps of its input: the longest distance a match attempt
    /// reads ahead and behind its start, plus `keywordLookback`. A finding is reported at the
    /// latest when this many bytes have been written after its end (and always by
    /// `ScanStream.finish`). The C function is `classify_ruleset_max_window`.
    public var maxWindow: Int {
        streamGeometry.map { $0.reach + $0.lookbehind }.max().map { $0 + keywordLookback } ?? keywordLookback
    }
}
