// SPDX-License-Identifier: Apache-2.0
// Reads a PCRE2 pattern far enough to answer three questions the scanner needs, without
// ever changing what the pattern matches:
//
//   1. How long can a match be, in bytes?  (So a search can run on a bounded window.)
//   2. How far can a lookahead look past the match?  (So the window leaves room for it.)
//   3. What must every match contain near its start?  (A literal prefix such as "ghp_",
//      or a byte such as '@' or a digit within K bytes of the start.) One pass over the
//      input finds those, and the pattern runs only around them.
//
// Anything this parser does not understand makes the answer "unknown" (unbounded, no
// trigger), which is always safe: the pattern then runs over the whole input as PCRE2
// would. PCRE2 itself has already validated the pattern before this runs.

/// A set of byte values.
struct ByteSet: Hashable, Sendable {
    private(set) var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static let empty = ByteSet()
    static var all: ByteSet { var s = ByteSet(); s.words = (~0, ~0, ~0, ~0); return s }

    init() {}
    init(_ bytes: some Sequence<UInt8>) { for b in bytes { insert(b) } }
    init(range: ClosedRange<UInt8>) { for b in range { insert(b) } }

    func contains(_ b: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    mutating func insert(_ b: UInt8) {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    mutating func formUnion(_ o: ByteSet) {
        words = (words.0 | o.words.0, words.1 | o.words.1, words.2 | o.words.2, words.3 | o.words.3)
    }

    func intersection(_ o: ByteSet) -> ByteSet {
        var s = ByteSet()
        s.words = (words.0 & o.words.0, words.1 & o.words.1, words.2 & o.words.2, words.3 & o.words.3)
        return s
    }

    var inverted: ByteSet {
        var s = ByteSet()
        s.words = (~words.0, ~words.1, ~words.2, ~words.3)
        return s
    }

    func isSubset(of o: ByteSet) -> Bool {
        words.0 & ~o.words.0 == 0 && words.1 & ~o.words.1 == 0 && words.2 & ~o.words.2 == 0
            && words.3 & ~o.words.3 == 0
    }

    var count: Int {
        words.0.nonzeroBitCount + words.1.nonzeroBitCount + words.2.nonzeroBitCount + words.3.nonzeroBitCount
    }

    /// The set as the scan kernel takes it: 32 bytes, bit b % 8 of byte b / 8 for byte b.
    var bitmap: [UInt8] {
        [words.0, words.1, words.2, words.3].flatMap { w in (0..<8).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
    }

    /// The single byte, when the set has exactly one.
    var single: UInt8? {
        guard count == 1 else { return nil }
        for b in 0...255 where contains(UInt8(b)) { return UInt8(b) }
        return nil
    }

    /// Whether any byte >= 0x80 is in the set (the character may be several bytes long).
    var hasNonASCII: Bool { words.2 != 0 || words.3 != 0 }

    static func == (a: ByteSet, b: ByteSet) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    func hash(into h: inout Hasher) {
        h.combine(words.0); h.combine(words.1); h.combine(words.2); h.combine(words.3)
    }

    static let digits = ByteSet(range: 0x30...0x39)
    static let upper = ByteSet(range: 0x41...0x5A)
    static let lower = ByteSet(range: 0x61...0x7A)
    static var alnum: ByteSet { var s = digits; s.formUnion(upper); s.formUnion(lower); return s }
    static var word: ByteSet { var s = alnum; s.insert(0x5F); return s }
    static let ascii = ByteSet(range: 0x00...0x7F)
    static let space = ByteSet([0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D])
}

/// The parsed shape of a pattern: one node per character, sequence, alternation,
/// repetition or assertion.
indirect enum PatternNode {
    /// One character: the set of bytes it can start with, and at most how many bytes it takes.
    case char(ByteSet, maxBytes: Int)
    case seq([PatternNode])
    case alt([PatternNode])
    case repeatNode(PatternNode, min: Int, max: Int?)
    /// A zero-width assertion; a lookahead carries its body (it reads past the match).
    case assertion(lookahead: PatternNode?, before: ByteBefore = .unknown)
    /// Something this parser cannot size (a backreference to an unknown group, a
    /// recursion, a verb): unbounded and never a trigger.
    case opaque(maxBytes: Int?)
}

/// What a zero-width assertion requires of the byte before its position, as far as the
/// prefilter uses it.
enum ByteBefore {
    case unknown
    /// There is no byte before, or it is not an ASCII byte of the set: a lookbehind of one
    /// character, `(?<![\w-])` (the class's ASCII bytes) or `(?<=")` (the ASCII bytes
    /// other than '"'). A byte >= 0x80 may be part of any character, so it is never ruled out.
    case notIn(ByteSet)
    /// `\b`: which side is the word depends on what follows.
    case wordBoundary
}

/// What the scanner learns from one pattern.
struct PatternAnalysis: Sendable {
    /// The longest possible match in bytes; nil = unbounded.
    var maxLength: Int?
    /// How many bytes past a match a lookahead can read; nil = unbounded.
    var lookaheadMargin: Int?
    /// Every match starts with one of these byte strings (each at least 2 bytes), if known.
    var prefixLiterals: [[UInt8]]?
    /// Every match begins the subject or follows a byte that is not an ASCII letter or
    /// digit (`startsAfterGap`): its prefix literals need not be searched inside words.
    var startsAfterGap = false
    /// Every match holds one of these byte strings (each at least 3 bytes), starting
    /// `offsets` bytes after the match start, if known (".atlasv1." of a Terraform token,
    /// ":AA" of a Telegram bot token).
    var innerLiterals: (strings: [[UInt8]], offsets: ClosedRange<Int>)?
    /// Candidate single-byte triggers: every match contains a run of at least `run` bytes
    /// of the set, starting within `offset` bytes of the match start. Rarest set first.
    var byteTriggers: [(set: ByteSet, offset: Int, run: Int)]
    /// The bytes every match can have at its first offsets (empty: nothing known).
    var startShape = StartShape(sets: [])

    /// The bytes one of which comes right before the first run of `set` in every match,
    /// when every match has one within `offset` bytes of its start but does not start with
    /// it: the byte there is at some offset k - 1 < `offset` of the match and not in `set`
    /// (nil: not known, or any byte).
    func byteBefore(_ set: ByteSet, offset: Int) -> ByteSet? {
        let shape = startShape.sets
        guard offset >= 1, shape.count >= offset, shape[0].intersection(set) == .empty else { return nil }
        var out = ByteSet()
        for k in 0..<offset { out.formUnion(shape[k].intersection(set.inverted)) }
        return out == .all ? nil : out
    }

    /// The byte sets worth trying as triggers, with a rough share of bytes in ordinary
    /// text and logs that belong to each (used only to rank triggers, never for correctness).
    static let triggerSets: [(set: ByteSet, share: Double)] = {
        var out: [(ByteSet, Double)] = []
        for (c, share) in [("@", 0.001), ("_", 0.002), ("=", 0.003), ("$", 0.001), ("#", 0.001), ("%", 0.001),
                           ("&", 0.001), ("|", 0.001), ("~", 0.0005), ("^", 0.0005), ("\\", 0.001), ("<", 0.002),
                           (">", 0.002), ("[", 0.003), ("]", 0.003), ("{", 0.002), ("}", 0.002), (":", 0.01),
                           ("/", 0.01), ("+", 0.002), (";", 0.003), ("!", 0.002), ("?", 0.002), ("*", 0.001),
                           ("\"", 0.005), ("'", 0.005), ("(", 0.004), (")", 0.004), (",", 0.015), ("-", 0.012),
                           (".", 0.02), (":-", 0.022)] as [(String, Double)]
        {
            out.append((ByteSet(Array(c.utf8)), share))
        }
        var hex = ByteSet.digits
        hex.formUnion(ByteSet(range: 0x41...0x46))
        hex.formUnion(ByteSet(range: 0x61...0x66))
        let alnum = ByteSet.alnum
        var base64 = alnum
        base64.formUnion(ByteSet(Array("+/".utf8)))
        var token = alnum
        token.formUnion(ByteSet(Array("_-".utf8)))
        out += [(.digits, 0.05), (.upper, 0.05), (hex, 0.3), (alnum, 0.8), (.word, 0.8), (base64, 0.8), (token, 0.8)]
        return out
    }()

    /// Bytes standing for each character class of the pattern (at most 8), used to build
    /// adversarial probe inputs from the pattern's own classes.
    var probeBytes: [UInt8] = []

    static func representatives(_ n: PatternNode, into out: inout [UInt8]) {
        guard out.count < 8 else { return }
        switch n {
        case .char(let s, _):
            let preferred: [ClosedRange<UInt8>] = [0x61...0x7A, 0x30...0x39, 0x41...0x5A, 0x20...0x7E, 0x00...0xFF]
            for r in preferred {
                if let b = r.first(where: { s.contains($0) }) {
                    if !out.contains(b) { out.append(b) }
                    return
                }
            }
        case .seq(let items), .alt(let items):
            for i in items { representatives(i, into: &out) }
        case .repeatNode(let child, _, _):
            representatives(child, into: &out)
        case .assertion(let body, _):
            if let body { representatives(body, into: &out) }
        case .opaque:
            return
        }
    }

    /// The share of `triggerSets` given for `set`.
    static func share(of set: ByteSet) -> Double { triggerSets.first { $0.set == set }?.share ?? 1 }

    /// Triggers expected to leave more than this share of positions are not used.
    static let weakTrigger = 0.1

    /// A rough expected share of positions a trigger leaves as candidates: lower is better.
    /// Long runs are rare even of common bytes (words are short; 20-character tokens are not).
    static func expectedShare(share: Double, run: Int, offset: Int) -> Double {
        let r = Double(min(run, 64))
        return share * (1 + Double(offset) / 32) / (1 + r * r * r / 8)
    }

    /// The order in which usable triggers are preferred: `expectedShare`, except that a run
    /// of letters and digits is taken to be as rare as a word of that many letters. Words
    /// of 5 to 10 letters are common in prose (a run every 20 to 60 bytes, each leaving
    /// several starts), so a rarer byte class such as digits is often the better trigger.
    static func rank(share: Double, run: Int, offset: Int) -> Double {
        guard share >= 0.3 else { return expectedShare(share: share, run: run, offset: offset) }
        var rarity = 1.0
        for _ in 1..<max(1, min(run, 64)) { rarity *= 0.665 }  // 2^(-1/1.7) per letter
        return share * (1 + Double(offset) / 32) * rarity
    }

    init(pattern: String, caseless: Bool) {
        var parser = PatternParser(Array(pattern.utf8), caseless: caseless)
        let node = parser.parse()
        if parser.poisoned {
            // Something changes how the rest of the pattern reads (extended mode, verbs,
            // \K, conditionals): claim nothing.
            maxLength = nil
            lookaheadMargin = nil
            prefixLiterals = nil
            innerLiterals = nil
            byteTriggers = []
            return
        }
        var reps: [UInt8] = []
        PatternAnalysis.representatives(node, into: &reps)
        probeBytes = reps
        maxLength = PatternAnalysis.maxLength(node)
        lookaheadMargin = PatternAnalysis.lookaheadMargin(node)
        prefixLiterals = PatternAnalysis.prefixLiterals(node)
        startsAfterGap = PatternAnalysis.startsAfterGap(node)
        innerLiterals = PatternAnalysis.innerLiterals(node)
        startShape = StartShape(node)
        var triggers: [(set: ByteSet, offset: Int, run: Int, score: Double)] = []
        for t in PatternAnalysis.triggerSets {
            if case .at(let k) = PatternAnalysis.firstOccurrence(node, of: t.set) {
                let run = max(1, PatternAnalysis.firstRun(node, of: t.set))
                triggers.append((t.set, k, run, PatternAnalysis.expectedShare(share: t.share, run: run, offset: k)))
            }
        }
        // A trigger that leaves most positions as candidates costs more to track than it saves.
        byteTriggers = triggers.filter { $0.score <= PatternAnalysis.weakTrigger }
            .sorted {
                PatternAnalysis.rank(share: PatternAnalysis.share(of: $0.set), run: $0.run, offset: $0.offset)
                    < PatternAnalysis.rank(share: PatternAnalysis.share(of: $1.set), run: $1.run, offset: $1.offset)
            }
            .map { ($0.set, $0.offset, $0.run) }
    }

    // MARK: Lengths

    static func maxLength(_ n: PatternNode) -> Int? {
        switch n {
        case .char(_, let maxBytes): return maxBytes
        case .seq(let items):
            var total = 0
            for i in items {
                guard let m = maxLength(i) else { return nil }
                total += m
                if total > 1 << 40 { return nil }
            }
            return total
        case .alt(let items):
            var best = 0
            for i in items {
                guard let m = maxLength(i) else { return nil }
                best = max(best, m)
            }
            return best
        case .repeatNode(let child, _, let maxCount):
            guard let maxCount, let m = maxLength(child) else { return nil }
            let (p, overflow) = m.multipliedReportingOverflow(by: maxCount)
            return overflow || p > 1 << 40 ? nil : p
        case .assertion: return 0
        case .opaque(let maxBytes): return maxBytes
        }
    }

    /// The fewest bytes a match of `n` takes (a character at least one).
    static func minLength(_ n: PatternNode) -> Int {
        switch n {
        case .char: return 1
        case .seq(let items): return items.reduce(0) { $0 + minLength($1) }
        case .alt(let items): return items.map(minLength).min() ?? 0
        case .repeatNode(let child, let minCount, _): return min(minLength(child) * minCount, 1 << 40)
        case .assertion, .opaque: return 0
        }
    }

    static func lookaheadMargin(_ n: PatternNode) -> Int? {
        switch n {
        case .char: return 0
        case .seq(let items), .alt(let items):
            var best = 0
            for i in items {
                guard let m = lookaheadMargin(i) else { return nil }
                best = max(best, m)
            }
            return best
        case .repeatNode(let child, _, _): return lookaheadMargin(child)
        case .assertion(let body, _):
            guard let body else { return 0 }
            guard let len = maxLength(body), let inner = lookaheadMargin(body) else { return nil }
            return len + inner
        case .opaque(let maxBytes): return maxBytes == nil ? nil : 0
        }
    }

    // MARK: Triggers

    enum Occurrence { case absent, at(Int), unbounded }

    /// Whether every match of `n` consumes a byte of `set`, and within how many bytes of its start.
    static func firstOccurrence(_ n: PatternNode, of set: ByteSet) -> Occurrence {
        switch n {
        case .char(let s, _):
            return s.isSubset(of: set) && s != .empty ? .at(0) : .absent
        case .seq(let items):
            var consumed: Int? = 0
            for i in items {
                switch firstOccurrence(i, of: set) {
                case .at(let k):
                    guard let c = consumed else { return .unbounded }
                    return .at(c + k)
                case .unbounded:
                    return .unbounded
                case .absent:
                    if let c = consumed, let m = maxLength(i) { consumed = c + m } else { consumed = nil }
                }
            }
            return .absent
        case .alt(let items):
            guard !items.isEmpty else { return .absent }
            var best = 0
            var unbounded = false
            for i in items {
                switch firstOccurrence(i, of: set) {
                case .absent: return .absent
                case .unbounded: unbounded = true
                case .at(let k): best = max(best, k)
                }
            }
            return unbounded ? .unbounded : .at(best)
        case .repeatNode(let child, let minCount, _):
            return minCount >= 1 ? firstOccurrence(child, of: set) : .absent
        case .assertion, .opaque:
            return .absent
        }
    }

    /// The length of the run of `set` bytes that starts at the first mandatory one, when it
    /// can be told from the pattern's top-level sequence; 1 (always true) otherwise.
    static func firstRun(_ n: PatternNode, of set: ByteSet) -> Int {
        let items: [PatternNode]
        if case .seq(let s) = n { items = s } else { items = [n] }
        for (j, item) in items.enumerated() {
            switch firstOccurrence(item, of: set) {
            case .at(0): return runLength(.seq(Array(items[j...])), of: set)
            case .at, .unbounded: return 1
            case .absent: continue
            }
        }
        return 1
    }

    /// The fewest consecutive `set` bytes every match of `n` starts with.
    static func runLength(_ n: PatternNode, of set: ByteSet) -> Int {
        switch n {
        case .char(let s, let maxBytes):
            return maxBytes == 1 && s != .empty && s.isSubset(of: set) ? 1 : 0
        case .seq(let items):
            var total = 0
            for i in items {
                total += runLength(i, of: set)
                if !isPure(i, of: set) { break }
            }
            return total
        case .alt(let items):
            return items.map { runLength($0, of: set) }.min() ?? 0
        case .repeatNode(let child, let minCount, _):
            if minCount == 0 { return 0 }
            return isPure(child, of: set) ? min(minCount, 1 << 20) * runLength(child, of: set) : runLength(child, of: set)
        case .assertion, .opaque:
            return 0
        }
    }

    /// Whether every byte `n` consumes is in `set` (so a run continues through it).
    static func isPure(_ n: PatternNode, of set: ByteSet) -> Bool {
        switch n {
        case .char(let s, let maxBytes): return maxBytes == 1 && s != .empty && s.isSubset(of: set)
        case .seq(let items), .alt(let items): return items.allSatisfy { isPure($0, of: set) }
        case .repeatNode(let child, _, _): return isPure(child, of: set)
        case .assertion: return true
        case .opaque: return false
        }
    }

    /// The literal strings one of which starts every match, when the pattern (after any
    /// zero-width assertions) begins with fixed bytes or an alternation of them.
    static func prefixLiterals(_ n: PatternNode) -> [[UInt8]]? {
        guard let lits = literalsAtStart(n), !lits.isEmpty, lits.allSatisfy({ $0.count >= 2 }) else { return nil }
        return lits
    }

    /// Whether the assertions before the first byte any match of `n` consumes say that no
    /// ASCII letter or digit comes before the match: a lookbehind of one character that
    /// rules them all out, or `\b` before a byte of `\w` (PCRE2 without UCP: ASCII only).
    static func startsAfterGap(_ n: PatternNode) -> Bool {
        switch n {
        case .alt(let items):
            return !items.isEmpty && items.allSatisfy(startsAfterGap)
        case .repeatNode(let child, let minCount, _):
            return minCount >= 1 && startsAfterGap(child)
        case .assertion:
            return startsAfterGap(.seq([n]))
        case .seq(let items):
            let alnum = ByteSet.alnum
            for (k, item) in items.enumerated() {
                guard case .assertion(_, let before) = item else { return startsAfterGap(item) }
                switch before {
                case .notIn(let set) where alnum.isSubset(of: set):
                    return true
                case .wordBoundary:
                    if let first = firstBytes(.seq(Array(items[(k + 1)...]))), first != .empty,
                        first.isSubset(of: .word)
                    {
                        return true
                    }
                default:
                    break
                }
            }
            return false
        case .char, .opaque:
            return false
        }
    }

    /// The union of `bytes` of each alternative (nil: one of them is not known, or none).
    static func union(_ alternatives: [PatternNode], _ bytes: (PatternNode) -> ByteSet?) -> ByteSet? {
        var out = ByteSet()
        for a in alternatives {
            guard let s = bytes(a) else { return nil }
            out.formUnion(s)
        }
        return alternatives.isEmpty ? nil : out
    }

    /// The bytes a match of `n` can begin with, when every match consumes a byte (nil: not known).
    static func firstBytes(_ n: PatternNode) -> ByteSet? {
        switch n {
        case .char(let s, _): return s
        case .seq(let items):
            for item in items {
                if case .assertion = item { continue }
                return minLength(item) > 0 ? firstBytes(item) : nil
            }
            return nil
        case .alt(let items):
            return union(items, firstBytes)
        case .repeatNode(let child, let minCount, _):
            return minCount >= 1 ? firstBytes(child) : nil
        case .assertion, .opaque:
            return nil
        }
    }

    /// The byte a one-byte character stands for when searched without regard to ASCII
    /// case: the byte itself, or the lower-case letter of an {upper, lower} pair. The
    /// prefilter compares lower-cased bytes, so this finds a superset of the matches.
    static func literalByte(_ s: ByteSet, _ maxBytes: Int) -> UInt8? {
        guard maxBytes == 1 else { return nil }
        if let b = s.single { return b }
        guard s.count == 2 else { return nil }
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") where s.contains(b) && s.contains(b & ~0x20) { return b }
        return nil
    }

    /// The bytes a one-byte character of a small class stands for, as `literalByte` gives
    /// them (a case pair as its lower-case letter), when there are at most
    /// `maxClassBytes`: "do[opr]_v1_" is three literals, rarer than "do".
    static func literalBytes(_ s: ByteSet, _ maxBytes: Int) -> [UInt8]? {
        guard maxBytes == 1, s.count <= 2 * maxClassBytes else { return nil }
        if let b = literalByte(s, maxBytes) { return [b] }
        var out: [UInt8] = []
        for b in 0...255 where s.contains(UInt8(b)) {
            let c = UInt8(b)
            if let other = PatternParser.otherCase(c), s.contains(other) {
                if c >= 0x61 { out.append(c) }
            } else {
                out.append(c)
            }
        }
        return out.count <= maxClassBytes ? out : nil
    }

    static let maxClassBytes = 8

    /// At most this many literals stand for one pattern.
    static let maxLiterals = 64

    /// Every string a node can match, when that is a small set of fixed strings; with
    /// `classes`, a small class is as many strings (`literalBytes`).
    static func fixedStrings(_ n: PatternNode, classes: Bool = false) -> [[UInt8]]? {
        switch n {
        case .char(let s, let maxBytes):
            if classes { return literalBytes(s, maxBytes)?.map { [$0] } }
            return literalByte(s, maxBytes).map { [[$0]] }
        case .seq(let items):
            var out: [[UInt8]] = [[]]
            for i in items {
                guard let strings = fixedStrings(i, classes: classes), out.count * strings.count <= maxLiterals else { return nil }
                out = out.flatMap { p in strings.map { p + $0 } }
            }
            return out
        case .alt(let items):
            var out: [[UInt8]] = []
            for i in items {
                guard let strings = fixedStrings(i, classes: classes) else { return nil }
                out.append(contentsOf: strings)
                if out.count > maxLiterals { return nil }
            }
            return out
        case .repeatNode(let child, let minCount, let maxCount):
            guard minCount == maxCount, minCount <= 8, let one = fixedStrings(child, classes: classes) else { return nil }
            var out: [[UInt8]] = [[]]
            for _ in 0..<minCount {
                guard out.count * one.count <= maxLiterals else { return nil }
                out = out.flatMap { p in one.map { p + $0 } }
            }
            return out
        case .assertion, .opaque:
            return nil
        }
    }

    /// Fixed strings inside every match at a bounded distance from its start: the items of
    /// the pattern's top-level sequence (nested sequences flattened) are walked with the
    /// fewest and most bytes before each; a run of items that match only fixed strings
    /// (at most `maxLiterals` of them, each at least 3 bytes) is a candidate, and the one
    /// with the longest shortest string wins (the rarest, roughly). Nothing past an item
    /// of unbounded length counts.
    static func innerLiterals(_ n: PatternNode) -> (strings: [[UInt8]], offsets: ClosedRange<Int>)? {
        var items: [PatternNode] = []
        func flatten(_ n: PatternNode) {
            if case .seq(let inner) = n { inner.forEach(flatten) } else { items.append(n) }
        }
        flatten(n)
        var best: (strings: [[UInt8]], offsets: ClosedRange<Int>)?
        var lo = 0, hi = 0
        var i = 0
        while i < items.count {
            // The longest run of fixed items from i.
            var strings: [[UInt8]] = [[]]
            var j = i
            while j < items.count, let f = fixedStrings(items[j]), strings.count * f.count <= maxLiterals {
                strings = strings.flatMap { p in f.map { p + $0 } }
                j += 1
            }
            if j > i, let shortest = strings.map(\.count).min(), shortest >= 3,
               shortest > best.map({ $0.strings.map(\.count).min() ?? 0 }) ?? 0
            {
                best = (strings, lo...hi)
            }
            guard let m = maxLength(items[i]) else { break }
            lo += minLength(items[i])
            hi += m
            if hi > 1 << 20 { break }
            i += 1
        }
        return best
    }

    /// Fixed byte strings that begin every match (each at least one byte), or nil.
    private static func literalsAtStart(_ n: PatternNode) -> [[UInt8]]? {
        switch n {
        case .char(let s, let maxBytes):
            guard let b = literalByte(s, maxBytes) else { return nil }
            return [[b]]
        case .alt(let items):
            var out: [[UInt8]] = []
            for i in items {
                guard let l = literalsAtStart(i) else { return nil }
                out.append(contentsOf: l)
            }
            return out.count <= maxLiterals ? out : nil
        case .repeatNode(let child, let minCount, let maxCount):
            guard minCount >= 1, let l = literalsAtStart(child) else { return nil }
            // Exactly-once repetition of a fixed string can be extended by the next items;
            // otherwise only the first repetition is known.
            _ = maxCount
            return l
        case .seq(let items):
            var prefixes: [[UInt8]] = [[]]
            var started = false
            for item in items {
                if case .assertion = item, !started { continue }
                // Extend every prefix with each string of an item that matches only fixed
                // strings (a byte, a case pair, a small alternation of literals).
                // A small class lengthens a prefix of two bytes or more ("do" of "do[opr]_v1_");
                // alone, it would make short literals more common than the byte trigger.
                let classes = prefixes.allSatisfy { $0.count >= 2 }
                if let strings = fixedStrings(item, classes: classes), prefixes.count * strings.count <= maxLiterals {
                    prefixes = prefixes.flatMap { p in strings.map { p + $0 } }
                    started = true
                    continue
                }
                if let l = literalsAtStart(item), prefixes.count * l.count <= maxLiterals {
                    // Only the start of this item is known: nothing after it extends the prefixes.
                    prefixes = prefixes.flatMap { p in l.map { p + $0 } }
                    started = true
                }
                break
            }
            return started ? prefixes : nil
        case .assertion, .opaque:
            return nil
        }
    }
}

/// A recursive-descent reader of PCRE2 syntax, producing ``PatternNode``s. Unknown
/// constructs become `.opaque`, never an error.
struct PatternParser {
    private let p: [UInt8]
    private var i = 0
    private var caseless: Bool
    private var dotAll = false
    /// Max byte length of each capture group, by number and by name, for backreferences.
    private var groupLengths: [Int: Int?] = [:]
    private var namedLengths: [String: Int?] = [:]
    private var groupCount = 0
    /// Set when the pattern uses syntax whose effect on the rest of the pattern this parser
    /// does not model; the analysis then claims nothing at all.
    private(set) var poisoned = false

    init(_ pattern: [UInt8], caseless: Bool) {
        p = pattern
        self.caseless = caseless
    }

    mutating func parse() -> PatternNode {
        let n = parseAlternation()
        return i < p.count ? .opaque(maxBytes: nil) : n
    }

    private func peek(_ k: Int = 0) -> UInt8? { i + k < p.count ? p[i + k] : nil }

    private mutating func parseAlternation() -> PatternNode {
        var branches = [parseSequence()]
        while peek() == UInt8(ascii: "|") {
            i += 1
            branches.append(parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alt(branches)
    }

    private mutating func parseSequence() -> PatternNode {
        var items: [PatternNode] = []
        while let c = peek(), c != UInt8(ascii: "|"), c != UInt8(ascii: ")") {
            guard var atom = parseAtom() else { continue }
            atom = parseQuantifier(atom)
            items.append(atom)
        }
        return items.count == 1 ? items[0] : .seq(items)
    }

    private mutating func parseQuantifier(_ atom: PatternNode) -> PatternNode {
        guard let c = peek() else { return atom }
        var minCount = 0
        var maxCount: Int? = nil
        switch c {
        case UInt8(ascii: "?"): minCount = 0; maxCount = 1; i += 1
        case UInt8(ascii: "*"): minCount = 0; maxCount = nil; i += 1
        case UInt8(ascii: "+"): minCount = 1; maxCount = nil; i += 1
        case UInt8(ascii: "{"):
            guard let (lo, hi, len) = braceQuantifier(at: i) else { return atom }
            minCount = lo
            maxCount = hi
            i += len
        default: return atom
        }
        if let s = peek(), s == UInt8(ascii: "?") || s == UInt8(ascii: "+") { i += 1 }  // lazy / possessive
        return .repeatNode(atom, min: minCount, max: maxCount)
    }

    /// Parses "{n}", "{n,}", "{n,m}" (and "{,m}", which PCRE2 10.43+ reads as {0,m}).
    private func braceQuantifier(at start: Int) -> (Int, Int?, Int)? {
        var j = start + 1
        func number() -> Int? {
            var v = 0
            var digits = 0
            while j < p.count, p[j] >= 0x30, p[j] <= 0x39, digits < 6 {
                v = v * 10 + Int(p[j] - 0x30)
                j += 1
                digits += 1
            }
            return digits > 0 ? v : nil
        }
        guard let lo = number() else { return nil }
        if j < p.count, p[j] == UInt8(ascii: "}") { return (lo, lo, j - start + 1) }
        guard j < p.count, p[j] == UInt8(ascii: ",") else { return nil }
        j += 1
        let hi = number()
        guard j < p.count, p[j] == UInt8(ascii: "}") else { return nil }
        return (lo, hi, j - start + 1)
    }

    private mutating func parseAtom() -> PatternNode? {
        guard let c = peek() else { return nil }
        switch c {
        case UInt8(ascii: "("): return parseGroup()
        case UInt8(ascii: "["): return parseClass()
        case UInt8(ascii: "."):
            i += 1
            var s = ByteSet.all
            if !dotAll { s = ByteSet([0x0A]).inverted }
            return .char(s, maxBytes: 4)
        case UInt8(ascii: "^"), UInt8(ascii: "$"):
            i += 1
            return .assertion(lookahead: nil)
        case UInt8(ascii: "\\"): return parseEscape(inClass: false).node
        default:
            return literalChar()
        }
    }

    /// One literal character (a whole UTF-8 sequence) as fixed bytes.
    private mutating func literalChar() -> PatternNode {
        let c = p[i]
        var len = 1
        if c >= 0xF0 { len = 4 } else if c >= 0xE0 { len = 3 } else if c >= 0xC0 { len = 2 }
        let bytes = Array(p[i..<min(p.count, i + len)])
        i += len
        return literal(bytes)
    }

    private func literal(_ bytes: [UInt8]) -> PatternNode {
        let nodes = bytes.map { b -> PatternNode in
            if caseless, let other = PatternParser.otherCase(b) {
                let pair = PatternNode.char(ByteSet([b, other]), maxBytes: 1)
                guard let wide = PatternParser.wideCaseForm(b) else { return pair }
                return .alt([pair, .seq(wide.map { .char(ByteSet([$0]), maxBytes: 1) })])
            }
            // A caseless non-ASCII letter may match a case variant of another length.
            if caseless, b >= 0x80 { return .char(ByteSet.all, maxBytes: 4) }
            return .char(ByteSet([b]), maxBytes: 1)
        }
        return nodes.count == 1 ? nodes[0] : .seq(nodes)
    }

    /// In UTF mode PCRE2 matches caseless 'k' and 's' also against U+212A KELVIN SIGN
    /// (E2 84 AA) and U+017F LATIN SMALL LETTER LONG S (C5 BF): the bytes of that other
    /// form, or nil.
    static func wideCaseForm(_ b: UInt8) -> [UInt8]? {
        switch b | 0x20 {
        case UInt8(ascii: "k"): return [0xE2, 0x84, 0xAA]
        case UInt8(ascii: "s"): return [0xC5, 0xBF]
        default: return nil
        }
    }

    static func wideCaseLead(_ b: UInt8) -> UInt8? { wideCaseForm(b)?.first }

    static func otherCase(_ b: UInt8) -> UInt8? {
        if b >= 0x41 && b <= 0x5A { return b | 0x20 }
        if b >= 0x61 && b <= 0x7A { return b & ~0x20 }
        return nil
    }

    /// The bytes a node that matches exactly one character can begin with (nil: it may
    /// match something else).
    static func oneCharacter(_ n: PatternNode) -> ByteSet? {
        switch n {
        case .char(let s, _): return s
        case .seq(let items): return items.count == 1 ? oneCharacter(items[0]) : nil
        case .alt(let items): return PatternAnalysis.union(items, oneCharacter)
        case .repeatNode(let child, 1, 1): return oneCharacter(child)
        case .repeatNode, .assertion, .opaque: return nil
        }
    }

    /// The bytes the last character of every match of `n` can begin with (nil: not known).
    /// When that character is ASCII, it is the byte before what follows `n`.
    static func lastCharacter(_ n: PatternNode) -> ByteSet? {
        switch n {
        case .char(let s, _): return s
        case .seq(let items):
            guard let last = items.last, PatternAnalysis.minLength(last) > 0 else { return nil }
            return lastCharacter(last)
        case .alt(let items): return PatternAnalysis.union(items, lastCharacter)
        case .repeatNode(let child, let minCount, _): return minCount >= 1 ? lastCharacter(child) : nil
        case .assertion, .opaque: return nil
        }
    }

    private mutating func parseGroup() -> PatternNode {
        i += 1  // (
        if peek() == UInt8(ascii: "*") || (peek() == UInt8(ascii: "?") && peek(1) == UInt8(ascii: "(")) {
            poisoned = true  // (*VERB) or (?(condition)...)
            return skipOpaqueGroup()
        }
        var capture = true
        var name: String?
        var kind = 0  // 0 plain, 1 lookahead, 2 lookbehind, 3 negative lookbehind
        let savedCaseless = caseless
        let savedDotAll = dotAll
        if peek() == UInt8(ascii: "?") {
            i += 1
            guard let k = peek() else { return .opaque(maxBytes: nil) }
            switch k {
            case UInt8(ascii: ":"), UInt8(ascii: ">"), UInt8(ascii: "|"):
                capture = false
                i += 1
            case UInt8(ascii: "="), UInt8(ascii: "!"):
                kind = 1
                capture = false
                i += 1
            case UInt8(ascii: "<") where peek(1) == UInt8(ascii: "=") || peek(1) == UInt8(ascii: "!"):
                kind = peek(1) == UInt8(ascii: "=") ? 2 : 3
                capture = false
                i += 2
            case UInt8(ascii: "<"), UInt8(ascii: "'"), UInt8(ascii: "P"):
                if k == UInt8(ascii: "P") {
                    i += 1
                    guard peek() == UInt8(ascii: "<") else { return skipOpaqueGroup() }
                }
                let close = peek() == UInt8(ascii: "'") ? UInt8(ascii: "'") : UInt8(ascii: ">")
                i += 1
                var n: [UInt8] = []
                while let ch = peek(), ch != close { n.append(ch); i += 1 }
                i += 1
                name = String(decoding: n, as: UTF8.self)
            case UInt8(ascii: "#"):
                while let ch = peek(), ch != UInt8(ascii: ")") { i += 1; _ = ch }
                i += 1
                return .seq([])
            default:
                // Inline options such as (?i) or (?i:...).
                var on = true
                var flags: [(UInt8, Bool)] = []
                while let ch = peek(), ch != UInt8(ascii: ")"), ch != UInt8(ascii: ":") {
                    if ch == UInt8(ascii: "-") { on = false } else { flags.append((ch, on)) }
                    i += 1
                }
                for (f, v) in flags {
                    switch f {
                    case UInt8(ascii: "i"): caseless = v
                    case UInt8(ascii: "s"): dotAll = v
                    case UInt8(ascii: "m"), UInt8(ascii: "n"), UInt8(ascii: "U"), UInt8(ascii: "J"): break
                    default:
                        poisoned = true  // x (extended) and others change the syntax
                        return skipOpaqueGroup()
                    }
                }
                if peek() == UInt8(ascii: ")") {
                    i += 1
                    return .seq([])  // option setting applies to the rest of the group
                }
                i += 1  // ':'
                capture = false
                let body = parseAlternation()
                if peek() == UInt8(ascii: ")") { i += 1 } else { return .opaque(maxBytes: nil) }
                caseless = savedCaseless
                dotAll = savedDotAll
                return body
            }
        }
        var number = 0
        if capture { groupCount += 1; number = groupCount }
        let body = parseAlternation()
        guard peek() == UInt8(ascii: ")") else { return .opaque(maxBytes: nil) }
        i += 1
        caseless = savedCaseless
        dotAll = savedDotAll
        switch kind {
        case 1: return .assertion(lookahead: body)
        case 2, 3:
            // What a lookbehind says of the byte before: not the (ASCII) character of a
            // negative one of one character; the last character of a positive one.
            if kind == 3 {
                guard let one = PatternParser.oneCharacter(body) else { return .assertion(lookahead: nil) }
                return .assertion(lookahead: nil, before: .notIn(one.intersection(.ascii)))
            }
            guard let last = PatternParser.lastCharacter(body) else { return .assertion(lookahead: nil) }
            return .assertion(lookahead: nil, before: .notIn(ByteSet.ascii.intersection(last.inverted)))
        default:
            if capture {
                let len = PatternAnalysis.maxLength(body)
                groupLengths[number] = len
                if let name { namedLengths[name] = len }
            }
            return body
        }
    }

    /// Skips a group this parser does not understand, to its matching parenthesis.
    private mutating func skipOpaqueGroup() -> PatternNode {
        var depth = 1
        while let c = peek(), depth > 0 {
            if c == UInt8(ascii: "\\") { i += 2; continue }
            if c == UInt8(ascii: "(") { depth += 1 }
            if c == UInt8(ascii: ")") { depth -= 1 }
            i += 1
        }
        return .opaque(maxBytes: nil)
    }

    private mutating func parseClass() -> PatternNode {
        i += 1  // [
        var negated = false
        if peek() == UInt8(ascii: "^") { negated = true; i += 1 }
        var set = ByteSet()
        var wide = false
        var first = true
        while let c = peek() {
            if c == UInt8(ascii: "]") && !first { i += 1; break }
            first = false
            var lo: UInt8
            if c == UInt8(ascii: "[") && peek(1) == UInt8(ascii: ":") {
                // POSIX class such as [:alpha:]
                var name: [UInt8] = []
                i += 2
                while let ch = peek(), ch != UInt8(ascii: ":") { name.append(ch); i += 1 }
                i += 2
                set.formUnion(PatternParser.posixClass(String(decoding: name, as: UTF8.self)))
                continue
            }
            if c == UInt8(ascii: "\\") {
                let e = parseEscape(inClass: true)
                if let s = e.set {
                    set.formUnion(s)
                    if e.wide { wide = true }
                    continue
                }
                guard let b = e.byte else { wide = true; set = .all; continue }
                lo = b
            } else if c >= 0x80 {
                // A non-ASCII character in a class: its first byte may be any lead byte.
                _ = literalChar()
                wide = true
                set.formUnion(ByteSet(range: 0xC0...0xFF))
                continue
            } else {
                lo = c
                i += 1
            }
            if peek() == UInt8(ascii: "-"), let next = peek(1), next != UInt8(ascii: "]") {
                i += 1
                var hi: UInt8
                if next == UInt8(ascii: "\\") {
                    let e = parseEscape(inClass: true)
                    guard let b = e.byte else { set.insert(lo); set.insert(UInt8(ascii: "-")); continue }
                    hi = b
                } else if next >= 0x80 {
                    _ = literalChar()
                    wide = true
                    set.formUnion(ByteSet(range: 0xC0...0xFF))
                    hi = 0x7F
                } else {
                    hi = next
                    i += 1
                }
                if lo <= hi { for b in lo...hi { insertWithCase(&set, b) } }
            } else {
                insertWithCase(&set, lo)
            }
        }
        if negated {
            var inv = set.inverted
            // A negated class matches whole characters: any lead byte of a multibyte one.
            inv.formUnion(ByteSet(range: 0xC0...0xFF))
            return .char(inv, maxBytes: 4)
        }
        return .char(set, maxBytes: wide || set.hasNonASCII ? 4 : 1)
    }

    private func insertWithCase(_ set: inout ByteSet, _ b: UInt8) {
        set.insert(b)
        if caseless, let o = PatternParser.otherCase(b) { set.insert(o) }
        if caseless, let lead = PatternParser.wideCaseLead(b) { set.insert(lead) }
    }

    static func posixClass(_ name: String) -> ByteSet {
        switch name {
        case "digit": return .digits
        case "alpha": var s = ByteSet.upper; s.formUnion(.lower); return s
        case "alnum": return .alnum
        case "upper": return .upper
        case "lower": return .lower
        case "space": return .space
        case "xdigit": var s = ByteSet.digits; s.formUnion(ByteSet(range: 0x41...0x46)); s.formUnion(ByteSet(range: 0x61...0x66)); return s
        case "word": return .word
        default: return .ascii
        }
    }

    /// An escape: a node (outside classes), or a byte / byte set (inside classes).
    private mutating func parseEscape(inClass: Bool) -> (node: PatternNode, set: ByteSet?, byte: UInt8?, wide: Bool) {
        i += 1  // backslash
        guard let c = peek() else { return (.opaque(maxBytes: nil), nil, nil, true) }
        i += 1
        func setNode(_ s: ByteSet, wide: Bool = false) -> (PatternNode, ByteSet?, UInt8?, Bool) {
            (.char(s, maxBytes: wide ? 4 : 1), s, nil, wide)
        }
        func byteNode(_ b: UInt8) -> (PatternNode, ByteSet?, UInt8?, Bool) {
            (literal([b]), nil, b, false)
        }
        var nonASCII = ByteSet(range: 0xC0...0xFF)
        nonASCII.formUnion(ByteSet(range: 0x80...0xBF))
        switch c {
        case UInt8(ascii: "d"): return setNode(.digits)
        case UInt8(ascii: "w"): return setNode(.word)
        case UInt8(ascii: "s"): return setNode(.space)
        case UInt8(ascii: "D"): return setNode(ByteSet.digits.inverted, wide: true)
        case UInt8(ascii: "W"): return setNode(ByteSet.word.inverted, wide: true)
        case UInt8(ascii: "S"): return setNode(ByteSet.space.inverted, wide: true)
        case UInt8(ascii: "h"): return setNode(ByteSet([0x20, 0x09]).union(nonASCII), wide: true)
        case UInt8(ascii: "v"): return setNode(ByteSet([0x0A, 0x0B, 0x0C, 0x0D]).union(nonASCII), wide: true)
        case UInt8(ascii: "H"), UInt8(ascii: "V"), UInt8(ascii: "N"), UInt8(ascii: "p"), UInt8(ascii: "P"),
            UInt8(ascii: "X"), UInt8(ascii: "C"):
            if c == UInt8(ascii: "p") || c == UInt8(ascii: "P") { skipBraced() }
            return (.char(.all, maxBytes: c == UInt8(ascii: "X") ? 64 : 4), .all, nil, true)
        case UInt8(ascii: "R"): return (.opaque(maxBytes: 2), .all, nil, true)
        case UInt8(ascii: "b"):
            return inClass ? byteNode(0x08) : (.assertion(lookahead: nil, before: .wordBoundary), nil, nil, false)
        case UInt8(ascii: "K"):
            poisoned = true  // \K moves the reported start of the match
            return (.assertion(lookahead: nil), nil, nil, false)
        case UInt8(ascii: "B"), UInt8(ascii: "A"), UInt8(ascii: "z"), UInt8(ascii: "Z"), UInt8(ascii: "G"):
            return (.assertion(lookahead: nil), nil, nil, false)
        case UInt8(ascii: "n"): return byteNode(0x0A)
        case UInt8(ascii: "t"): return byteNode(0x09)
        case UInt8(ascii: "r"): return byteNode(0x0D)
        case UInt8(ascii: "f"): return byteNode(0x0C)
        case UInt8(ascii: "e"): return byteNode(0x1B)
        case UInt8(ascii: "a"): return byteNode(0x07)
        case UInt8(ascii: "0"): return byteNode(0x00)
        case UInt8(ascii: "x"):
            var value = 0
            if peek() == UInt8(ascii: "{") {
                i += 1
                while let h = peek(), h != UInt8(ascii: "}"), let d = PatternParser.hexValue(h) { value = value * 16 + d; i += 1 }
                i += 1
            } else {
                for _ in 0..<2 {
                    guard let h = peek(), let d = PatternParser.hexValue(h) else { break }
                    value = value * 16 + d
                    i += 1
                }
            }
            if value < 0x80 { return byteNode(UInt8(value)) }
            return (.char(ByteSet(range: 0xC0...0xFF), maxBytes: 4), ByteSet(range: 0xC0...0xFF), nil, true)
        case UInt8(ascii: "k"), UInt8(ascii: "g"):
            // Named or numbered backreference: as long as the group it names.
            var ref: [UInt8] = []
            if let open = peek(), open == UInt8(ascii: "<") || open == UInt8(ascii: "{") || open == UInt8(ascii: "'") {
                let close: UInt8 = open == UInt8(ascii: "<") ? UInt8(ascii: ">") : open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "'")
                i += 1
                while let ch = peek(), ch != close { ref.append(ch); i += 1 }
                i += 1
            } else {
                while let ch = peek(), ch >= 0x30, ch <= 0x39 { ref.append(ch); i += 1 }
            }
            let text = String(decoding: ref, as: UTF8.self)
            if let n = Int(text), let len = groupLengths[n] { return (.opaque(maxBytes: len), nil, nil, true) }
            if let len = namedLengths[text] { return (.opaque(maxBytes: len), nil, nil, true) }
            return (.opaque(maxBytes: nil), nil, nil, true)
        case UInt8(ascii: "1")...UInt8(ascii: "9"):
            if inClass { return byteNode(c - 0x30) }
            let n = Int(c - 0x30)
            return (.opaque(maxBytes: groupLengths[n] ?? nil), nil, nil, true)
        case UInt8(ascii: "Q"):
            var bytes: [UInt8] = []
            while i < p.count {
                if p[i] == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "E") { i += 2; break }
                bytes.append(p[i])
                i += 1
            }
            return (literal(bytes), nil, bytes.first, false)
        case UInt8(ascii: "E"):
            return (.seq([]), nil, nil, false)
        default:
            if c >= 0x80 {
                i -= 1
                let node = literalChar()
                return (node, ByteSet(range: 0xC0...0xFF), nil, true)
            }
            return byteNode(c)  // an escaped punctuation character stands for itself
        }
    }

    private mutating func skipBraced() {
        if peek() == UInt8(ascii: "{") {
            while let c = peek(), c != UInt8(ascii: "}") { i += 1; _ = c }
            i += 1
        } else if peek() != nil {
            i += 1
        }
    }

    static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case 0x30...0x39: return Int(c - 0x30)
        case 0x41...0x46: return Int(c - 0x41 + 10)
        case 0x61...0x66: return Int(c - 0x61 + 10)
        default: return nil
        }
    }
}

extension ByteSet {
    func union(_ o: ByteSet) -> ByteSet { var s = self; s.formUnion(o); return s }
}
