// SPDX-License-Identifier: Apache-2.0
// What the one pass found in the current input, and the candidate start ranges derived
// from it for each group of patterns. Lives in a scanner and is reused from scan to scan:
// per-literal, per-trigger and per-gate entries carry a generation stamp, so a scan
// touches only the entries its input fired, and steady-state scanning does not allocate.
//
// Everything a scan writes is plain memory behind unsafe pointers (`ScanState`), read with
// the plan's flat tables (`PlanTables`): a 200-byte record visits a hundred groups, and the
// reference counting, uniqueness and exclusivity checks of arrays of arrays in a class cost
// more than the visits themselves.

import CScanKernel

/// An inclusive range of candidate start positions. Unlike `ClosedRange`, building one
/// checks nothing (the scan never builds an empty one), and its layout is the kernel's
/// (lo, hi) pair of 64-bit integers.
struct Span: BitwiseCopyable, Equatable {
    var lo: Int
    var hi: Int
}

/// A run of trigger bytes, `start ..< end`.
struct Run: BitwiseCopyable {
    var start: Int
    var end: Int
}

/// A growable list of plain values in memory its owner frees (`free`).
struct Buffer<T: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<T>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 4) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    @inline(__always) mutating func append(_ x: T) {
        if count == capacity { grow(count + 1) }
        base[count] = x
        count += 1
    }

    /// Makes room for `n` values in all (the values kept).
    mutating func reserve(_ n: Int) { if n > capacity { grow(n) } }

    /// After writing values `count ..< n` through `base` (room reserved).
    mutating func setCount(_ n: Int) { count = n }

    private mutating func grow(_ n: Int) {
        let c = max(n, 2 * capacity)
        let p = UnsafeMutablePointer<T>.allocate(capacity: c)
        p.initialize(from: base, count: count)
        base.deallocate()
        base = p
        capacity = c
    }

    @inline(__always) subscript(i: Int) -> T {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    var isEmpty: Bool { count == 0 }
    var items: UnsafeBufferPointer<T> { UnsafeBufferPointer(start: base, count: count) }
    mutating func removeAll() { count = 0 }
    func free() { base.deallocate() }
}

extension Buffer where T == Span {
    /// Appends lo...hi to a sorted list, merged with the last span when they overlap or lie
    /// within `gap` bytes.
    @inline(__always) mutating func add(_ lo: Int, _ hi: Int, gap: Int = 1) {
        if count > 0, lo <= base[count - 1].hi + gap {
            if hi > base[count - 1].hi { base[count - 1].hi = hi }
        } else {
            append(Span(lo: lo, hi: hi))
        }
    }
}

/// A fixed number of values (one per literal, trigger, gate ...), allocated when a ruleset
/// of another size comes, and freed by the owner.
struct Slots<T: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<T>
    private(set) var count: Int

    init(_ count: Int, _ value: T) {
        base = .allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: max(1, count))
        self.count = count
    }

    @inline(__always) subscript(i: Int) -> T {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    func free() { base.deallocate() }

    /// Frees the values and allocates `count` new ones set to `value` (another ruleset's size).
    mutating func reallocate(_ count: Int, _ value: T) {
        free()
        self = Slots(count, value)
    }
}

extension Slots {
    /// `count` empty growable lists, freed with `freeLists`.
    init<U>(lists count: Int) where T == Buffer<U> {
        base = .allocate(capacity: max(1, count))
        for i in 0..<max(1, count) { (base + i).initialize(to: Buffer<U>()) }
        self.count = count
    }

    func freeLists<U>() where T == Buffer<U> {
        for i in 0..<max(1, count) { base[i].free() }
        free()
    }

    /// Frees the lists and allocates `count` empty ones (another ruleset's size).
    mutating func reallocateLists<U>(_ count: Int) where T == Buffer<U> {
        freeLists()
        self = Slots(lists: count)
    }
}

/// Where the one pass found triggers, and which pattern groups they wake.
final class Occurrences {
    private var state = ScanState()
    /// The kernel's event buffer and state.
    private let kernelBuffer = KernelBuffer()

    /// Candidate ranges closer than this are searched in one call: scanning a few bytes
    /// costs less than another PCRE2 call, and a superset of candidates is always safe.
    static let mergeGap = 24

    /// A gate whose windows leave less than 1 / nearlyAll of the input out (a keyword in a
    /// table's header opens every row), in an input of more than a few KB, leaves its groups
    /// to their batch and a merge with its windows (measured on the benchmark corpora: with
    /// fewer windows, or in a short record, the search from the windows costs less).
    static let nearlyAll = 8

    deinit { state.free() }

    /// Runs the one pass over `s`, wakes the groups its triggers and keywords call for, and
    /// hands `visit` each woken group with candidates (ascending) and its candidate ranges:
    /// sorted, disjoint, not empty, valid until `visit` returns. Stops at the first group
    /// for which `visit` returns false, and returns it (nil when every group was visited).
    ///
    /// `headerEnd`: where the header line of a delimited table ends, when the input starts
    /// with one: a keyword in the header is context for every row below it.
    func forEachCandidateGroup(
        _ pf: Prefilter, _ s: UnsafeBufferPointer<UInt8>, headerEnd: Int?,
        _ visit: (_ group: Int, _ ranges: UnsafeBufferPointer<Span>) -> Bool
    ) -> Int? {
        let plan = pf.tables
        var st = state
        defer { state = st }
        st.reset(for: pf)
        guard let base = s.baseAddress, s.count > 0 else { return nil }
        st.collect(base, count: s.count, pf.kernel, plan.kernelSet, kernelBuffer)
        st.activate(plan)
        st.input = s
        st.headerEnd = headerEnd ?? -1
        let words = (plan.groupTrigger.count + 63) / 64
        for w in 0..<words {
            var bits = st.active[w]
            while bits != 0 {
                let g = w << 6 | bits.trailingZeroBitCount
                bits &= bits - 1
                let ranges = st.candidateRanges(g, pf, kernelBuffer)
                if ranges.isEmpty { continue }
                if !visit(g, ranges) { return g }
            }
        }
        return nil
    }

    /// Calls `body` with each group woken in the last scan after group `g`, in order.
    func forEachActiveGroup(after g: Int, _ body: (Int) -> Void) {
        let active = state.active
        var w = (g + 1) >> 6
        guard w < active.count else { return }
        var bits = active[w] & (~0 << UInt64((g + 1) & 63))
        while true {
            while bits != 0 {
                body(w << 6 | bits.trailingZeroBitCount)
                bits &= bits - 1
            }
            w += 1
            guard w < active.count else { return }
            bits = active[w]
        }
    }
}

/// A literal occurrence as the kernel reports it: `position << 1 | glued` (see
/// `SK_HIT_GLUED`), and the literal.
private struct Hit: BitwiseCopyable {
    var at: Int
    var literal: Int
}

/// A literal in a gate's list of the literals hit in a scan (`ScanState.gateHits`).
private struct GateHit: BitwiseCopyable {
    var literal: Int32
    var next: Int32
}

/// The memory of `Occurrences`, as one value of pointers and counts: a scan copies it into
/// a local variable, so the hot loops read and write plain memory.
private struct ScanState {
    var generation: UInt32 = 0
    var input = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    var headerEnd = -1

    /// The hits of this scan in the kernel's order, then by literal: the hits of literal l
    /// (`position << 1 | glued`, in order) are `hitsByLiteral[literalFirst[l] ..<
    /// literalFirst[l] + literalCount[l]]`, valid when `literalStamp[l]` equals `generation`.
    var hits = Buffer<Hit>(capacity: 64)
    var hitsByLiteral = Buffer<Int>(capacity: 64)
    var literalStamp = Slots<UInt32>(0, 0)
    var literalFirst = Slots<Int>(0, 0)
    var literalCount = Slots<Int>(0, 0)
    /// The literals hit during this scan.
    var touched = Buffer<Int32>(capacity: 64)
    /// Runs of each trigger byte set that the one pass reports, cleared each scan.
    var runs = Slots<Buffer<Run>>(lists: 0)
    /// Runs of the sets of `.gatedBytes` triggers inside the windows of the gates that cover
    /// much of the input (`collectGatedRuns`; valid when `gatedRunsStamp` equals `generation`).
    var gatedRuns = Slots<Buffer<Run>>(lists: 0)
    var gatedRunsStamp: UInt32 = 0
    /// The runs of each set at least `longRun` bytes long in `longRuns[2 * set]`, and at
    /// least `longerRun` in `longRuns[2 * set + 1]` (valid when `longRunsStamp[set]` equals
    /// `generation`): a trigger that needs 12 digits reads the few runs that long, not every
    /// number of a log.
    static let longRun = 4, longerRun = 12
    var longRuns = Slots<Buffer<Run>>(lists: 0)
    var longRunsStamp = Slots<UInt32>(0, 0)
    /// The event buffer and kernel state of that second pass, kept from scan to scan.
    var gatedEvents = Buffer<sk_event>(capacity: 1)
    /// The widened windows `collectGatedRuns` reads.
    var gatedSpans = Buffer<Span>(capacity: 64)
    var gatedKernelState = Slots<sk_state>(1, sk_state())
    /// Candidate ranges by trigger and by gate, computed at most once per scan.
    var triggerRanges = Slots<Buffer<Span>>(lists: 0)
    var triggerStamp = Slots<UInt32>(0, 0)
    var gateRanges = Slots<Buffer<Span>>(lists: 0)
    /// How many bytes the gate's ranges cover.
    var gateCovered = Slots<Int>(0, 0)
    var gateStamp = Slots<UInt32>(0, 0)
    var gateFired = Slots<UInt32>(0, 0)
    /// The literals of each gate hit in this scan, as a list through `gateHits` from
    /// `gateFirstHit[gate]` (valid when `gateFired` is `generation`; -1 ends it): a gate
    /// has up to dozens of keyword words, and a record hits two or three literals.
    var gateFirstHit = Slots<Int32>(0, -1)
    var gateHits = Buffer<GateHit>(capacity: 64)
    /// The groups to run in this scan: one bit per group.
    var active = Slots<UInt64>(0, 0)
    /// The groups of the gates that fired in this scan: one bit per group.
    var firedGroups = Slots<UInt64>(0, 0)
    /// Candidate ranges of each group of a batch, valid when its batch's stamp equals
    /// `generation`.
    var groupRanges = Slots<Buffer<Span>>(lists: 0)
    var batchStamp = Slots<UInt32>(0, 0)
    /// The ranges of the gated group computed last, and scratch lists.
    var gatedRanges = Buffer<Span>(capacity: 64)
    var scratch = Buffer<Span>(capacity: 64)
    var windows = Buffer<Span>(capacity: 64)
    var merged = Buffer<Int>(capacity: 64)

    func free() {
        for s in [literalStamp, triggerStamp, gateStamp, gateFired, batchStamp] { s.free() }
        literalFirst.free()
        literalCount.free()
        gateCovered.free()
        active.free()
        firedGroups.free()
        hits.free()
        hitsByLiteral.free()
        touched.free()
        for b in [gatedRanges, scratch, windows] { b.free() }
        merged.free()
        gatedEvents.free()
        gatedSpans.free()
        gatedKernelState.free()
        runs.freeLists()
        gateFirstHit.free()
        gateHits.free()
        gatedRuns.freeLists()
        longRuns.freeLists()
        longRunsStamp.free()
        triggerRanges.freeLists()
        gateRanges.freeLists()
        groupRanges.freeLists()
    }

    /// Starts a scan with `pf`'s tables (sized again only when the ruleset's differ).
    mutating func reset(for pf: Prefilter) {
        let plan = pf.tables
        generation &+= 1
        if generation == 0 {
            // After 2^32 scans, stale stamps could look current: clear them once.
            generation = 1
            for i in 0..<literalStamp.count { literalStamp[i] = 0 }
            for i in 0..<triggerStamp.count { triggerStamp[i] = 0 }
            for i in 0..<gateStamp.count { gateStamp[i] = 0; gateFired[i] = 0 }
            for i in 0..<batchStamp.count { batchStamp[i] = 0 }
            for i in 0..<longRunsStamp.count { longRunsStamp[i] = 0 }
            gatedRunsStamp = 0
        }
        let literals = plan.literalLength.count, triggers = plan.triggerKind.count, gates = plan.gateBefore.count
        let groups = plan.groupTrigger.count, batches = plan.batchTrigger.count, sets = pf.sets.count
        if literalStamp.count != literals {
            literalStamp.reallocate(literals, 0)
            literalFirst.reallocate(literals, 0)
            literalCount.reallocate(literals, 0)
        }
        if triggerStamp.count != triggers {
            triggerStamp.reallocate(triggers, 0)
            triggerRanges.reallocateLists(triggers)
        }
        if gateStamp.count != gates {
            gateStamp.reallocate(gates, 0)
            gateFired.reallocate(gates, 0)
            gateFirstHit.reallocate(gates, -1)
            gateCovered.reallocate(gates, 0)
            gateRanges.reallocateLists(gates)
        }
        if groupRanges.count != groups {
            groupRanges.reallocateLists(groups)
            active.reallocate((groups + 63) / 64, 0)
            firedGroups.reallocate((groups + 63) / 64, 0)
        }
        if batchStamp.count != batches { batchStamp.reallocate(batches, 0) }
        if runs.count != sets {
            runs.reallocateLists(sets)
            gatedRuns.reallocateLists(sets)
            longRuns.reallocateLists(2 * sets)
            longRunsStamp.reallocate(sets, 0)
        }
        for k in 0..<sets { runs[k].removeAll() }
        touched.removeAll()
        gateHits.removeAll()
        hits.removeAll()
        hitsByLiteral.removeAll()
        for i in 0..<active.count {
            active[i] = 0
            firedGroups[i] = 0
        }
    }

    // MARK: The one pass

    /// Runs the kernel over `base[0 ..< n]` and records its events: runs by set (through
    /// `setOf`: the kernel's set ids are its own), hits by literal.
    mutating func collect(
        _ base: UnsafePointer<UInt8>, count n: Int, _ kernel: ScanKernel, _ setOf: Table<Int32>, _ buffer: KernelBuffer
    ) {
        buffer.reserve(max(16_384, 4 * kernel.eventsPerBlock))
        let events = buffer.events, capacity = buffer.capacity, kstate = buffer.state
        sk_state_reset(kstate)
        while kstate.pointee.done == 0 {
            let written = sk_collect(kernel.tables, base, n, kstate, events, capacity)
            for e in UnsafeBufferPointer(start: events, count: written) {
                let start = Int(e.start)
                switch e.kind {
                case Int32(SK_RUN): runs[Int(setOf[Int(e.id)])].append(Run(start: start, end: Int(e.end)))
                case Int32(SK_HIT_GLUED): addHit(Int(e.id), start << 1 | 1)
                default: addHit(Int(e.id), start << 1)
                }
            }
        }
        groupHitsByLiteral()
    }

    @inline(__always) private mutating func addHit(_ id: Int, _ at: Int) {
        hits.append(Hit(at: at, literal: id))
        if literalStamp[id] != generation {
            literalStamp[id] = generation
            literalCount[id] = 0
            touched.append(Int32(id))
        }
        literalCount[id] += 1
    }

    /// Lays the hits out by literal (a counting sort: the kernel reports each literal's
    /// hits in order), so that each literal's are read as one contiguous list.
    private mutating func groupHitsByLiteral() {
        var at = 0
        for l in touched.items {
            literalFirst[Int(l)] = at
            at += literalCount[Int(l)]
        }
        hitsByLiteral.reserve(hits.count)
        let out = hitsByLiteral.base
        for h in hits.items {
            out[literalFirst[h.literal]] = h.at
            literalFirst[h.literal] += 1
        }
        hitsByLiteral.setCount(hits.count)
        for l in touched.items { literalFirst[Int(l)] -= literalCount[Int(l)] }
    }

    /// The hits of literal `id` in this scan, in order (`position << 1 | glued`).
    @inline(__always) func hits(of id: Int) -> UnsafeBufferPointer<Int> {
        guard literalStamp[id] == generation else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: hitsByLiteral.base + literalFirst[id], count: literalCount[id])
    }

    // MARK: Which groups run

    /// Fills `active` with the groups whose trigger fired and whose gate (if any) found a
    /// keyword: every other group has no candidate in this input. A `.gatedBytes` trigger
    /// counts as fired: its runs are looked for after its gate.
    mutating func activate(_ plan: PlanTables) {
        let words = plan.groupWords
        for l in touched.items {
            for g in plan.gatesOfLiteral[Int(l)] {
                if gateFired[Int(g)] != generation {
                    gateFired[Int(g)] = generation
                    gateFirstHit[Int(g)] = -1
                    let groups = plan.groupsOfGate.items.baseAddress! + Int(g) * words
                    for w in 0..<words { firedGroups[w] |= groups[w] }
                }
                gateHits.append(GateHit(literal: l, next: gateFirstHit[Int(g)]))
                gateFirstHit[Int(g)] = Int32(gateHits.count - 1)
            }
        }
        let ungatedAlways = plan.ungatedGroupsAlways.items, gatedAlways = plan.gatedGroupsAlways.items
        for w in 0..<words { active[w] |= ungatedAlways[w] | gatedAlways[w] & firedGroups[w] }
        for l in touched.items { wake(plan.groupsOfLiteral[Int(l)], plan) }
        for k in 0..<runs.count where !runs[k].isEmpty {
            let ungated = plan.ungatedGroupsOfSet.items.baseAddress! + k * words
            let gated = plan.gatedGroupsOfSet.items.baseAddress! + k * words
            for w in 0..<words { active[w] |= ungated[w] | gated[w] & firedGroups[w] }
        }
    }

    @inline(__always) private mutating func wake(_ groups: UnsafeBufferPointer<Int32>, _ plan: PlanTables) {
        let groupGate = plan.groupGate
        for g in groups {
            let gate = Int(groupGate[Int(g)])
            if gate < 0 || gateFired[gate] == generation { active[Int(g) >> 6] |= 1 << UInt64(g & 63) }
        }
    }

    // MARK: Candidate ranges

    /// Where a match of a pattern of group `g` may start: sorted, disjoint ranges.
    /// Filtering by start shape and intersecting with the gate commute (both keep a subset
    /// of start positions), so the shape is applied to the trigger's ranges once for the
    /// whole batch, and the gate after. A gated group starts from its gate instead (keywords
    /// are rarer than trigger bytes): the trigger is looked up only inside the gate's ranges.
    mutating func candidateRanges(_ g: Int, _ pf: Prefilter, _ buffer: KernelBuffer) -> UnsafeBufferPointer<Span> {
        let plan = pf.tables
        let t = Int(plan.groupTrigger[g]), gate = Int(plan.groupGate[g])
        if gate < 0 {
            let batch = Int(plan.groupBatch[g])
            if batch >= 0 {
                if batchStamp[batch] != generation { computeBatch(batch, pf, buffer) }
                return groupRanges[g].items
            }
            computeTriggerRanges(t, pf)
            return triggerRanges[t].items
        }
        computeGateRanges(gate, plan)
        if gateRanges[gate].isEmpty { return UnsafeBufferPointer(start: nil, count: 0) }
        let batch = Int(plan.groupBatch[g])
        if batch >= 0, gateCovered[gate] > max(input.count - input.count / Occurrences.nearlyAll, 4096) {
            // Windows over nearly all the input: the group's batch (shared with the other
            // gated groups of its trigger set), then the windows.
            if batchStamp[batch] != generation { computeBatch(batch, pf, buffer) }
            scratch.removeAll()
            intersect(groupRanges[g].items, gateRanges[gate].items)
            return scratch.items
        }
        rangesOfTrigger(t, plan, pf, within: gate, buffer)
        let shape = Int(plan.groupShape[g])
        guard shape >= 0, !scratch.isEmpty else { return scratch.items }
        gatedRanges.removeAll()
        ScanState.shapeStarts(
            plan.shapeTable.items.baseAddress.map { $0 + 256 * shape }, plan.shapeFull.items.baseAddress.map { $0 + shape },
            wide: false, plan.shapeSpan[shape], extensionAt: plan.shapeExtStart[shape], plan, scratch.items, input, buffer
        ) { _, lo, hi in gatedRanges.append(Span(lo: lo, hi: hi)) }
        return gatedRanges.items
    }

    /// The candidate ranges of trigger `t` inside the ranges of gate `gate`, into `scratch`:
    /// the intersection of the two, found from the gate's side.
    private mutating func rangesOfTrigger(
        _ t: Int, _ plan: PlanTables, _ pf: Prefilter, within gate: Int, _ buffer: KernelBuffer
    ) {
        let within = gateRanges[gate].items
        scratch.removeAll()
        switch plan.triggerKind[t] {
        case .everywhere:
            for w in within { scratch.append(w) }
        case .literals:
            computeTriggerRanges(t, pf)
            intersect(triggerRanges[t].items, within)
        case .bytes, .gatedBytes:
            let set = Int(plan.triggerSet[t]), offset = plan.triggerOffset[t], run = plan.triggerRun[t]
            if plan.triggerKind[t] == .bytes {
                // Few runs (digits in prose) are found by a search of their list; very many
                // (digits in logs) cost a search of cache misses per window, more than its
                // bytes (the factor is measured on the benchmark corpora).
                if runs[set].count > 64 * within.count {
                    startsOfBytes(set: set, plan, offset, run, within: within, buffer)
                } else {
                    startsInRuns(t, runs[set].items, pf, within: within)
                }
            } else if !readsGatedRuns(gate) {
                startsOfBytes(set: set, plan, offset, run, within: within, buffer)
            } else {
                if gatedRunsStamp != generation { collectGatedRuns(pf) }
                startsInRuns(t, gatedRuns[set].items, pf, within: within)
            }
        }
    }

    /// The starts of trigger `t` inside `within`, from `list` (the runs of its set), into
    /// `scratch`. Windows about as many as the runs (a common keyword word in logs): one
    /// merge of the trigger's ranges, which the trigger's other groups share, costs less
    /// than a search of the runs for each window.
    private mutating func startsInRuns(_ t: Int, _ list: UnsafeBufferPointer<Run>, _ pf: Prefilter,
                                       within: UnsafeBufferPointer<Span>) {
        if 4 * within.count > list.count {
            computeTriggerRanges(t, pf)
            intersect(triggerRanges[t].items, within)
        } else {
            let plan = pf.tables
            startsOfRuns(list, plan.triggerOffset[t], plan.triggerRun[t], within: within)
        }
    }

    /// The starts inside `within` that have a run of `run` bytes or more of `runs` (sorted,
    /// disjoint) starting at most `offset` bytes after them, appended to `scratch` (ranges
    /// closer than `gap` merged). A run r gives the starts max(0, r.start - offset) ...
    /// r.end - run; both ends grow with r, so the runs that can matter to one window are
    /// found by a galloping search.
    private mutating func startsOfRuns(_ list: UnsafeBufferPointer<Run>, _ offset: Int, _ run: Int,
                                       within: UnsafeBufferPointer<Span>, gap: Int = 1) {
        var from = 0
        for w in within {
            // The first run that can reach into w: galloping from where the previous
            // window's search ended (windows are sorted too), then binary search.
            var lo = from, hi = from, step = 1
            while hi < list.count, list[hi].end - run < w.lo {
                lo = hi + 1
                hi += step
                step *= 2
            }
            hi = min(hi, list.count)
            while lo < hi {
                let mid = (lo + hi) / 2
                if list[mid].end - run < w.lo { lo = mid + 1 } else { hi = mid }
            }
            from = lo
            var i = lo
            while i < list.count {
                let r = list[i]
                let first = max(0, r.start - offset)
                if first > w.hi { break }
                i += 1
                guard r.end - r.start >= run else { continue }
                let a = max(first, w.lo), b = min(r.end - run, w.hi)
                if a <= b { scratch.add(a, b, gap: gap) }
            }
        }
    }

    /// `startsOfRuns` for the runs of trigger set `set`, found by reading the bytes each
    /// window's starts depend on: a start p qualifies when bytes q ..< q + run are in the set
    /// for some q in p ... p + offset, so the runs of `w.lo ..< w.hi + offset + run` (cut at
    /// the window's edges) decide every start of w exactly as the runs of the whole input do.
    /// 64 bytes at a time (`sk_set_starts`) when offset + run <= 64, else byte by byte.
    private mutating func startsOfBytes(set: Int, _ plan: PlanTables, _ offset: Int, _ run: Int,
                                        within: UnsafeBufferPointer<Span>, _ buffer: KernelBuffer) {
        let s = input, n = s.count
        if offset + run <= 64, run >= 1, let base = s.baseAddress, let windows = within.baseAddress,
           let bytes = plan.setBytes.items.baseAddress.map({ $0 + set }) {
            let state = buffer.startsState, out = buffer.startRanges
            sk_starts_reset(state)
            // A Span is two 64-bit integers, the (lo, hi) pair the kernel reads.
            UnsafeRawPointer(windows).withMemoryRebound(to: Int64.self, capacity: 2 * within.count) { pairs in
                while state.pointee.done == 0 {
                    let k = sk_set_starts(
                        bytes, Int64(offset), Int64(run), base, n, pairs, within.count, state, out,
                        KernelBuffer.startRangeCapacity)
                    for r in 0..<k { scratch.add(Int(out[2 * r]), Int(out[2 * r + 1])) }
                }
            }
            return
        }
        let sets = plan.setsOfByte.items
        let bit = UInt32(1) << UInt32(set)
        for w in within {
            let end = w.hi < n - offset - run ? w.hi + offset + run : n
            var i = w.lo
            while i < end {
                // Skip bytes outside the set, then measure the run.
                while i < end, sets[Int(s[i])] & bit == 0 { i += 1 }
                let start = i
                while i < end, sets[Int(s[i])] & bit != 0 { i += 1 }
                guard i - start >= run else { continue }
                let a = max(w.lo, start - offset), b = min(i - run, w.hi)
                if a <= b { scratch.add(a, b) }
            }
        }
    }

    /// Whether the `.gatedBytes` triggers of gate `g`'s groups read `gatedRuns` rather than
    /// the bytes of each window: when its windows cover more than a few KB and a
    /// thirty-second of the input, one kernel pass for every gated set costs less than
    /// reading them byte by byte for each trigger (measured on prose).
    @inline(__always) private func readsGatedRuns(_ g: Int) -> Bool {
        gateCovered[g] > max(input.count / 32, 4096)
    }

    /// The runs of every set with `.gatedBytes` triggers, by the kernel built for them,
    /// inside the windows of every gate that reads them (`readsGatedRuns`), each window
    /// widened by the reach of the triggers: the runs there decide every start of those
    /// windows as the runs of the whole input would (a run cut at the left edge of a
    /// range still holds every start inside it). Prose wakes such gates with common
    /// keywords ("account", "driver") whose windows cover a third of it or less.
    private mutating func collectGatedRuns(_ pf: Prefilter) {
        gatedRunsStamp = generation
        for k in 0..<gatedRuns.count { gatedRuns[k].removeAll() }
        guard let kernel = pf.gatedKernel, let base = input.baseAddress else { return }
        let plan = pf.tables, n = input.count, reach = plan.gatedRunReach
        gatedSpans.removeAll()
        var readers = 0
        for g in plan.gatedRunGates.items {
            computeGateRanges(Int(g), plan)
            guard readsGatedRuns(Int(g)) else { continue }
            readers += 1
            for w in gateRanges[Int(g)].items { gatedSpans.append(Span(lo: w.lo, hi: min(n - 1, w.hi + reach))) }
        }
        if readers > 1 {
            UnsafeMutableBufferPointer(start: gatedSpans.base, count: gatedSpans.count).sortInPlace { $0.lo < $1.lo }
        }
        let setOf = plan.gatedKernelSet
        let capacity = max(4096, 4 * kernel.eventsPerBlock)
        gatedEvents.reserve(capacity)
        let events = gatedEvents.base
        let kstate = gatedKernelState.base
        var i = 0
        while i < gatedSpans.count {
            // One range of the union of the widened windows.
            let lo = gatedSpans[i].lo
            var hi = gatedSpans[i].hi
            i += 1
            while i < gatedSpans.count, gatedSpans[i].lo <= hi + 1 {
                hi = max(hi, gatedSpans[i].hi)
                i += 1
            }
            sk_state_reset(kstate)
            while kstate.pointee.done == 0 {
                let written = sk_collect(kernel.tables, base + lo, hi + 1 - lo, kstate, events, capacity)
                for e in UnsafeBufferPointer(start: events, count: written) where e.kind == Int32(SK_RUN) {
                    gatedRuns[Int(setOf[Int(e.id)])].append(Run(start: lo + Int(e.start), end: lo + Int(e.end)))
                }
            }
        }
    }

    /// The candidate ranges of every group of batch `b`: the starts in its trigger's ranges
    /// where the bytes fit each group's start shape, merged into ranges.
    ///
    /// Shift-and over the bytes of each range, up to 32 shapes at once (`sk_shape_batch`,
    /// `sk_shape_wide`): each byte is read once whatever the number of groups and the width
    /// of their shapes. Every match is at least as long as its shape, so starts too close to
    /// the end are dropped too.
    private mutating func computeBatch(_ b: Int, _ pf: Prefilter, _ buffer: KernelBuffer) {
        let plan = pf.tables
        batchStamp[b] = generation
        let t = Int(plan.batchTrigger[b])
        computeTriggerRanges(t, pf)
        let groups = plan.batchGroups[b]
        for g in groups { groupRanges[Int(g)].removeAll() }
        let lists = groupRanges
        ScanState.shapeStarts(
            plan.batchTable.items.baseAddress.map { $0 + plan.batchTableStart[b] },
            plan.batchFull.items.baseAddress.map { $0 + 4 * b }, wide: plan.batchWide[b], plan.batchSpan[b],
            extensionAt: plan.batchExtStart[b], plan, triggerRanges[t].items, input, buffer
        ) { lane, lo, hi in lists[Int(groups[lane])].append(Span(lo: lo, hi: hi)) }
        // A lane whose trigger needs longer runs than the batch's keeps the starts inside
        // its own trigger's ranges (merged as the kernel merges them).
        for g in groups {
            let own = Int(plan.laneCut[Int(g)])
            guard own >= 0, !lists[Int(g)].isEmpty else { continue }
            computeTriggerRanges(own, pf)
            scratch.removeAll()
            intersect(lists[Int(g)].items, triggerRanges[own].items, gap: Occurrences.mergeGap)
            let out = lists.base + Int(g)
            out.pointee.removeAll()
            for r in scratch.items { out.pointee.append(r) }
        }
    }

    /// Runs `sk_shape_batch` (or `sk_shape_wide` when `wide`: four words per byte in
    /// `table` and in `full`) over `input` and hands each output range to `emit` with its
    /// lane (each lane's ranges in order, starts closer than `mergeGap` merged). The lanes'
    /// offsets past the eighth are in `plan.extTable` from lane `ext` on (-1: none).
    private static func shapeStarts(
        _ table: UnsafePointer<UInt64>?, _ full: UnsafePointer<UInt64>?, wide: Bool, _ span: Int64,
        extensionAt ext: Int, _ plan: PlanTables, _ ranges: UnsafeBufferPointer<Span>, _ input: UnsafeBufferPointer<UInt8>,
        _ buffer: KernelBuffer, _ emit: (Int, Int, Int) -> Void
    ) {
        guard let table, let full, let base = input.baseAddress, let start = ranges.baseAddress, ranges.count > 0
        else { return }
        let state = buffer.batchState, out = buffer.laneRanges
        sk_batch_reset(state)
        if ext >= 0 {
            state.pointee.ext = plan.extTable.items.baseAddress.map { UnsafePointer($0 + 256 * ext) }
            state.pointee.ext_len = plan.extLength.items.baseAddress.map { UnsafePointer($0 + ext) }
        }
        // A Span is two 64-bit integers, the (lo, hi) pair the kernel reads.
        UnsafeRawPointer(start).withMemoryRebound(to: Int64.self, capacity: 2 * ranges.count) { pairs in
            while state.pointee.done == 0 {
                let k = wide
                    ? sk_shape_wide(
                        table, full, span, Int64(Occurrences.mergeGap), base, input.count, pairs, ranges.count, state, out,
                        KernelBuffer.laneRangeCapacity)
                    : sk_shape_batch(
                        table, full.pointee, span, Int64(Occurrences.mergeGap), base, input.count, pairs, ranges.count,
                        state, out, KernelBuffer.laneRangeCapacity)
                for r in UnsafeBufferPointer(start: out, count: k) { emit(Int(r.lane), Int(r.lo), Int(r.hi)) }
            }
        }
    }

    /// The candidate ranges of trigger `t` over the whole input, into `triggerRanges[t]`.
    private mutating func computeTriggerRanges(_ t: Int, _ pf: Prefilter) {
        if triggerStamp[t] == generation { return }
        triggerStamp[t] = generation
        let plan = pf.tables
        let out = triggerRanges.base + t
        out.pointee.removeAll()
        let kind = plan.triggerKind[t]
        switch kind {
        case .everywhere:
            out.pointee.append(Span(lo: 0, hi: input.count - 1))
        case .bytes, .gatedBytes:
            // Buffer.add, with the open range kept in locals (this loop visits every run of
            // the set: thousands per MB of logs, for each trigger of the set).
            let offset = plan.triggerOffset[t], run = plan.triggerRun[t], set = Int(plan.triggerSet[t])
            if kind == .gatedBytes, gatedRunsStamp != generation { collectGatedRuns(pf) }
            // Runs after a byte outside `Trigger.bytes` `before` are left out (the runs of
            // gated triggers are cut at their windows' edges: not there).
            let before = plan.triggerBefore.items.baseAddress! + 4 * t
            let anyBefore = kind == .gatedBytes || before[0] & before[1] & before[2] & before[3] == ~0
            var lo = -1, hi = -2
            var source = kind == .bytes ? runs[set].items : gatedRuns[set].items
            if kind == .bytes, run >= ScanState.longRun { source = runs(of: set, atLeast: run) }
            for r in source where r.end - r.start >= run {
                if !anyBefore {
                    guard r.start > 0 else { continue }
                    let b = input[r.start - 1]
                    if before[Int(b >> 6)] >> UInt64(b & 63) & 1 == 0 { continue }
                }
                let a = max(0, r.start - offset), b = r.end - run
                if lo >= 0, a <= hi + 1 {
                    hi = max(hi, b)
                } else {
                    if lo >= 0 { out.pointee.append(Span(lo: lo, hi: hi)) }
                    lo = a
                    hi = b
                }
            }
            if lo >= 0 { out.pointee.append(Span(lo: lo, hi: hi)) }
        case .literals:
            // Every match starts `fewest ... most` bytes before a hit (0 for a prefix).
            let most = plan.triggerOffset[t], fewest = plan.triggerRun[t]
            collectHits(plan.triggerLiterals[t])
            for h in merged.items where h >> 1 >= fewest { out.pointee.add(max(0, h >> 1 - most), h >> 1 - fewest) }
        }
    }

    /// Where a keyword occurrence allows a match to start: [hit - gate.before,
    /// hit + gate.after] for each hit of the gate's literals. A glued hit (a word that goes
    /// on past the literal, see `SK_HIT_GLUED`) is a keyword only to a window that ends
    /// right after it, so the value starts there: [end - glued.before, end], when the byte
    /// at end can start a value (`GluedValue`).
    private mutating func computeGateRanges(_ g: Int, _ plan: PlanTables) {
        if gateStamp[g] == generation { return }
        gateStamp[g] = generation
        let n = input.count
        let before = plan.gateBefore[g], after = plan.gateAfter[g], gluedBefore = plan.gluedBefore[g]
        let out = gateRanges.base + g
        out.pointee.removeAll()
        windows.removeAll()
        var first = Int.max, lists = 0
        var node = gateFired[g] == generation ? Int(gateFirstHit[g]) : -1
        while node >= 0 {
            let id = gateHits[node].literal
            node = Int(gateHits[node].next)
            lists += 1
            let length = Int(plan.literalLength[Int(id)])
            for h in hits(of: Int(id)) {
                let p = h >> 1
                first = min(first, p)
                if h & 1 == 0 {
                    windows.append(Span(lo: max(0, p - before), hi: min(n - 1, p + after)))
                } else if p + length < n {
                    let end = p + length, b = input[end]
                    if plan.gluedStart[4 * g + Int(b >> 6)] >> UInt64(b & 63) & 1 != 0 {
                        windows.append(Span(lo: max(0, end - gluedBefore), hi: end))
                    }
                }
            }
        }
        if first < headerEnd {
            out.pointee.append(Span(lo: 0, hi: n - 1))
            gateCovered[g] = n
            return
        }
        if lists > 1 {
            // Any order of windows with one start gives the same union (sortInPlace: no
            // allocation, unlike the standard library's stable sort).
            UnsafeMutableBufferPointer(start: windows.base, count: windows.count).sortInPlace { $0.lo < $1.lo }
        }
        var covered = 0
        for w in windows.items { out.pointee.add(w.lo, w.hi) }
        for r in out.pointee.items { covered += r.hi - r.lo + 1 }
        gateCovered[g] = covered
    }

    /// Runs of set `k` from the one pass, fewer than all of them but every one of at least
    /// `run` bytes (`longRuns`, built for the set the first time a scan needs them).
    private mutating func runs(of k: Int, atLeast run: Int) -> UnsafeBufferPointer<Run> {
        if longRunsStamp[k] != generation {
            longRunsStamp[k] = generation
            let long = longRuns.base + 2 * k, longer = long + 1
            long.pointee.removeAll()
            longer.pointee.removeAll()
            for r in runs[k].items where r.end - r.start >= ScanState.longRun {
                long.pointee.append(r)
                if r.end - r.start >= ScanState.longerRun { longer.pointee.append(r) }
            }
        }
        return longRuns[2 * k + (run >= ScanState.longerRun ? 1 : 0)].items
    }

    /// Sorted hits of several literals, in `merged`.
    private mutating func collectHits(_ ids: UnsafeBufferPointer<Int32>) {
        merged.removeAll()
        for id in ids { for h in hits(of: Int(id)) { merged.append(h) } }
        if ids.count > 1 {
            UnsafeMutableBufferPointer(start: merged.base, count: merged.count).sortInPlace(by: <)
        }
    }

    /// The intersection of two sorted lists of disjoint ranges, appended to `scratch`
    /// (ranges closer than `gap` merged).
    private mutating func intersect(_ a: UnsafeBufferPointer<Span>, _ b: UnsafeBufferPointer<Span>, gap: Int = 1) {
        var i = 0, j = 0
        while i < a.count, j < b.count {
            let x = a[i], y = b[j]
            let lo = max(x.lo, y.lo), hi = min(x.hi, y.hi)
            if lo <= hi { scratch.add(lo, hi, gap: gap) }
            if x.hi < y.hi { i += 1 } else { j += 1 }
        }
    }
}
