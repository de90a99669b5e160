// SPDX-License-Identifier: Apache-2.0
// One pass over the input finds, for every pattern of the ruleset at once, where a match
// could start: occurrences of literals (pattern prefixes such as "ghp_" or "-----BEGIN ",
// and the keywords of detectors that need one) and runs of trigger bytes ('@', digits,
// '_' ...). Patterns are grouped by how they find candidates; only groups whose trigger
// fired are visited, so the cost of a scan follows what is in the input rather than how
// many detectors the ruleset has (see `Occurrences` and `Scanner.runPrefiltered`).

import RulePacks

/// How the patterns of a group find their candidate start positions.
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
/// literals (the first word of each keyword) near a match: see `Occurrences.gateRanges`.
struct KeywordGate: Sendable, Hashable {
    let literals: [Int]
    /// A match may start up to this many bytes after the start of a keyword occurrence.
    let after: Int
    /// ... and up to this many bytes before its end (a `value` group may start later).
    let before: Int
}

/// One pattern of one detector, as the scanner runs it.
struct PatternRef: Sendable {
    let detector: Int
    let pattern: Int
    /// Bytes past the last possible match start that a match attempt can read (longest
    /// match plus lookahead plus one character); nil when the pattern is unbounded.
    let reach: Int?
}

/// Patterns that find their candidates the same way: one trigger, one keyword gate (or
/// none) and one start shape (or none). Candidates are computed once per group and scan.
struct CandidateGroup: Sendable {
    let trigger: Int
    /// Index into `Prefilter.gates`, or -1.
    let gate: Int
    /// Index into `Prefilter.shapes`, or -1.
    let shape: Int
    var members: [PatternRef]
}

/// Ruleset-wide tables for the one-pass candidate search. Immutable.
final class Prefilter: Sendable {
    /// Distinct literals, lower-cased: they are searched without regard to ASCII case,
    /// which finds a superset of the case-sensitive occurrences.
    let literals: [[UInt8]]
    /// For each lower-cased two-byte pair (first | second << 8), the literals starting with
    /// it: `pairIDs[pairStart[key] ..< pairStart[key + 1]]` (a flat table: no hashing on
    /// the hot path). Literals of 2 or 3 bytes come first, up to `pairLong[key]`.
    let pairStart: [Int32]
    let pairLong: [Int32]
    let pairIDs: [Int32]
    /// 65,536 bits: whether some literal starts with the pair.
    let pairBits: [UInt64]
    /// 65,536 bits by a hash of the first four lower-cased bytes of each literal of 4 or
    /// more bytes: in text, most pairs that begin some literal ("co", "se") are not followed
    /// by the rest of one, and this test says so without comparing literals.
    let quadBits: [UInt64]
    /// The trigger byte sets in use (at most 32).
    let sets: [ByteSet]
    /// For each byte value, the bit mask of trigger sets containing it.
    let classOf: [UInt32]
    /// For each trigger set, the shortest run any pattern needs: shorter runs are not recorded.
    let minRun: [Int]
    /// ASCII lower-casing table.
    let lower: [UInt8]
    /// All literals back to back: literal i is `literalBytes[literalStart[i] ..< literalStart[i + 1]]`.
    let literalBytes: [UInt8]
    let literalStart: [Int32]

    let triggers: [Trigger]
    let gates: [KeywordGate]
    /// The ungated groups of one trigger that have a start shape, eight at a time: their
    /// shapes are tested together, one byte lane of a 64-bit word each (see `ShapeBatch`).
    let batches: [ShapeBatch]
    /// For each group: its batch (-1 = none) and its lane in it.
    let groupBatch: [Int32]
    let groupLane: [Int32]
    /// For each group with a keyword gate: its start shape (-1 = none), tested alone after
    /// the gate has cut the trigger's ranges down.
    let gatedShape: [Int32]
    /// Start shapes: `shapeTables[256 * k + byte]` has bit i set when `byte` may occur at
    /// offset i of a match of shape k; `shapeWidths[k]` offsets are tested.
    let shapeTables: [UInt8]
    let shapeWidths: [Int]
    let groups: [CandidateGroup]
    /// The same per group as flat arrays (read on the hot path without reference counting):
    /// trigger, gate (-1 = none), and members `members[memberStart[g] ..< memberStart[g + 1]]`.
    let groupTrigger: [Int32]
    let groupGate: [Int32]
    let memberStart: [Int32]
    let members: [PatternRef]
    /// Which triggers and gates each literal feeds, which triggers each byte set feeds, and
    /// which groups each trigger feeds (the scan wakes only what its input touched).
    let triggersOfLiteral: [[Int32]]
    let gatesOfLiteral: [[Int32]]
    let triggersOfSet: [[Int32]]
    let groupsOfTrigger: [[Int32]]
    /// Triggers that fire on every input.
    let everywhere: [Int32]
    /// `reach` of each pattern: `patternReach[patternBase[detector] + pattern]`.
    let patternBase: [Int]
    let patternReach: [Int?]

    fileprivate init(
        literals: [[UInt8]], sets: [ByteSet], minRun: [Int], triggers: [Trigger], gates: [KeywordGate],
        shapes: [StartShape], groups: [CandidateGroup], patternBase: [Int], patternReach: [Int?]
    ) {
        self.minRun = minRun
        self.literals = literals
        literalBytes = literals.flatMap { $0 }
        literalStart = literals.reduce(into: [Int32(0)]) { $0.append($0.last! + Int32($1.count)) }
        var byPair: [UInt16: [Int]] = [:]
        var bits = [UInt64](repeating: 0, count: 1024)
        var quads = [UInt64](repeating: 0, count: 1024)
        for (i, l) in literals.enumerated() where l.count >= 2 {
            let key = UInt16(l[0]) | UInt16(l[1]) << 8
            byPair[key, default: []].append(i)
            bits[Int(key) >> 6] |= 1 << UInt64(key & 63)
            if l.count >= 4 {
                let h = Prefilter.quadHash(l[0], l[1], l[2], l[3])
                quads[h >> 6] |= 1 << UInt64(h & 63)
            }
        }
        var start = [Int32](repeating: 0, count: 65_537)
        var long = [Int32](repeating: 0, count: 65_536)
        var ids: [Int32] = []
        for key in 0..<65_536 {
            start[key] = Int32(ids.count)
            guard let list = byPair[UInt16(key)] else {
                long[key] = Int32(ids.count)
                continue
            }
            ids.append(contentsOf: list.filter { literals[$0].count < 4 }.map { Int32($0) })
            long[key] = Int32(ids.count)
            ids.append(contentsOf: list.filter { literals[$0].count >= 4 }.map { Int32($0) })
        }
        start[65_536] = Int32(ids.count)
        pairStart = start
        pairLong = long
        pairIDs = ids
        pairBits = bits
        quadBits = quads
        self.sets = sets
        var table = [UInt32](repeating: 0, count: 256)
        for (i, s) in sets.enumerated() where i < 32 {
            for b in 0...255 where s.contains(UInt8(b)) { table[b] |= 1 << UInt32(i) }
        }
        classOf = table
        lower = (0...255).map { b in b >= 0x41 && b <= 0x5A ? UInt8(b) | 0x20 : UInt8(b) }

        self.triggers = triggers
        self.gates = gates
        var batches: [ShapeBatch] = []
        var groupBatch = [Int32](repeating: -1, count: groups.count)
        var groupLane = [Int32](repeating: -1, count: groups.count)
        var open: [Int: Int] = [:]  // trigger -> its batch that still has a free lane
        // A gated group's gate usually leaves a few bytes of the trigger's ranges: its
        // shape is tested there, after the gate, not over all of them in a batch.
        gatedShape = groups.map { Int32($0.gate >= 0 ? $0.shape : -1) }
        shapeTables = shapes.flatMap(\.table)
        shapeWidths = shapes.map(\.sets.count)
        for (g, group) in groups.enumerated() where group.shape >= 0 && group.gate < 0 {
            var b = open[group.trigger] ?? -1
            if b < 0 || batches[b].groups.count == ShapeBatch.lanes {
                b = batches.count
                batches.append(ShapeBatch(trigger: group.trigger))
                open[group.trigger] = b
            }
            groupBatch[g] = Int32(b)
            groupLane[g] = Int32(batches[b].groups.count)
            batches[b].add(group: g, shape: shapes[group.shape])
        }
        self.batches = batches
        self.groupBatch = groupBatch
        self.groupLane = groupLane
        self.groups = groups
        groupTrigger = groups.map { Int32($0.trigger) }
        groupGate = groups.map { Int32($0.gate) }
        members = groups.flatMap(\.members)
        memberStart = groups.reduce(into: [Int32(0)]) { $0.append($0.last! + Int32($1.members.count)) }
        var tol = [[Int32]](repeating: [], count: literals.count)
        var tos = [[Int32]](repeating: [], count: sets.count)
        var every: [Int32] = []
        for (t, trigger) in triggers.enumerated() {
            switch trigger {
            case .literals(let ids): for l in ids { tol[l].append(Int32(t)) }
            case .bytes(let set, _, _): tos[set].append(Int32(t))
            case .everywhere: every.append(Int32(t))
            }
        }
        var gol = [[Int32]](repeating: [], count: literals.count)
        for (g, gate) in gates.enumerated() { for l in gate.literals { gol[l].append(Int32(g)) } }
        var got = [[Int32]](repeating: [], count: triggers.count)
        for (g, group) in groups.enumerated() { got[group.trigger].append(Int32(g)) }
        triggersOfLiteral = tol
        gatesOfLiteral = gol
        triggersOfSet = tos
        groupsOfTrigger = got
        everywhere = every
        self.patternBase = patternBase
        self.patternReach = patternReach
    }

    /// The reach of one pattern (see `PatternRef.reach`).
    func reach(detector: Int, pattern: Int) -> Int? { patternReach[patternBase[detector] + pattern] }

    /// Plans every pattern of a ruleset: picks each pattern's trigger, its detector's
    /// keyword gate and its start shape, and groups the patterns that share all three.
    static func plan(_ detectors: [DetectorPlanInput]) -> Prefilter {
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
        var triggers: [Trigger] = []
        var triggerIDs: [Trigger: Int] = [:]
        var gates: [KeywordGate] = []
        var gateIDs: [KeywordGate: Int] = [:]
        var shapes: [StartShape] = []
        var shapeIDs: [StartShape: Int] = [:]
        var groups: [CandidateGroup] = []
        var groupIDs: [[Int]: Int] = [:]
        var patternBase: [Int] = []
        var patternReach: [Int?] = []
        for (di, d) in detectors.enumerated() {
            patternBase.append(patternReach.count)
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
            for (pi, a) in d.analyses.enumerated() {
                var reach: Int?
                if let len = a.maxLength, let look = a.lookaheadMargin { reach = len + look + 4 }
                patternReach.append(reach)
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
                let t = triggerIDs[trigger] ?? triggers.count
                if t == triggers.count {
                    triggers.append(trigger)
                    triggerIDs[trigger] = t
                }
                var g = -1
                if let gateLiterals {
                    // A keyword ends at most `keywordWindow` bytes before the value starts
                    // (the window widened to a word start), and the value starts at most
                    // maxLength bytes after the match start.
                    let gate = KeywordGate(
                        literals: gateLiterals, after: d.keywordWindow, before: a.maxLength ?? Limits.unboundedMatchBytes)
                    g = gateIDs[gate] ?? gates.count
                    if g == gates.count {
                        gates.append(gate)
                        gateIDs[gate] = g
                    }
                }
                var k = -1
                if !a.startShape.sets.isEmpty {
                    k = shapeIDs[a.startShape] ?? shapes.count
                    if k == shapes.count {
                        shapes.append(a.startShape)
                        shapeIDs[a.startShape] = k
                    }
                }
                let ref = PatternRef(detector: di, pattern: pi, reach: reach)
                if let id = groupIDs[[t, g, k]] {
                    groups[id].members.append(ref)
                } else {
                    groupIDs[[t, g, k]] = groups.count
                    groups.append(CandidateGroup(trigger: t, gate: g, shape: k, members: [ref]))
                }
            }
        }
        return Prefilter(
            literals: literals, sets: sets, minRun: minRun, triggers: triggers, gates: gates, shapes: shapes,
            groups: groups, patternBase: patternBase, patternReach: patternReach)
    }

    /// The one pass: fills `occ` with every literal occurrence and every run of trigger bytes.
    func collect(_ s: UnsafeBufferPointer<UInt8>, into occ: inout Occurrences) {
        occ.reset(for: self)
        guard let base = s.baseAddress, s.count > 0 else { return }
        let n = s.count
        var open: UInt32 = 0
        let checkPairs = !literals.isEmpty
        // Moved out and back so their buffers are reused without an exclusivity conflict.
        var starts = occ.runStart
        occ.runStart = []
        defer { occ.runStart = starts }
        withTables { t in
            starts.withUnsafeMutableBufferPointer { runStart in
                var prev = t.lower[Int(base[0])]
                var i = 0
                while i < n {
                    let m = t.classOf[Int(base[i])]
                    if m != open {
                        var closing = open & ~m
                        while closing != 0 {
                            let k = closing.trailingZeroBitCount
                            if i - runStart[k] >= t.minRun[k] { occ.addRun(set: k, runStart[k]..<i) }
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
                        let next = t.lower[Int(base[i + 1])]
                        let key = Int(prev) | Int(next) << 8
                        if t.pairBits[key >> 6] & (1 << UInt64(key & 63)) != 0 {
                            // Compare each literal starting with this pair, past its first two
                            // bytes: the short ones always, the long ones when the next four
                            // bytes hash like the start of one.
                            var hi = Int(t.pairLong[key])
                            if i + 4 <= n {
                                let h = Prefilter.quadHash(prev, next, t.lower[Int(base[i + 2])], t.lower[Int(base[i + 3])])
                                if t.quadBits[h >> 6] & (1 << UInt64(h & 63)) != 0 { hi = Int(t.pairStart[key + 1]) }
                            }
                            for k in Int(t.pairStart[key])..<hi {
                                let id = Int(t.pairIDs[k])
                                let lo = Int(t.literalStart[id]), hi = Int(t.literalStart[id + 1])
                                guard i + hi - lo <= n else { continue }
                                var j = lo + 2
                                var at = i + 2
                                while j < hi, t.lower[Int(base[at])] == t.literalBytes[j] {
                                    j += 1
                                    at += 1
                                }
                                if j == hi { occ.addHit(literal: id, at: i) }
                            }
                        }
                        prev = next
                    }
                    i += 1
                }
            }
        }
        var closing = open
        while closing != 0 {
            let k = closing.trailingZeroBitCount
            occ.addRun(set: k, starts[k]..<n)
            closing &= closing - 1
        }
    }

    /// A 16-bit hash of four bytes (multiplicative: the high bits mix all four).
    @inline(__always)
    static func quadHash(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> Int {
        let v = UInt32(a) | UInt32(b) << 8 | UInt32(c) << 16 | UInt32(d) << 24
        return Int((v &* 0x9E37_79B1) >> 16)
    }

    /// The tables of the one pass as raw pointers, valid inside `body`.
    private struct Tables {
        let classOf: UnsafePointer<UInt32>
        let lower: UnsafePointer<UInt8>
        let minRun: UnsafePointer<Int>
        let pairBits: UnsafePointer<UInt64>
        let pairStart: UnsafePointer<Int32>
        let pairLong: UnsafePointer<Int32>
        let quadBits: UnsafePointer<UInt64>
        let pairIDs: UnsafePointer<Int32>
        let literalStart: UnsafePointer<Int32>
        let literalBytes: UnsafePointer<UInt8>
    }

    private func withTables(_ body: (Tables) -> Void) {
        classOf.withUnsafeBufferPointer { classOf in
            lower.withUnsafeBufferPointer { lower in
                minRun.withUnsafeBufferPointer { minRun in
                    pairBits.withUnsafeBufferPointer { pairBits in
                        pairStart.withUnsafeBufferPointer { pairStart in
                            pairIDs.withUnsafeBufferPointer { pairIDs in
                                literalStart.withUnsafeBufferPointer { literalStart in
                                    literalBytes.withUnsafeBufferPointer { literalBytes in
                                      pairLong.withUnsafeBufferPointer { pairLong in
                                        quadBits.withUnsafeBufferPointer { quadBits in
                                        // Empty arrays still have a valid (if unusable) base.
                                        let dummy8 = UnsafePointer<UInt8>(bitPattern: 1)!
                                        let dummy32 = UnsafePointer<Int32>(bitPattern: 4)!
                                        body(Tables(
                                            classOf: classOf.baseAddress!, lower: lower.baseAddress!,
                                            minRun: minRun.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                                            pairBits: pairBits.baseAddress!, pairStart: pairStart.baseAddress!,
                                            pairLong: pairLong.baseAddress!, quadBits: quadBits.baseAddress!,
                                            pairIDs: pairIDs.baseAddress ?? dummy32,
                                            literalStart: literalStart.baseAddress ?? dummy32,
                                            literalBytes: literalBytes.baseAddress ?? dummy8))
                                        }
                                      }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Up to eight start shapes of groups that share a trigger, tested by one shift-and over
/// the trigger's ranges: byte lane L of the 64-bit state holds the shift-and bits of the
/// group in lane L (see `Occurrences.computeBatch`).
struct ShapeBatch: Sendable {
    static let lanes = 8

    let trigger: Int
    private(set) var groups: [Int] = []
    /// Lane L bit i of `table[byte]`: `byte` may occur at offset i of lane L's shape.
    private(set) var table = [UInt64](repeating: 0, count: 256)
    /// Lane L bit `width - 1`: the bit that says the whole shape of lane L fits.
    private(set) var full: UInt64 = 0
    /// The widest shape: a range is read this many bytes past its last start.
    private(set) var maxWidth = 0

    init(trigger: Int) { self.trigger = trigger }

    mutating func add(group g: Int, shape: StartShape) {
        let lane = UInt64(groups.count)
        groups.append(g)
        for (b, bits) in shape.table.enumerated() { table[b] |= UInt64(bits) << (8 * lane) }
        full |= 1 << (8 * lane + UInt64(shape.sets.count - 1))
        maxWidth = max(maxWidth, shape.sets.count)
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
