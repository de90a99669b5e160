// SPDX-License-Identifier: Apache-2.0

import RulePacks
import Synchronization

/// Scratch memory for scans, and the result of the last one.
///
/// Use one scanner per thread: a scanner is not `Sendable`, and the C layer reports
/// concurrent use as `CLASSIFY_E_BUSY`. The ruleset is passed to each scan, so one scanner
/// serves any number of rulesets. The corresponding C object is `classify_scanner`.
///
///     let ruleset = try Ruleset.builtin()
///     let scanner = try Scanner()
///     let result = scanner.scan(Array("card 4111 1111 1111 1111".utf8), with: ruleset)
///     print(result.decision.level)   // "restricted"
public final class Scanner {
    let scratch: MatchScratch
    /// Trigger occurrences of the current scan (reused, so steady state does not allocate).
    var occurrences = Occurrences()
    /// Candidate findings of the current scan (reused).
    var candidates: [Finding] = []
    /// Word ranges of a keyword window (reused by every keyword check).
    var words: [Range<Int>] = []
    /// Scratch of `select`: the sort order of the candidates, and a cluster's kept ones.
    private var order: [Order] = []
    private var kept: [Order] = []
    /// Scratch of `decide`: the tallies of this scan, and per detector its slot among
    /// them (-1 = none) and its level rank.
    private var tallies: [DetectorTally] = []
    private var tallySlot: [Int32] = []
    private var levelRanks: [Int] = []
    /// Line and table geometry of the buffer being scanned.
    var lines = LineContext(UnsafeBufferPointer(start: nil, count: 0))
    /// The column of a value in a table, and the keywords of its header (reused).
    var columns = TableColumns()
    var headerKeywords = HeaderKeywordCache()
    /// Set while a scan runs, to detect concurrent use from C.
    let busy = Atomic<Bool>(false)

    public init() throws(ClassifyError) {
        guard let s = MatchScratch() else { throw ClassifyError(.noMemory, "cannot allocate PCRE2 match state") }
        scratch = s
    }

    /// Scans a byte array.
    public func scan(_ bytes: [UInt8], with ruleset: Ruleset, options: ScanOptions = ScanOptions()) -> ScanResult {
        bytes.withUnsafeBufferPointer { scan($0, with: ruleset, options: options) }
    }

    /// Scans a string's UTF-8 bytes (offsets in the result are UTF-8 byte offsets).
    public func scan(_ text: String, with ruleset: Ruleset, options: ScanOptions = ScanOptions()) -> ScanResult {
        scan(Array(text.utf8), with: ruleset, options: options)
    }

    /// Scans `data` with every detector of `ruleset` and decides its classification.
    public func scan(_ data: UnsafeBufferPointer<UInt8>, with ruleset: Ruleset, options: ScanOptions = ScanOptions())
        -> ScanResult
    {
        var findings: [Finding] = []
        return scan(data, with: ruleset, options: options, reusing: &findings)
    }

    /// `scan`, writing the findings into the buffer of `storage` (emptied first). A caller
    /// that hands back the findings of its previous result, referenced nowhere else, scans
    /// without allocating once the scanner's lists have grown: the C scanner does.
    func scan(
        _ data: UnsafeBufferPointer<UInt8>, with ruleset: Ruleset, options: ScanOptions, reusing storage: inout [Finding]
    ) -> ScanResult {
        var budget = Budget(options: options)
        candidates.removeAll(keepingCapacity: true)
        prepareContext(data)
        if options.strategy == .prefiltered {
            runPrefiltered(ruleset, over: data, budget: &budget)
        } else {
            for detector in ruleset.detectors {
                run(detector, over: data, budget: &budget, into: &candidates)
                if budget.stopped {
                    // This detector and every later one did not (fully) run.
                    budget.affected.append(contentsOf: detector.index..<ruleset.detectors.count)
                    break
                }
            }
        }
        storage.removeAll(keepingCapacity: true)
        select(from: candidates, minConfidence: options.minConfidence, into: &storage)
        if storage.count > options.maxFindings {
            budget.affected.append(contentsOf: storage[options.maxFindings...].map(\.detectorIndex))
            storage.removeLast(storage.count - options.maxFindings)
            budget.reasons.insert(.maxFindings)
        }
        let decision = decide(&storage, ruleset: ruleset, options: options, incomplete: budget.reasons)
        var result = ScanResult(findings: storage, decision: decision, ruleset: ruleset)
        result.incompleteDetectors = budget.affectedDetectors
        return result
    }

    /// The line and table geometry of `data`, for the keyword checks of a scan of it (a
    /// stream passes an empty buffer: it has no table header, and the geometry of an
    /// earlier scan must not leak into it).
    func prepareContext(_ data: UnsafeBufferPointer<UInt8>) {
        lines = LineContext(data)
        columns.reset(lines.table, data)
        headerKeywords.reset()
    }

    /// Runs one detector over `data`, appending accepted candidates to `out`.
    func run(_ d: CompiledDetector, over data: UnsafeBufferPointer<UInt8>, budget: inout Budget, into out: inout [Finding]) {
        guard let base = data.baseAddress, data.count > 0 else { return }
        for (pi, pattern) in d.patterns.enumerated() {
            var from = 0
            while from <= data.count {
                if budget.shouldStop() { return }
                switch pattern.match(base, end: data.count, from: from, scratch: scratch) {
                case .noMatch:
                    from = data.count + 1
                case .limit, .failure:
                    // A PCRE2 error is a search that did not finish: incomplete, never skipped.
                    budget.reasons.insert(.matchLimit)
                    budget.affected.append(d.index)
                    from = data.count + 1
                case .match(let whole, let value):
                    // Resume after the match; an empty match advances one byte.
                    from = whole.upperBound > whole.lowerBound ? whole.upperBound : whole.upperBound + 1
                    if value.isEmpty { continue }
                    if let f = evaluate(d, data, value: value, pattern: pi) { out.append(f) }
                }
            }
        }
    }

    /// The longest stretch of candidate starts searched in one PCRE2 call for a pattern
    /// whose matches are unbounded, and how far past it such a match may reach.
    static let unboundedChunk = 65_536
    static let unboundedReach = Limits.unboundedMatchBytes

    /// Runs every pattern only where the one-pass prefilter says a match may start. Gives
    /// exactly the findings of `run` (one pass per pattern over everything): every match
    /// starts inside a candidate range, and each search runs on a subject cut `reach` bytes
    /// after the range, past every byte a match attempt there can read. Only the groups of
    /// patterns whose trigger fired are visited.
    func runPrefiltered(_ ruleset: Ruleset, over data: UnsafeBufferPointer<UInt8>, budget: inout Budget) {
        let pf = ruleset.prefilter
        let plan = pf.tables
        let occurrences = self.occurrences
        var stoppedAt = -1
        ruleset.detectors.withUnsafeBufferPointer { detectors in
            ruleset.memberMatchers.withUnsafeBufferPointer { matchers in
                let stoppedGroup = occurrences.forEachCandidateGroup(pf, data, headerEnd: lines.table?.end) { g, ranges in
                    for m in Int(plan.memberStart[g])..<Int(plan.memberStart[g + 1]) {
                        run(matchers[m], plan.members[m], of: detectors, ranges: ranges, over: data, budget: &budget)
                        if budget.stopped {
                            stoppedAt = m
                            return false
                        }
                    }
                    return true
                }
                if let stoppedGroup { markUnfinished(plan, group: stoppedGroup, member: stoppedAt, budget: &budget) }
            }
        }
    }

    /// After a stop: every detector with a pattern not (fully) searched is affected (the
    /// pattern that was running, the rest of its group, and the groups after it).
    private func markUnfinished(_ plan: PlanTables, group g: Int, member m: Int, budget: inout Budget) {
        for k in m..<Int(plan.memberStart[g + 1]) { budget.affected.append(plan.members[k].detector) }
        occurrences.forEachActiveGroup(after: g) { later in
            for k in Int(plan.memberStart[later])..<Int(plan.memberStart[later + 1]) {
                budget.affected.append(plan.members[k].detector)
            }
        }
    }

    /// Runs one pattern (`pattern`, pattern `ref` of its detector) over its candidate
    /// ranges. The detector is looked up only when the pattern matches or stops.
    private func run(
        _ pattern: PatternMatcher, _ ref: PatternRef, of detectors: UnsafeBufferPointer<CompiledDetector>,
        ranges: UnsafeBufferPointer<Span>, over data: UnsafeBufferPointer<UInt8>, budget: inout Budget
    ) {
        guard let base = data.baseAddress else { return }
        let n = data.count
        let reach = ref.reach ?? Scanner.unboundedReach
        let chunk = ref.reach == nil ? Scanner.unboundedChunk : Int.max
        var from = 0
        for range in ranges {
            var lo = max(range.lo, from)
            while lo <= range.hi {
                let hi = chunk == Int.max ? range.hi : min(range.hi, lo &+ chunk - 1)
                let end = hi >= n - reach ? n : hi + reach
                if budget.shouldStop() { return }
                switch pattern.match(base, end: end, from: lo, lastStart: hi, scratch: scratch) {
                case .noMatch:
                    lo = hi + 1
                case .limit, .failure:
                    budget.reasons.insert(.matchLimit)
                    budget.affected.append(ref.detector)
                    lo = hi + 1
                case .match(let whole, let value):
                    guard whole.lowerBound <= hi else {
                        lo = hi + 1
                        continue
                    }
                    if ref.reach == nil, whole.upperBound == end, end < n {
                        budget.reasons.insert(.windowLimit)
                        budget.affected.append(ref.detector)
                    }
                    from = whole.upperBound > whole.lowerBound ? whole.upperBound : whole.upperBound + 1
                    lo = from
                    if !value.isEmpty, let f = evaluate(detectors[ref.detector], data, value: value, pattern: ref.pattern) {
                        candidates.append(f)
                    }
                }
            }
        }
    }

    /// Applies ignore words, the validator, entropy, negative keywords and keywords to a
    /// candidate value. Returns the finding, or nil when the candidate is rejected.
    func evaluate(_ d: CompiledDetector, _ s: UnsafeBufferPointer<UInt8>, value: Range<Int>, pattern: Int) -> Finding? {
        let spec = d.spec
        // What a redaction put in place of a finding is not one (Redactor.swift).
        if RedactionToken.isToken(s, value) { return nil }
        if !d.ignoreWords.isEmpty, d.ignoreWords.matches(s, value) { return nil }
        if let v = d.validator {
            let ok = v.check(UnsafeBufferPointer(rebasing: s[value]))
            if !ok { return nil }
        }
        var entropy: Double?
        if let minEntropy = spec.minEntropy {
            let h = shannonEntropy(s, value)
            if h < minEntropy { return nil }
            entropy = h
        }
        let column = lines.table == nil ? nil : columns.field(s, at: value.lowerBound)
        if !d.negativeKeywords.isEmpty {
            let lo = lines.keywordWindowStart(s, before: value.lowerBound, distance: spec.negativeDistance)
            if d.negativeKeywords.firstMatch(in: s, lo..<value.lowerBound, words: &words) != nil { return nil }
            if let column, headerKeyword(d, s, column, negative: true) != nil { return nil }
        }
        var keyword: String?
        if !d.keywords.isEmpty {
            let lo = lines.keywordWindowStart(s, before: value.lowerBound, distance: spec.maxDistance)
            keyword = d.keywords.firstMatch(in: s, lo..<value.lowerBound, words: &words)
            if keyword == nil, let column { keyword = headerKeyword(d, s, column, negative: false) }
        }
        if keyword == nil && spec.keywordRequired { return nil }
        let confidence = keyword != nil ? max(spec.keywordConfidence, spec.confidence) : spec.confidence
        return Finding(
            start: value.lowerBound, end: value.upperBound, detectorIndex: d.index, confidence: confidence,
            levelRank: spec.levelRank,
            explanation: .init(patternIndex: pattern, validator: d.validator?.name, keyword: keyword, entropy: entropy))
    }

    /// The first keyword (or negative keyword) of `d` in the header field of a column.
    private func headerKeyword(
        _ d: CompiledDetector, _ s: UnsafeBufferPointer<UInt8>, _ column: (column: Int, field: Range<Int>), negative: Bool
    ) -> String? {
        let set = negative ? d.negativeKeywords : d.keywords
        return headerKeywords.keyword(column: column.column, detector: d.index, negative: negative) {
            set.firstMatch(in: s, column.field, words: &words)
        }
    }

    /// Keeps a non-overlapping subset: higher confidence wins, then higher level, then the
    /// longer span, then the earlier detector (docs/rule-packs.md, "Overlapping findings").
    func resolveOverlaps(_ findings: inout [Finding], ruleset: Ruleset) {
        guard findings.count > 1 else { return }
        var out: [Finding] = []
        out.reserveCapacity(findings.count)
        select(from: findings, minConfidence: -.infinity, into: &out)
        findings = out
    }

    /// Where a candidate goes in the sorted order, and which candidate it is: sorting these
    /// moves three integers instead of a finding and its strings.
    struct Order {
        var start: Int
        var end: Int
        var index: Int
    }

    /// Appends to `out` the findings to report, by start: those of `source` whose confidence
    /// is at least `minConfidence`, with overlaps resolved (`resolveOverlaps`). The sort is
    /// by (start, end, position in `source`), as a stable sort by (start, end) would give.
    ///
    /// Sorted by start, the findings split into clusters of transitively overlapping spans;
    /// a lone finding is kept as it is, and only inside a cluster (usually two or three
    /// findings of different detectors on one value) does the priority rule run. O(n log n),
    /// and no allocation once the scanner's scratch lists have grown.
    private func select(from source: [Finding], minConfidence: Double, into out: inout [Finding]) {
        var order = self.order
        var kept = self.kept
        self.order = []
        self.kept = []
        defer {
            self.order = order
            self.kept = kept
        }
        order.removeAll(keepingCapacity: true)
        source.withUnsafeBufferPointer { c in
            for i in c.indices where c[i].confidence >= minConfidence {
                order.append(Order(start: c[i].start, end: c[i].end, index: i))
            }
            order.withUnsafeMutableBufferPointer { o in
                o.sortInPlace { ($0.start, $0.end, $0.index) < ($1.start, $1.end, $1.index) }
                forEachOverlapCluster(count: o.count, start: { o[$0].start }, end: { o[$0].end }) { i, j in
                    if j == i + 1 {
                        out.append(c[o[i].index])
                    } else {
                        Scanner.resolveCluster(UnsafeMutableBufferPointer(rebasing: o[i..<j]), of: c, kept: &kept)
                        for k in kept { out.append(c[k.index]) }
                    }
                }
            }
        }
    }

    /// The priority rule inside one cluster of overlapping findings of `c`: `kept` becomes
    /// the findings kept, by start. Reorders `cluster`.
    static func resolveCluster(
        _ cluster: UnsafeMutableBufferPointer<Order>, of c: UnsafeBufferPointer<Finding>, kept: inout [Order]
    ) {
        cluster.sortInPlace { x, y in
            let a = x.index, b = y.index
            if c[a].confidence != c[b].confidence { return c[a].confidence > c[b].confidence }
            if c[a].levelRank != c[b].levelRank { return c[a].levelRank > c[b].levelRank }
            if c[a].length != c[b].length { return c[a].length > c[b].length }
            if c[a].detectorIndex != c[b].detectorIndex { return c[a].detectorIndex < c[b].detectorIndex }
            if c[a].start != c[b].start { return c[a].start < c[b].start }
            // Two patterns of one detector on the same span: the first pattern's explanation.
            let pa = c[a].explanation.patternIndex, pb = c[b].explanation.patternIndex
            return pa != pb ? pa < pb : a < b
        }
        // Kept spans, sorted by start; they never overlap, so their ends are sorted too.
        kept.removeAll(keepingCapacity: true)
        for f in cluster {
            var lo = 0, hi = kept.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if kept[mid].end <= f.start { lo = mid + 1 } else { hi = mid }
            }
            if lo < kept.count, kept[lo].start < f.end { continue }
            kept.insert(f, at: lo)
        }
    }

    /// The result of `findings`: the decision over them, and each finding's level rank.
    func decided(_ findings: [Finding], ruleset: Ruleset, options: ScanOptions, incomplete: IncompleteReasons)
        -> ScanResult
    {
        var leveled = findings
        let decision = decide(&leveled, ruleset: ruleset, options: options, incomplete: incomplete)
        return ScanResult(findings: leveled, decision: decision, ruleset: ruleset)
    }

    /// Decides the buffer's classification under the policies in force, and sets each
    /// finding's level rank to its detector's. Works in the scanner's per-detector lists
    /// (see `Ruleset.decide`), so it does not allocate in steady state.
    func decide(_ findings: inout [Finding], ruleset: Ruleset, options: ScanOptions, incomplete: IncompleteReasons)
        -> ScanResult.Decision
    {
        let n = ruleset.detectors.count
        if tallySlot.count < n {
            tallySlot = [Int32](repeating: -1, count: n)
            levelRanks = [Int](repeating: 0, count: n)
        }
        var tallies = self.tallies
        var slot = tallySlot
        var ranks = levelRanks
        self.tallies = []
        tallySlot = []
        levelRanks = []
        defer {
            self.tallies = tallies
            tallySlot = slot
            levelRanks = ranks
        }
        tallies.removeAll(keepingCapacity: true)
        for f in findings {
            let s = Int(slot[f.detectorIndex])
            if s >= 0 {
                tallies[s].add(f)
            } else {
                slot[f.detectorIndex] = Int32(tallies.count)
                tallies.append(DetectorTally(first: f))
            }
        }
        for t in tallies { slot[t.detectorIndex] = -1 }
        tallies.withUnsafeMutableBufferPointer { $0.sortInPlace { $0.detectorIndex < $1.detectorIndex } }
        let day = options.asOf ?? CivilDate(unixSeconds: todayUTC())
        let decision = ruleset.decide(tallies, on: day, dataCreated: options.dataCreated, incomplete: incomplete) {
            ranks[$0] = $1
        }
        for i in findings.indices { findings[i].levelRank = ranks[findings[i].detectorIndex] }
        return decision
    }
}

/// Deadline, cancellation and the reasons a scan stopped early.
struct Budget {
    var reasons: IncompleteReasons = []
    /// Indices of detectors a bound stopped or cut short (with repeats; see
    /// `affectedDetectors`). Empty, and never allocated, in a complete scan.
    var affected: [Int] = []
    let deadline: UInt64?
    let cancel: CancelFlag?
    private var ticks = 0

    init(options: ScanOptions) {
        deadline = options.deadlineNanoseconds.map { monotonicNanoseconds() &+ $0 }
        cancel = options.cancel
    }

    /// `affected`, sorted and without repeats.
    var affectedDetectors: [Int] { affected.isEmpty ? [] : Array(Set(affected)).sorted() }

    /// Whether work must stop (deadline or cancel reached, or already stopped).
    var stopped: Bool { reasons.contains(.deadline) || reasons.contains(.cancelled) }

    mutating func shouldStop() -> Bool {
        if stopped { return true }
        if let cancel, cancel.isSet {
            reasons.insert(.cancelled)
            return true
        }
        if let deadline {
            ticks &+= 1
            if ticks & 15 == 0 || ticks == 1, monotonicNanoseconds() >= deadline {
                reasons.insert(.deadline)
                return true
            }
        }
        return false
    }
}
