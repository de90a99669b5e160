// SPDX-License-Identifier: Apache-2.0
// The prefilter's plan laid out as flat tables for the scan's hot path. A scan visits
// hundreds of triggers, gates and groups for a 200-byte record; read through Swift arrays of
// arrays and enums with array payloads, each visit costs reference counting and uniqueness
// checks that outweigh the work itself. Here every table is one allocation of plain values,
// read through unsafe pointers, built once per ruleset and never written after.

import CScanKernel

/// A read-only table of plain values, owned by the `PlanTables` that built it.
struct Table<T: BitwiseCopyable> {
    let items: UnsafeBufferPointer<T>
    private let storage: UnsafeMutableBufferPointer<T>

    init(_ values: [T]) {
        storage = .allocate(capacity: max(1, values.count))
        _ = storage.initialize(from: values)
        items = UnsafeBufferPointer(rebasing: storage[0..<values.count])
    }

    @inline(__always) subscript(i: Int) -> T { items[i] }
    var count: Int { items.count }

    func free() { storage.deallocate() }
}

/// Lists of Int32 laid back to back: list i is `items[start[i] ..< start[i + 1]]`.
struct Lists {
    let start: Table<Int32>
    let items: Table<Int32>

    init(_ lists: [[Int32]]) {
        start = Table(lists.reduce(into: [Int32(0)]) { $0.append($0[$0.count - 1] + Int32($1.count)) })
        items = Table(lists.flatMap { $0 })
    }

    @inline(__always) subscript(i: Int) -> UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(rebasing: items.items[Int(start[i])..<Int(start[i + 1])])
    }

    func free() {
        start.free()
        items.free()
    }
}

/// How a trigger finds candidates, as `PlanTables.triggerKind` says it.
enum TriggerKind: UInt8, BitwiseCopyable {
    case literals, bytes, everywhere
    /// A `.bytes` trigger that only keyword-gated groups use, with runs shorter than the
    /// one pass reports for its set: its runs are looked for inside the gate's windows.
    case gatedBytes
}

/// The plan of a `Prefilter` as flat tables (see the file comment). Immutable after `init`,
/// hence `@unchecked Sendable`: it owns memory that nothing writes once built.
final class PlanTables: @unchecked Sendable {
    // Groups.
    let groupTrigger: Table<Int32>
    let groupGate: Table<Int32>
    /// The group's batch, or -1.
    let groupBatch: Table<Int32>
    /// For a group in a batch of a shorter run: the trigger whose ranges its starts are cut
    /// to after the batch, or -1 (see `Prefilter.init`).
    let laneCut: Table<Int32>
    /// For a gated group with a start shape: the shape's index in `shapeTable`, or -1.
    let groupShape: Table<Int32>
    let memberStart: Table<Int32>
    let members: Table<PatternRef>

    // Triggers.
    let triggerKind: Table<TriggerKind>
    /// `.bytes` triggers: set, offset and run (see `Trigger.bytes`). `.literals` triggers:
    /// the most and the fewest bytes from a match start to the literal in `triggerOffset`
    /// and `triggerRun` (`Trigger.literals`). 0 for others.
    let triggerSet: Table<Int32>
    let triggerOffset: Table<Int>
    let triggerRun: Table<Int>
    let triggerLiterals: Lists
    /// `Trigger.bytes` `before`, four words per trigger (bit b % 64 of word 4t + b / 64;
    /// every byte for other triggers).
    let triggerBefore: Table<UInt64>

    // Which groups a scan wakes (those whose gate, if any, found a keyword): the groups whose
    // trigger has each literal, those whose trigger is runs of each set the one pass
    // reports, and those that wake in every scan (`.everywhere` and `.gatedBytes` triggers).
    // Except for the groups of literals (a few each), these are masks of `groupWords` words
    // (bit g % 64 of word g / 64), ORed and ANDed into the scan's: a 200-byte record has
    // runs of most sets, some sets trigger a hundred groups, and a hundred groups wake in
    // every scan once their gate fired.
    let groupsOfLiteral: Lists
    let gatedGroupsOfSet: Table<UInt64>
    let ungatedGroupsOfSet: Table<UInt64>
    let gatedGroupsAlways: Table<UInt64>
    let ungatedGroupsAlways: Table<UInt64>
    let groupsOfGate: Table<UInt64>
    let groupWords: Int

    // Literals, sets and gates.
    let literalLength: Table<Int32>
    let gatesOfLiteral: Lists
    /// The gates of the groups with `.gatedBytes` triggers, and how far past a start such a
    /// trigger reads (the largest offset + run): `Occurrences.collectGatedRuns`.
    let gatedRunGates: Table<Int32>
    let gatedRunReach: Int
    /// The trigger set of each set id of `Prefilter.kernel` and `Prefilter.gatedKernel`.
    let kernelSet: Table<Int32>
    let gatedKernelSet: Table<Int32>
    /// Bit k of `setsOfByte[b]`: byte b is in trigger set k (at most 32 sets).
    let setsOfByte: Table<UInt32>
    /// Each trigger set as `sk_set_starts` reads it.
    let setBytes: Table<sk_byteset>
    let gateBefore: Table<Int>
    let gateAfter: Table<Int>
    /// Bit b % 64 of `gluedStart[4 * gate + b / 64]`: byte b is in the gate's
    /// `GluedValue.start`.
    let gluedStart: Table<UInt64>
    let gluedBefore: Table<Int>

    // Start shapes: batches (up to 32 lanes; gated groups' batches serve gates that cover
    // nearly all the input), and gated groups' shapes alone.
    let batchTrigger: Table<Int32>
    let batchGroups: Lists
    /// Each batch's `ShapeBatch.kernelTable` (256 or 4 × 256 entries), from
    /// `batchTableStart[b]`; `batchWide[b]`: four words (`sk_shape_wide`).
    let batchTable: Table<UInt64>
    let batchTableStart: Table<Int>
    let batchWide: Table<Bool>
    /// Four words per batch (a one-word batch uses the first).
    let batchFull: Table<UInt64>
    /// The widest shape of the batch less one.
    let batchSpan: Table<Int64>
    let shapeTable: Table<UInt64>
    let shapeFull: Table<UInt64>
    let shapeSpan: Table<Int64>
    /// `ShapeBatch.extensionTable` and `extensionLength` of each batch from
    /// `batchExtStart[b]` (256 and 1 entries per lane), and of each gated group's shape from
    /// `shapeExtStart[k]`; -1: none (`sk_batch_state.ext`).
    let extTable: Table<UInt8>
    let extLength: Table<UInt8>
    let batchExtStart: Table<Int>
    let shapeExtStart: Table<Int>

    init(
        groups: [CandidateGroup], groupBatch: [Int32], laneCut: [Int32], members: [PatternRef], triggers: [Trigger], lazy: [Bool],
        literals: [[UInt8]], sets: [ByteSet], passSets: [Int], gatedSets: [Int], gates: [KeywordGate], glued: [GluedValue], batches: [ShapeBatch],
        gatedShape: [ShapeBatch?]
    ) {
        groupTrigger = Table(groups.map { Int32($0.trigger) })
        groupGate = Table(groups.map { Int32($0.gate) })
        self.groupBatch = Table(groupBatch)
        self.laneCut = Table(laneCut)
        memberStart = Table(groups.reduce(into: [Int32(0)]) { $0.append($0[$0.count - 1] + Int32($1.members.count)) })
        self.members = Table(members)

        var kind: [TriggerKind] = [], set: [Int32] = [], offset: [Int] = [], run: [Int] = []
        var literalsOfTrigger: [[Int32]] = []
        var beforeWords: [UInt64] = []
        for (t, trigger) in triggers.enumerated() {
            var ids: [Int32] = []
            var before = ByteSet.all
            switch trigger {
            case .literals(let l, let offsets):
                kind.append(.literals); set.append(0); offset.append(offsets.upperBound); run.append(offsets.lowerBound)
                ids = l.map { Int32($0) }
            case .bytes(let k, let o, let r, let b):
                kind.append(lazy[t] ? .gatedBytes : .bytes); set.append(Int32(k)); offset.append(o); run.append(r)
                before = b
            case .everywhere:
                kind.append(.everywhere); set.append(0); offset.append(0); run.append(0)
            }
            literalsOfTrigger.append(ids)
            beforeWords += [before.words.0, before.words.1, before.words.2, before.words.3]
        }
        triggerKind = Table(kind)
        triggerBefore = Table(beforeWords)
        triggerSet = Table(set)
        triggerOffset = Table(offset)
        triggerRun = Table(run)
        triggerLiterals = Lists(literalsOfTrigger)
        var gol = [[Int32]](repeating: [], count: literals.count)
        let words = (groups.count + 63) / 64
        var ungated = [UInt64](repeating: 0, count: sets.count * words), gated = ungated
        var ungatedAlways = [UInt64](repeating: 0, count: words), gatedAlways = ungatedAlways
        var ofGate = [UInt64](repeating: 0, count: gates.count * words)
        for (g, group) in groups.enumerated() {
            let w = g / 64, bit: UInt64 = 1 << UInt64(g % 64)
            if group.gate >= 0 { ofGate[group.gate * words + w] |= bit }
            switch triggers[group.trigger] {
            case .literals(let l, _): for i in l { gol[i].append(Int32(g)) }
            case .bytes(let k, _, _, _) where !lazy[group.trigger] && group.gate < 0: ungated[k * words + w] |= bit
            case .bytes(let k, _, _, _) where !lazy[group.trigger]: gated[k * words + w] |= bit
            case .bytes, .everywhere:
                if group.gate < 0 { ungatedAlways[w] |= bit } else { gatedAlways[w] |= bit }
            }
        }
        groupsOfLiteral = Lists(gol)
        gatedGroupsOfSet = Table(gated)
        ungatedGroupsOfSet = Table(ungated)
        gatedGroupsAlways = Table(gatedAlways)
        ungatedGroupsAlways = Table(ungatedAlways)
        groupsOfGate = Table(ofGate)
        groupWords = words
        var readers = Set<Int32>(), reach = 0
        for group in groups where lazy[group.trigger] {
            readers.insert(Int32(group.gate))
            if case .bytes(_, let o, let r, _) = triggers[group.trigger] { reach = max(reach, o + r) }
        }
        gatedRunGates = Table(readers.sorted())
        gatedRunReach = reach

        literalLength = Table(literals.map { Int32($0.count) })
        var gatesOf = [[Int32]](repeating: [], count: literals.count)
        for (g, gate) in gates.enumerated() { for l in gate.literals { gatesOf[l].append(Int32(g)) } }
        gatesOfLiteral = Lists(gatesOf)
        kernelSet = Table(passSets.map { Int32($0) })
        gatedKernelSet = Table(gatedSets.map { Int32($0) })
        setBytes = Table(sets.map { set in
            var bytes = sk_byteset()
            sk_byteset_init(&bytes, set.bitmap)
            return bytes
        })
        setsOfByte = Table((0...255).map { b in
            var bits: UInt32 = 0
            for (k, s) in sets.enumerated() where s.contains(UInt8(b)) { bits |= 1 << UInt32(k) }
            return bits
        })
        gateBefore = Table(gates.map(\.before))
        gateAfter = Table(gates.map(\.after))
        gluedStart = Table(glued.flatMap { g in [g.start.words.0, g.start.words.1, g.start.words.2, g.start.words.3] })
        gluedBefore = Table(glued.map(\.before))

        batchTrigger = Table(batches.map { Int32($0.trigger) })
        batchGroups = Lists(batches.map { $0.groups.map { Int32($0) } })
        batchTable = Table(batches.flatMap(\.kernelTable))
        batchTableStart = Table(batches.reduce(into: [0]) { $0.append($0[$0.count - 1] + 256 * $1.words) })
        batchWide = Table(batches.map { $0.words == 4 })
        batchFull = Table(batches.flatMap(\.full))
        batchSpan = Table(batches.map { Int64($0.maxWidth - 1) })
        var shapes: [ShapeBatch] = []
        groupShape = Table(gatedShape.map { shape in
            guard let shape else { return Int32(-1) }
            shapes.append(shape)
            return Int32(shapes.count - 1)
        })
        shapeTable = Table(shapes.flatMap(\.kernelTable))
        shapeFull = Table(shapes.map { $0.full[0] })
        shapeSpan = Table(shapes.map { Int64($0.maxWidth - 1) })
        var extTable: [UInt8] = [], extLength: [UInt8] = []
        func extStart(_ batch: ShapeBatch) -> Int {
            guard batch.hasExtension else { return -1 }
            defer {
                extTable += batch.extensionTable
                extLength += batch.extensionLength
            }
            return extLength.count
        }
        batchExtStart = Table(batches.map(extStart))
        shapeExtStart = Table(shapes.map(extStart))
        self.extTable = Table(extTable)
        self.extLength = Table(extLength)
    }

    deinit {
        for t in [groupTrigger, groupGate, groupBatch, laneCut, groupShape, memberStart, triggerSet, literalLength,
                  batchTrigger, kernelSet, gatedKernelSet, gatedRunGates] { t.free() }
        members.free()
        triggerKind.free()
        for t in [triggerOffset, triggerRun, gateBefore, gateAfter, gluedBefore, batchTableStart, batchExtStart, shapeExtStart] { t.free() }
        batchWide.free()
        for l in [triggerLiterals, groupsOfLiteral, gatesOfLiteral, batchGroups] {
            l.free()
        }
        setsOfByte.free()
        setBytes.free()
        extTable.free()
        extLength.free()
        for t in [batchTable, batchFull, shapeTable, shapeFull, gluedStart, triggerBefore] { t.free() }
        for t in [gatedGroupsOfSet, ungatedGroupsOfSet, gatedGroupsAlways, ungatedGroupsAlways, groupsOfGate] { t.free() }
        batchSpan.free()
        shapeSpan.free()
    }
}
