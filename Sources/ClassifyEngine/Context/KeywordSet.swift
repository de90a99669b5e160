// SPDX-License-Identifier: Apache-2.0

/// A detector's keywords (or negative keywords), matched as whole words near a match.
///
/// ASCII keywords are split into words with ``WordTokenizer`` and must appear as
/// consecutive words of the nearby text, so "ssn" matches "customerSSN:" but not "lessness".
/// A keyword with non-ASCII letters (scripts written without spaces, such as Japanese) is
/// matched as a case-insensitive substring instead.
struct KeywordSet: Sendable {
    /// Each keyword's words, and the keyword as written (for explanations).
    private let phrases: [(words: [[UInt8]], text: String)]
    private let substrings: [(bytes: [UInt8], text: String)]
    /// (hash of a phrase's first word, phrase index), sorted: a window's word is compared
    /// only with the phrases that can start with it, not with every phrase.
    private let byFirstWord: [(hash: UInt64, phrase: Int32)]

    var isEmpty: Bool { phrases.isEmpty && substrings.isEmpty }

    init(_ keywords: [String]) {
        var phrases: [(words: [[UInt8]], text: String)] = []
        var substrings: [(bytes: [UInt8], text: String)] = []
        for k in keywords {
            let bytes = Array(k.utf8)
            if bytes.contains(where: { $0 >= 0x80 }) {
                substrings.append((bytes.map(KeywordSet.lower), k))
            } else {
                let words = bytes.withUnsafeBufferPointer { WordTokenizer.words($0, 0..<$0.count) }
                if !words.isEmpty { phrases.append((words, k)) }
            }
        }
        self.phrases = phrases
        self.substrings = substrings
        byFirstWord = phrases.enumerated().map { i, p in
            (p.words[0].withUnsafeBufferPointer { KeywordSet.hash($0, 0..<$0.count) }, Int32(i))
        }.sorted { ($0.hash, $0.phrase) < ($1.hash, $1.phrase) }
    }

    /// FNV-1a of `s[r]` lower-cased (ASCII).
    @inline(__always)
    static func hash(_ s: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in r { h = (h ^ UInt64(lower(s[i]))) &* 0x0000_0100_0000_01b3 }
        return h
    }

    @inline(__always)
    static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    /// How far before its window a keyword's first word may start (the window is widened
    /// back to the start of the word it begins in).
    static let widening = 64

    /// For each keyword, the bytes that must occur where it occurs, for the prefilter's
    /// keyword gates (nil: none can be searched). Keywords with non-ASCII letters (matched
    /// as substrings): the keyword from its first byte >= 0x80 on. ASCII keywords: one of
    /// their words, each of which
    /// occurs as a whole word wherever the keyword does — the first word when it has two
    /// bytes or more (as the keyword is usually written), else the longest word, else (all
    /// words one letter, as in "d.n.i") the letter word followed by a letter word that
    /// stands alone least often in text (`letterCost`): the kernel reports a one-letter
    /// word only where the next byte ends it and is not a digit, which holds for such a
    /// word (the last word may be cut short by the end of a keyword window, and a digit may
    /// follow a word that a digit word follows).
    static func gateWords(_ keywords: [String]) -> [[UInt8]?] {
        keywords.map { k in
            let bytes = Array(k.utf8)
            // "nu" of "numéro" begins many English words, "é" few. Any part of a keyword
            // will do (see `KeywordGate`).
            if let first = bytes.firstIndex(where: { $0 >= 0x80 }) { return bytes[first...].map(lower) }
            let words = bytes.withUnsafeBufferPointer { WordTokenizer.words($0, 0..<$0.count) }
            guard let first = words.first else { return nil }
            if first.count >= 2 { return first }
            if let longest = words.max(by: { $0.count < $1.count }), longest.count >= 2 { return longest }
            let isLetter = { (c: UInt8) in c >= 0x61 && c <= 0x7A }
            let eligible = words.indices.dropLast().filter { isLetter(words[$0][0]) && isLetter(words[$0 + 1][0]) }
            return eligible.min { letterCost(words[$0][0]) < letterCost(words[$1][0]) }.map { words[$0] }
        }
    }

    /// How often a letter stands as a word of its own, roughly: "s" after an apostrophe
    /// ("John's") and a number ("30s"), "a" and "i" in English prose, "t" in "don't"; the
    /// hexadecimal letters in hashes and ids ("9f0d388"), "m" and "x" after numbers.
    private static func letterCost(_ c: UInt8) -> Int {
        switch c {
        case UInt8(ascii: "s"): 3
        case UInt8(ascii: "a"), UInt8(ascii: "i"), UInt8(ascii: "t"): 2
        case UInt8(ascii: "b")...UInt8(ascii: "f"), UInt8(ascii: "m"), UInt8(ascii: "x"): 1
        default: 0
        }
    }

    /// The first keyword found in `subject[range]`, widened backwards to the start of the
    /// word the range begins in (so a keyword that starts just before the window counts).
    /// `words` is scratch memory for the window's words (reused from call to call).
    func firstMatch(in subject: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, words: inout [Range<Int>]) -> String? {
        guard !isEmpty, !range.isEmpty else { return nil }
        var lo = range.lowerBound
        let floor = max(0, lo - KeywordSet.widening)
        while lo > floor, WordTokenizer.isWordByte(subject[lo - 1]) { lo -= 1 }
        let window = lo..<range.upperBound
        if !phrases.isEmpty {
            WordTokenizer.wordRanges(subject, window, into: &words)
            // The first keyword in list order that occurs anywhere in the window: the least
            // phrase index matched at any word.
            var best = Int.max
            byFirstWord.withUnsafeBufferPointer { index in
                for i in words.indices {
                    let h = KeywordSet.hash(subject, words[i])
                    var lo = 0, hi = index.count
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if index[mid].hash < h { lo = mid + 1 } else { hi = mid }
                    }
                    while lo < index.count, index[lo].hash == h, Int(index[lo].phrase) < best {
                        let p = Int(index[lo].phrase)
                        if KeywordSet.matches(subject, words, at: i, phrases[p].words) {
                            best = p
                            break
                        }
                        lo += 1
                    }
                }
            }
            if best != Int.max { return phrases[best].text }
        }
        for s in substrings where KeywordSet.containsSubstring(subject, window, s.bytes) { return s.text }
        return nil
    }

    /// Whether the words `hay` (ranges of `s`) hold `needle` (lower-cased words) as
    /// consecutive words from word `i` on.
    private static func matches(_ s: UnsafeBufferPointer<UInt8>, _ hay: [Range<Int>], at i: Int, _ needle: [[UInt8]])
        -> Bool
    {
        guard i + needle.count <= hay.count else { return false }
        var j = 0
        while j < needle.count, equal(s, hay[i + j], needle[j]) { j += 1 }
        return j == needle.count
    }

    /// Whether `s[r]`, lower-cased, is `word`.
    @inline(__always)
    private static func equal(_ s: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ word: [UInt8]) -> Bool {
        guard r.count == word.count else { return false }
        var k = 0
        while k < word.count, lower(s[r.lowerBound + k]) == word[k] { k += 1 }
        return k == word.count
    }

    private static func containsSubstring(_ s: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, r.count >= needle.count else { return false }
        var i = r.lowerBound
        while i + needle.count <= r.upperBound {
            var j = 0
            while j < needle.count, lower(s[i + j]) == needle[j] { j += 1 }
            if j == needle.count { return true }
            i += 1
        }
        return false
    }
}

/// Case-insensitive substring test for ignore words.
struct IgnoreWords: Sendable {
    private let words: [[UInt8]]
    init(_ list: [String]) { words = list.map { Array($0.utf8).map(KeywordSet.lower) } }
    var isEmpty: Bool { words.isEmpty }

    func matches(_ s: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        for w in words where !w.isEmpty && r.count >= w.count {
            var i = r.lowerBound
            while i + w.count <= r.upperBound {
                var j = 0
                while j < w.count, KeywordSet.lower(s[i + j]) == w[j] { j += 1 }
                if j == w.count { return true }
                i += 1
            }
        }
        return false
    }
}
