// SPDX-License-Identifier: Apache-2.0

import Testing
import RulePacks
@testable import ClassifyEngine

@Suite struct PatternAnalysisTests {
    func analyse(_ p: String, caseless: Bool = false) -> PatternAnalysis { PatternAnalysis(pattern: p, caseless: caseless) }

    @Test func lengths() {
        #expect(analyse(#"\d{13,19}"#).maxLength == 19)
        #expect(analyse(#"(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])"#).maxLength == 11)
        #expect(analyse(#"(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])"#).lookaheadMargin == 1)
        #expect(analyse(#"a+"#).maxLength == nil)
        #expect(analyse(#"é"#).maxLength == 2)
        #expect(analyse(#"[^x]"#).maxLength == 4)
        #expect(analyse(#"\w\W"#).maxLength == 5)
        #expect(analyse(#"(?:ab|cde)?f"#).maxLength == 4)
        #expect(analyse(#"x(?=\d{4})"#).lookaheadMargin == 4)
        #expect(analyse(#"(?<k>ab)\k<k>"#).maxLength == 4)
        #expect(analyse(#"a{2,}"#).maxLength == nil)
        #expect(analyse(#"a{,3}"#).maxLength == 3 || analyse(#"a{,3}"#).maxLength == 5)
    }

    @Test func literalPrefixes() {
        #expect(analyse(#"ghp_[A-Za-z0-9]{36}"#).prefixLiterals == [Array("ghp_".utf8)])
        #expect(analyse(#"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}"#).prefixLiterals.map(Set.init) == Set([Array("AKIA".utf8), Array("ASIA".utf8)]))
        #expect(analyse(#"-----BEGIN [A-Z]+"#).prefixLiterals == [Array("-----BEGIN ".utf8)])
        // Literals are searched without regard to case (a superset), so caseless ones count.
        #expect(analyse(#"ghp_x"#, caseless: true).prefixLiterals == [Array("ghp_x".utf8)])
        #expect(analyse(#"(?:a|bc)d"#).prefixLiterals.map(Set.init) == Set([Array("ad".utf8), Array("bcd".utf8)]))
        #expect(analyse(#"(?:a|bc)\d"#).prefixLiterals == nil)  // "a" is too short to be a trigger
        #expect(analyse(#"\d+"#).prefixLiterals == nil)
    }

    @Test func innerLiterals() {
        func inner(_ p: String) -> (Set<String>, ClosedRange<Int>)? {
            analyse(p).innerLiterals.map { (Set($0.strings.map { String(decoding: $0, as: UTF8.self) }), $0.offsets) }
        }
        #expect(inner(#"(?<![A-Za-z0-9_-])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}"#)! == (Set([".atlasv1."]), 14...14))
        #expect(inner(#"(?:(?<=/bot)|(?<![A-Za-z0-9_:/.-]))[0-9]{8,10}:AA[A-Za-z0-9_-]{33}"#)! == (Set([":AA"]), 8...10))
        // Nested groups are one sequence; the longest shortest string wins; a run of fixed
        // items is one string; alternatives of fixed strings are several.
        #expect(inner(#"(?<value>\d{2}(?:-|/)(?:abc|abd)\d(?:xyzwv)\d)"#)! == (Set(["xyzwv"]), 7...7))
        #expect(inner(#"[a-z]{1,3}(?:=key=|:key:)\d"#)! == (Set(["=key=", ":key:"]), 1...3))
        // Strings of fewer than 3 bytes, or after an unbounded item, do not count.
        #expect(inner(#"\d{3}-ab-\d"#) == nil || inner(#"\d{3}-ab-\d"#)!.0 == Set(["-ab-"]))
        #expect(inner(#"\d+\.atlasv1\."#) == nil)
        #expect(inner(#"\d{2}:A\d"#) == nil)
    }

    @Test func byteTriggers() {
        let email = analyse(#"[A-Za-z0-9._%+-]{1,64}@[a-z]+\.[a-z]{2,}"#)
        #expect(email.byteTriggers.first?.set == ByteSet([UInt8(ascii: "@")]))
        #expect(email.byteTriggers.first?.offset == 64)
        let iban = analyse(#"\b[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b"#)
        #expect(iban.byteTriggers.contains { $0.set == .digits && $0.offset == 2 && $0.run == 2 })
        #expect(analyse(#"[a-z]+"#).byteTriggers.isEmpty)
        #expect(analyse(#"(?:\d|x)y"#).byteTriggers.isEmpty)
    }

    /// The bytes that come right before a trigger's run in every match (`byteBefore`): the
    /// offsets before the run that every match reaches, less the trigger's own bytes; none
    /// when a match may start with the trigger's bytes.
    @Test func bytesBeforeATriggerRun() {
        let dot = ByteSet([UInt8(ascii: ".")]), dash = ByteSet([UInt8(ascii: "-")])
        let ipv4 = analyse(#"(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.])"#)
        #expect(ipv4.byteBefore(dot, offset: 3) == .digits)
        var letters = ByteSet.lower
        letters.formUnion(.upper)
        #expect(analyse(#"[A-Za-z]{2}-\d{4}"#).byteBefore(dash, offset: 2) == letters)
        #expect(analyse(#"[.a]?\.x"#).byteBefore(dot, offset: 1) == nil)  // may start with '.'
        #expect(analyse(#"\d\.x"#).byteBefore(dot, offset: 0) == nil)
        #expect(analyse(#"\S\.x"#).byteBefore(dot, offset: 1) == nil)  // '.' itself: any byte before
        #expect(analyse(#"(?:ab|a)\.x"#).byteBefore(dot, offset: 2) == ByteSet(Array("ab".utf8)))
        #expect(analyse(#"(?:abc|a)\.x"#).byteBefore(dot, offset: 3) == ByteSet(Array("abcx".utf8)))
        #expect(analyse(#"(?:abcd|a)\."#).byteBefore(dot, offset: 4) == nil)  // the shape stops at "a."
    }

    @Test func startShapes() {
        let card = analyse(#"\b(?:\d{4}[ -]?){3}\d{4}\b"#).startShape
        #expect(card.sets.count == StartShape.width)
        #expect(card.lane.sets.count == 8 && card.extensionLength == 8)
        #expect(card.sets[0] == .digits && card.sets[3] == .digits)
        #expect(card.sets[4] == ByteSet(Array("0123456789 -".utf8)))
        // Offset 7 is a digit whether or not the first separator is there.
        #expect(card.sets[7] == .digits)
        // Past the lane: the third separator is at offset 12, 13 or 14 if anywhere, so
        // offset 14 is a digit or a separator and offset 15 a digit.
        #expect(card.sets[14] == ByteSet(Array("0123456789 -".utf8)) && card.sets[15] == .digits)
        // Shapes of one lane merge their offsets past it (the offsets both model).
        let merged = StartShape(sets: Array(repeating: .digits, count: 10)).merged(StartShape(sets: Array(repeating: .digits, count: 8) + [.upper]))
        #expect(merged.sets.count == 9 && merged.sets[8] == ByteSet.digits.union(.upper))
        // Only offsets every match reaches constrain: "ab" or "abcdef".
        #expect(analyse(#"ab(?:cdef)?"#).startShape.sets.count == 2)
        #expect(analyse(#"(?<![A-Z])DE\d{9}"#).startShape.sets[0] == ByteSet([UInt8(ascii: "D")]))
        #expect(analyse(#"de"#, caseless: true).startShape.sets[0] == ByteSet(Array("dD".utf8)))
        #expect(analyse(#"a*"#).startShape.sets.isEmpty)
        #expect(analyse(#"(?x) a b"#).startShape.sets.isEmpty)
        // After a multibyte character the following bytes are not pinned.
        #expect(analyse(#"[^x]y"#).startShape.sets.count <= 1)
        // A shape that pins a run of a trigger set says that its starts are in the trigger's
        // ranges (the planner then skips cutting a batch lane's starts to them).
        #expect(card.implies(run: 4, of: .digits, within: 0))
        #expect(!card.implies(run: 5, of: .digits, within: 0))
        #expect(!card.implies(run: 4, of: .digits, within: 1))
        let iban = analyse(#"\b[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b"#).startShape
        #expect(iban.implies(run: 2, of: .digits, within: 2))
        #expect(!iban.implies(run: 3, of: .digits, within: 2))
    }

    @Test func literalsExtendThroughFixedAlternations() {
        let a = analyse(#"(?:sk|rk)_live_[0-9a-zA-Z]{24}"#)
        #expect(a.prefixLiterals.map(Set.init) == Set([Array("sk_live_".utf8), Array("rk_live_".utf8)]))
    }

    /// A small class after two fixed bytes or more lengthens the prefix (each of its bytes a
    /// literal, a case pair as its lower-case letter); a class before that does not, nor
    /// does a large one.
    @Test func smallClassesLengthenPrefixes() {
        func prefixes(_ p: String, caseless: Bool = false) -> Set<String>? {
            analyse(p, caseless: caseless).prefixLiterals.map { Set($0.map { String(decoding: $0, as: UTF8.self) }) }
        }
        #expect(prefixes(#"do[opr]_v1_[a-f0-9]{64}"#) == ["doo_v1_", "dop_v1_", "dor_v1_"])
        #expect(prefixes(#"EZ[AT]K[A-Za-z0-9]{54}"#) == ["EZAK", "EZTK"])
        #expect(prefixes(#"xo[Xx]b-\d"#) == ["xoxb-"])
        #expect(prefixes(#"ab[cd]"#, caseless: true) == ["abc", "abd"])
        #expect(prefixes(#"[sr]k_test_\w+"#) == nil)
        #expect(prefixes(#"3[0689]\d{12}"#) == nil)
        #expect(prefixes(#"ab[0-9]x"#) == ["ab"])
    }

    /// Whether no letter or digit can come before a match, from the assertions before its
    /// first byte: the prefilter then looks for its prefix literals at such places only.
    @Test func matchesThatStartAfterAGap() {
        for p in [#"(?<![\w-])DE\d{9}"#, #"(?<![A-Za-z0-9_-])ghp_\w{36}"#, #"\bpass\w*"#, #"(?<="|\\")private_key"#,
                  #"(?<=[ \t])token:"#, #"(?<!\S)xo"#, #"(?:(?<![\w])ab|\bcd)e"#]
        {
            #expect(analyse(p).startsAfterGap, "\(p)")
        }
        // A caseless class has both cases; digits may still come before the second.
        #expect(analyse(#"(?<![a-z0-9])ab"#, caseless: true).startsAfterGap)
        #expect(!analyse(#"(?<![a-z])ab"#, caseless: true).startsAfterGap)
        for p in [#"ab"#, #"(?<![a-z0-9])ab"#, #"(?<![0-9-])89\d{17}"#, #"(?<![a-z])ab"#, #"\b-ab"#, #"(?<=[a-z])pass"#, #"(?<!\d{4} )ab"#,
                  #"x?(?<![\w])ab"#, #"(?:(?<![\w])ab|cd)e"#, #"(?<=a)ab"#]
        {
            #expect(!analyse(p).startsAfterGap, "\(p)")
        }
    }

    /// In UTF mode PCRE2 folds caseless 'k' with U+212A KELVIN SIGN and 's' with U+017F
    /// LONG S; the prefilter must not lose those matches.
    @Test func caselessKelvinAndLongS() throws {
        let a = analyse(#"secret=\w+"#, caseless: true)
        #expect(a.prefixLiterals?.contains(Array("\u{17F}ecret=".utf8)) == true)
        let pack = #"{"schema":"classify.pack/1","id":"ks","version":"1.0.0","detectors":[{"id":"kw","type":"KW","category":"credential","flags":["caseless"],"patterns":["token_[a-z]{4}","[s]ecret\\d{3}"],"level":"internal","examples":{"match":["token_abcd"]}}]}"#
        let rs = try Ruleset(json: Array(pack.utf8), name: "ks.json")
        let scanner = try Scanner()
        let naive = PrefilterEquivalenceTests.naive
        for text in ["to\u{212A}en_abcd", "TO\u{212A}EN_abcd", "\u{17F}ecret123", "x \u{212A}\u{17F} token_wxyz"] {
            let a = scanner.scan(text, with: rs, options: naive).findings
            let b = scanner.scan(text, with: rs).findings
            #expect(!a.isEmpty, "\(text)")
            #expect(a == b, "\(text)")
        }
    }

    @Test func poisonedSyntaxClaimsNothing() {
        for p in [#"(?x) a b c \d"#, #"ab\Kcd\d"#, #"(*UTF)\d{3}"#, #"(?(1)a|b)\d"#] {
            let a = analyse(p)
            #expect(a.maxLength == nil && a.prefixLiterals == nil && a.byteTriggers.isEmpty, "\(p)")
        }
    }
}

/// The prefiltered scan gives exactly the findings of one pass per pattern.
@Suite struct PrefilterEquivalenceTests {
    /// Every pattern over the whole input, one pass each: what the prefiltered scan must equal.
    static let naive: ScanOptions = {
        var options = ScanOptions()
        options.strategy = .naive
        return options
    }()

    /// Deterministic pseudo-random numbers (SplitMix64).
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    static let fillers = [
        "the quick brown fox jumps over the lazy dog ", "2026-11-29T12:42:11.123Z INFO req=7f3a9c ", "version 1.2.3.4 ",
        "order 4111 1111 1111 1112 ", "id,name,email\n", "café ☕ naïve 日本語 😀 ", "\u{0}\u{1}\u{FF}", "key=value; ",
        "+1 ", "0000 ", "-----", "eyJ", "AKIA", "@", "ghp_", "___", "12:30:45 ", "SSN ", "routing ", "passport ",
    ]

    func corpus(seed: UInt64, examples: [String], size: Int) -> [UInt8] {
        var rng = Rng(state: seed)
        var out: [UInt8] = []
        while out.count < size {
            if rng.below(3) == 0, !examples.isEmpty {
                out.append(contentsOf: examples[rng.below(examples.count)].utf8)
            } else {
                out.append(contentsOf: PrefilterEquivalenceTests.fillers[rng.below(PrefilterEquivalenceTests.fillers.count)].utf8)
            }
            if rng.below(7) == 0 { out.append(UInt8(truncatingIfNeeded: rng.next())) }
        }
        return out
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func sameFindingsAsNaive(seed: UInt64) throws {
        let rs = try Ruleset.builtin()
        let examples = rs.detectorSpecs.flatMap { $0.examples.match + $0.examples.noMatch }
        let data = corpus(seed: seed, examples: examples, size: 16_000)
        let scanner = try Scanner()
        let naive = PrefilterEquivalenceTests.naive
        let a = scanner.scan(data, with: rs, options: naive)
        let b = scanner.scan(data, with: rs)
        #expect(a.findings.count > 20)
        #expect(a.findings == b.findings)
        #expect(a.decision == b.decision)
    }

    @Test func randomBytesAndEdges() throws {
        let rs = try Ruleset.builtin()
        let scanner = try Scanner()
        let naive = PrefilterEquivalenceTests.naive
        var rng = Rng(state: 99)
        for size in [0, 1, 2, 3, 17, 64, 1000] {
            let data = (0..<size).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            #expect(scanner.scan(data, with: rs, options: naive).findings == scanner.scan(data, with: rs).findings)
        }
        // Every example alone, and cut at every length.
        for d in rs.detectorSpecs {
            for ex in d.examples.match.prefix(2) {
                let bytes = Array(ex.utf8)
                for cut in stride(from: 0, through: bytes.count, by: max(1, bytes.count / 8)) {
                    let data = Array(bytes[0..<cut])
                    #expect(scanner.scan(data, with: rs, options: naive).findings == scanner.scan(data, with: rs).findings, "\(d.id)")
                }
            }
        }
    }

    /// Keyword-gated triggers whose runs the one pass does not report (`.gatedBytes`) are
    /// looked for inside the gate's windows, or by a second pass when the windows cover much
    /// of the input: values at every distance from their keyword, cut at every length, and
    /// a table whose header keyword opens every row.
    @Test func gatedTriggersAtWindowEdges() throws {
        let rs = try Ruleset.builtin()
        let scanner = try Scanner()
        let naive = PrefilterEquivalenceTests.naive
        var rng = Rng(state: 17)
        let gated = rs.detectorSpecs.filter(\.keywordRequired)
        var checked = 0
        for d in gated {
            for ex in d.examples.match.prefix(2) {
                let example = Array(ex.utf8)
                for pad in [0, 1, 7, 29, 30, 31, 63, 64, 65, 95, 130] {
                    // The value moved away from its keyword by `pad` bytes of filler.
                    var data = example
                    if let space = data.lastIndex(of: 0x20) {
                        data.insert(contentsOf: (0..<pad).map { _ in [0x20, 0x61, 0x2E, 0x5F][rng.below(4)] }, at: space)
                    }
                    for cut in [data.count, data.count - 1, data.count - 3] where cut >= 0 {
                        let input = Array(data[0..<cut])
                        let a = scanner.scan(input, with: rs, options: naive).findings
                        let b = scanner.scan(input, with: rs).findings
                        #expect(a == b, "\(d.id) pad \(pad) cut \(cut)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 100)
        // A table: keywords in the header are context for every row (the gate covers all
        // of the input), with values of every length of word bytes, hex and digits.
        var table = Array("id,passport number,medical record number,health plan id,api key,token,password\n".utf8)
        let alphabets = [Array("0123456789".utf8), Array("0123456789abcdef".utf8), Array("ABCDEFXYZ0123456789-_abcxyz".utf8)]
        while table.count < 40_000 {
            for column in 0..<7 {
                if column > 0 { table.append(0x2C) }
                let alphabet = alphabets[rng.below(alphabets.count)]
                table += (0..<(1 + rng.below(45))).map { _ in alphabet[rng.below(alphabet.count)] }
            }
            table.append(0x0A)
        }
        let a = scanner.scan(table, with: rs, options: naive)
        let b = scanner.scan(table, with: rs)
        #expect(a.findings.count > 20)
        #expect(a.findings == b.findings)
        // The same rows without the header: the gates fire on keywords in the rows only.
        var rows = table
        rows.removeFirst(rows.firstIndex(of: 0x0A).map { $0 + 1 } ?? 0)
        for (i, k) in ["passport ", "mrn ", "health plan ", "api key=", "token: "].enumerated() {
            rows.insert(contentsOf: Array(k.utf8), at: min(rows.count, 977 * (i + 1) * 7))
        }
        #expect(scanner.scan(rows, with: rs, options: naive).findings == scanner.scan(rows, with: rs).findings)
    }

    /// Patterns found from a literal inside them (`PatternAnalysis.innerLiterals`): the
    /// candidates are the starts the literal's distance allows, so a literal near the start
    /// of the input, starts of every allowed length before it, literals whose pattern fails,
    /// and literals close together must all give the naive findings.
    @Test func innerLiteralTriggers() throws {
        let rs = try Self.pack([
            Self.detector("colon", #"(?<![0-9])[0-9]{2,6}:QX[a-z]{4}(?![a-z])"#),
            Self.detector("dotted", #"(?<value>[A-Z]{3}\\.tok\\.[0-9]{5})"#),
            Self.detector("keyed", #"[a-z]{2,4}(?:=key=|:key:)[0-9]{3}"#),
        ])
        #expect(rs.prefilter.triggers.filter { if case .literals(_, let o) = $0 { o != 0...0 } else { false } }.count == 3)
        let pieces = ["12:QXabcd", "1:QXabcd", "1234567:QXabcd", "123456:QXabcdef", ":QX", "99:QXab", "ABC.tok.12345",
                      "AB.tok.12345", "XABC.tok.123456", ".tok.", "ab=key=123", "abcd:key:999", "abc=key=12", "=key=",
                      " ", "\n", "0", "a", "Z", "."]
        let found = try Self.sameAsNaive(rs, pieces, seed: 41, rounds: 200, pieces: 12)
        #expect(found.count > 100)
    }

    /// A detector of a test pack with one pattern; `rest`: more members, each with its comma.
    static func detector(_ id: String, _ pattern: String, _ rest: String = "") -> String {
        #"{"id":"\#(id)","type":"\#(id.uppercased())","category":"pii","patterns":["\#(pattern)"],\#(rest)"examples":{"match":["x"]}}"#
    }

    /// A ruleset of `detectors` (the examples are not checked).
    static func pack(_ detectors: [String]) throws -> Ruleset {
        let text = #"{"schema":"classify.pack/1","id":"t","version":"1.0.0","detectors":["#
            + detectors.joined(separator: ",") + "]}"
        return try Ruleset(json: Array(text.utf8), name: "t", checkExamples: false)
    }

    /// Scans `rounds` inputs of up to `pieces` random `strings` each, with the naive and the
    /// prefiltered strategy, and expects the same findings: returns how many findings and
    /// which detectors made them.
    static func sameAsNaive(_ rs: Ruleset, _ strings: [String], seed: UInt64, rounds: Int, pieces: Int) throws
        -> (count: Int, detectors: Set<Int>)
    {
        let scanner = try Scanner()
        var rng = Rng(state: seed)
        var count = 0
        var detectors = Set<Int>()
        for round in 0..<rounds {
            var input: [UInt8] = []
            for _ in 0..<(1 + rng.below(pieces)) { input += Array(strings[rng.below(strings.count)].utf8) }
            let a = scanner.scan(input, with: rs, options: naive).findings
            #expect(a == scanner.scan(input, with: rs).findings, "round \(round): \(String(decoding: input, as: UTF8.self))")
            count += a.count
            detectors.formUnion(a.map(\.detectorIndex))
        }
        return (count, detectors)
    }

    /// Prefix literals of patterns that start after a gap (`PatternAnalysis.startsAfterGap`:
    /// the one pass skips their occurrences after a letter or digit), and keywords with
    /// non-ASCII letters (gated on the keyword from its first byte >= 0x80 on): the same
    /// findings as the naive design, with those literals after letters, digits, '_', '-',
    /// bytes >= 0x80 and at the start of the input, and keywords up to the window's far edge.
    @Test func literalsAfterGapsAndNonASCIIKeywords() throws {
        let rs = try Self.pack([
            Self.detector("tok", #"(?<![A-Za-z0-9_-])tk_[a-z]{4}"#),
            Self.detector("word", #"\\bpw[0-9]{3}"#),
            Self.detector("quoted", #"(?<=\")ky[0-9]{2}"#),
            Self.detector("fiscal", #"(?<![0-9])[0-9]{5}(?![0-9])"#,
                          #""keywords":["numéro fiscal","n° passe","電話"],"keyword_required":true,"max_distance":20,"#),
        ])
        for p in [#"(?<![A-Za-z0-9_-])tk_[a-z]{4}"#, #"\bpw[0-9]{3}"#, #"(?<=")ky[0-9]{2}"#] {
            #expect(PatternAnalysis(pattern: p, caseless: false).startsAfterGap, "\(p)")
        }
        let pieces = ["tk_abcd", "tk_ab", "pw123", "pw12", "\"ky12", "ky12", "numéro fiscal", "NUMÉRO FISCAL:", "n° passe",
                      "電話", "12345", "123456", "a", "Z", "7", "_", "-", "é", " ", "\n", "\"", "xxxxxxxxxx"]
        let found = try Self.sameAsNaive(rs, pieces, seed: 43, rounds: 400, pieces: 14)
        #expect(found.count > 200)
        #expect(found.detectors.count == 4)
    }

    /// Byte triggers with a byte before their run (`Trigger.bytes` `before`) and start
    /// shapes wider than the trigger's ranges (the shift-and past a range stops when no
    /// match is under way): the same findings as the naive design, with the trigger bytes
    /// after letters, digits, at the start of the input and in runs.
    @Test func triggerRunsAfterTheirByteBefore() throws {
        let rs = try Self.pack([
            Self.detector("ip", #"(?<![\\d.])\\d{1,3}(?:\\.\\d{1,3}){3}(?![\\d.])"#),
            Self.detector("ref", #"[A-Z]{2}-[0-9]{4}(?![0-9])"#),
            Self.detector("ver", #"v[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{1,3}"#),
        ])
        #expect(rs.prefilter.triggers.contains { if case .bytes(_, _, _, let b) = $0 { b == .digits } else { false } })
        let pieces = ["10.0.0.1", "1.2.3", "256.1.1.1", ".", "..", "a.b", "9.", ".9", "AB-1234", "ab-1234", "-", "--", "A-",
                      "v1.2.3", "v12.3", "x.", "1", "22", "a", "Q", " ", "\n", "é"]
        let found = try Self.sameAsNaive(rs, pieces, seed: 47, rounds: 400, pieces: 16)
        #expect(found.count > 200)
        #expect(found.detectors.count == 3)
    }

    /// Keywords every few hundred bytes: gates whose windows cover between a thirty-second
    /// and most of the input read the runs of their gated trigger sets from one kernel pass
    /// over their windows only (`Occurrences.collectGatedRuns`). Every keyword-gated
    /// detector's examples, with the value moved away from its keyword by 0 to 130 bytes
    /// (to the far edge of the window and past it), between runs of word bytes, capitals,
    /// hex and '=' that cross the windows' edges.
    @Test func gatedRunsInsideTheWindowsOfCommonKeywords() throws {
        let rs = try Ruleset.builtin()
        let scanner = try Scanner()
        let naive = PrefilterEquivalenceTests.naive
        var rng = Rng(state: 23)
        let fillers = [Array("abcdefghij klmnop ".utf8), Array("ABCDEFXYZ0123456789-_abcxyz".utf8),
                       Array("0123456789abcdef".utf8), Array("QWERTYUIOP= .".utf8)]
        let pads = [0, 1, 7, 29, 30, 31, 63, 64, 65, 95, 130]
        var text: [UInt8] = [], segments = 0
        for d in rs.detectorSpecs where d.keywordRequired {
            for ex in d.examples.match.prefix(2) {
                var example = Array(ex.utf8)
                if let space = example.lastIndex(of: 0x20) {
                    let filler = fillers[rng.below(fillers.count)]
                    let pad = pads[rng.below(pads.count)]
                    example.insert(contentsOf: (0..<pad).map { _ in filler[rng.below(filler.count)] }, at: space)
                }
                let filler = fillers[rng.below(fillers.count)]
                text += (0..<(1 + rng.below(120))).map { _ in filler[rng.below(filler.count)] }
                text += [0x0A] + example + [0x20]
                segments += 1
            }
        }
        let a = scanner.scan(text, with: rs, options: naive).findings
        #expect(segments > 200)
        #expect(a.count > 100)
        #expect(a == scanner.scan(text, with: rs).findings)
    }

    /// Keywords whose first word is one letter ("d.n.i", "e-card", "x auth key") gate on
    /// another word, or on a one-letter word followed by a letter word (KeywordSet.gateWords):
    /// every such keyword of the built-in packs, written the ways the tokenizer still reads
    /// as the same words and some it does not, before each value its detector finds in its
    /// examples.
    @Test func keywordsGatedOnALaterWordOrOneLetter() throws {
        let rs = try Ruleset.builtin()
        let scanner = try Scanner()
        let naive = PrefilterEquivalenceTests.naive
        var checked = 0, found = 0
        for (index, d) in rs.detectorSpecs.enumerated() where d.keywordRequired {
            let short = d.keywords.filter { k in
                let words = Array(k.utf8).withUnsafeBufferPointer { WordTokenizer.words($0, 0..<$0.count) }
                return k.utf8.allSatisfy { $0 < 0x80 } && (words.first?.count ?? 0) < 2
            }
            guard !short.isEmpty else { continue }
            // The values this detector finds in its own examples.
            var values: [String] = []
            for ex in d.examples.match {
                let bytes = Array(ex.utf8)
                for f in scanner.scan(bytes, with: rs, options: naive).findings where f.detectorIndex == index {
                    values.append(String(decoding: bytes[f.start..<f.end], as: UTF8.self))
                }
            }
            for k in short {
                let dots = { (with: String) in k.map { $0 == "." ? with : String($0) }.joined() }
                let spellings = [
                    k, k.uppercased(), dots(" "), dots("-").uppercased(), dots(""), "x" + k, k + "x", "9" + k, dots("9"),
                ]
                for spelling in spellings {
                    for value in values.prefix(2) {
                        for glue in [": ", " ", "", " no. ", ":\t"] {
                            let input = Array("record \(spelling)\(glue)\(value) end".utf8)
                            let a = scanner.scan(input, with: rs, options: naive).findings
                            let b = scanner.scan(input, with: rs).findings
                            #expect(a == b, "\(d.id): '\(spelling)\(glue)\(value)'")
                            checked += 1
                            found += a.contains { $0.detectorIndex == index } ? 1 : 0
                        }
                    }
                }
            }
        }
        #expect(checked > 200)
        #expect(found > 50)
    }

    /// A keyword word glued to what follows ("ref" in "refabc1234", "st" in "still") gates
    /// only a value that starts right after it, so the pass and the gate drop it where no
    /// value of the gate's patterns can start with the next byte (`GluedValue`). Values
    /// whose first byte is a lower-case letter, a digit, or anything (a `value` group),
    /// after keywords glued, spaced and capitalised, prefiltered against naive.
    @Test func keywordsGluedToWhatFollows() throws {
        func detector(_ id: String, _ pattern: String, _ keyword: String) -> String {
            #"{"id":"\#(id)","type":"\#(id.uppercased())","category":"pii","patterns":["\#(pattern)"],"#
                + #""keywords":["\#(keyword)"],"keyword_required":true,"max_distance":12,"examples":{"match":["x"]}}"#
        }
        let text = """
            {"schema":"classify.pack/1","id":"t","version":"1.0.0","detectors":[
            \(detector("lower", #"[a-z]{3}\\d{4}"#, "ref")),
            \(detector("digits", #"(?<![\\d])\\d{6}(?!\\d)"#, "acct")),
            \(detector("grouped", #"[a-z]{2}[:=](?<value>[a-z0-9]{5})"#, "user"))]}
            """
        let rs = try Ruleset(json: Array(text.utf8), name: "t", checkExamples: false)
        let scanner = try Scanner()
        let naive = PrefilterEquivalenceTests.naive
        var checked = 0, found = 0
        for keyword in ["ref", "acct", "user"] {
            for spelling in [keyword, keyword.uppercased(), keyword + "s", "x" + keyword, keyword + "e"] {
                for glue in ["", " ", ": ", "id=", "x", "9"] {
                    for value in ["abc1234", "Abc1234", "123456", "ab=xy123", "\u{E9}bc1234"] {
                        let input = Array("text \(spelling)\(glue)\(value) end".utf8)
                        let a = scanner.scan(input, with: rs, options: naive).findings
                        #expect(a == scanner.scan(input, with: rs).findings, "'\(spelling)\(glue)\(value)'")
                        checked += 1
                        found += a.isEmpty ? 0 : 1
                    }
                }
            }
        }
        #expect(checked == 450)
        #expect(found >= 20)
        // The glued value is found (the case the gate must keep), a glued word that is not
        // the keyword gates nothing.
        #expect(scanner.scan(Array("text refabc1234 end".utf8), with: rs).findings.map(\.detectorIndex) == [0])
        #expect(scanner.scan(Array("text refsabc1234 end".utf8), with: rs).findings.isEmpty)
        #expect(scanner.scan(Array("text acct123456 end".utf8), with: rs).findings.map(\.detectorIndex) == [1])
    }
}
