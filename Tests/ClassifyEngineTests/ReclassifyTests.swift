// SPDX-License-Identifier: Apache-2.0
// Re-deciding stored summaries: for packs whose detectors are the same, the re-decision of a
// scan's summary under pack B gives exactly the decision of scanning the data under pack B,
// over generated inputs, packs and dates. Plus the summary format itself.

import Testing
import RulePacks
@testable import ClassifyEngine

/// A small deterministic PRNG (SplitMix64), so a failing case can be replayed by its seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The detectors every generated pack shares: different categories, keyword-boosted
/// confidences, one below the review thresholds, and overlapping patterns.
let sharedDetectors = [
    #"{"id":"emp","type":"EMPLOYEE_ID","category":"pii","patterns":["\\bE-\\d{7}\\b"],"confidence":0.4,"keywords":["employee"],"max_distance":20,"keyword_confidence":0.9,"level":"confidential","frameworks":["GDPR"],"examples":{"match":["E-1234567"]}}"#,
    #"{"id":"email","type":"EMAIL_ADDRESS","category":"pii","patterns":["\\b[a-z]{2,8}@[a-z]{2,8}\\.(?:com|org)\\b"],"confidence":0.85,"level":"internal","examples":{"match":["jane@example.com"]}}"#,
    #"{"id":"geo","type":"GEOLOCATION","category":"pii","patterns":["\\b-?\\d{1,2}\\.\\d{4,6},\\s?-?\\d{1,3}\\.\\d{4,6}\\b"],"confidence":0.55,"keywords":["lat","gps"],"keyword_confidence":0.95,"level":"internal","examples":{"match":["37.77493,-122.41942"]}}"#,
    #"{"id":"acct","type":"ACCOUNT","category":"financial","patterns":["\\bACCT-\\d{6}\\b"],"confidence":0.7,"level":"confidential","frameworks":["PCI_DSS"],"examples":{"match":["ACCT-123456"]}}"#,
    #"{"id":"acct_wide","type":"ACCOUNT","category":"financial","patterns":["\\bACCT-\\d{6}-\\d{2}\\b"],"confidence":0.7,"level":"restricted","examples":{"match":["ACCT-123456-01"]}}"#,
    #"{"id":"token","type":"API_TOKEN","category":"credential","patterns":["\\btok_[A-Za-z0-9]{12}\\b"],"confidence":0.95,"level":"restricted","examples":{"match":["tok_abcdefABCDEF"]}}"#,
]

let levelNames = ["public", "internal", "confidential", "restricted"]

/// A pack with the shared detectors and generated policies, lifecycle rules and review threshold.
func generatedPack(id: String, _ rng: inout SplitMix) -> String {
    func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
    func date() -> String {
        let d = CivilDate(year: 2020, month: 1, day: 1).daysSinceEpoch + Int(rng.next() % 4000)
        return CivilDate(daysSinceEpoch: d).description
    }
    var policies: [String] = []
    for i in 0..<Int(rng.next() % 5) {
        var fields = [#""id":"p\#(i)""#]
        switch rng.next() % 3 {
        case 0: fields.append(#""detectors":["\#(pick(["emp", "email", "geo", "acct", "acct_wide", "token"]))"]"#)
        case 1: fields.append(#""types":["\#(pick(["ACCOUNT", "GEOLOCATION", "EMAIL_ADDRESS"]))"]"#)
        default: fields.append(#""categories":["\#(pick(["pii", "financial", "credential"]))"]"#)
        }
        fields.append(#""level":"\#(pick(levelNames))""#)
        if rng.next() % 2 == 0 { fields.append(#""frameworks":["\#(pick(["GDPR", "CPRA", "PCI_DSS"]))"]"#) }
        let from = date()
        if rng.next() % 2 == 0 { fields.append(#""effective_from":"\#(from)""#) }
        if rng.next() % 3 == 0 {
            let until = CivilDate(daysSinceEpoch: CivilDate(iso: from)!.daysSinceEpoch + 1 + Int(rng.next() % 900))
            fields.append(#""effective_until":"\#(until)""#)
        }
        policies.append("{" + fields.joined(separator: ",") + "}")
    }
    var rules: [String] = []
    for i in 0..<Int(rng.next() % 4) {
        var fields = [#""id":"l\#(i)""#]
        if rng.next() % 2 == 0 { fields.append(#""categories":["\#(pick(["pii", "financial", "credential"]))"]"#) }
        switch rng.next() % 3 {
        case 0: fields.append(#""older_than":{"years":\#(1 + rng.next() % 6)}"#)
        case 1: fields.append(#""younger_than":{"days":\#(1 + rng.next() % 400)}"#)
        default: fields.append(#""effective_until":"\#(date())""#)
        }
        switch rng.next() % 3 {
        case 0: fields.append(#""raise_to":"\#(pick(levelNames))""#)
        case 1: fields.append(#""lower_to":"\#(pick(levelNames))""#)
        default: fields.append(#""review":true"#)
        }
        rules.append("{" + fields.joined(separator: ",") + "}")
    }
    let threshold = pick([0.3, 0.5, 0.6, 0.9])
    return """
        {"schema":"classify.pack/1","id":"\(id)","version":"1.0.0",
         "frameworks":[{"id":"PCI_DSS"},{"id":"GDPR"},{"id":"CPRA"}],
         "review":{"confidence_below":\(threshold)},
         "detectors":[\(sharedDetectors.joined(separator: ","))],
         "policies":[\(policies.joined(separator: ","))],
         "lifecycle":[\(rules.joined(separator: ","))]}
        """
}

/// Text with a random mix of the shared detectors' values, keywords and noise.
func generatedText(_ rng: inout SplitMix) -> String {
    func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(rng.next() % 10)) }) }
    let alphabet = Array("aB3xY9kLmN0pQz")
    var out: [String] = []
    for _ in 0..<Int(rng.next() % 12) {
        switch rng.next() % 13 {
        case 0: out.append("E-" + digits(7))
        case 1: out.append("employee E-" + digits(7))
        case 2: out.append("jane@example.com")
        case 3: out.append("bob@corp.org")
        case 4: out.append("37.\(digits(5)),-122.\(digits(5))")
        case 5: out.append("gps 48.\(digits(4)), 2.\(digits(4))")
        case 6: out.append("ACCT-" + digits(6))
        case 7: out.append("ACCT-\(digits(6))-\(digits(2))")
        case 8: out.append("tok_" + String((0..<12).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }))
        case 9: out.append("lorem")
        case 10: out.append("ipsum dolor")
        case 11: out.append("\n")
        default: out.append(",")
        }
    }
    return out.joined(separator: " ")
}

@Suite struct ReclassifyTests {
    let scanner = try! Scanner()

    @Test func redecidingASummaryEqualsScanningUnderTheNewPack() throws {
        var rng = SplitMix(seed: 0x5EED_CAFE)
        var compared = 0
        var changedLevel = 0
        for round in 0..<60 {
            let a = try Ruleset(json: Array(generatedPack(id: "a", &rng).utf8), name: "a")
            let b = try Ruleset(json: Array(generatedPack(id: "b", &rng).utf8), name: "b")
            for _ in 0..<12 {
                let text = generatedText(&rng)
                let day = { CivilDate(daysSinceEpoch: CivilDate(year: 2019, month: 6, day: 1).daysSinceEpoch + Int(rng.next() % 4500)) }
                var scanA = ScanOptions(asOf: day())
                let created: Int64? = rng.next() % 3 == 0 ? nil : Int64(CivilDate(year: 2015, month: 1, day: 1).unixSeconds) + Int64(rng.next() % 400_000_000)
                scanA.dataCreated = created
                let first = scanner.scan(text, with: a, options: scanA)
                // Through the JSON text, as a stored summary would be.
                let stored = try ResultSummary.parse(Array(first.summaryJSON(path: "x").utf8))
                #expect(stored == first.summary(path: "x"), "round \(round): the summary does not round-trip")
                let dayB = day()
                let redecided = try b.reclassify(stored, asOf: dayB)
                var scanB = ScanOptions(asOf: dayB)
                scanB.dataCreated = created
                let direct = scanner.scan(text, with: b, options: scanB)
                #expect(redecided.decision == direct.decision, "round \(round): \(text)")
                #expect(redecided.detectorTallies == direct.detectorTallies)
                #expect(redecided.findingCount == direct.findings.count)
                #expect(redecided.summary() == direct.summary())
                compared += 1
                if direct.decision.levelRank != first.decision.levelRank { changedLevel += 1 }
            }
        }
        #expect(compared == 720)
        #expect(changedLevel > 50, "the generated packs should often disagree")
    }

    @Test func summaryHasNoValuesAndKeepsUnmatchedDetectors() throws {
        let a = try ruleset([employee, #"{"id":"tok","type":"TOKEN","category":"credential","patterns":["\\btok_[a-z]{8}\\b"],"confidence":0.9,"level":"restricted","examples":{"match":["tok_abcdefgh"]}}"#])
        let r = scanner.scan("employee id E-1234567 and tok_abcdefgh, E-7654321", with: a)
        let json = r.summaryJSON()
        #expect(!json.contains("1234567") && !json.contains("tok_abcdefgh"))
        #expect(json.hasPrefix(#"{"schema":"classify.summary/1","pack":{"id":"t","version":"1.0.0","digest":"sha256:"#))
        let s = r.summary()
        #expect(s.detectors.map(\.id) == ["emp", "tok"])
        #expect(s.detectors[0].count == 2 && s.detectors[0].maxConfidence == 0.9 && s.detectors[0].minConfidence == 0.4)
        #expect(s.decision.level == "restricted")

        // A ruleset without "tok": it takes no part, and is kept for later.
        let b = try ruleset([employee])
        let without = try b.reclassify(s)
        #expect(without.decision.level == "confidential")
        #expect(without.unmatchedDetectors.map(\.id) == ["tok"])
        let again = try ResultSummary.parse(Array(without.summaryJSON().utf8))
        #expect(again.unmatched.map(\.id) == ["tok"])
        #expect(try a.reclassify(again).decision.level == "restricted")
    }

    @Test func malformedSummariesNameThePointer() throws {
        func error(_ text: String) -> ClassifyError? {
            do { _ = try ResultSummary.parse(Array(text.utf8)); return nil } catch { return error }
        }
        #expect(error("{")?.code == .invalidArgument)
        #expect(error(#"{"schema":"classify.summary/2"}"#)?.code == .version)
        let e = error(#"{"schema":"classify.summary/1","pack":{"id":"p","version":"1.0.0","digest":"d"},"as_of":"2026-01-01","decision":{"level":"public"},"detectors":[{"id":"x","count":1,"max_confidence":2}]}"#)
        #expect(e?.jsonPointer == "/detectors/0/max_confidence")
        let rs = try ruleset([employee])
        let bad = ResultSummary(
            pack: .init(id: "t", version: "1.0.0", digest: "d"), generation: 0, asOf: CivilDate(year: 2026, month: 1, day: 1),
            dataCreated: nil, incompleteReasons: ["no_such_reason"],
            decision: .init(level: "public", levelRank: 0, frameworks: [], confidence: 0, needsReview: false), detectors: [])
        #expect(throws: ClassifyError.self) { try rs.reclassify(bad) }
    }

    /// An incomplete scan names the detectors it cut short, in both strategies; the others
    /// searched everything. A complete scan names none.
    @Test func incompleteScansNameTheirDetectors() throws {
        let rs = try Ruleset.builtin()
        let text = "card 4111 1111 1111 1111, mail jane@example.com, ip 10.1.2.3"
        let full = scanner.scan(text, with: rs)
        #expect(full.isComplete && full.incompleteDetectors.isEmpty)
        let cancelled = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        defer { cancelled.deallocate() }
        cancelled.pointee = 1
        for strategy in [ScanStrategy.prefiltered, .naive] {
            var o = ScanOptions()
            o.strategy = strategy
            o.cancel = CancelFlag(cancelled)
            let r = scanner.scan(text, with: rs, options: o)
            #expect(r.decision.incomplete.contains(.cancelled))
            // Every detector that finds something in a full scan was cut short.
            #expect(Set(full.findings.map(\.detectorIndex)).isSubset(of: Set(r.incompleteDetectors)), "\(strategy)")
            #expect(r.incompleteDetectors == r.incompleteDetectors.sorted())
        }
        var o = ScanOptions()
        o.maxFindings = 1
        let capped = scanner.scan(text, with: rs, options: o)
        #expect(capped.incompleteDetectors == Array(Set(full.findings.dropFirst().map(\.detectorIndex))).sorted())
        #expect(capped.json().contains("\"incomplete_detectors\":["))
    }

    @Test func incompleteSummariesStayIncomplete() throws {
        let rs = try ruleset([employee])
        var o = ScanOptions()
        o.maxFindings = 1
        let r = scanner.scan("E-1234567 E-7654321", with: rs, options: o)
        #expect(r.decision.incomplete == .maxFindings)
        let again = try rs.reclassify(try ResultSummary.parse(Array(r.summaryJSON().utf8)))
        #expect(again.decision.incomplete == .maxFindings && again.decision.needsReview)
    }
}

@Suite struct LifecycleTests {
    let scanner = try! Scanner()
    static let day = 86_400 as Int64

    func rules(_ lifecycle: String) throws -> Ruleset {
        try ruleset([employee], extra: #","lifecycle":[\#(lifecycle)]"#)
    }

    func decide(_ rs: Ruleset, _ text: String, asOf: String, created: String?) -> ScanResult.Decision {
        var o = ScanOptions(asOf: CivilDate(iso: asOf)!)
        o.dataCreated = created.map { CivilDate(iso: $0)!.unixSeconds }
        return scanner.scan(text, with: rs, options: o).decision
    }

    @Test func retentionRaisesAfterAnAge() throws {
        let rs = try rules(#"{"id":"retention","categories":["pii"],"older_than":{"years":7},"raise_to":"restricted","review":true}"#)
        let young = decide(rs, "employee id E-1234567", asOf: "2026-01-01", created: "2019-01-02")
        #expect(young.level == "confidential" && young.lifecycle.isEmpty && !young.needsReview)
        let old = decide(rs, "employee id E-1234567", asOf: "2026-01-01", created: "2019-01-01")
        #expect(old.level == "restricted" && old.policyLevelRank == 2 && old.needsReview)
        #expect(old.lifecycle == [.init(rule: "retention", raiseTo: 3, lowerTo: nil, review: true)])
        // Unknown age: a rule on age does not fire. No finding in scope: neither.
        #expect(decide(rs, "employee id E-1234567", asOf: "2026-01-01", created: nil).level == "confidential")
        #expect(decide(rs, "nothing here", asOf: "2026-01-01", created: "1990-01-01").level == "public")
    }

    @Test func declassificationLowersAndRaisingWins() throws {
        let rs = try rules(
            #"{"id":"declassify","older_than":{"years":25},"lower_to":"internal"},{"id":"embargo","detectors":["emp"],"effective_until":"2027-01-01","raise_to":"restricted"}"#)
        let old = decide(rs, "E-1234567", asOf: "2030-06-01", created: "2000-01-01")
        #expect(old.level == "internal" && old.lifecycle.map(\.rule) == ["declassify"])
        // During the embargo both fire: the ceiling applies first, the floor wins.
        let embargoed = decide(rs, "E-1234567", asOf: "2026-06-01", created: "2000-01-01")
        #expect(embargoed.level == "restricted" && embargoed.lifecycle.map(\.rule) == ["declassify", "embargo"])
        // The embargo ends on its effective_until (exclusive).
        #expect(decide(rs, "E-1234567", asOf: "2026-12-31", created: nil).level == "restricted")
        #expect(decide(rs, "E-1234567", asOf: "2027-01-01", created: nil).level == "confidential")
        // An unscoped rule applies without findings too.
        #expect(decide(rs, "nothing", asOf: "2030-06-01", created: "2000-01-01").lifecycle.map(\.rule) == ["declassify"])
    }

    @Test func youngerThanAndCalendarArithmetic() throws {
        let rs = try rules(#"{"id":"fresh","younger_than":{"months":1},"raise_to":"restricted"}"#)
        #expect(decide(rs, "x", asOf: "2024-02-28", created: "2024-01-31").level == "restricted")
        #expect(decide(rs, "x", asOf: "2024-02-29", created: "2024-01-31").level == "public")  // 31 Jan + 1 month = 29 Feb
        #expect(AgeSpan(years: 1).added(to: CivilDate(iso: "2024-02-29")!).description == "2025-02-28")
        #expect(AgeSpan(years: 1, months: 6, days: 3).description == "1 year 6 months 3 days")
    }

    @Test func resultJSONReportsTheRuleThatFired() throws {
        let rs = try rules(#"{"id":"retention","older_than":{"days":30},"raise_to":"restricted"}"#)
        var o = ScanOptions(asOf: CivilDate(iso: "2026-03-01")!)
        o.dataCreated = CivilDate(iso: "2026-01-01")!.unixSeconds
        let json = scanner.scan("E-1234567", with: rs, options: o).json()
        #expect(json.contains(#""data_created":1767225600,"level_before_lifecycle":"confidential","lifecycle":[{"rule":"retention","raise_to":"restricted","review":false}]"#))
        #expect(json.contains(#""generation":0"#))
    }

    @Test func badLifecycleRulesNameThePointer() throws {
        func error(_ rule: String) -> ClassifyError? {
            do { _ = try rules(rule); return nil } catch { return error as? ClassifyError }
        }
        #expect(error(#"{"id":"x","raise_to":"restricted"}"#)?.jsonPointer == "/lifecycle/0")
        #expect(error(#"{"id":"x","older_than":{"years":1}}"#)?.jsonPointer == "/lifecycle/0")
        #expect(error(#"{"id":"x","older_than":{"years":1},"raise_to":"top"}"#)?.jsonPointer == "/lifecycle/0/raise_to")
        #expect(error(#"{"id":"x","older_than":{"weeks":1},"raise_to":"restricted"}"#)?.jsonPointer == "/lifecycle/0/older_than/weeks")
        #expect(error(#"{"id":"x","older_than":{"years":0},"raise_to":"restricted"}"#)?.jsonPointer == "/lifecycle/0/older_than")
        #expect(error(#"{"id":"x","detectors":["nope"],"older_than":{"years":1},"review":true}"#)?.jsonPointer == "/lifecycle/0/detectors/0")
        #expect(error(#"{"id":"x","older_than":{"years":1},"raise_to":"restricted","lower_to":"public"}"#)?.jsonPointer == "/lifecycle/0/lower_to")
    }
}
