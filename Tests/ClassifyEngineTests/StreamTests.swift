// SPDX-License-Identifier: Apache-2.0

import Testing
import RulePacks
@testable import ClassifyEngine

/// Test inputs shared by the stream, record, redaction and profile tests.
enum IngestFixtures {
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

    static let rules: Ruleset = try! Ruleset.builtin()

    /// A ruleset of the given detector objects (examples checked).
    static func ruleset(_ detectors: [String]) throws(ClassifyError) -> Ruleset {
        let text = #"{"schema":"classify.pack/1","id":"t","version":"1.0.0","frameworks":[{"id":"GDPR"}],"detectors":["#
            + detectors.joined(separator: ",") + "]}"
        return try Ruleset(json: Array(text.utf8), name: "t")
    }

    static let fillers = [
        "the quick brown fox jumps over the lazy dog ", "2026-11-29T12:42:11.123Z INFO req=7f3a9c ", "version 1.2.3.4 ",
        "order 4111 1111 1111 1112 ", "id,name,email\n", "café ☕ naïve 日本語 😀 ", "\u{0}\u{1}\u{FF}", "key=value; ",
        "+1 ", "0000 ", "-----", "eyJ", "AKIA", "@", "ghp_", "___", "12:30:45 ", "SSN ", "routing ", "passport ",
    ]

    /// Entities of every detector (its examples) between fillers and stray bytes.
    static func corpus(seed: UInt64, size: Int) -> [UInt8] {
        let examples = rules.detectorSpecs.flatMap { $0.examples.match + $0.examples.noMatch }
        var rng = Rng(state: seed)
        var out: [UInt8] = []
        while out.count < size {
            if rng.below(3) == 0 {
                out.append(contentsOf: examples[rng.below(examples.count)].utf8)
            } else {
                out.append(contentsOf: fillers[rng.below(fillers.count)].utf8)
            }
            if rng.below(7) == 0 { out.append(UInt8(truncatingIfNeeded: rng.next())) }
        }
        return out
    }
}

extension IngestFixtures {
    /// Like `corpus`, but as text is written: every example and filler stands apart from
    /// its neighbours (a space, a newline or a comma between them).
    static func document(seed: UInt64, size: Int) -> [UInt8] {
        let examples = rules.detectorSpecs.flatMap { $0.examples.match + $0.examples.noMatch }
        let separators = [" ", "\n", ", ", " - "]
        var rng = Rng(state: seed)
        var out: [UInt8] = []
        while out.count < size {
            let piece = rng.below(3) == 0 ? examples[rng.below(examples.count)] : fillers[rng.below(fillers.count)]
            out.append(contentsOf: piece.utf8)
            out.append(contentsOf: separators[rng.below(separators.count)].utf8)
        }
        return out
    }
}

/// A stream reports exactly the findings of a scan of the whole input, in any chunking.
@Suite struct StreamTests {
    static let rules = IngestFixtures.rules
    let scanner = try! Scanner()

    static func corpus(seed: UInt64, size: Int) -> [UInt8] { IngestFixtures.corpus(seed: seed, size: size) }

    /// Streams `data` cut at `cuts` (sorted offsets) and returns every finding, the decision
    /// and the redacted copy.
    func stream(
        _ data: [UInt8], cuts: [Int], options: ScanOptions = ScanOptions(), redactor: Redactor? = nil,
        ruleset: Ruleset = StreamTests.rules
    ) throws -> (findings: [Finding], decision: ScanResult.Decision, redacted: [UInt8], maxRetained: Int) {
        let s = ScanStream(ruleset: ruleset, options: options, redactor: redactor)
        var findings: [Finding] = []
        var redacted: [UInt8] = []
        var last = 0
        var maxRetained = 0
        for c in cuts + [data.count] where c >= last {
            let b = try s.write(Array(data[last..<c]), scanner: scanner)
            findings += b.findings
            redacted += b.redacted
            maxRetained = max(maxRetained, s.retainedBytes)
            last = c
        }
        let b = try s.finish(scanner: scanner)
        findings += b.findings
        redacted += b.redacted
        #expect(b.totalFindings == findings.count)
        return (findings, b.decision, redacted, maxRetained)
    }

    func randomCuts(_ n: Int, seed: UInt64, maxPiece: Int) -> [Int] {
        var rng = IngestFixtures.Rng(state: seed)
        var cuts: [Int] = []
        var at = 0
        while true {
            at += 1 + rng.below(maxPiece)
            if at >= n { return cuts }
            cuts.append(at)
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func everyChunkingGivesTheWholeScan(seed: UInt64) throws {
        let data = StreamTests.corpus(seed: seed, size: 12_000)
        let whole = scanner.scan(data, with: StreamTests.rules)
        #expect(whole.findings.count >= 10)
        var chunkings: [[Int]] = []
        for size in [2, 3, 5, 64, 1000, 4096] { chunkings.append(Array(stride(from: size, to: data.count, by: size))) }
        for s in 0..<4 { chunkings.append(randomCuts(data.count, seed: seed * 100 + UInt64(s), maxPiece: 1 << (2 * s + 3))) }
        for cuts in chunkings {
            let r = try stream(data, cuts: cuts)
            #expect(r.findings == whole.findings, "chunking with \(cuts.count) cuts")
            #expect(r.decision == whole.decision)
        }
    }

    @Test func oneByteAtATime() throws {
        let data = StreamTests.corpus(seed: 7, size: 3_000)
        let whole = scanner.scan(data, with: StreamTests.rules)
        #expect(whole.findings.count > 5)
        let r = try stream(data, cuts: Array(1..<data.count))
        #expect(r.findings == whole.findings)
        #expect(r.decision == whole.decision)
    }

    /// A stream on a scanner that last scanned a table: the table's header is not context
    /// for the stream (it has none), and its geometry must not be read against the
    /// stream's bytes.
    @Test func aTableScannedBeforeDoesNotLeakIntoAStream() throws {
        let acct = #"{"id":"acct","type":"ACCOUNT","category":"financial","patterns":["(?<![\\w-])\\d{8}(?![\\w-])"],"keywords":["account number"],"keyword_required":true,"examples":{"match":["account number 12345678"]}}"#
        let rs = try ruleset([acct])
        func streamed(_ text: String, on scanner: Scanner) throws -> [Finding] {
            let s = ScanStream(ruleset: rs)
            return try s.write(Array(text.utf8), scanner: scanner).findings + s.finish(scanner: scanner).findings
        }
        let used = try Scanner()
        #expect(used.scan("name,account number\nJane,12345678\n", with: rs).findings.count == 1)
        // Where that table's header had its "account number" field, this stream has the
        // words too, but on the line above the value: no keyword for a stream.
        let text = "xxxx,account number\nJane,12345678\n"
        #expect(try streamed(text, on: try Scanner()).isEmpty)
        #expect(try streamed(text, on: used).isEmpty)
    }

    /// Cuts at every offset around (and inside) each entity and its keyword.
    @Test func boundariesAroundEveryEntity() throws {
        let text = """
            Customer record. SSN: 536-22-8726, card number 4111 1111 1111 1111 exp 12/29.
            email jane.doe@example.com phone (415) 555-0132; iban DE89370400440532013000
            aws key AKIAZ3MHJXQ2EMPLV7AB and version 10.2.3.4 vs client 203.0.113.7 done
            """
        let data = Array(text.utf8)
        let whole = scanner.scan(data, with: StreamTests.rules)
        #expect(whole.findings.count >= 7)
        var tried = Set<Int>()
        for f in whole.findings {
            // From the keyword window before the value to a few bytes after it.
            for cut in max(1, f.start - 24)...min(data.count - 1, f.end + 4) where tried.insert(cut).inserted {
                let r = try stream(data, cuts: [cut])
                #expect(r.findings == whole.findings, "cut at \(cut)")
                #expect(r.decision == whole.decision)
            }
        }
        // Three pieces: both ends of each finding cut at once.
        for f in whole.findings {
            let r = try stream(data, cuts: [f.start + 1, f.end - 1])
            #expect(r.findings == whole.findings)
        }
    }

    @Test func optionsAndDecisionMatchTheWholeScan() throws {
        let data = StreamTests.corpus(seed: 11, size: 6_000)
        var o = ScanOptions(asOf: CivilDate(iso: "2027-06-01"), minConfidence: 0.6)
        o.maxFindings = 9
        let whole = scanner.scan(data, with: StreamTests.rules, options: o)
        #expect(!whole.isComplete)
        let r = try stream(data, cuts: randomCuts(data.count, seed: 5, maxPiece: 300), options: o)
        #expect(r.findings == whole.findings)
        #expect(r.decision == whole.decision)
    }

    @Test func memoryStaysBoundedByTheWindow() throws {
        let rs = StreamTests.rules
        let s = ScanStream(ruleset: rs)
        let piece = StreamTests.corpus(seed: 3, size: 65_536)
        var total = 0
        for _ in 0..<24 {
            total += try s.write(piece, scanner: scanner).findings.count
            // The window, plus at most a step of bytes written and a step not yet dropped
            // (dropping is batched).
            #expect(s.retainedBytes <= rs.maxWindow + 2 * 65_536)
        }
        total += try s.finish(scanner: scanner).findings.count
        #expect(s.written == 24 * piece.count)
        #expect(total > 100)
        #expect(rs.maxWindow > Limits.unboundedMatchBytes)
    }

    /// A finding comes as soon as nothing can change it, not max_window bytes later: the
    /// patterns that read far ahead pass over positions where they cannot match.
    @Test func findingsArriveEarly() throws {
        let s = ScanStream(ruleset: StreamTests.rules)
        var text = Array("mail jane.doe@example.com today. ".utf8)
        var reportedAfter: Int?
        let words = Array("lorem ipsum dolor sit amet consectetur adipiscing elit ".utf8)
        while text.count < 40_000 { text += words }
        for start in stride(from: 0, to: text.count, by: 512) {
            let b = try s.write(Array(text[start..<min(text.count, start + 512)]), scanner: scanner)
            if reportedAfter == nil, !b.findings.isEmpty { reportedAfter = s.written }
        }
        try s.finish(scanner: scanner)
        let after = try #require(reportedAfter)
        #expect(after < 16_384, "reported only after \(after) bytes")
        #expect(StreamTests.rules.maxWindow > 50_000)
    }

    /// A key header whose end never comes holds its pattern back, but byte-by-byte writes
    /// stay linear and the result exact.
    @Test func anOpenKeyBlockStaysExact() throws {
        var data = Array("-----BEGIN RSA PRIVATE KEY-----\n".utf8)
        while data.count < 24_000 { data += Array("MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7Mhgw\n".utf8) }
        data += Array(" ssn 536-22-8726 ".utf8)
        let whole = scanner.scan(data, with: StreamTests.rules)
        let r = try stream(data, cuts: Array(stride(from: 1, to: data.count, by: 1)))
        #expect(r.findings == whole.findings)
        #expect(r.decision == whole.decision)
    }

    @Test func offsetsAreAbsoluteAndEmptyInputWorks() throws {
        let s = ScanStream(ruleset: StreamTests.rules)
        var found: [Finding] = []
        let filler = [UInt8](repeating: UInt8(ascii: "x"), count: 100_000) + [0x20]
        found += try s.write(filler, scanner: scanner).findings
        found += try s.write(Array("card 4111 1111 1111 1111 ".utf8), scanner: scanner).findings
        found += try s.finish(scanner: scanner).findings
        #expect(found.count == 1)
        #expect(found.first?.start == 100_006)
        #expect(found.first?.end == 100_025)
        #expect(throws: ClassifyError.self) { try s.write([1, 2, 3], scanner: scanner) }
        #expect(throws: ClassifyError.self) { try s.finish(scanner: scanner) }

        let empty = ScanStream(ruleset: StreamTests.rules)
        let b = try empty.finish(scanner: scanner)
        #expect(b.findings.isEmpty)
        #expect(b.decision == scanner.scan([UInt8](), with: StreamTests.rules).decision)
    }

    @Test func observerSeesEveryByteOnceAndEveryFindingWithItsBytes() throws {
        let data = StreamTests.corpus(seed: 21, size: 200_000)
        let whole = scanner.scan(data, with: StreamTests.rules)
        let s = ScanStream(ruleset: StreamTests.rules)
        var retired: [UInt8] = []
        var values: [[UInt8]] = []
        let observe: (StreamEvent) -> Void = { e in
            switch e {
            case .retire(let bytes, let base):
                #expect(base == retired.count)
                retired += bytes
            case .finding(let f, let window, let base):
                #expect(f.start >= base && f.end <= base + window.count)
                values.append(Array(window[(f.start - base)..<(f.end - base)]))
            }
        }
        for cuts in stride(from: 0, to: data.count, by: 70_001) {
            try s.write(Array(data[cuts..<min(data.count, cuts + 70_001)]), scanner: scanner, observer: observe)
        }
        try s.finish(scanner: scanner, observer: observe)
        #expect(retired == data)
        #expect(values == whole.findings.map { Array(data[$0.start..<$0.end]) })
    }

    @Test func streamedRedactionEqualsWholeRedaction() throws {
        let data = StreamTests.corpus(seed: 4, size: 8_000)
        for mode in [RedactionMode.mask, .type, .hash, .remove] {
            let redactor = try Redactor(
                ruleset: StreamTests.rules, options: RedactionOptions(mode: mode, key: Array("k3y".utf8)))
            let (whole, expected) = data.withUnsafeBufferPointer {
                scanner.redact($0, with: StreamTests.rules, redactor: redactor)
            }
            #expect(whole.findings.count > 10)
            for cuts in [Array(stride(from: 7, to: data.count, by: 7)), randomCuts(data.count, seed: 9, maxPiece: 2000)] {
                let r = try stream(data, cuts: cuts, redactor: redactor)
                #expect(r.findings == whole.findings)
                #expect(r.redacted == expected, "\(mode)")
            }
        }
    }
}

@Suite struct StreamGeometryTests {
    @Test func literalPrefixes() {
        func prefix(_ p: String, caseless: Bool = false) -> String? {
            StreamPatternGeometry.literalPrefix(of: p, caseless: caseless).map { String(decoding: $0.bytes, as: UTF8.self) }
        }
        #expect(prefix("-----BEGIN (?<kind>(?:RSA )?PRIVATE KEY)-----") == "-----BEGIN ")
        #expect(prefix(#"client-key-data:[ \t]{0,4}"#) == "client-key-data:")
        #expect(prefix(#"\"typeUrl\"\s{0,8}"#) == "\"typeUrl\"")
        #expect(prefix("abc?d") == "ab")
        #expect(prefix("abc+d") == "abc")
        #expect(prefix("(?i)Token=") == "token=")
        #expect(prefix("Token", caseless: true) == "token")
        #expect(prefix("abc|def") == nil)
        #expect(prefix("(?:abc|def)x") == nil)
        #expect(prefix(#"ab\dc"#) == "ab")
        #expect(prefix(#"a[|]bc"#) == nil)  // one character is no prefix
        #expect(prefix(#"xy[|]"#) == "xy")
        #expect(prefix("\\bkey") == nil)
    }
}
