// SPDX-License-Identifier: Apache-2.0

import Testing
import RulePacks
@testable import ClassifyEngine

/// Builds a ruleset from detector JSON objects (and optional policies), examples checked.
func ruleset(_ detectors: [String], policies: String = "", extra: String = "") throws(ClassifyError) -> Ruleset {
    let text = """
    {"schema":"classify.pack/1","id":"t","version":"1.0.0",
     "frameworks":[{"id":"PCI_DSS"},{"id":"GDPR"},{"id":"CPRA"}],
     "review":{"confidence_below":0.6}\(extra),
     "detectors":[\(detectors.joined(separator: ","))]\(policies.isEmpty ? "" : ",\"policies\":[\(policies)]")}
    """
    return try Ruleset(json: Array(text.utf8), name: "t")
}

let employee = #"{"id":"emp","type":"EMPLOYEE_ID","category":"pii","patterns":["\\bE-\\d{7}\\b"],"confidence":0.4,"keywords":["employee id","staff"],"max_distance":20,"keyword_confidence":0.9,"level":"confidential","frameworks":["GDPR"],"examples":{"match":["E-1234567"],"no_match":["E-123456"]}}"#

@Suite struct ScannerTests {
    let scanner = try! Scanner()

    @Test func keywordProximityRaisesConfidence() throws {
        let rs = try ruleset([employee])
        var r = scanner.scan("E-1234567", with: rs)
        #expect(r.findings.count == 1)
        #expect(r.findings[0].confidence == 0.4)
        #expect(r.findings[0].explanation.keyword == nil)
        #expect(r.decision.needsReview)  // 0.4 < 0.6
        for text in ["employee id: E-1234567", "employeeId=E-1234567", "EMPLOYEE_ID,E-1234567", "\"employee-id\": \"E-1234567\"", "Staff E-1234567"] {
            r = scanner.scan(text, with: rs)
            #expect(r.findings.first?.confidence == 0.9, "\(text)")
            #expect(r.findings.first?.explanation.keyword != nil, "\(text)")
        }
        // Too far away, and part of another word.
        r = scanner.scan("employee id is listed in the table below: E-1234567", with: rs)
        #expect(r.findings.first?.confidence == 0.4)
        r = scanner.scan("nonstaff E-1234567", with: rs)
        #expect(r.findings.first?.confidence == 0.4)
    }

    @Test func keywordRequiredGates() throws {
        let d = #"{"id":"acct","type":"ACCOUNT","category":"financial","patterns":["\\b\\d{8}\\b"],"keywords":["account number"],"keyword_required":true,"examples":{"match":["account number 12345678"],"no_match":["order 12345678"]}}"#
        let rs = try ruleset([d])
        #expect(scanner.scan("order 12345678", with: rs).findings.isEmpty)
        #expect(scanner.scan("accountNumber: 12345678", with: rs).findings.count == 1)
        #expect(scanner.scan("ACCOUNT_NUMBER=12345678", with: rs).findings.count == 1)
    }

    @Test func ignoreWordsAndNegativeKeywords() throws {
        let d = #"{"id":"k","type":"KEY","category":"credential","patterns":["\\bK[A-Z0-9]{10}\\b"],"ignore_words":["example"],"negative_keywords":["sample"],"negative_distance":10,"examples":{"match":["KAB12CD34EF"],"no_match":["KEXAMPLE123","sample: KAB12CD34EF"]}}"#
        let rs = try ruleset([d])
        #expect(scanner.scan("KEXAMPLE123", with: rs).findings.isEmpty)
        #expect(scanner.scan("sample KAB12CD34EF", with: rs).findings.isEmpty)
        #expect(scanner.scan("sample data follows here: KAB12CD34EF", with: rs).findings.count == 1)
    }

    @Test func valueGroupSetsTheSpan() throws {
        let d = #"{"id":"pw","type":"PASSWORD","category":"credential","patterns":["password=(?<value>[^\\s]{6,64})"],"examples":{"match":["password=hunter22"]}}"#
        let rs = try ruleset([d])
        let text = "x password=s3cr3t!! y"
        let r = scanner.scan(text, with: rs)
        let f = try #require(r.findings.first)
        #expect(Array(Array(text.utf8)[f.start..<f.end]) == Array("s3cr3t!!".utf8))
    }

    @Test func validatorRejects() throws {
        let d = #"{"id":"cc","type":"CREDIT_CARD","category":"financial","patterns":["\\b\\d{16}\\b"],"validator":"luhn","examples":{"match":["4111111111111111"],"no_match":["4111111111111112"]}}"#
        let rs = try ruleset([d])
        let r = scanner.scan("4111111111111112 4111111111111111", with: rs)
        #expect(r.findings.map(\.start) == [17])
        #expect(r.findings[0].explanation.validator == "luhn")
    }

    @Test func unknownValidatorIsAPackError() throws {
        let d = #"{"id":"cc","type":"CREDIT_CARD","category":"financial","patterns":["\\d"],"validator":"lunh","examples":{"match":["1"]}}"#
        do {
            _ = try ruleset([d])
            Issue.record("expected an error")
        } catch {
            #expect(error.jsonPointer == "/detectors/0/validator")
            #expect(error.reason.contains("luhn"))
        }
    }

    @Test func brokenPatternNamesPointerAndOffset() throws {
        let d = #"{"id":"x","type":"X","category":"pii","patterns":["ok","a(b"],"examples":{"match":["ok"]}}"#
        do {
            _ = try ruleset([d])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .pattern)
            #expect(error.jsonPointer == "/detectors/0/patterns/1")
            #expect(error.patternOffset == 3)
            #expect(error.detector == "x")
        }
    }

    @Test func failingExamplesAreReported() throws {
        let d = #"{"id":"x","type":"X","category":"pii","patterns":["\\bab\\b"],"examples":{"match":["ab","abc"],"no_match":["x ab"]}}"#
        do {
            _ = try ruleset([d])
            Issue.record("expected an error")
        } catch {
            #expect(error.jsonPointer == "/detectors/0/examples/match/1")
        }
        let text = #"{"schema":"classify.pack/1","id":"t","version":"1.0.0","detectors":[\#(d)]}"#
        let rs = try Ruleset(json: Array(text.utf8), name: "t", checkExamples: false)
        #expect(rs.exampleFailures().map(\.error.jsonPointer) == ["/detectors/0/examples/match/1", "/detectors/0/examples/no_match/0"])
    }

    /// Overlaps: higher confidence wins, then higher level, then longer, then earlier detector.
    @Test func overlapRule() throws {
        func det(_ id: String, _ pattern: String, _ conf: Double, _ level: String) -> String {
            #"{"id":"\#(id)","type":"\#(id.uppercased())","category":"pii","patterns":["\#(pattern)"],"confidence":\#(conf),"level":"\#(level)","examples":{"match":["abcdef"]}}"#
        }
        var rs = try ruleset([det("a", "abc", 0.5, "internal"), det("b", "bcdef", 0.7, "internal")])
        #expect(scanner.scan("abcdef", with: rs).findings.map(\.detectorIndex) == [1])
        rs = try ruleset([det("a", "abc", 0.5, "internal"), det("b", "bcdef", 0.5, "restricted")])
        #expect(scanner.scan("abcdef", with: rs).findings.map(\.detectorIndex) == [1])
        rs = try ruleset([det("a", "abc", 0.5, "internal"), det("b", "bcdef", 0.5, "internal")])
        #expect(scanner.scan("abcdef", with: rs).findings.map(\.detectorIndex) == [1])
        rs = try ruleset([det("a", "abc", 0.5, "internal"), det("b", "def", 0.5, "internal"), det("c", "bcd", 0.5, "internal")])
        let r = scanner.scan("abcdef", with: rs)
        #expect(r.findings.map(\.detectorIndex) == [0, 1])
        #expect(r.findings.map(\.start) == [0, 3])
    }

    @Test func decisionUsesPoliciesInForceOnTheDate() throws {
        let geo = #"{"id":"geo","type":"GPS","category":"pii","patterns":["\\b\\d{2}\\.\\d{4},\\s?-?\\d{2,3}\\.\\d{4}\\b"],"confidence":0.9,"level":"internal","examples":{"match":["37.7749, -122.4194"]}}"#
        let policies = """
        {"id":"cpra","detectors":["geo"],"level":"restricted","frameworks":["CPRA"],"effective_from":"2027-01-01","effective_until":"2030-01-01"},
        {"id":"gdpr","categories":["pii"],"frameworks":["GDPR"]}
        """
        let rs = try ruleset([geo, employee], policies: policies)
        let text = "at 37.7749, -122.4194 by staff E-1234567"
        func decide(_ day: String) -> ScanResult.Decision {
            scanner.scan(text, with: rs, options: ScanOptions(asOf: CivilDate(iso: day))).decision
        }
        #expect(decide("2026-12-31").level == "confidential")
        #expect(decide("2026-12-31").frameworks == ["GDPR"])
        #expect(decide("2027-01-01").level == "restricted")
        #expect(decide("2027-01-01").frameworks == ["CPRA", "GDPR"])
        #expect(decide("2029-12-31").level == "restricted")
        #expect(decide("2030-01-01").level == "confidential")
        #expect(decide("2027-01-01").confidence == 0.9)
    }

    @Test func minConfidenceAndMaxFindings() throws {
        let rs = try ruleset([employee])
        let text = "E-1234567 staff E-7654321, then some other words E-1111111"
        #expect(scanner.scan(text, with: rs, options: ScanOptions(minConfidence: 0.5)).findings.count == 1)
        var o = ScanOptions()
        o.maxFindings = 2
        let r = scanner.scan(text, with: rs, options: o)
        #expect(r.findings.count == 2)
        #expect(r.decision.incomplete.contains(.maxFindings))
        #expect(!r.isComplete && r.decision.needsReview)
    }

    @Test func emptyAndBinaryInput() throws {
        let rs = try Ruleset.builtin()
        #expect(scanner.scan([UInt8](), with: rs).findings.isEmpty)
        #expect(scanner.scan([UInt8](), with: rs).decision.level == "public")
        var bytes = [UInt8](repeating: 0, count: 10_000)
        var x: UInt32 = 12345
        for i in bytes.indices { x = x &* 1_103_515_245 &+ 12345; bytes[i] = UInt8(truncatingIfNeeded: x >> 16) }
        _ = scanner.scan(bytes, with: rs)
    }

    @Test func resultJSONHasNoValues() throws {
        let rs = try Ruleset.builtin("core")
        let r = scanner.scan("card 4111 1111 1111 1111 mail a@example.com", with: rs)
        let json = r.json()
        #expect(json.contains("\"schema\":\"classify.result/1\""))
        #expect(json.contains("\"type\":\"CREDIT_CARD\""))
        #expect(!json.contains("4111") && !json.contains("a@example"))
    }
}

@Suite struct WordTokenizerTests {
    func words(_ s: String) -> [String] {
        Array(s.utf8).withUnsafeBufferPointer { b in
            WordTokenizer.words(b, 0..<b.count).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    @Test func splitsFieldNameStyles() {
        #expect(words("customerSSN") == ["customer", "ssn"])
        #expect(words("SSNNumber") == ["ssn", "number"])
        #expect(words("social_security_number") == ["social", "security", "number"])
        #expect(words("Social-Security.Number") == ["social", "security", "number"])
        #expect(words("dob2") == ["dob", "2"])
        #expect(words("número de teléfono") == ["n\u{FA}mero", "de", "tel\u{E9}fono"].map { $0.lowercased() })
    }
}
