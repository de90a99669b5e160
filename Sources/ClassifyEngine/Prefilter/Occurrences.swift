// SPDX-License-Identifier: Apache-2.0
// What the one pass found in the current input, and the candidate start ranges derived
// from it for each group of patterns. Lives in a scanner and is reused from scan to scan:
// per-literal, per-trigger and per-gate entries carry a generation stamp, so a scan
// touches only the entries its input fired, and steady-state scanning does not allocate.

import CScanKernel

/// Where the one pass found triggers, and which pattern groups they wake.
struct Occurrences {
    /// Hits of each literal (`position << 1 | glued`, see `collect`), valid when
    /// `literalStamp` equals `generation`.
    private var literalHits: [[Int]] = []
    private var literalStamp: [UInt32] = []
    /// The literals hit during this scan.
    private var touched: [Int] = []
    /// Runs of each trigger byte set (at most 32 sets, cleared each scan).
    private var runs: [[Range<Int>]] = []
    /// The kernel's event buffer and state.
    let kernelBuffer = KernelBuffer()
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
    /// Candidate ranges of each group with a start shape, valid when its batch's stamp
    /// equals `generation`.
    private var shapedStore: [[ClosedRange<Int>]] = []
    /// The ranges of the gated group computed last.
    private var gatedRanges: [ClosedRange<Int>] = []
    private var batchStamp: [UInt32] = []
    private var merged: [Int] = []
    private var scratch: [ClosedRange<Int>] = []
    private var windows: [ClosedRange<Int>] = []
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
            for i in batchStamp.indices { batchStamp[i] = 0 }
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
        if shapedStore.count != pf.groups.count { shapedStore = Array(repeating: [], count: pf.groups.count) }
        if batchStamp.count != pf.batches.count { batchStamp = Array(repeating: 0, count: pf.batches.count) }
        if runs.count != pf.sets.count { runs = Array(repeating: [], count: pf.sets.count) }
        for i in runs.indices where !runs[i].isEmpty { runs[i].removeAll(keepingCapacity: true) }
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
    /// Filtering by start shape and intersecting with the gate commute (both keep a subset
    /// of start positions), so the shape is applied to the trigger's ranges once for the
    /// whole batch, and the gate after. A gated group starts from its gate instead (keywords
    /// are rarer than trigger bytes): the trigger is looked up only inside the gate's ranges.
    mutating func candidateRanges(_ g: Int, _ pf: Prefilter, _ s: UnsafeBufferPointer<UInt8>) -> [ClosedRange<Int>] {
        let n = s.count
        guard n > 0 else { return [] }
        let t = Int(pf.groupTrigger[g]), gate = Int(pf.groupGate[g]), batch = Int(pf.groupBatch[g])
        if gate < 0 {
            if batch >= 0 {
                if batchStamp[batch] != generation { computeBatch(batch, pf, s) }
                return shapedStore[g]
            }
            computeTriggerRanges(t, pf, count: n)
            return triggerStore[t]
        }
        computeGateRanges(gate, pf, count: n)
        guard !gateStore[gate].isEmpty else { return [] }
        triggerRanges(t, pf, within: gateStore[gate], count: n)
        guard let shape = pf.gatedShape[g], !scratch.isEmpty else { return scratch }
        gatedRanges.removeAll(keepingCapacity: true)
        Occurrences.shapeStarts(shape, in: scratch, s, kernelBuffer) { _, r in gatedRanges.append(r) }
        return gatedRanges
    }

    /// The candidate ranges of trigger `t` inside `within` (sorted, disjoint), into `scratch`:
    /// the intersection of the two, found from the gate's side. Runs are sorted, so the
    /// runs that can matter to one gate range are found by a galloping search.
    private mutating func triggerRanges(
        _ t: Int, _ pf: Prefilter, within: [ClosedRange<Int>], count n: Int
    ) {
        switch pf.triggers[t] {
        case .everywhere:
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: within)
        case .literals:
            computeTriggerRanges(t, pf, count: n)
            Occurrences.intersect(triggerStore[t], within, into: &scratch)
        case .bytes(let set, let offset, let run):
            scratch.removeAll(keepingCapacity: true)
            let list = runs[set]
            // A run r gives the starts max(0, r.lower - offset) ... r.upper - run; both ends
            // grow with r (runs are disjoint and sorted).
            var from = 0
            for w in within {
                // The first run that can reach into w: galloping from where the previous
                // window's search ended (windows are sorted too), then binary search.
                var lo = from, hi = from, step = 1
                while hi < list.count, list[hi].upperBound - run < w.lowerBound {
                    lo = hi + 1
                    hi += step
                    step *= 2
                }
                hi = min(hi, list.count)
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if list[mid].upperBound - run < w.lowerBound { lo = mid + 1 } else { hi = mid }
                }
                from = lo
                var i = lo
                while i < list.count {
                    let r = list[i]
                    let first = max(0, r.lowerBound - offset)
                    if first > w.upperBound { break }
                    i += 1
                    guard r.count >= run else { continue }
                    let a = max(first, w.lowerBound), b = min(r.upperBound - run, w.upperBound)
                    if a <= b { Occurrences.append(a...b, to: &scratch) }
                }
            }
        }
    }

    /// The candidate ranges of every group of batch `b`: the starts in its trigger's ranges
    /// where the bytes fit each group's start shape, merged into ranges.
    ///
    /// Shift-and over the bytes of each range, eight shapes at once (`sk_shape_batch`): each
    /// byte is read once whatever the number of groups and the width of their shapes. Every
    /// match is at least as long as its shape, so starts too close to the end are dropped too.
    private mutating func computeBatch(_ b: Int, _ pf: Prefilter, _ s: UnsafeBufferPointer<UInt8>) {
        batchStamp[b] = generation
        let batch = pf.batches[b]
        computeTriggerRanges(batch.trigger, pf, count: s.count)
        for g in batch.groups { shapedStore[g].removeAll(keepingCapacity: true) }
        Occurrences.shapeStarts(batch, in: triggerStore[batch.trigger], s, kernelBuffer) { lane, r in
            shapedStore[batch.groups[lane]].append(r)
        }
    }

    /// Runs `sk_shape_batch` for `batch` over `input` and hands each output range to `emit`
    /// with its lane (each lane's ranges in order, starts closer than `mergeGap` merged).
    private static func shapeStarts(
        _ batch: ShapeBatch, in input: [ClosedRange<Int>], _ s: UnsafeBufferPointer<UInt8>, _ buffer: KernelBuffer,
        _ emit: (Int, ClosedRange<Int>) -> Void
    ) {
        guard let base = s.baseAddress else { return }
        buffer.setPairs(input)
        sk_batch_reset(buffer.batchState)
        batch.table.withUnsafeBufferPointer { table in
            while buffer.batchState.pointee.done == 0 {
                let k = sk_shape_batch(
                    table.baseAddress, batch.full, Int64(batch.maxWidth - 1), Int64(Occurrences.mergeGap), base, s.count,
                    buffer.pairs, input.count, buffer.batchState, buffer.laneRanges, KernelBuffer.laneRangeCapacity)
                for r in UnsafeBufferPointer(start: buffer.laneRanges, count: k) { emit(Int(r.lane), Int(r.lo)...Int(r.hi)) }
            }
        }
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
            // Occurrences.append, with the open range kept in locals (this loop visits every
            // run of the set: thousands per MB of logs, for each trigger of the set).
            var lo = -1, hi = -2
            for r in runs[set] where r.count >= run {
                let a = max(0, r.lowerBound - offset), b = r.upperBound - run
                if lo >= 0, a <= hi + 1 {
                    hi = max(hi, b)
                } else {
                    if lo >= 0 { ranges.append(lo...hi) }
                    lo = a
                    hi = b
                }
            }
            if lo >= 0 { ranges.append(lo...hi) }
        case .literals(let ids):
            collectHits(ids)
            for h in merged { Occurrences.append((h >> 1)...(h >> 1), to: &ranges) }
        }
    }

    /// Where a keyword occurrence allows a match to start: [hit - gate.before,
    /// hit + gate.after] for each hit of the gate's literals. A glued hit (a word that goes
    /// on past the literal, see `SK_HIT_GLUED`) is a keyword only to a window that ends
    /// right after it, so the value starts there: [end - gate.before, end].
    private mutating func computeGateRanges(_ g: Int, _ pf: Prefilter, count n: Int) {
        if gateStamp[g] == generation { return }
        gateStamp[g] = generation
        let gate = pf.gates[g]
        var out = gateStore[g]
        gateStore[g] = []
        defer { gateStore[g] = out }
        out.removeAll(keepingCapacity: true)
        windows.removeAll(keepingCapacity: true)
        var first = Int.max
        for id in gate.literals where literalStamp[id] == generation {
            let length = Int(pf.literalStart[id + 1] - pf.literalStart[id])
            for h in literalHits[id] {
                let p = h >> 1
                first = min(first, p)
                if h & 1 == 0 {
                    windows.append(max(0, p - gate.before)...min(n - 1, p + gate.after))
                } else if p + length < n {
                    windows.append(max(0, p + length - gate.before)...(p + length))
                }
            }
        }
        if let headerEnd, first < headerEnd {
            out.append(0...(n - 1))
            return
        }
        windows.sort { $0.lowerBound < $1.lowerBound }
        for w in windows { Occurrences.append(w, to: &out) }
    }

    /// Sorted hits of several literals, in `merged`.
    private mutating func collectHits(_ ids: [Int]) {
        merged.removeAll(keepingCapacity: true)
        for id in ids where literalStamp[id] == generation { merged.append(contentsOf: literalHits[id]) }
        if ids.count > 1 { merged.sort() }
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
