// SPDX-License-Identifier: Apache-2.0
// One pass over the input finds, for every pattern of the ruleset at once, where a match
// could start: occurrences of literals (pattern prefixes such as "ghp_" or "-----BEGIN ",
// and the keywords of detectors that need one) and runs of trigger bytes ('@', digits,
// '_' ...). Each pattern then runs only on the stretches its trigger allows, on a subject
// cut just past the longest match it can make (see `Scanner.runPrefiltered`).

import RulePacks

/// How one pattern finds its candidate start positions.
enum Trigger: Sendable, Hashable {
    /// Every match starts at an occurrence of one of these literals (indices into
    /// `Prefilter.literals`).
    case literals([Int])
    /// Every match contains a run of at least `run` bytes of trigger set `set`, starting
    /// within `offset` bytes of the match start.
    case bytes(set: Int, offset: Int, run: Int)
    /// Nothing is known: the pattern runs over the whole input.
    case everywhere
}

/// A detector that only reports values with a keyword before them needs one of these
/// literals (the first word of each keyword) within `before` bytes before a match start,
/// or `after`... see `Occurrences.applyKeywordGate`.
struct KeywordGate: Sendable, Hashable {
    let literals: [Int]
    /// A match may start up to this many bytes after the start of a keyword occurrence.
    let after: Int
    /// ... and up to this many bytes before its end (a `value` group may start later).
    let before: Int
}

/// The compile-time plan for one pattern.
struct PatternPlan: Sendable {
    let trigger: Trigger
    let gate: KeywordGate?
    /// Bytes past the last possible match start that a match attempt can read (longest
    /// match plus lookahead plus one character); nil when the pattern is unbounded.
    let reach: Int?
    /// Small integers naming the trigger, the gate and the pair, so that patterns sharing
    /// them share one computation per scan without hashing (see `Occurrences`).
    var triggerID = 0
    var gateID: Int? = nil
    var planID = 0

    init(trigger: Trigger, gate: KeywordGate?, reach: Int?) {
        self.trigger = trigger
        self.gate = gate
        self.reach = reach
    }
}

/// Ruleset-wide tables for the one-pass candidate search. Immutable.
final class Prefilter: Sendable {
    /// Distinct literals, lower-cased: they are searched without regard to ASCII case,
    /// which finds a superset of the case-sensitive occurrences.
    let literals: [[UInt8]]
    /// For each lower-cased two-byte pair (first | second << 8), the literals starting with
    /// it: `pairIDs[pairStart[key] ..< pairStart[key + 1]]` (a flat table: no hashing on
    /// the hot path).
    let pairStart: [Int32]
    let pairIDs: [Int32]
    /// 65,536 bits: whether some literal starts with the pair.
    let pairBits: [UInt64]
    /// The trigger byte sets in use (at most 32).
    let sets: [ByteSet]
    /// For each byte value, the bit mask of trigger sets containing it.
    let classOf: [UInt32]
    /// For each trigger set, the shortest run any pattern needs: shorter runs are not recorded.
    let minRun: [Int]
    /// How many distinct triggers, gates and (trigger, gate) pairs the plans use.
    let counts: (triggers: Int, gates: Int, plans: Int)
    /// ASCII lower-casing table.
    let lower: [UInt8]

    init(literals: [[UInt8]], sets: [ByteSet], minRun: [Int], counts: (triggers: Int, gates: Int, plans: Int)) {
        self.minRun = minRun
        self.counts = counts
        self.literals = literals
        var byPair: [UInt16: [Int]] = [:]
        var bits = [UInt64](repeating: 0, count: 1024)
        for (i, l) in literals.enumerated() where l.count >= 2 {
            let key = UInt16(l[0]) | UInt16(l[1]) << 8
            byPair[key, default: []].append(i)
            bits[Int(key) >> 6] |= 1 << UInt64(key & 63)
        }
        var start = [Int32](repeating: 0, count: 65_537)
        var ids: [Int32] = []
        for key in 0..<65_536 {
            start[key] = Int32(ids.count)
            if let list = byPair[UInt16(key)] { ids.append(contentsOf: list.map { Int32($0) }) }
        }
        start[65_536] = Int32(ids.count)
        pairStart = start
        pairIDs = ids
        pairBits = bits
        self.sets = sets
        var table = [UInt32](repeating: 0, count: 256)
        for (i, s) in sets.enumerated() where i < 32 {
            for b in 0...255 where s.contains(UInt8(b)) { table[b] |= 1 << UInt32(i) }
        }
        classOf = table
        lower = (0...255).map { b in b >= 0x41 && b <= 0x5A ? UInt8(b) | 0x20 : UInt8(b) }
    }

    /// Plans every pattern of a ruleset: picks each pattern's trigger, its detector's
    /// keyword gate, and collects the literal and byte-set tables they need.
    static func plan(_ detectors: [DetectorPlanInput]) -> (Prefilter, [[PatternPlan]]) {
        var literals: [[UInt8]] = []
        var literalIndex: [[UInt8]: Int] = [:]
        func literalID(_ l: [UInt8]) -> Int {
            let key = l.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            if let i = literalIndex[key] { return i }
            literalIndex[key] = literals.count
            literals.append(key)
            return literals.count - 1
        }
        var sets: [ByteSet] = []
        var minRun: [Int] = []
        var out: [[PatternPlan]] = []
        for d in detectors {
            var gateLiterals: [Int]?
            if d.keywordRequired {
                // The first word of each keyword must occur; keywords shorter than 2 bytes
                // cannot be searched, which disables the gate (always safe).
                var ids: [Int] = []
                for k in d.keywordFirstWords {
                    guard k.count >= 2 else { ids = []; break }
                    ids.append(literalID(k))
                }
                if !ids.isEmpty { gateLiterals = Array(Set(ids)).sorted() }
            }
            var plans: [PatternPlan] = []
            for a in d.analyses {
                var reach: Int?
                if let len = a.maxLength, let look = a.lookaheadMargin { reach = len + look + 4 }
                var trigger = Trigger.everywhere
                if let lits = a.prefixLiterals, lits.allSatisfy({ $0.count >= 2 }) {
                    trigger = .literals(Array(Set(lits.map(literalID))).sorted())
                } else if let best = a.byteTriggers.first {
                    if let i = sets.firstIndex(of: best.set) {
                        trigger = .bytes(set: i, offset: best.offset, run: best.run)
                        minRun[i] = min(minRun[i], best.run)
                    } else if sets.count < 32 {
                        sets.append(best.set)
                        minRun.append(best.run)
                        trigger = .bytes(set: sets.count - 1, offset: best.offset, run: best.run)
                    }
                }
                var gate: KeywordGate?
                if let gateLiterals {
                    // A keyword ends at most `keywordWindow` bytes before the value starts
                    // (the window widened to a word start), and the value starts at most
                    // maxLength bytes after the match start.
                    gate = KeywordGate(
                        literals: gateLiterals, after: d.keywordWindow, before: a.maxLength ?? Limits.unboundedMatchBytes)
                }
                plans.append(PatternPlan(trigger: trigger, gate: gate, reach: reach))
            }
            out.append(plans)
        }
        // Number the distinct triggers, gates and (trigger, gate) pairs.
        var triggerIDs: [Trigger: Int] = [:]
        var gateIDs: [KeywordGate: Int] = [:]
        var planIDs: [[Int]: Int] = [:]
        for d in out.indices {
            for p in out[d].indices {
                var plan = out[d][p]
                let t = triggerIDs[plan.trigger] ?? triggerIDs.count
                triggerIDs[plan.trigger] = t
                plan.triggerID = t
                if let g = plan.gate {
                    let id = gateIDs[g] ?? gateIDs.count
                    gateIDs[g] = id
                    plan.gateID = id
                }
                let key = [t, plan.gateID ?? -1]
                let id = planIDs[key] ?? planIDs.count
                planIDs[key] = id
                plan.planID = id
                out[d][p] = plan
            }
        }
        let prefilter = Prefilter(
            literals: literals, sets: sets, minRun: minRun, counts: (triggerIDs.count, gateIDs.count, planIDs.count))
        return (prefilter, out)
    }

    /// The one pass: fills `occ` with every literal occurrence and every run of trigger bytes.
    func collect(_ s: UnsafeBufferPointer<UInt8>, into occ: inout Occurrences) {
        occ.reset(literals: literals.count, sets: sets.count, counts: counts)
        guard let base = s.baseAddress, s.count > 0 else { return }
        let n = s.count
        var open: UInt32 = 0
        let checkPairs = !literals.isEmpty
        let minRun = self.minRun
        // Moved out and back so its buffer is reused without an exclusivity conflict.
        var starts = occ.runStart
        occ.runStart = []
        defer { occ.runStart = starts }
        starts.withUnsafeMutableBufferPointer { runStart in
            classOf.withUnsafeBufferPointer { table in
                lower.withUnsafeBufferPointer { lower in
                    pairBits.withUnsafeBufferPointer { bits in
                        var prev = lower[Int(base[0])]
                        var i = 0
                        while i < n {
                            let m = table[Int(base[i])]
                            if m != open {
                                var closing = open & ~m
                                while closing != 0 {
                                    let k = closing.trailingZeroBitCount
                                    if i - runStart[k] >= minRun[k] { occ.runs[k].append(runStart[k]..<i) }
                                    closing &= closing - 1
                                }
                                var opening = m & ~open
                                while opening != 0 {
                                    let k = opening.trailingZeroBitCount
                                    runStart[k] = i
                                    opening &= opening - 1
                                }
                                open = m
                            }
                            if checkPairs, i + 1 < n {
                                let next = lower[Int(base[i + 1])]
                                let key = Int(prev) | Int(next) << 8
                                if bits[key >> 6] & (1 << UInt64(key & 63)) != 0 {
                                    matchLiterals(at: i, key: UInt16(key), base, n, lower, &occ)
                                }
                                prev = next
                            }
                            i += 1
                        }
                    }
                }
            }
        }
        var closing = open
        while closing != 0 {
            let k = closing.trailingZeroBitCount
            occ.runs[k].append(starts[k]..<n)
            closing &= closing - 1
        }
    }

    private func matchLiterals(
        at i: Int, key: UInt16, _ base: UnsafePointer<UInt8>, _ n: Int, _ lower: UnsafeBufferPointer<UInt8>,
        _ occ: inout Occurrences
    ) {
        let lo = Int(pairStart[Int(key)]), hi = Int(pairStart[Int(key) + 1])
        for k in lo..<hi {
            let id = Int(pairIDs[k])
            let l = literals[id]
            guard i + l.count <= n else { continue }
            var j = 2
            while j < l.count, lower[Int(base[i + j])] == l[j] { j += 1 }
            if j == l.count { occ.literalHits[id].append(i) }
        }
    }
}

/// What the planner needs to know about one detector.
struct DetectorPlanInput {
    var analyses: [PatternAnalysis]
    var keywordRequired: Bool
    /// The first word of each keyword, as bytes.
    var keywordFirstWords: [[UInt8]]
    /// How far before a value a keyword may start: max_distance plus the widening to a
    /// word start (KeywordSet.firstMatch).
    var keywordWindow: Int
}

/// Where the one pass found triggers. Lives in a scanner and is reused from scan to scan,
/// so that steady-state scanning does not allocate.
struct Occurrences {
    var literalHits: [[Int]] = []
    var runs: [[Range<Int>]] = []
    var runStart: [Int] = []
    /// Where the header line of a delimited table ends, when the input starts with one: a
    /// keyword in the header is context for every row below it.
    var headerEnd: Int?
    private var merged: [Int] = []
    /// Ranges already computed during this scan, by trigger id, gate id and plan id. An
    /// entry is valid when its stamp equals `generation` (bumped each scan), so nothing is
    /// cleared or hashed per scan.
    private var triggerStore: [[ClosedRange<Int>]] = []
    private var triggerStamp: [UInt32] = []
    private var gateStore: [[ClosedRange<Int>]] = []
    private var gateStamp: [UInt32] = []
    private var planStore: [[ClosedRange<Int>]] = []
    private var planStamp: [UInt32] = []
    private var generation: UInt32 = 0

    /// Candidate ranges closer than this are searched in one call: scanning a few bytes
    /// costs less than another PCRE2 call, and a superset of candidates is always safe.
    static let mergeGap = 24

    mutating func reset(literals: Int, sets: Int, counts: (triggers: Int, gates: Int, plans: Int)) {
        generation &+= 1
        if generation == 0 { generation = 1 }
        if triggerStore.count != counts.triggers {
            triggerStore = Array(repeating: [], count: counts.triggers)
            triggerStamp = Array(repeating: 0, count: counts.triggers)
        }
        if gateStore.count != counts.gates {
            gateStore = Array(repeating: [], count: counts.gates)
            gateStamp = Array(repeating: 0, count: counts.gates)
        }
        if planStore.count != counts.plans {
            planStore = Array(repeating: [], count: counts.plans)
            planStamp = Array(repeating: 0, count: counts.plans)
        }
        if literalHits.count != literals { literalHits = Array(repeating: [], count: literals) }
        for i in literalHits.indices { literalHits[i].removeAll(keepingCapacity: true) }
        if runs.count != sets { runs = Array(repeating: [], count: sets) }
        for i in runs.indices { runs[i].removeAll(keepingCapacity: true) }
        if runStart.count != sets { runStart = Array(repeating: 0, count: sets) }
        headerEnd = nil
    }

    private static func append(_ r: ClosedRange<Int>, to list: inout [ClosedRange<Int>]) {
        if let last = list.last, r.lowerBound <= last.upperBound + mergeGap {
            if r.upperBound > last.upperBound { list[list.count - 1] = last.lowerBound...r.upperBound }
        } else {
            list.append(r)
        }
    }

    /// Where a match of a pattern with this plan may start: sorted, disjoint ranges.
    /// Patterns with the same trigger and gate share one computation per scan.
    mutating func candidateStarts(_ plan: PatternPlan, count n: Int) -> [ClosedRange<Int>] {
        guard n > 0 else { return [] }
        if plan.planID < planStamp.count, planStamp[plan.planID] == generation { return planStore[plan.planID] }
        let base = triggerRanges(plan, count: n)
        var out = base
        if let gate = plan.gate { out = Occurrences.intersect(base, gateRanges(gate, id: plan.gateID ?? 0, count: n)) }
        if plan.planID < planStamp.count {
            planStore[plan.planID] = out
            planStamp[plan.planID] = generation
        }
        return out
    }

    private mutating func triggerRanges(_ plan: PatternPlan, count n: Int) -> [ClosedRange<Int>] {
        let id = plan.triggerID
        if id < triggerStamp.count, triggerStamp[id] == generation { return triggerStore[id] }
        var ranges: [ClosedRange<Int>] = []
        switch plan.trigger {
        case .everywhere:
            ranges.append(0...(n - 1))
        case .bytes(let set, let offset, let run):
            for r in runs[set] where r.count >= run {
                Occurrences.append(max(0, r.lowerBound - offset)...(r.upperBound - run), to: &ranges)
            }
        case .literals(let ids):
            collectHits(ids)
            for p in merged { Occurrences.append(p...p, to: &ranges) }
        }
        if id < triggerStamp.count {
            triggerStore[id] = ranges
            triggerStamp[id] = generation
        }
        return ranges
    }

    /// Sorted hits of several literals, in `merged`.
    private mutating func collectHits(_ ids: [Int]) {
        merged.removeAll(keepingCapacity: true)
        for id in ids { merged.append(contentsOf: literalHits[id]) }
        if ids.count > 1 { merged.sort() }
    }

    /// Where a keyword occurrence allows a match to start: [hit - gate.before,
    /// hit + gate.after] for each hit of the gate's literals.
    private mutating func gateRanges(_ gate: KeywordGate, id: Int, count n: Int) -> [ClosedRange<Int>] {
        if id < gateStamp.count, gateStamp[id] == generation { return gateStore[id] }
        collectHits(gate.literals)
        var out: [ClosedRange<Int>] = []
        defer {
            if id < gateStamp.count {
                gateStore[id] = out
                gateStamp[id] = generation
            }
        }
        if let headerEnd, let first = merged.first, first < headerEnd {
            out = [0...(n - 1)]
            return out
        }
        for p in merged {
            Occurrences.append(max(0, p - gate.before)...min(n - 1, p + gate.after), to: &out)
        }
        return out
    }

    /// The intersection of two sorted lists of disjoint ranges.
    static func intersect(_ a: [ClosedRange<Int>], _ b: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
        var i = 0, j = 0
        while i < a.count, j < b.count {
            let x = a[i], y = b[j]
            let lo = max(x.lowerBound, y.lowerBound), hi = min(x.upperBound, y.upperBound)
            if lo <= hi { out.append(lo...hi) }
            if x.upperBound < y.upperBound { i += 1 } else { j += 1 }
        }
        return out
    }
}
