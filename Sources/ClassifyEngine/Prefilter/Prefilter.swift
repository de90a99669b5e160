// SPDX-License-Identifier: Apache-2.0
// One pass over the input finds, for every pattern of the ruleset at once, where a match
// could start: occurrences of literals (pattern prefixes such as "ghp_" or "-----BEGIN ",
// and the keywords of detectors that need one) and runs of trigger bytes ('@', digits,
// '_' ...). Patterns are grouped by how they find candidates; only groups whose trigger
// fired are visited, so the cost of a scan follows what is in the input rather than how
// many detectors the ruleset has (see `Occurrences` and `Scanner.runPrefiltered`).

import CScanKernel
import RulePacks

/// How the patterns of a group find their candidate start positions.
enum Trigger: Sendable, Hashable {
    /// Every match starts `offsets` bytes before an occurrence of one of these literals
    /// (indices into `Prefilter.literals`): 0...0 for a pattern's prefix literals, a range
    /// for literals inside it (`PatternAnalysis.innerLiterals`).
    case literals([Int], offsets: ClosedRange<Int>)
    /// Every match contains a run of at least `run` bytes of trigger set `set`, starting
    /// within `offset` bytes of the match start, after a byte of `before` (all bytes: no
    /// constraint; `PatternAnalysis.byteBefore`: the digit before the first '.' of an IPv4
    /// address, not the letter before a full stop).
    case bytes(set: Int, offset: Int, run: Int, before: ByteSet = .all)
    /// Nothing is known: the pattern runs over the whole input.
    case everywhere
}

/// A detector that only reports values with a keyword before them needs one of these
/// literals (a part of each keyword, `KeywordSet.gateWords`) near a match: see
/// `Occurrences.gateRanges`. The window around an occurrence of a literal holds every match
/// whatever part of its keyword the literal is: a keyword ends before the value starts, and
/// starts at most `after` bytes before it.
struct KeywordGate: Sendable, Hashable {
    let literals: [Int]
    /// A match may start up to this many bytes after the start of a keyword occurrence.
    let after: Int
    /// ... and up to this many bytes before its end (a `value` group may start later).
    let before: Int
}

/// What a glued occurrence of a gate's literal (`SK_HIT_GLUED`: the word goes on past it,
/// "st" in "still") allows. It is a keyword only to a keyword window that ends right after
/// it, so only to a value that starts there, inside the word: the byte after it must be
/// one a value of the gate's patterns can start with, and the match starts at most
/// `before` bytes earlier (0 when every pattern's value is its whole match). In prose,
/// nearly all occurrences of short keyword words are glued ones, and no value begins with
/// the lower-case letter after them.
struct GluedValue: Sendable {
    var start = ByteSet()
    var before = 0

    /// Adds a pattern of the gate: `analysis` of its match, and whether its value is a
    /// `value` group (whose first bytes are not modelled: any byte) or the whole match.
    mutating func add(_ analysis: PatternAnalysis, valueIsMatch: Bool, gateBefore: Int) {
        if valueIsMatch, let first = analysis.startShape.sets.first {
            start.formUnion(first)
        } else {
            start = .all
        }
        if !valueIsMatch { before = gateBefore }
    }
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
    /// Distinct literals, lower-cased unless they are searched as they are (see `plan`):
    /// others are searched without regard to ASCII case, a superset of the case-sensitive
    /// occurrences.
    let literals: [[UInt8]]
    /// The trigger byte sets in use (at most 32).
    let sets: [ByteSet]
    /// For each trigger set, the shortest run any pattern needs.
    let minRun: [Int]
    /// For each trigger set, the shortest run the one pass reports: the shortest run a
    /// trigger of an ungated group needs (Int.max: the set is not in the pass). Shorter
    /// runs matter only to keyword-gated groups, whose triggers (`.gatedBytes`) look for
    /// them inside the gate's windows: in prose, runs of five word bytes are everywhere and
    /// keywords are not.
    let passMinRun: [Int]
    /// The one pass itself (Sources/CScanKernel), built from the literals and the sets that
    /// ungated groups need.
    let kernel: ScanKernel
    /// A pass over the sets of `.gatedBytes` triggers alone, for gates whose windows cover
    /// much of the input (a keyword in a table's header): nil when there are none.
    let gatedKernel: ScanKernel?
    /// The plan as flat tables for the hot path.
    let tables: PlanTables

    let triggers: [Trigger]
    let gates: [KeywordGate]
    /// For each gate, what its glued occurrences allow.
    let glued: [GluedValue]
    /// The groups that have a start shape, up to 32 at a time, by trigger (runs of one set
    /// share batches across triggers, gated groups apart from ungated ones, see `init`):
    /// their shapes are tested together, one byte lane each (see `ShapeBatch`).
    let batches: [ShapeBatch]
    let groups: [CandidateGroup]
    /// `reach` of each pattern: `patternReach[patternBase[detector] + pattern]`.
    let patternBase: [Int]
    let patternReach: [Int?]

    fileprivate init(
        literals: [[UInt8]], literalExact: [Bool], literalAfterGap: [Bool], sets: [ByteSet], minRun: [Int],
        triggers: [Trigger], gates: [KeywordGate], glued: [GluedValue], shapes: [StartShape], groups: [CandidateGroup],
        patternBase: [Int], patternReach: [Int?]
    ) throws(ClassifyError) {
        self.minRun = minRun
        self.literals = literals
        self.sets = sets
        // A literal that only gates keyword detectors is a word of a keyword (ASCII letters
        // and digits, see KeywordSet.gateWords): it counts only as a whole word, so
        // the one pass looks for it where a word may start, not at every byte.
        var anywhere = [Bool](repeating: false, count: literals.count)
        for trigger in triggers { if case .literals(let ids, _) = trigger { for l in ids { anywhere[l] = true } } }
        let wordOnly = literals.indices.map { i in
            !anywhere[i] && literals[i].allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) }
        }
        var triggers = triggers
        var batches: [ShapeBatch] = []
        var groupBatch = [Int32](repeating: -1, count: groups.count)
        // A gated group's gate usually leaves a few bytes of the trigger's ranges: its
        // shape is tested there, after the gate, not over all of them in a batch.
        let alone = shapes.map { shape in
            var batch = ShapeBatch(trigger: -1)
            batch.add(group: -1, shape: shape)
            return batch
        }
        let gatedShape = groups.map { $0.gate >= 0 && $0.shape >= 0 ? alone[$0.shape] : nil }
        // Ungated groups share batches by trigger, and groups whose triggers are runs of one
        // set share them across offsets and run lengths: the batch reads the ranges of a
        // trigger looser than each of theirs (the largest offset, the shortest run) once
        // (logs and records wake some forty triggers on digits alone). Lanes are sorted by
        // run, so that the rare long runs are not read as often as the short ones; past
        // eight lanes a batch is one AVX2 pass of 32 lanes, which costs what a pass of eight
        // does, so lanes of different runs share it rather than take a pass each (the
        // built-in digit lanes: two batches instead of six). Keeping a lane of a far larger
        // offset (43 among offsets up to 6) out of a batch measured no better: the ranges of
        // long runs it widens are rare, and a pass of its own costs more. A lane whose
        // trigger is not the batch's has its starts cut to its own trigger's ranges after
        // the batch (`Occurrences.computeBatch`), unless its shape says as much
        // (`StartShape.implies`; at offset 0, a run of r <= 8 bytes of the set is the shape's
        // first r offsets in it): its starts are then all in its own ranges already.
        // Gated groups with a byte trigger get batches of their own, for inputs where their
        // gate's windows cover nearly all of it (a keyword in a table's header): there, one
        // batch and a merge with the windows cost less than a search for each group
        // (`Occurrences.candidateRanges`).
        var shared: [[Int]: [Int]] = [:]  // (set), (-1, trigger) or (set, gated) -> groups
        for (g, group) in groups.enumerated() where group.shape >= 0 {
            if case .bytes(let k, _, _, _) = triggers[group.trigger] {
                shared[group.gate < 0 ? [k] : [k, -2], default: []].append(g)
            } else if group.gate < 0 {
                shared[[-1, group.trigger], default: []].append(g)
            }
        }
        func bytes(trigger t: Int) -> (offset: Int, run: Int) {
            if case .bytes(_, let o, let r, _) = triggers[t] { return (o, r) }
            return (0, 0)
        }
        // The bytes one of which comes before the run in every lane.
        func before(of lanes: ArraySlice<Int>) -> ByteSet {
            var union = ByteSet()
            for g in lanes {
                if case .bytes(_, _, _, let b) = triggers[groups[g].trigger] { union.formUnion(b) } else { return .all }
            }
            return union
        }
        func bytes(_ g: Int) -> (offset: Int, run: Int) { bytes(trigger: groups[g].trigger) }
        var cut = [Int32](repeating: -1, count: groups.count)
        for key in shared.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let members = (shared[key] ?? []).sorted {
                (bytes($0).run, bytes($0).offset, $0) < (bytes($1).run, bytes($1).offset, $1)
            }
            for start in stride(from: 0, to: members.count, by: ShapeBatch.lanes) {
                let lanes = members[start..<min(start + ShapeBatch.lanes, members.count)]
                var trigger = groups[lanes[lanes.startIndex]].trigger
                if lanes.contains(where: { groups[$0].trigger != trigger }) {
                    let loose = Trigger.bytes(
                        set: key[0], offset: lanes.map { bytes($0).offset }.max() ?? 0,
                        run: lanes.map { bytes($0).run }.min() ?? 1, before: before(of: lanes))
                    trigger = triggers.firstIndex(of: loose) ?? triggers.count
                    if trigger == triggers.count { triggers.append(loose) }
                }
                var batch = ShapeBatch(trigger: trigger)
                for g in lanes {
                    groupBatch[g] = Int32(batches.count)
                    var shape = shapes[groups[g].shape]
                    let (offset, run) = bytes(g)
                    if key[0] >= 0, offset == 0 { shape = shape.starting(with: sets[key[0]], count: run) }
                    // (A lane whose trigger differs only in `before` keeps the batch's starts:
                    // a superset, and no second pass over the set's runs.)
                    if groups[g].trigger != trigger && !(key[0] >= 0 && (offset, run) == bytes(trigger: trigger))
                        && !(key[0] >= 0 && shape.implies(run: run, of: sets[key[0]], within: offset))
                    {
                        cut[g] = Int32(groups[g].trigger)
                    }
                    batch.add(group: g, shape: shape)
                }
                batches.append(batch)
            }
        }
        // Which runs the one pass reports: those of the sets ungated groups trigger on, at
        // the shortest run those need. A trigger shorter than that is gated only.
        var passMinRun = [Int](repeating: Int.max, count: sets.count)
        var gatedMinRun = [Int](repeating: Int.max, count: sets.count)
        for group in groups {
            guard case .bytes(let k, _, let run, _) = triggers[group.trigger] else { continue }
            if group.gate < 0 { passMinRun[k] = min(passMinRun[k], run) }
        }
        var lazy = [Bool](repeating: false, count: triggers.count)
        for (t, trigger) in triggers.enumerated() {
            guard case .bytes(let k, _, let run, _) = trigger, run < passMinRun[k] else { continue }
            lazy[t] = true
            gatedMinRun[k] = min(gatedMinRun[k], run)
        }
        self.passMinRun = passMinRun
        let passSets = sets.indices.filter { passMinRun[$0] < Int.max }
        // A keyword word's glued occurrences matter to its gates only before a byte that a
        // value of one of them can start with (`GluedValue`): the pass reports no others.
        var gluedAfter = [ByteSet](repeating: ByteSet(), count: literals.count)
        for (g, gate) in gates.enumerated() { for l in gate.literals { gluedAfter[l].formUnion(glued[g].start) } }
        kernel = try ScanKernel(
            sets: passSets.map { sets[$0] }, minRun: passSets.map { passMinRun[$0] }, literals: literals, wordOnly: wordOnly,
            exact: literalExact, glued: gluedAfter, bound: literalAfterGap)
        let gatedSets = sets.indices.filter { gatedMinRun[$0] < Int.max }
        gatedKernel = gatedSets.isEmpty
            ? nil
            : try ScanKernel(
                sets: gatedSets.map { sets[$0] }, minRun: gatedSets.map { gatedMinRun[$0] }, literals: [], wordOnly: [])

        self.triggers = triggers
        self.gates = gates
        self.glued = glued
        self.batches = batches
        self.groups = groups
        self.patternBase = patternBase
        self.patternReach = patternReach
        tables = PlanTables(
            groups: groups, groupBatch: groupBatch, laneCut: cut, members: groups.flatMap(\.members), triggers: triggers,
            lazy: lazy, literals: literals, sets: sets, passSets: passSets, gatedSets: gatedSets, gates: gates, glued: glued,
            batches: batches, gatedShape: gatedShape)
    }

    /// The reach of one pattern (see `PatternRef.reach`).
    func reach(detector: Int, pattern: Int) -> Int? { patternReach[patternBase[detector] + pattern] }

    /// Plans every pattern of a ruleset: picks each pattern's trigger, its detector's
    /// keyword gate and its start shape, and groups the patterns that share all three.
    static func plan(_ detectors: [DetectorPlanInput]) throws(ClassifyError) -> Prefilter {
        var literals: [[UInt8]] = []
        var literalIndex: [[UInt8]: Int] = [:]
        var literalExact: [Bool] = []
        // Whether a literal is only ever the prefix of patterns that start after a byte that
        // is not a letter or digit (`PatternAnalysis.startsAfterGap`): the one pass then
        // skips its occurrences inside words ("rg" of a Brazilian RG label in "large").
        var usedAfterGap: [Bool] = [], usedElsewhere: [Bool] = []
        // A literal whose letters are all capitals came from a case-sensitive pattern (the
        // parser turns a letter of a caseless one into a case pair, given as its lower-case
        // letter): it is searched as it is ("DE" of a VAT number, not "de" of "made").
        // Keyword words and every other literal are searched without regard to ASCII case.
        func literalID(_ l: [UInt8], exactCase: Bool = false) -> Int {
            let exact = exactCase && l.contains { $0 >= 0x41 && $0 <= 0x5A } && !l.contains { $0 >= 0x61 && $0 <= 0x7A }
            let key = exact ? l : l.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            if let i = literalIndex[key] { return i }
            literalIndex[key] = literals.count
            literals.append(key)
            literalExact.append(exact)
            usedAfterGap.append(false)
            usedElsewhere.append(false)
            return literals.count - 1
        }
        var sets: [ByteSet] = []
        var minRun: [Int] = []
        var triggers: [Trigger] = []
        var triggerIDs: [Trigger: Int] = [:]
        var gates: [KeywordGate] = []
        var gateIDs: [KeywordGate: Int] = [:]
        var glued: [GluedValue] = []
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
                // A word of each keyword must occur (KeywordSet.gateWords); a keyword with
                // no word that can be searched disables the gate (always safe).
                var ids: [Int] = []
                for word in d.keywordGateWords {
                    guard let word, !word.isEmpty else { ids = []; break }
                    ids.append(literalID(word))
                    usedElsewhere[ids[ids.count - 1]] = true
                }
                if !ids.isEmpty { gateLiterals = Array(Set(ids)).sorted() }
            }
            for (pi, a) in d.analyses.enumerated() {
                var reach: Int?
                if let len = a.maxLength, let look = a.lookaheadMargin { reach = len + look + 4 }
                patternReach.append(reach)
                var trigger = Trigger.everywhere
                // A prefix of a few digits ("22" of a Nigerian BVN, "6011" of a Discover
                // card) is in many numbers that text has anyway; the run of digits the rest of
                // the pattern needs is rarer, and its set is in the one pass already.
                let numberPrefix = a.prefixLiterals?.allSatisfy { l in l.count <= 4 && l.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
                let preferDigits = numberPrefix == true && !a.byteTriggers.isEmpty
                if let lits = a.prefixLiterals, lits.allSatisfy({ $0.count >= 2 }), !preferDigits {
                    let ids = Array(Set(lits.map { literalID($0, exactCase: true) })).sorted()
                    for l in ids {
                        if a.startsAfterGap { usedAfterGap[l] = true } else { usedElsewhere[l] = true }
                    }
                    trigger = .literals(ids, offsets: 0...0)
                } else if let inner = a.innerLiterals {
                    // Three bytes or more at a known distance: rarer than any byte trigger.
                    let ids = Array(Set(inner.strings.map { literalID($0, exactCase: true) })).sorted()
                    for l in ids { usedElsewhere[l] = true }
                    trigger = .literals(ids, offsets: inner.offsets)
                } else if let best = a.byteTriggers.first {
                    let before = a.byteBefore(best.set, offset: best.offset) ?? .all
                    if let i = sets.firstIndex(of: best.set) {
                        trigger = .bytes(set: i, offset: best.offset, run: best.run, before: before)
                        minRun[i] = min(minRun[i], best.run)
                    } else if sets.count < 32 {
                        sets.append(best.set)
                        minRun.append(best.run)
                        trigger = .bytes(set: sets.count - 1, offset: best.offset, run: best.run, before: before)
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
                        glued.append(GluedValue())
                    }
                    glued[g].add(a, valueIsMatch: d.valueIsMatch[pi], gateBefore: gate.before)
                }
                var k = -1
                if !a.startShape.sets.isEmpty {
                    // Shapes are told apart by the offsets a batch lane tests; the patterns of
                    // one lane share the rest (`StartShape.merged`), so that longer shapes do
                    // not split groups (and batches) that the lanes would not.
                    let lane = a.startShape.lane
                    k = shapeIDs[lane] ?? shapes.count
                    if k == shapes.count {
                        shapes.append(a.startShape)
                        shapeIDs[lane] = k
                    } else {
                        shapes[k] = shapes[k].merged(a.startShape)
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
        return try Prefilter(
            literals: literals, literalExact: literalExact,
            literalAfterGap: literals.indices.map { usedAfterGap[$0] && !usedElsewhere[$0] }, sets: sets, minRun: minRun,
            triggers: triggers, gates: gates, glued: glued, shapes: shapes, groups: groups, patternBase: patternBase,
            patternReach: patternReach)
    }
}

/// Up to 32 start shapes of groups that share a trigger (or runs of one set), tested by one
/// shift-and over the trigger's ranges: byte lane L % 8 of 64-bit word L / 8 of the state
/// holds the shift-and bits of the group in lane L (see `Occurrences.computeBatch`). A batch
/// of eight lanes or fewer is one word (`sk_shape_batch`), a wider one four
/// (`sk_shape_wide`, one AVX2 register: a pass costs about what a one-word pass costs).
struct ShapeBatch: Sendable {
    static let lanes = Int(SK_BATCH_LANES)
    /// Lanes of one 64-bit word.
    static let wordLanes = 8

    let trigger: Int
    private(set) var groups: [Int] = []
    /// Lane L bit i of `table[4 * byte + L / 8]`: `byte` may occur at offset i of lane L's
    /// shape (four words per byte whatever the lanes; see `kernelTable`).
    private(set) var table = [UInt64](repeating: 0, count: 256 * 4)
    /// Lane L bit `width - 1` of word L / 8: the bit that says the whole shape of lane L fits.
    private(set) var full = [UInt64](repeating: 0, count: 4)
    /// The widest shape a lane tests: a range is read this many bytes past its last start.
    private(set) var maxWidth = 0
    /// The offsets past a lane's `StartShape.laneWidth` (`sk_batch_state.ext`): 256 bytes per
    /// lane, and each lane's count (all 0: `hasExtension` is false).
    private(set) var extensionTable: [UInt8] = []
    private(set) var extensionLength: [UInt8] = []
    var hasExtension: Bool { extensionLength.contains { $0 > 0 } }

    init(trigger: Int) { self.trigger = trigger }

    /// State words the kernel uses: 1 (`sk_shape_batch`) or 4 (`sk_shape_wide`).
    var words: Int { groups.count <= ShapeBatch.wordLanes ? 1 : 4 }

    /// `table` as the kernel reads it: `words` words per byte.
    var kernelTable: [UInt64] { words == 4 ? table : (0..<256).map { table[4 * $0] } }

    mutating func add(group g: Int, shape: StartShape) {
        precondition(groups.count < ShapeBatch.lanes)
        let word = groups.count / ShapeBatch.wordLanes, lane = UInt64(groups.count % ShapeBatch.wordLanes)
        groups.append(g)
        for (b, bits) in shape.table.enumerated() { table[4 * b + word] |= UInt64(bits) << (8 * lane) }
        full[word] |= 1 << (8 * lane + UInt64(shape.laneLength - 1))
        maxWidth = max(maxWidth, shape.laneLength)
        extensionTable += shape.extensionTable
        extensionLength.append(UInt8(shape.extensionLength))
    }
}

/// What the planner needs to know about one detector.
struct DetectorPlanInput {
    var analyses: [PatternAnalysis]
    var keywordRequired: Bool
    /// The word of each keyword the gate looks for (`KeywordSet.gateWords`).
    var keywordGateWords: [[UInt8]?]
    /// How far before a value a keyword may start: max_distance plus the widening to a
    /// word start (KeywordSet.firstMatch).
    var keywordWindow: Int
    /// For each pattern: its value is the whole match (it has no `value` group).
    var valueIsMatch: [Bool]
}
