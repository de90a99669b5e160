// SPDX-License-Identifier: Apache-2.0
// What the one pass found in the current input, and the candidate start ranges derived
// from it for each group of patterns. Lives in a scanner and is reused from scan to scan:
// per-literal, per-trigger and per-gate entries carry a generation stamp, so a scan
// touches only the entries its input fired, and steady-state scanning does not allocate.

/// Where the one pass found triggers, and which pattern groups they wake.
struct Occurrences {
    /// Hit positions of each literal, valid when `literalStamp` equals `generation`.
    private var literalHits: [[Int]] = []
    private var literalStamp: [UInt32] = []
    /// The literals hit during this scan.
    private var touched: [Int] = []
    /// Runs of each trigger byte set (at most 32 sets, cleared each scan).
    private var runs: [[Range<Int>]] = []
    var runStart: [Int] = []
    /// Where the header line of a delimited table ends, when the input starts with one: a
    /// keyword in the header is context for every row below it.
    var headerEnd: Int?
    /// Candidate ranges by trigger and by gate, computed at most once per scan.
    private var triggerStore: [[ClosedRange<Int>]] = []
    private var triggerStamp: [UInt32] = []
    private var gateStore: [[ClosedRange<Int>]] = []
    private var gateStamp: [UInt32] = []
    /// Triggers and gates that fired during this scan.
    private var triggerFired: [UInt32] = []
    private var gateFired: [UInt32] = []
    private var fired: [Int] = []
    /// The groups to run in this scan: one bit per group (iterated in ascending order).
    private(set) var active: [UInt64] = []
    /// Candidate ranges of the group being computed, when they are not a trigger's own.
    private var groupRanges: [ClosedRange<Int>] = []
    private var merged: [Int] = []
    private var scratch: [ClosedRange<Int>] = []
    private var generation: UInt32 = 0

    /// Candidate ranges closer than this are searched in one call: scanning a few bytes
    /// costs less than another PCRE2 call, and a superset of candidates is always safe.
    static let mergeGap = 24

    /// Starts a scan with `pf`'s tables (sized again only when the ruleset's differ).
    mutating func reset(for pf: Prefilter) {
        generation &+= 1
        if generation == 0 {
            // After 2^32 scans, stale stamps could look current: clear them once.
            generation = 1
            for i in literalStamp.indices { literalStamp[i] = 0 }
            for i in triggerStamp.indices { triggerStamp[i] = 0; triggerFired[i] = 0 }
            for i in gateStamp.indices { gateStamp[i] = 0; gateFired[i] = 0 }
        }
        if literalHits.count != pf.literals.count {
            literalHits = Array(repeating: [], count: pf.literals.count)
            literalStamp = Array(repeating: 0, count: pf.literals.count)
        }
        if triggerStore.count != pf.triggers.count {
            triggerStore = Array(repeating: [], count: pf.triggers.count)
            triggerStamp = Array(repeating: 0, count: pf.triggers.count)
            triggerFired = Array(repeating: 0, count: pf.triggers.count)
        }
        if gateStore.count != pf.gates.count {
            gateStore = Array(repeating: [], count: pf.gates.count)
            gateStamp = Array(repeating: 0, count: pf.gates.count)
            gateFired = Array(repeating: 0, count: pf.gates.count)
        }
        if runs.count != pf.sets.count { runs = Array(repeating: [], count: pf.sets.count) }
        for i in runs.indices where !runs[i].isEmpty { runs[i].removeAll(keepingCapacity: true) }
        if runStart.count != pf.sets.count { runStart = Array(repeating: 0, count: pf.sets.count) }
        touched.removeAll(keepingCapacity: true)
        let words = (pf.groups.count + 63) / 64
        if active.count != words { active = Array(repeating: 0, count: words) }
        for i in active.indices { active[i] = 0 }
        headerEnd = nil
    }

    mutating func addHit(literal id: Int, at i: Int) {
        if literalStamp[id] != generation {
            literalStamp[id] = generation
            literalHits[id].removeAll(keepingCapacity: true)
            touched.append(id)
        }
        literalHits[id].append(i)
    }

    mutating func addRun(set k: Int, _ r: Range<Int>) { runs[k].append(r) }

    // MARK: Which groups run

    /// Fills `active` with the groups whose trigger fired and whose gate (if any) found a
    /// keyword: every other group has no candidate in this input.
    mutating func activate(_ pf: Prefilter) {
        fired.removeAll(keepingCapacity: true)
        for t in pf.everywhere { fire(Int(t)) }
        for l in touched {
            for t in pf.triggersOfLiteral[l] { fire(Int(t)) }
            for g in pf.gatesOfLiteral[l] { gateFired[Int(g)] = generation }
        }
        for k in runs.indices where !runs[k].isEmpty {
            for t in pf.triggersOfSet[k] { fire(Int(t)) }
        }
        pf.groupGate.withUnsafeBufferPointer { groupGate in
            for t in fired {
                for g in pf.groupsOfTrigger[t] {
                    let gate = Int(groupGate[Int(g)])
                    if gate < 0 || gateFired[gate] == generation { active[Int(g) >> 6] |= 1 << UInt64(g & 63) }
                }
            }
        }
    }

    private mutating func fire(_ t: Int) {
        if triggerFired[t] != generation {
            triggerFired[t] = generation
            fired.append(t)
        }
    }

    // MARK: Candidate ranges

    /// Appends `r` to a sorted list, merged with the last range when they overlap or lie
    /// within `gap` bytes. Exact ranges (gap 0) are kept until the group's candidates are
    /// final, so that the start-shape filter does not test the bytes between them.
    private static func append(_ r: ClosedRange<Int>, to list: inout [ClosedRange<Int>], gap: Int = 1) {
        if let last = list.last, r.lowerBound <= last.upperBound + gap {
            if r.upperBound > last.upperBound { list[list.count - 1] = last.lowerBound...r.upperBound }
        } else {
            list.append(r)
        }
    }

    /// Where a match of a pattern of group `g` may start in `s`: sorted, disjoint ranges.
    mutating func candidateRanges(_ g: Int, _ pf: Prefilter, _ s: UnsafeBufferPointer<UInt8>) -> [ClosedRange<Int>] {
        let n = s.count
        guard n > 0 else { return [] }
        let t = Int(pf.groupTrigger[g]), gate = Int(pf.groupGate[g]), shape = Int(pf.groupShape[g])
        computeTriggerRanges(t, pf, count: n)
        var from = triggerStore[t]
        if gate >= 0 {
            computeGateRanges(gate, pf, count: n)
            Occurrences.intersect(from, gateStore[gate], into: &scratch)
            from = scratch
        }
        // No shape: the exact ranges are searched as they are.
        guard shape >= 0 else { return from }
        groupRanges.removeAll(keepingCapacity: true)
        filter(from, shape: shape, pf, s, into: &groupRanges)
        return groupRanges
    }

    private mutating func computeTriggerRanges(_ t: Int, _ pf: Prefilter, count n: Int) {
        if triggerStamp[t] == generation { return }
        triggerStamp[t] = generation
        var ranges = triggerStore[t]
        triggerStore[t] = []
        defer { triggerStore[t] = ranges }
        ranges.removeAll(keepingCapacity: true)
        switch pf.triggers[t] {
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
    }

    /// Where a keyword occurrence allows a match to start: [hit - gate.before,
    /// hit + gate.after] for each hit of the gate's literals.
    private mutating func computeGateRanges(_ g: Int, _ pf: Prefilter, count n: Int) {
        if gateStamp[g] == generation { return }
        gateStamp[g] = generation
        let gate = pf.gates[g]
        var out = gateStore[g]
        gateStore[g] = []
        defer { gateStore[g] = out }
        out.removeAll(keepingCapacity: true)
        collectHits(gate.literals)
        if let headerEnd, let first = merged.first, first < headerEnd {
            out.append(0...(n - 1))
            return
        }
        for p in merged {
            Occurrences.append(max(0, p - gate.before)...min(n - 1, p + gate.after), to: &out)
        }
    }

    /// Sorted hits of several literals, in `merged`.
    private mutating func collectHits(_ ids: [Int]) {
        merged.removeAll(keepingCapacity: true)
        for id in ids where literalStamp[id] == generation { merged.append(contentsOf: literalHits[id]) }
        if ids.count > 1 { merged.sort() }
    }

    /// The starts of `input` at which the bytes fit start shape `k`, merged into ranges.
    ///
    /// Shift-and over the bytes of each range: after byte j, bit i of `d` says that the
    /// bytes j-i ... j fit offsets 0 ... i of the shape, so each byte is read once however
    /// wide the shape is. Every match is at least `width` bytes long, so starts that leave
    /// fewer bytes before the end are dropped too.
    private func filter(
        _ input: [ClosedRange<Int>], shape k: Int, _ pf: Prefilter, _ s: UnsafeBufferPointer<UInt8>,
        into out: inout [ClosedRange<Int>]
    ) {
        guard let base = s.baseAddress else { return }
        let n = s.count
        let width = pf.shapeWidths[k]
        let full = UInt8(1) << UInt8(width - 1)
        pf.shapeTables.withUnsafeBufferPointer { tables in
            let table = tables.baseAddress! + 256 * k
            for r in input {
                var d: UInt8 = 0
                var j = r.lowerBound
                let last = min(r.upperBound + width - 1, n - 1)
                while j <= last {
                    d = ((d << 1) | 1) & table[Int(base[j])]
                    if d & full != 0 {
                        let p = j - width + 1
                        Occurrences.append(p...p, to: &out, gap: Occurrences.mergeGap)
                    }
                    j += 1
                }
            }
        }
    }

    /// The intersection of two sorted lists of disjoint ranges.
    static func intersect(_ a: [ClosedRange<Int>], _ b: [ClosedRange<Int>], into out: inout [ClosedRange<Int>]) {
        out.removeAll(keepingCapacity: true)
        var i = 0, j = 0
        while i < a.count, j < b.count {
            let x = a[i], y = b[j]
            let lo = max(x.lowerBound, y.lowerBound), hi = min(x.upperBound, y.upperBound)
            if lo <= hi { out.append(lo...hi) }
            if x.upperBound < y.upperBound { i += 1 } else { j += 1 }
        }
    }
}
