// SPDX-License-Identifier: Apache-2.0
// The decision step, shared by scans and by re-decisions of stored summaries: it needs
// only, per detector, how many findings there were and their confidence range - which is
// why a summary without the data can be re-decided exactly.

import RulePacks

/// What one detector found in a buffer: how many findings, and their confidence range.
public struct DetectorTally: Sendable, Equatable {
    /// The detector's index in the ruleset.
    public var detectorIndex: Int
    public var count: Int
    public var maxConfidence: Double
    public var minConfidence: Double

    public init(detectorIndex: Int, count: Int, maxConfidence: Double, minConfidence: Double) {
        self.detectorIndex = detectorIndex
        self.count = count
        self.maxConfidence = maxConfidence
        self.minConfidence = minConfidence
    }

    /// The tallies of a list of findings, ordered by detector index.
    public static func of(_ findings: [Finding]) -> [DetectorTally] {
        var tallies: [DetectorTally] = []
        var slot: [Int: Int] = [:]
        for f in findings {
            if let i = slot[f.detectorIndex] {
                tallies[i].add(f)
            } else {
                slot[f.detectorIndex] = tallies.count
                tallies.append(DetectorTally(first: f))
            }
        }
        return tallies.sorted { $0.detectorIndex < $1.detectorIndex }
    }

    /// The tally of one finding.
    init(first f: Finding) {
        self.init(detectorIndex: f.detectorIndex, count: 1, maxConfidence: f.confidence, minConfidence: f.confidence)
    }

    /// Counts one more finding of this detector.
    mutating func add(_ f: Finding) {
        count += 1
        maxConfidence = max(maxConfidence, f.confidence)
        minConfidence = min(minConfidence, f.confidence)
    }
}

extension ScanResult {
    /// What each detector found: from the findings, or from the summary a re-decided
    /// result was made from.
    public var detectorTallies: [DetectorTally] { summaryTallies ?? DetectorTally.of(findings) }

    /// The number of findings the decision counts (for a re-decided result, the summary's).
    public var findingCount: Int { summaryTallies.map { $0.reduce(0) { $0 + $1.count } } ?? findings.count }
}

extension Ruleset {
    /// Decides the classification of a buffer from what each detector found
    /// (docs/rule-packs.md, "Decision" and "Lifecycle"):
    ///
    /// 1. each detector's level is the highest of its own `level` and the `level` of every
    ///    policy in force on `day` that applies to it; its frameworks are united likewise;
    /// 2. the policy level is the highest of those levels (the lowest level without
    ///    findings); the confidence is the highest among the findings at that level;
    /// 3. the lifecycle rules whose conditions hold (and whose scope has a finding, when they
    ///    name one) fire in pack order: the level is capped at the lowest `lower_to`, then
    ///    raised to the highest `raise_to` - raising wins;
    /// 4. the result needs review when the scan was incomplete, a finding's confidence is
    ///    below the pack's threshold, or a rule that fired asks for review.
    ///
    /// Returns the decision, and hands each present detector's level rank to `rank`.
    /// Allocates nothing when no lifecycle rule fires and the union of frameworks has been
    /// seen before (`FrameworkIndex`).
    func decide(
        _ tallies: [DetectorTally], on day: CivilDate, dataCreated: Int64?, incomplete: IncompleteReasons,
        rank report: (_ detector: Int, _ rank: Int) -> Void = { _, _ in }
    ) -> ScanResult.Decision {
        let index = frameworkIndex
        var bits: UInt64 = 0
        var names: Set<String> = []
        var top = 0
        var confidence = 0.0
        var needsReview = !incomplete.isEmpty
        let threshold = pack.review.confidenceBelow
        for t in tallies {
            let r: Int
            if index.usable {
                r = rank(detector: t.detectorIndex, on: day, frameworks: &bits)
            } else {
                let m = mapping(detector: t.detectorIndex, on: day)
                names.formUnion(m.frameworks)
                r = m.rank
            }
            report(t.detectorIndex, r)
            // The confidence is the highest among the detectors at the top level.
            if r > top {
                top = r
                confidence = t.maxConfidence
            } else if r == top {
                confidence = max(confidence, t.maxConfidence)
            }
            if t.minConfidence < threshold { needsReview = true }
        }

        var level = top
        var effects: [ScanResult.LifecycleEffect] = []
        if !pack.lifecycle.isEmpty {
            let created = dataCreated.map { CivilDate(unixSeconds: $0) }
            var ceiling: Int?
            var floor: Int?
            for rule in pack.lifecycle where rule.holds(on: day, created: created) {
                if rule.isScoped {
                    guard tallies.contains(where: { rule.applies(to: detectors[$0.detectorIndex].spec) }) else { continue }
                }
                effects.append(.init(rule: rule.id, raiseTo: rule.raiseTo, lowerTo: rule.lowerTo, review: rule.review))
                if let l = rule.lowerTo { ceiling = min(ceiling ?? l, l) }
                if let r = rule.raiseTo { floor = max(floor ?? r, r) }
                if rule.review { needsReview = true }
            }
            if let ceiling { level = min(level, ceiling) }
            if let floor { level = max(level, floor) }
        }
        return ScanResult.Decision(
            levelRank: level, level: pack.levels[level], frameworks: index.usable ? index.list(bits) : names.sorted(),
            confidence: confidence, needsReview: needsReview, incomplete: incomplete, asOf: day,
            dataCreated: dataCreated, policyLevelRank: top, lifecycle: effects)
    }

    /// The level rank and frameworks detector `index` leads to on `day`, and the policies in
    /// force that apply to it (for explanations).
    public func mapping(detectorID id: String, on day: CivilDate) -> (rank: Int, frameworks: [String], policies: [String])? {
        guard let index = detectors.firstIndex(where: { $0.spec.id == id }) else { return nil }
        let m = mapping(detector: index, on: day)
        let policies = policiesByDetector[index].filter { $0.isInForce(on: day) }.map(\.id)
        return (m.rank, m.frameworks.sorted(), policies)
    }
}
