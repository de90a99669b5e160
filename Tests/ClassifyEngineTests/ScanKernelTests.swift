// SPDX-License-Identifier: Apache-2.0

import CScanKernel
import Testing
@testable import ClassifyEngine

/// The one-pass kernel against plain reference code: runs of byte sets, literal hits, and
/// the word rules that let it look for keyword words only where the tokenizer may start one.
/// Every case runs with the AVX2 code (when the CPU has it) and with the portable code.
@Suite(.serialized) struct ScanKernelTests {
    typealias Rng = PrefilterEquivalenceTests.Rng

    static func events(_ kernel: ScanKernel, _ bytes: [UInt8], portable: Bool) -> [sk_event] {
        sk_force_portable(portable ? 1 : 0)
        defer { sk_force_portable(0) }
        let buffer = KernelBuffer()
        buffer.reserve(max(16, kernel.eventsPerBlock))  // small: many calls per input
        sk_state_reset(buffer.state)
        var out: [sk_event] = []
        bytes.withUnsafeBufferPointer { b in
            while buffer.state.pointee.done == 0 {
                let n = sk_collect(kernel.tables, b.baseAddress ?? UnsafePointer(bitPattern: 1)!, b.count,
                                   buffer.state, buffer.events, buffer.capacity)
                out += UnsafeBufferPointer(start: buffer.events, count: n)
            }
        }
        return out
    }

    static let alphabet: [UInt8] = Array("aAbB1 9_-.:".utf8) + [0xC3, 0xBF, 0x00, 0x0A, 0xE2, 0x84, 0xAA]

    static func text(_ rng: inout Rng, _ n: Int, _ alphabet: [UInt8] = alphabet) -> [UInt8] {
        (0..<n).map { _ in alphabet[rng.below(alphabet.count)] }
    }

    @Test func runsAreTheMaximalRunsLongEnough() throws {
        var rng = Rng(state: 7)
        let candidates: [ByteSet] = [.digits, .upper, .lower, .word, ByteSet(Array("-.".utf8)), ByteSet([0xC3, 0xBF, 0x00])]
        for round in 0..<300 {
            let sets = (0..<(1 + rng.below(5))).map { _ in candidates[rng.below(candidates.count)] }
            let minRun = sets.map { _ in [1, 2, 3, 5, 8, 63, 64, 65, 70, 130][rng.below(10)] }
            let n = [0, 1, 63, 64, 65, 127, 128, 129, 200, 700][rng.below(10)]
            // Long runs too: one byte repeated now and then.
            var bytes = ScanKernelTests.text(&rng, n)
            if n > 0, round % 3 == 0 {
                let at = rng.below(n), len = min(n - at, rng.below(200))
                let b = bytes[at]
                for i in at..<(at + len) { bytes[i] = b }
            }
            let kernel = try ScanKernel(sets: sets, minRun: minRun, literals: [], wordOnly: [])
            var expected: [[Range<Int>]] = Array(repeating: [], count: sets.count)
            for (k, set) in sets.enumerated() {
                var i = 0
                while i < n {
                    guard set.contains(bytes[i]) else { i += 1; continue }
                    var j = i
                    while j < n, set.contains(bytes[j]) { j += 1 }
                    if j - i >= minRun[k] { expected[k].append(i..<j) }
                    i = j
                }
            }
            for portable in [false, true] {
                var got: [[Range<Int>]] = Array(repeating: [], count: sets.count)
                for e in ScanKernelTests.events(kernel, bytes, portable: portable) where e.kind == Int32(SK_RUN) {
                    got[Int(e.id)].append(Int(e.start)..<Int(e.end))
                }
                #expect(got == expected, "round \(round), portable \(portable), min runs \(minRun)")
            }
        }
    }

    @Test func literalsAnywhereAreFoundAtEveryPosition() throws {
        var rng = Rng(state: 11)
        for round in 0..<200 {
            let n = [2, 63, 64, 65, 130, 500][rng.below(6)]
            let bytes = ScanKernelTests.text(&rng, n, Array("abAB1-".utf8) + [0xE2, 0x84, 0xAA])
            // Some literals as they are (capitals only: ASCII case matters), the others
            // lower-cased (any case).
            var literals: [[UInt8]] = []
            var exact: [Bool] = []
            for _ in 0..<(1 + rng.below(6)) {
                let at = rng.below(max(1, n - 1)), len = 2 + rng.below(4)
                let raw = Array(bytes[at..<min(n, at + len)])
                let capitals = raw.contains { $0 >= 0x41 && $0 <= 0x5A } && !raw.contains { $0 >= 0x61 && $0 <= 0x7A }
                let asIs = capitals && rng.below(2) == 0
                let l = asIs ? raw : raw.map(KeywordSet.lower)
                if l.count >= 2, !literals.contains(l) {
                    literals.append(l)
                    exact.append(asIs)
                }
            }
            let kernel = try ScanKernel(sets: [], minRun: [], literals: literals, wordOnly: literals.map { _ in false }, exact: exact)
            var expected: [[Int]] = []
            for (id, l) in literals.enumerated() {
                for i in 0..<n where i + l.count <= n {
                    let here = Array(bytes[i..<(i + l.count)])
                    if (exact[id] ? here : here.map(KeywordSet.lower)) == l { expected.append([i, id]) }
                }
            }
            for portable in [false, true] {
                let got = ScanKernelTests.events(kernel, bytes, portable: portable).map { [Int($0.start), Int($0.id)] }
                #expect(got.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) },
                        "round \(round), portable \(portable)")
            }
        }
    }

    /// Literals of every kind in one kernel, many sharing their first two bytes, some longer
    /// than the eight bytes compared at once, some only after a byte that is not a letter or
    /// digit (`sk_spec.lit_bound`), over text with capitals, digits and bytes >= 0x80:
    /// anywhere literals against the reference, and the AVX2 and portable code (event for
    /// event, keyword words included) against each other, from inputs shorter than one block
    /// (no quick test) to several blocks.
    @Test func literalsOfEveryKindAndLength() throws {
        var rng = Rng(state: 23)
        let alphabet = Array("abAB1z -".utf8) + [0xC3, 0xBF, 0x80, 0xFF, 0x00]
        let alnum = { (c: UInt8) in (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) }
        for round in 0..<300 {
            let n = [1, 2, 3, 7, 8, 9, 63, 64, 66, 67, 68, 127, 128, 131, 200, 700][rng.below(16)]
            let bytes = ScanKernelTests.text(&rng, n, alphabet)
            var literals: [[UInt8]] = []
            var exact: [Bool] = []
            var word: [Bool] = []
            var bound: [Bool] = []
            for _ in 0..<(1 + rng.below(24)) {
                let at = rng.below(max(1, n - 1)), len = 2 + rng.below(rng.below(3) == 0 ? 20 : 6)
                let raw = Array(bytes[at..<min(n, at + len)])
                guard raw.count >= 2 else { continue }
                // 0: anywhere, any case; 1: anywhere, as it is; 2: word; 3: 0 or 1, after a gap
                let kind = rng.below(4)
                let capitals = raw.contains { $0 >= 0x41 && $0 <= 0x5A } && !raw.contains { $0 >= 0x61 && $0 <= 0x7A }
                let asIs = (kind == 1 || (kind == 3 && rng.below(2) == 0)) && capitals
                let l = asIs ? raw : raw.map(KeywordSet.lower)
                if !literals.contains(l) {
                    literals.append(l)
                    exact.append(asIs)
                    word.append(kind == 2)
                    bound.append(kind == 3)
                }
            }
            guard !literals.isEmpty else { continue }
            let kernel = try ScanKernel(sets: [], minRun: [], literals: literals, wordOnly: word, exact: exact, bound: bound)
            var expected: [[Int]] = []
            for (id, l) in literals.enumerated() where !word[id] {
                for i in 0..<n where i + l.count <= n && !(bound[id] && i > 0 && alnum(bytes[i - 1])) {
                    let here = Array(bytes[i..<(i + l.count)])
                    if (exact[id] ? here : here.map(KeywordSet.lower)) == l { expected.append([i, id]) }
                }
            }
            let simd = ScanKernelTests.events(kernel, bytes, portable: false)
            let portable = ScanKernelTests.events(kernel, bytes, portable: true)
            #expect(simd.map { [$0.start, $0.end, Int64($0.id), Int64($0.kind)] }
                    == portable.map { [$0.start, $0.end, Int64($0.id), Int64($0.kind)] }, "round \(round)")
            let got = portable.filter { !word[Int($0.id)] }.map { [Int($0.start), Int($0.id)] }
            #expect(got.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) },
                    "round \(round)")
        }
    }

    /// Every word the tokenizer finds in any window of the text (KeywordSet tokenizes the
    /// window before a value) must be reported as a hit of a keyword word equal to it, and
    /// not as glued when the word ends before the window does.
    @Test func keywordWordsAreFoundWhereverTheTokenizerSeesThem() throws {
        var rng = Rng(state: 5)
        let alphabet = Array("aAbBz1 9.".utf8) + [0xC3, 0xBF]
        for round in 0..<150 {
            let n = [8, 40, 70, 130][rng.below(4)]
            var bytes = ScanKernelTests.text(&rng, n, alphabet)
            if round % 5 == 0 {
                // A word longer than 64 bytes: a window may start inside it.
                for i in 0..<min(n, 80) { bytes[i] = alphabet[rng.below(4)] }
            }
            var wanted: [(word: [UInt8], start: Int, natural: Bool)] = []
            var words: [Range<Int>] = []
            bytes.withUnsafeBufferPointer { b in
                // Where KeywordSet.firstMatch can start a window: any position, widened back
                // over word bytes (at most `widening` of them).
                var starts = Set<Int>()
                for lo0 in 0..<n {
                    var lo = lo0
                    let floor = max(0, lo0 - KeywordSet.widening)
                    while lo > floor, WordTokenizer.isWordByte(b[lo - 1]) { lo -= 1 }
                    starts.insert(lo)
                }
                for lo in starts.sorted() {
                    for hi in stride(from: lo + 2, through: n, by: 1) {
                        WordTokenizer.wordRanges(b, lo..<hi, into: &words)
                        for w in words where w.count >= 2 {
                            let lowered = b[w].map(KeywordSet.lower)
                            guard lowered.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) }) else { continue }
                            wanted.append((lowered, w.lowerBound, w.upperBound < hi))
                        }
                    }
                }
            }
            var literals: [[UInt8]] = []
            for w in wanted where !literals.contains(w.word) { literals.append(w.word) }
            guard !literals.isEmpty else { continue }
            let kernel = try ScanKernel(sets: [], minRun: [], literals: literals, wordOnly: literals.map { _ in true })
            for portable in [false, true] {
                let got = ScanKernelTests.events(kernel, bytes, portable: portable)
                for w in wanted {
                    let id = literals.firstIndex(of: w.word)!
                    let hit = got.first { Int($0.id) == id && Int($0.start) == w.start }
                    #expect(hit != nil, "round \(round): '\(String(decoding: w.word, as: UTF8.self))' at \(w.start) missed in \(bytes)")
                    if w.natural, let hit { #expect(hit.kind == Int32(SK_HIT), "round \(round): glued at \(w.start)") }
                }
            }
        }
    }

    /// A glued occurrence of a keyword word (the word goes on past it) is reported only
    /// where the byte after it is in the word's `lit_glued` bitmap; occurrences that end a
    /// word are reported wherever they are ("REF" in "REFQ": a capital may begin a word).
    /// Here "ref" takes digits and 'q' after it, "st" any byte, "ab12" digits, and the text
    /// repeats past several 64-byte blocks.
    @Test func gluedWordsOnlyBeforeTheBytesTheirBitmapHas() throws {
        var refNext = ByteSet.digits
        refNext.insert(UInt8(ascii: "q"))
        let literals = [Array("ref".utf8), Array("st".utf8), Array("ab12".utf8)]
        let kernel = try ScanKernel(sets: [], minRun: [], literals: literals, wordOnly: [true, true, true],
                                    glued: [refNext, .all, .digits])
        let line = "refx ref1 refs refq ref still st ab123 ab12x REFQ "
        let text = Array(String(repeating: line, count: 5).utf8)
        // Expected (offset in the line, literal, glued) for each copy of the line.
        let perLine: [(Int, Int32, Bool)] = [(5, 0, false), (15, 0, true), (20, 0, false), (24, 1, true), (30, 1, false),
                                             (33, 2, true), (39, 2, false), (45, 0, false)]
        var expected: [[Int64]] = []
        for copy in 0..<5 {
            for (at, id, glued) in perLine {
                let start = Int64(copy * line.utf8.count + at)
                expected.append([start, start + Int64(literals[Int(id)].count), Int64(id), glued ? Int64(SK_HIT_GLUED) : Int64(SK_HIT)])
            }
        }
        for portable in [false, true] {
            let got = ScanKernelTests.events(kernel, text, portable: portable)
                .map { [$0.start, $0.end, Int64($0.id), Int64($0.kind)] }
            #expect(got.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) },
                    "portable \(portable)")
        }
    }

    /// A one-letter keyword word (for "d.n.i" and the like, KeywordSet.gateWords) is
    /// reported wherever the tokenizer sees it as a word of a window with a word after it
    /// and no digit right after it, never as glued, and nowhere it is not a whole word:
    /// with other keyword words of the same letters in the same tables, and blocks of 64
    /// bytes cut anywhere.
    @Test func oneLetterWordsAreFoundWhereTheyAreWholeWords() throws {
        var rng = Rng(state: 23)
        let alphabet = Array("nNoOxX1 9.-".utf8) + [0xC3, 0xBF]
        // Words longer than 64 bytes now and then: a window may start inside them.
        let long = Array("nNoOxX".utf8)
        let literals = [Array("n".utf8), Array("o".utf8), Array("no".utf8), Array("on".utf8)]
        let kernel = try ScanKernel(sets: [], minRun: [], literals: literals, wordOnly: [true, true, true, true])
        for round in 0..<200 {
            let n = [1, 2, 40, 63, 64, 65, 130, 300][rng.below(8)]
            let bytes = ScanKernelTests.text(&rng, n, round % 4 == 0 ? long : alphabet)
            // Every one-letter word that a window of the text ends before its end, with no
            // digit after it.
            var wanted = Set<[Int]>()
            var words: [Range<Int>] = []
            bytes.withUnsafeBufferPointer { b in
                // Where KeywordSet.firstMatch can start a window: any position, widened back
                // over word bytes (at most `widening` of them).
                var starts = Set<Int>()
                for lo0 in 0..<n {
                    var lo = lo0
                    while lo > max(0, lo0 - KeywordSet.widening), WordTokenizer.isWordByte(b[lo - 1]) { lo -= 1 }
                    starts.insert(lo)
                }
                for lo in starts {
                    WordTokenizer.wordRanges(b, lo..<n, into: &words)
                    for w in words.dropLast() where w.count == 1 && w.upperBound < n && !(b[w.upperBound] >= 0x30 && b[w.upperBound] <= 0x39) {
                        let c = KeywordSet.lower(b[w.lowerBound])
                        if c == UInt8(ascii: "n") || c == UInt8(ascii: "o") { wanted.insert([c == UInt8(ascii: "n") ? 0 : 1, w.lowerBound]) }
                    }
                }
            }
            for portable in [false, true] {
                let got = ScanKernelTests.events(kernel, bytes, portable: portable).filter { $0.id < 2 }
                for e in got {
                    let at = Int(e.start)
                    #expect(e.kind == Int32(SK_HIT) && e.end == e.start + 1, "round \(round)")
                    // A whole word: nothing joins it on either side, no digit after it.
                    let next: UInt8 = at + 1 < n ? bytes[at + 1] : 0x20
                    #expect(KeywordSet.lower(bytes[at]) == literals[Int(e.id)][0], "round \(round) at \(at)")
                    #expect(!(next >= 0x30 && next <= 0x39) && WordTokenizer.classOf(next) != .lower
                            && WordTokenizer.classOf(next) != .other, "round \(round) at \(at) in \(bytes)")
                }
                let found = Set(got.map { [Int($0.id), Int($0.start)] })
                #expect(wanted.isSubset(of: found), "round \(round), portable \(portable): missed \(wanted.subtracting(found)) in \(bytes)")
            }
        }
    }
}

/// `sk_shape_batch` against the shift-and it replaces, with the smallest output buffer it
/// takes, so that the long inputs take several calls.
/// Start-shape batches (`sk_shape_batch`, and `sk_shape_wide` with the AVX2 code when the
/// CPU has it and with the portable code) against the reference shift-and.
@Suite(.serialized) struct ShapeBatchKernelTests {
    @Test func batchesGiveTheStartsOfTheReferenceShiftAnd() {
        check(seed: 3, lanes: 1...8, portable: false)
    }

    @Test(arguments: [false, true]) func wideBatchesGiveTheStartsOfTheReferenceShiftAnd(portable: Bool) {
        check(seed: portable ? 11 : 5, lanes: 9...32, portable: portable)
    }

    func check(seed: UInt64, lanes laneCounts: ClosedRange<Int>, portable: Bool) {
        sk_force_portable(portable ? 1 : 0)
        defer { sk_force_portable(0) }
        var rng = PrefilterEquivalenceTests.Rng(state: seed)
        let alphabet = Array("a1B-_ x9".utf8)
        var resumed = 0
        defer { #expect(resumed > 0, "no batch took more than one call") }
        for round in 0..<300 {
            let n = 1 + rng.below(round % 10 == 0 ? 6000 : 400)
            let bytes = (0..<n).map { _ in alphabet[rng.below(alphabet.count)] }
            let lanes = laneCounts.lowerBound + rng.below(laneCounts.count)
            var batch = ShapeBatch(trigger: 0)
            for _ in 0..<lanes {
                // Past eight offsets, the rest of a shape is the batch's extension.
                let width = 1 + rng.below(rng.below(3) == 0 ? 16 : 8)
                // Narrow sets now and then: fewer starts, so that ranges of one lane end.
                let keep = rng.below(4) == 0 ? 5 : 3
                let sets = (0..<width).map { _ in ByteSet(alphabet.filter { _ in rng.below(keep) < 2 }) }
                batch.add(group: batch.groups.count, shape: StartShape(sets: sets))
            }
            #expect(batch.words == (lanes <= 8 ? 1 : 4))
            var ranges: [ClosedRange<Int>] = []
            var at = rng.below(20)
            while at < n {
                let hi = min(n - 1, at + rng.below(60))
                ranges.append(at...hi)
                at = hi + 2 + rng.below(40)
            }
            func extensionFits(_ lane: Int, _ p: Int) -> Bool {
                let len = Int(batch.extensionLength[lane])
                guard p + 8 + len <= n else { return len == 0 }
                return (0..<len).allSatisfy { k in batch.extensionTable[256 * lane + Int(bytes[p + 8 + k])] >> k & 1 != 0 }
            }
            // The reference: Occurrences.computeBatch as it was written in Swift, one
            // 64-bit word of eight lanes after another.
            var expected = [[ClosedRange<Int>]](repeating: [], count: lanes)
            let laneLow: UInt64 = 0x0101_0101_0101_0101
            for word in 0..<4 {
                for r in ranges {
                    var d: UInt64 = 0
                    var j = r.lowerBound
                    while j <= min(r.upperBound + batch.maxWidth - 1, n - 1) {
                        d = (((d << 1) & ~laneLow) | laneLow) & batch.table[4 * Int(bytes[j]) + word]
                        var hit = d & batch.full[word]
                        while hit != 0 {
                            let bit = hit.trailingZeroBitCount
                            hit &= hit - 1
                            let p = j - (bit & 7), lane = 8 * word + bit >> 3
                            guard p <= r.upperBound else { continue }
                            if let last = expected[lane].last, p <= last.upperBound + Occurrences.mergeGap {
                                expected[lane][expected[lane].count - 1] = last.lowerBound...max(p, last.upperBound)
                            } else if extensionFits(lane, p) {
                                // (Only a start that opens a range has its extension checked.)
                                expected[lane].append(p...p)
                            }
                        }
                        j += 1
                    }
                }
            }
            var got = [[ClosedRange<Int>]](repeating: [], count: lanes)
            let pairs = ranges.flatMap { [Int64($0.lowerBound), Int64($0.upperBound)] }
            var state = sk_batch_state()
            sk_batch_reset(&state)
            // The smallest buffer: many calls per batch.
            var out = [sk_lane_range](repeating: sk_lane_range(), count: Int(SK_BATCH_MIN_CAP))
            let table = batch.kernelTable
            let extTable = batch.extensionTable, extLength = batch.extensionLength
            var calls = 0
            while state.done == 0 {
                let k = table.withUnsafeBufferPointer { table in
                    extTable.withUnsafeBufferPointer { e in
                        extLength.withUnsafeBufferPointer { l in
                            // The lanes past eight offsets (sk_batch_state.ext), as Occurrences sets them.
                            if batch.hasExtension {
                                state.ext = e.baseAddress
                                state.ext_len = l.baseAddress
                            }
                            return batch.words == 1
                                ? sk_shape_batch(table.baseAddress, batch.full[0], Int64(batch.maxWidth - 1),
                                                 Int64(Occurrences.mergeGap), bytes, n, pairs, ranges.count, &state,
                                                 &out, Int(SK_BATCH_MIN_CAP))
                                : sk_shape_wide(table.baseAddress, batch.full, Int64(batch.maxWidth - 1),
                                                Int64(Occurrences.mergeGap), bytes, n, pairs, ranges.count, &state,
                                                &out, Int(SK_BATCH_MIN_CAP))
                        }
                    }
                }
                for r in out.prefix(k) {
                    #expect(Int(r.lane) < lanes)
                    if Int(r.lane) < lanes { got[Int(r.lane)].append(Int(r.lo)...Int(r.hi)) }
                }
                calls += 1
            }
            #expect(got == expected, "round \(round), \(lanes) lanes, portable \(portable)")
            resumed += calls > 1 ? 1 : 0
        }
    }
}
