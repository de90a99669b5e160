// SPDX-License-Identifier: Apache-2.0
// Every pack limit at L-1, L and L+1 (docs/limits.md): L-1 and L load, L+1 is refused with
// code .limit (CLASSIFY_E_LIMIT), the limit's name in the message and the JSON pointer of
// what is too big. CLASSIFY_LIMIT_DETECTORS and the first pattern-bytes cases are in
// RulePackLoadingTests.limitsAreCheckedAtTheBoundary; the C ABI side (status codes, pack
// bytes through open_buffer/open_file, max_findings) is Tests/CAPI/limits_test.c.

import Testing
@testable import RulePacks

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private let head = #""schema":"classify.pack/1","id":"lim","version":"1.0.0""#

/// A pack with one detector whose fields are `fields` plus what a detector needs.
private func packWithDetector(
    _ fields: String, patterns: String = #"["x"]"#, examples: String = #"{"match":["x"]}"#, extra: String = ""
) -> [UInt8] {
    let d = #"{"id":"d","type":"T","category":"pii","patterns":\#(patterns)\#(fields),"examples":\#(examples)}"#
    return Array("{\(head)\(extra),\"detectors\":[\(d)]}".utf8)
}

/// `n` JSON strings "w0", "w1", ... as an array.
private func words(_ n: Int, prefix: String = "w") -> String {
    "[" + (0..<n).map { "\"\(prefix)\($0)\"" }.joined(separator: ",") + "]"
}

private func load(_ bytes: [UInt8]) -> ClassifyError? {
    do {
        _ = try RulePack.load(bytes: bytes, name: "limits.json")
        return nil
    } catch {
        return error
    }
}

/// L-1 and L load; L+1 fails with .limit naming `name`, at `pointer` when given.
private func expectBoundary(
    _ limit: Int, name: String, pointer: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ make: (Int) -> [UInt8]
) {
    #expect(load(make(limit - 1)) == nil, "L-1 = \(limit - 1) must load", sourceLocation: sourceLocation)
    let atLimit = load(make(limit))
    #expect(atLimit == nil, "L = \(limit) must load: \(atLimit.map(String.init(describing:)) ?? "")",
            sourceLocation: sourceLocation)
    guard let e = load(make(limit + 1)) else {
        Issue.record("L+1 = \(limit + 1) must fail", sourceLocation: sourceLocation)
        return
    }
    #expect(e.code == .limit, "\(e)", sourceLocation: sourceLocation)
    #expect(e.description.contains(name), "\(e)", sourceLocation: sourceLocation)
    if let pointer { #expect(e.jsonPointer == pointer, "\(e)", sourceLocation: sourceLocation) }
}

@Suite struct LimitTests {
    @Test func packBytes() throws {
        let base = packWithDetector("")
        // Padded with trailing spaces (allowed after the document) to exactly n bytes.
        expectBoundary(Limits.packBytes, name: "CLASSIFY_LIMIT_PACK_BYTES") { n in
            base + [UInt8](repeating: 0x20, count: n - base.count)
        }
    }

    @Test func packBytesOfAFileAreCheckedBeforeReading() throws {
        let path = "/tmp/classify-limit-test-\(getpidPortable()).json"
        defer { removeFile(path) }
        let base = packWithDetector("")
        for (n, ok) in [(Limits.packBytes, true), (Limits.packBytes + 1, false)] {
            writeFile(path, base + [UInt8](repeating: 0x20, count: n - base.count))
            do {
                _ = try RulePack.load(path: path)
                #expect(ok, "\(n) bytes must be refused")
            } catch {
                #expect(!ok, "\(n) bytes must load: \(error)")
                #expect(error.code == .limit)
                #expect(error.description.contains("CLASSIFY_LIMIT_PACK_BYTES"))
            }
        }
    }

    @Test func patternsPerDetector() {
        expectBoundary(
            Limits.patternsPerDetector, name: "CLASSIFY_LIMIT_PATTERNS_PER_DETECTOR", pointer: "/detectors/0/patterns"
        ) { n in
            packWithDetector("", patterns: words(n, prefix: "x"))
        }
    }

    @Test func patternBytesCountBytesNotCharacters() {
        expectBoundary(Limits.patternBytes, name: "CLASSIFY_LIMIT_PATTERN_BYTES", pointer: "/detectors/0/patterns/0") { n in
            packWithDetector("", patterns: "[\"" + String(repeating: "a", count: n) + "\"]")
        }
        // 2-byte characters: 2048 of them are exactly the limit, one more is over it.
        #expect(load(packWithDetector("", patterns: "[\"" + String(repeating: "é", count: 2048) + "\"]")) == nil)
        let e = load(packWithDetector("", patterns: "[\"" + String(repeating: "é", count: 2049) + "\"]"))
        #expect(e?.code == .limit)
    }

    @Test(arguments: ["keywords", "ignore_words", "negative_keywords"])
    func wordListsPerDetector(field: String) {
        expectBoundary(
            Limits.keywordsPerDetector, name: "CLASSIFY_LIMIT_KEYWORDS_PER_DETECTOR", pointer: "/detectors/0/\(field)"
        ) { n in
            packWithDetector(",\"\(field)\":\(words(n))")
        }
    }

    @Test func examplesPerDetectorCountMatchAndNoMatchTogether() {
        // Half "match" (each is "x", which matches), the rest "no_match" ("y").
        expectBoundary(Limits.examplesPerDetector, name: "CLASSIFY_LIMIT_EXAMPLES_PER_DETECTOR") { n in
            let m = (n + 1) / 2
            let match = "[" + Array(repeating: "\"x\"", count: m).joined(separator: ",") + "]"
            let noMatch = "[" + Array(repeating: "\"y\"", count: n - m).joined(separator: ",") + "]"
            return packWithDetector("", examples: "{\"match\":\(match),\"no_match\":\(noMatch)}")
        }
        // "match" alone over the limit.
        let over = "[" + Array(repeating: "\"x\"", count: Limits.examplesPerDetector + 1).joined(separator: ",") + "]"
        let e = load(packWithDetector("", examples: "{\"match\":\(over)}"))
        #expect(e?.code == .limit)
        #expect(e?.jsonPointer == "/detectors/0/examples/match")
    }

    @Test func policies() {
        expectBoundary(Limits.policies, name: "CLASSIFY_LIMIT_POLICIES", pointer: "/policies") { n in
            let ps = (0..<n).map { #"{"id":"p\#($0)","detectors":["d"],"level":"internal"}"# }.joined(separator: ",")
            return packWithDetector("", extra: ",\"policies\":[\(ps)]")
        }
    }

    @Test func jsonDepth() {
        // The root object is depth 1; an "x-" annotation nests n - 1 arrays in it.
        expectBoundary(Limits.jsonDepth, name: "CLASSIFY_LIMIT_JSON_DEPTH") { n in
            let nested = String(repeating: "[", count: n - 1) + String(repeating: "]", count: n - 1)
            return packWithDetector("", extra: ",\"x-deep\":\(nested)")
        }
    }

    @Test(arguments: ["max_distance", "negative_distance"])
    func keywordDistance(field: String) {
        expectBoundary(Limits.keywordDistance, name: "CLASSIFY_LIMIT_KEYWORD_DISTANCE", pointer: "/detectors/0/\(field)") {
            n in
            packWithDetector(",\"keywords\":[\"k\"],\"\(field)\":\(n)")
        }
        // Below the range is a plain invalid value, not a limit.
        let e = load(packWithDetector(",\"keywords\":[\"k\"],\"\(field)\":0"))
        #expect(e?.code == .invalidPack)
    }

    @Test func levels() {
        expectBoundary(Limits.levels, name: "16 levels", pointer: "/levels") { n in
            packWithDetector("", extra: ",\"levels\":\(words(n, prefix: "l"))")
        }
    }

    @Test func frameworks() {
        expectBoundary(Limits.frameworks, name: "256 frameworks", pointer: "/frameworks") { n in
            let fs = (0..<n).map { #"{"id":"F\#($0)"}"# }.joined(separator: ",")
            return packWithDetector("", extra: ",\"frameworks\":[\(fs)]")
        }
    }

    @Test func stringBytes() {
        // Any string field: 64 KiB is the most; over it the pack is refused at that field.
        let ok = String(repeating: "d", count: Limits.stringBytes)
        #expect(load(packWithDetector(",\"description\":\"\(ok)\"")) == nil)
        let e = load(packWithDetector(",\"description\":\"\(ok)d\""))
        #expect(e?.jsonPointer == "/detectors/0/description")
        #expect(e?.description.contains("\(Limits.stringBytes) bytes") == true)
    }
}

// Small file helpers without Foundation (RulePacks keeps Foundation out).
private func getpidPortable() -> Int32 { getpid() }

private func writeFile(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(fd >= 0, "cannot create \(path)")
    defer { close(fd) }
    var off = 0
    while off < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, bytes.count - off) }
        precondition(n > 0, "cannot write \(path)")
        off += n
    }
}

private func removeFile(_ path: String) { unlink(path) }
