// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import ClassifyEngine

/// `KeywordSet.firstMatch` looks a window's words up by the hash of each keyword's first
/// word; it must give what comparing every keyword at every word gives: the first keyword,
/// in list order, that occurs anywhere in the window.
@Suite struct KeywordSetTests {
    typealias Rng = PrefilterEquivalenceTests.Rng

    static let vocabulary = ["ssn", "social", "security", "number", "no", "id", "tax", "card", "account", "acct", "dob"]

    /// The reference: every keyword's words against every word of the window.
    static func reference(_ keywords: [String], _ text: [UInt8]) -> String? {
        text.withUnsafeBufferPointer { s in
            var lo = 0
            // The same widening as firstMatch (the window here is the whole text).
            while lo > 0, WordTokenizer.isWordByte(s[lo - 1]) { lo -= 1 }
            var words: [Range<Int>] = []
            WordTokenizer.wordRanges(s, lo..<s.count, into: &words)
            for k in keywords {
                let needle = Array(k.utf8).withUnsafeBufferPointer { WordTokenizer.words($0, 0..<$0.count) }
                guard !needle.isEmpty, needle.count <= words.count else { continue }
                for i in 0...(words.count - needle.count) {
                    let found = needle.indices.allSatisfy { j in
                        s[words[i + j]].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } == needle[j]
                    }
                    if found { return k }
                }
            }
            return nil
        }
    }

    @Test func firstMatchAgreesWithComparingEveryKeyword() {
        var rng = Rng(state: 3)
        let separators = [" ", "_", "-", ": ", "", "\n", "."]
        for _ in 0..<3000 {
            var keywords: [String] = []
            for _ in 0..<(1 + rng.below(6)) {
                let n = 1 + rng.below(3)
                keywords.append((0..<n).map { _ in Self.vocabulary[rng.below(Self.vocabulary.count)] }.joined(separator: " "))
            }
            var text = ""
            for _ in 0..<rng.below(12) {
                var w = Self.vocabulary[rng.below(Self.vocabulary.count)]
                if rng.below(4) == 0 { w = w.uppercased() }
                if rng.below(5) == 0 { w = w.prefix(1).uppercased() + w.dropFirst() }
                text += w + separators[rng.below(separators.count)]
            }
            let bytes = Array(text.utf8)
            let set = KeywordSet(keywords)
            var words: [Range<Int>] = []
            let got = bytes.withUnsafeBufferPointer { set.firstMatch(in: $0, 0..<$0.count, words: &words) }
            #expect(got == Self.reference(keywords, bytes), "\(keywords) in \(text)")
        }
    }

    /// The word of each keyword the prefilter's gate looks for: the first word when it has
    /// two bytes or more, else the longest, else the one-letter word followed by a letter
    /// word that stands alone least often (none: the gate is off); a keyword with non-ASCII
    /// letters from its first byte >= 0x80 on.
    @Test func gateWords() {
        let words = KeywordSet.gateWords([
            "tax id", "d.n.i", "e-card", "x auth key", "c.e.p", "w-7a", "x", "d.o.b", "s.i.n", "nº de dni", "",
        ])
        let expected: [String?] = ["tax", "n", "card", "auth", "c", nil, nil, "o", "i", "º de dni", nil]
        #expect(words.map { $0.map { String(decoding: $0, as: UTF8.self) } } == expected)
    }
}
