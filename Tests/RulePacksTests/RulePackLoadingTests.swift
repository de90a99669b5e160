// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import RulePacks

/// A minimal valid pack, with `detector` spliced in as the only detector.
private func pack(detector: String = #"{"id":"d","type":"T","category":"pii","patterns":["x"],"examples":{"match":["x"]}}"#,
                  extra: String = "") -> [UInt8] {
    Array("""
    {
      "schema": "classify.pack/1",
      "id": "p",
      "version": "1.2.3",\(extra)
      "detectors": [
        \(detector)
      ]
    }
    """.utf8)
}

private func loadError(_ bytes: [UInt8]) -> ClassifyError? {
    do {
        _ = try RulePack.load(bytes: bytes, name: "t.json")
        return nil
    } catch {
        return error
    }
}

@Suite struct RulePackLoadingTests {
    @Test func loadsAMinimalPackWithDefaults() throws {
        let p = try RulePack.load(bytes: pack(), name: "t.json")
        #expect(p.id == "p")
        #expect(p.version == SemanticVersion("1.2.3"))
        #expect(p.levels == RulePack.defaultLevels)
        #expect(p.review.confidenceBelow == 0.5)
        let d = try #require(p.detectors.first)
        #expect(d.confidence == 0.5)
        #expect(d.maxDistance == 50)
        #expect(d.keywordConfidence == 0.85)
        #expect(d.levelRank == 0)
        #expect(p.digest.hasPrefix("sha256:") && p.digest.count == 71)
    }

    @Test func digestIsOverTheExactBytes() throws {
        let a = try RulePack.load(bytes: pack(), name: "a")
        var bytes = pack()
        bytes.append(0x0A)
        let b = try RulePack.load(bytes: bytes, name: "b")
        #expect(a.digest != b.digest)
        #expect(try RulePack.load(bytes: pack(), name: "c").digest == a.digest)
    }

    @Test(arguments: [
        ("{", "", 1),
        ("{\"schema\": \"classify.pack/1\",}", "", 1),
        ("[1, 2] x", "", 1),
        ("{\"a\": 1} // comment", "", 1),
    ])
    func syntaxErrorsNameTheDocument(text: String, pointer: String, line: Int) throws {
        let e = try #require(loadError(Array(text.utf8)))
        #expect(e.code == .invalidPack)
        #expect(e.jsonPointer == pointer)
        #expect(e.line == line)
        #expect(e.description.contains("not valid JSON"))
    }

    @Test func tooDeepIsALimit() throws {
        let text = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let e = try #require(loadError(Array(text.utf8)))
        #expect(e.code == .limit)
        #expect(e.reason.contains("CLASSIFY_LIMIT_JSON_DEPTH"))
    }

    @Test func unknownFieldsAreErrorsButXPrefixedAreNot() throws {
        let typo = #"{"id":"d","type":"T","category":"pii","patterns":["x"],"keyword":["a"],"examples":{"match":["x"]}}"#
        let e = try #require(loadError(pack(detector: typo)))
        #expect(e.jsonPointer == "/detectors/0/keyword")
        #expect(e.line == 6)
        #expect(e.reason.contains("unknown field \"keyword\""))
        let note = #"{"id":"d","type":"T","category":"pii","patterns":["x"],"x-owner":"hr","examples":{"match":["x"]}}"#
        #expect(loadError(pack(detector: note)) == nil)
    }

    @Test(arguments: [
        (#"{"id":"D!","type":"T","category":"pii","patterns":["x"],"examples":{"match":["x"]}}"#, "/detectors/0/id"),
        (#"{"id":"d","type":"t","category":"pii","patterns":["x"],"examples":{"match":["x"]}}"#, "/detectors/0/type"),
        (#"{"id":"d","type":"T","category":"secret","patterns":["x"],"examples":{"match":["x"]}}"#, "/detectors/0/category"),
        (#"{"id":"d","type":"T","category":"pii","patterns":[],"examples":{"match":["x"]}}"#, "/detectors/0/patterns"),
        (#"{"id":"d","type":"T","category":"pii","patterns":[1],"examples":{"match":["x"]}}"#, "/detectors/0/patterns/0"),
        (#"{"id":"d","type":"T","category":"pii","patterns":["x"],"confidence":1.5,"examples":{"match":["x"]}}"#, "/detectors/0/confidence"),
        (#"{"id":"d","type":"T","category":"pii","patterns":["x"],"level":"secret","examples":{"match":["x"]}}"#, "/detectors/0/level"),
        (#"{"id":"d","type":"T","category":"pii","patterns":["x"],"frameworks":["PCI"],"examples":{"match":["x"]}}"#, "/detectors/0/frameworks/0"),
        (#"{"id":"d","type":"T","category":"pii","patterns":["x"],"keyword_required":true,"examples":{"match":["x"]}}"#, "/detectors/0/keyword_required"),
        (#"{"id":"d","type":"T","category":"pii","patterns":["x"],"max_distance":0,"examples":{"match":["x"]}}"#, "/detectors/0/max_distance"),
        (#"{"id":"d","type":"T","category":"pii","patterns":["x"]}"#, "/detectors/0"),
        (#"{"id":"d","type":"T","category":"pii","patterns":["x"],"examples":{"match":[]}}"#, "/detectors/0/examples/match"),
        (#"{"id":"d","type":"T","category":"pii","patterns":["x"],"countries":["usa"],"examples":{"match":["x"]}}"#, "/detectors/0/countries/0"),
    ])
    func detectorErrorsNameTheirPointer(detector: String, pointer: String) throws {
        let e = try #require(loadError(pack(detector: detector)))
        #expect(e.jsonPointer == pointer, "\(e)")
        #expect(e.pack == "p")
        #expect(e.line > 0 && e.column > 0)
    }

    @Test func schemaAndVersionAreChecked() throws {
        var e = try #require(loadError(Array(#"{"schema":"classify.pack/9","id":"p","version":"1.0.0","detectors":[]}"#.utf8)))
        #expect(e.code == .version)
        #expect(e.jsonPointer == "/schema")
        e = try #require(loadError(Array(#"{"schema":"classify.pack/1","id":"p","version":"1.0","detectors":[]}"#.utf8)))
        #expect(e.jsonPointer == "/version")
    }

    @Test func limitsAreCheckedAtTheBoundary() throws {
        let one = #"{"id":"dN","type":"T","category":"pii","patterns":["x"],"examples":{"match":["x"]}}"#
        func packWith(_ n: Int) -> [UInt8] {
            let ds = (0..<n).map { one.replacing("dN", with: "d\($0)") }.joined(separator: ",")
            return Array(#"{"schema":"classify.pack/1","id":"p","version":"1.0.0","detectors":[\#(ds)]}"#.utf8)
        }
        #expect(loadError(packWith(Limits.detectors - 1)) == nil)
        #expect(loadError(packWith(Limits.detectors)) == nil)
        let e = try #require(loadError(packWith(Limits.detectors + 1)))
        #expect(e.code == .limit)
        #expect(e.reason.contains("CLASSIFY_LIMIT_DETECTORS"))

        let longPattern = String(repeating: "a", count: Limits.patternBytes + 1)
        let d = #"{"id":"d","type":"T","category":"pii","patterns":["\#(longPattern)"],"examples":{"match":["x"]}}"#
        let e2 = try #require(loadError(pack(detector: d)))
        #expect(e2.code == .limit)
        #expect(e2.jsonPointer == "/detectors/0/patterns/0")
        let ok = #"{"id":"d","type":"T","category":"pii","patterns":["\#(longPattern.dropLast())"],"examples":{"match":["x"]}}"#
        #expect(loadError(pack(detector: ok)) == nil)
    }

    @Test func duplicateDetectorIDs() throws {
        let one = #"{"id":"d","type":"T","category":"pii","patterns":["x"],"examples":{"match":["x"]}}"#
        let e = try #require(loadError(pack(detector: one + "," + one)))
        #expect(e.jsonPointer == "/detectors/1/id")
    }

    @Test func policiesAreValidated() throws {
        func withPolicy(_ p: String) -> [UInt8] {
            Array(#"{"schema":"classify.pack/1","id":"p","version":"1.0.0","detectors":[{"id":"d","type":"T","category":"pii","patterns":["x"],"examples":{"match":["x"]}}],"policies":[\#(p)]}"#.utf8)
        }
        #expect(loadError(withPolicy(#"{"id":"a","detectors":["d"],"level":"restricted","effective_from":"2027-01-01"}"#)) == nil)
        #expect(loadError(withPolicy(#"{"id":"a","detectors":["nope"],"level":"restricted"}"#))?.jsonPointer == "/policies/0/detectors/0")
        #expect(loadError(withPolicy(#"{"id":"a","detectors":["d"]}"#))?.jsonPointer == "/policies/0")
        #expect(loadError(withPolicy(#"{"id":"a","detectors":["d"],"level":"restricted","effective_from":"2027-02-30"}"#))?.jsonPointer == "/policies/0/effective_from")
        #expect(loadError(withPolicy(#"{"id":"a","categories":["pii"],"level":"internal","effective_from":"2027-01-01","effective_until":"2026-01-01"}"#))?.jsonPointer == "/policies/0/effective_until")
    }

    @Test func fileErrorsNameThePath() throws {
        do {
            _ = try RulePack.load(path: "/nonexistent/x.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .io)
            #expect(error.reason.contains("/nonexistent/x.json"))
        }
    }

    @Test func layeringUnitesAndRejectsDuplicates() throws {
        let a = try RulePack.load(bytes: pack(), name: "a")
        let other = #"{"id":"e","type":"T","category":"pii","patterns":["y"],"examples":{"match":["y"]}}"#
        let b = try RulePack.load(bytes: pack(detector: other), name: "b")
        let l = try RulePack.layered([a, b], id: "both", version: SemanticVersion("2.0.0")!)
        #expect(l.detectors.map(\.id) == ["d", "e"])
        #expect(l.id == "both")
        #expect(l.digest != a.digest && l.digest != b.digest)
        #expect(throws: ClassifyError.self) { try RulePack.layered([a, a], id: "x", version: SemanticVersion("1.0.0")!) }
    }
}

@Suite struct SmallTypesTests {
    @Test func civilDates() {
        #expect(CivilDate(iso: "1970-01-01")?.daysSinceEpoch == 0)
        #expect(CivilDate(iso: "2000-02-29")?.description == "2000-02-29")
        #expect(CivilDate(iso: "2001-02-29") == nil)
        #expect(CivilDate(iso: "2024-1-01") == nil)
        #expect(CivilDate(unixSeconds: 1_798_761_600).description == "2027-01-01")
        #expect(CivilDate(unixSeconds: -1).description == "1969-12-31")
        for d in stride(from: -800_000, to: 3_000_000, by: 9_973) {
            let c = CivilDate(daysSinceEpoch: d).components
            #expect(CivilDate(year: c.year, month: c.month, day: c.day).daysSinceEpoch == d)
        }
    }

    @Test func semanticVersions() {
        #expect(SemanticVersion("1.2.3") != nil)
        #expect(SemanticVersion("1.2.3-rc.1+build.5")?.prerelease == "rc.1")
        #expect(SemanticVersion("01.2.3") == nil)
        #expect(SemanticVersion("1.2") == nil)
        #expect(SemanticVersion("1.2.3-rc.1")! < SemanticVersion("1.2.3")!)
        #expect(SemanticVersion("1.10.0")! > SemanticVersion("1.9.9")!)
    }

    @Test func locatorFindsNestedValues() {
        let text = Array("{\n  \"a\": [1, {\"b\": \"x\"}],\n  \"c/d\": 2\n}".utf8)
        let l = JSONLocator(text: text)
        #expect(l.locate("/a/1/b") == (2, 18))
        #expect(l.locate("/c~1d") == (3, 10))
        #expect(l.locate("/missing") == (1, 1))
    }
}
