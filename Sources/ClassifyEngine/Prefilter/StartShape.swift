// SPDX-License-Identifier: Apache-2.0
// The bytes a match can have at each of its first few offsets. A candidate start whose
// bytes fall outside them cannot begin a match, so the scanner drops it with a few table
// lookups instead of a PCRE2 call: a digit-run trigger for card numbers stops waking the
// pattern on "2024-04-24", and a literal "DE" stops waking it on "de" in prose.

/// The byte sets a pattern's matches can have at offsets 0 ..< `StartShape.width`.
struct StartShape: Sendable, Hashable {
    /// How many leading offsets are modelled.
    static let width = 16
    /// How many of them a batch lane's shift-and tests (one byte of state per lane); the
    /// kernel checks the rest of a start that fits them by table lookups (`extensionTable`).
    static let laneWidth = 8

    /// `sets[i]`: every byte any match can have at offset i, for the offsets every match
    /// reaches (shorter matches leave later offsets unconstrained, so they are cut off).
    /// Trailing unconstrained offsets are dropped; empty means no constraint at all.
    let sets: [ByteSet]

    init(sets: [ByteSet]) {
        var s = sets
        while let last = s.last, last == .all { s.removeLast() }
        self.sets = s
    }

    /// This shape with the bytes at offsets 0 ..< min(count, width) also in `set`: the shape
    /// of matches that also start with a run of `count` bytes of `set` (which every match
    /// contains, so it is at least that long).
    func starting(with set: ByteSet, count: Int) -> StartShape {
        var s = sets
        let n = min(count, StartShape.width)
        while s.count < n { s.append(.all) }
        for i in 0..<n { s[i] = s[i].intersection(set) }
        return StartShape(sets: s)
    }

    /// Whether every start that fits this shape is in the ranges of a trigger of runs of at
    /// least `run` bytes of `set` that start within `offset` bytes (`Trigger.bytes`): when
    /// offsets `offset ..< offset + run` of the shape are all in `set`, the run around them
    /// starts at most `offset` bytes after the start and ends at least `run` bytes after it.
    func implies(run: Int, of set: ByteSet, within offset: Int) -> Bool {
        run > 0 && offset + run <= sets.count && sets[offset..<offset + run].allSatisfy { $0.intersection(set) == $0 }
    }

    /// The shape of a parsed pattern.
    init(_ node: PatternNode) {
        let f = Fragment.of(node)
        let reached = f.lengths.minimum
        self.init(sets: Array(f.sets.prefix(reached)))
    }

    /// The offsets a batch lane tests.
    var lane: StartShape { StartShape(sets: Array(sets.prefix(StartShape.laneWidth))) }

    /// The shape of matches of either pattern, for two shapes with the same `lane`: the
    /// same lane offsets, then each offset past them that both model, with the bytes of both.
    func merged(_ other: StartShape) -> StartShape {
        let count = min(sets.count, other.sets.count)
        return StartShape(sets: (0..<count).map { i in i < StartShape.laneWidth ? sets[i] : sets[i].union(other.sets[i]) })
    }

    /// One bit per offset i < `laneWidth` for each byte value: bit i of `table[b]` is set
    /// when b may occur at offset i (a lane of a batch, see `ShapeBatch`).
    var table: [UInt8] { StartShape.bits(sets.prefix(StartShape.laneWidth)) }

    /// The same for the offsets past `laneWidth`: bit k of `extensionTable[b]`, offset
    /// `laneWidth + k`.
    var extensionTable: [UInt8] { StartShape.bits(sets.dropFirst(StartShape.laneWidth)) }
    var extensionLength: Int { max(0, sets.count - StartShape.laneWidth) }
    /// The offsets a lane's shift-and tests.
    var laneLength: Int { min(sets.count, StartShape.laneWidth) }

    private static func bits(_ sets: ArraySlice<ByteSet>) -> [UInt8] {
        (0...255).map { b in
            var bits: UInt8 = 0
            for (i, s) in sets.enumerated() where s.contains(UInt8(b)) { bits |= 1 << UInt8(i) }
            return bits
        }
    }

    /// Possible lengths of a fragment, as a bit set over 0 ... width; bit `width` stands
    /// for "width or more".
    struct Lengths: Equatable {
        var bits: UInt32

        static let zero = Lengths(bits: 1)
        static let any = Lengths(bits: (1 << UInt32(StartShape.width + 1)) - 1)

        static func range(_ lo: Int, _ hi: Int) -> Lengths {
            var l = Lengths(bits: 0)
            let w = StartShape.width
            for k in min(lo, w)...min(max(lo, hi), w) { l.bits |= 1 << UInt32(k) }
            return l
        }

        var minimum: Int { Int(bits.trailingZeroBitCount) }

        /// Every sum of one length from each.
        func plus(_ o: Lengths) -> Lengths {
            var out = Lengths(bits: 0)
            for a in 0...StartShape.width where bits >> UInt32(a) & 1 != 0 {
                for b in 0...StartShape.width where o.bits >> UInt32(b) & 1 != 0 {
                    out.bits |= 1 << UInt32(min(a + b, StartShape.width))
                }
            }
            return out
        }
    }

    /// What a part of a pattern contributes: the bytes at its own first offsets, and how
    /// long it can be.
    struct Fragment: Equatable {
        var sets: [ByteSet]
        var lengths: Lengths

        static let empty = Fragment(sets: Array(repeating: .empty, count: StartShape.width), lengths: .zero)
        static let unknown = Fragment(sets: Array(repeating: .all, count: StartShape.width), lengths: .any)

        /// This fragment followed by `next`.
        func then(_ next: Fragment) -> Fragment {
            var out = Fragment(sets: sets, lengths: lengths.plus(next.lengths))
            for a in 0..<StartShape.width where lengths.bits >> UInt32(a) & 1 != 0 {
                for i in 0..<(StartShape.width - a) { out.sets[a + i].formUnion(next.sets[i]) }
            }
            return out
        }

        /// Either this fragment or `other`.
        func or(_ other: Fragment) -> Fragment {
            var out = self
            out.lengths.bits |= other.lengths.bits
            for i in 0..<StartShape.width { out.sets[i].formUnion(other.sets[i]) }
            return out
        }

        static func of(_ n: PatternNode) -> Fragment {
            switch n {
            case .char(let s, let maxBytes):
                // The lead byte is known; the bytes after it in a multibyte character are not.
                var f = Fragment.empty
                f.sets[0] = s
                for i in 1..<min(maxBytes, StartShape.width) { f.sets[i] = .all }
                f.lengths = .range(1, maxBytes)
                return f
            case .seq(let items):
                return items.reduce(Fragment.empty) { $0.then(of($1)) }
            case .alt(let items):
                guard let first = items.first else { return .empty }
                return items.dropFirst().reduce(of(first)) { $0.or(of($1)) }
            case .repeatNode(let child, let minCount, let maxCount):
                let c = of(child)
                // Lengths saturate at `width` and sets only grow, so a handful of rounds
                // reaches the fixed point of any count.
                let rounds = StartShape.width + 2
                var acc = Fragment.empty
                for _ in 0..<min(minCount, rounds) {
                    let next = acc.then(c)
                    if next == acc { break }
                    acc = next
                }
                let optional = maxCount.map { $0 - minCount } ?? Int.max
                for _ in 0..<min(optional, rounds) {
                    let next = acc.or(acc.then(c))
                    if next == acc { break }
                    acc = next
                }
                return acc
            case .assertion:
                // Zero width: a lookaround reads bytes but does not place the match's own.
                return .empty
            case .opaque(let maxBytes):
                var f = Fragment.unknown
                if let maxBytes { f.lengths = .range(0, maxBytes) }
                return f
            }
        }
    }
}
