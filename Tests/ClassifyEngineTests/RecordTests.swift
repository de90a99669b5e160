// SPDX-License-Identifier: Apache-2.0

import Testing
import RulePacks
@testable import ClassifyEngine

/// Records: a field's name or path is context for its value.
@Suite struct RecordTests {
    let rs = IngestFixtures.rules
    let scanner = try! Scanner()

    func types(_ r: RecordResult) -> [String] { r.findings.map { rs.detectorSpecs[$0.detectorIndex].type } }

    @Test func fieldNameIsAKeyword() throws {
        // Nine bare digits are an SSN only next to an SSN keyword: here the field's path.
        #expect(scanner.scan("536228726", with: rs).findings.isEmpty)
        let r = scanner.scanRecord([RecordField("customer.ssn", "536228726")], with: rs)
        #expect(types(r) == ["US_SSN"])
        #expect(r.findings.first?.start == 0 && r.findings.first?.end == 9)
        #expect(r.fields == [0])
        #expect(r.findings.first?.explanation.keyword == "ssn")
        #expect(r.decision.level == "restricted")
        // camelCase and snake_case paths are split into words too.
        for path in ["customerSSN", "person.social_security_number", "rows[3].socialSecurityNumber"] {
            #expect(types(scanner.scanRecord([RecordField(path, "536228726")], with: rs)) == ["US_SSN"], "\(path)")
        }
        // Another name is no keyword.
        #expect(scanner.scanRecord([RecordField("order_id", "536228726")], with: rs).findings.isEmpty)
    }

    @Test func fieldNameIsANegativeKeyword() throws {
        #expect(types(scanner.scanRecord([RecordField("client.ip", "203.0.113.7")], with: rs)) == ["IP_ADDRESS"])
        #expect(scanner.scanRecord([RecordField("build.version", "10.2.3.4")], with: rs).findings.isEmpty)
    }

    @Test func findingsStayInTheirFieldAndNamesDoNotLeak() throws {
        let r = scanner.scanRecord(
            [
                RecordField("ssn", "n/a"), RecordField("order", "536228726"),
                RecordField("email", "write to jane.doe@example.com"), RecordField("card", "4111 1111 1111 1111"),
            ], with: rs)
        // "ssn" names the first field only: the second field's nine digits are no SSN.
        #expect(types(r) == ["EMAIL_ADDRESS", "CREDIT_CARD"])
        #expect(r.fields == [2, 3])
        #expect(r.findings[0].start == 9 && r.findings[0].end == 29)
        #expect(r.findings[1].start == 0 && r.findings[1].end == 19)
        #expect(r.decision.frameworks.contains("PCI_DSS"))
        let doc = r.json(fieldNames: ["ssn", "order", "email", "card"])
        #expect(doc.contains(#""field":"email""#) && doc.contains(#""field":"card""#))
        #expect(!doc.contains("jane.doe"))
    }

    @Test func maxFindingsCountsTheRecord() throws {
        var o = ScanOptions()
        o.maxFindings = 1
        let r = scanner.scanRecord(
            [RecordField("a", "jane@example.com"), RecordField("b", "john@example.com")], with: rs, options: o)
        #expect(r.findings.count == 1 && r.fields == [0])
        #expect(r.decision.incomplete.contains(.maxFindings))
    }

    /// Records scanned in batches give the results of records scanned one by one, and a
    /// field's keywords never reach the next field, even a long way back.
    @Test func batchesGiveTheResultsOfSingleRecords() throws {
        var rng = IngestFixtures.Rng(state: 9)
        let values = ["536228726", "jane@example.com", "4111 1111 1111 1111", "10.2.3.4", "n/a", "", "203.0.113.7"]
        let names = ["ssn", "email", "version", "note", "client_ip", "customerSSN"]
        let records: [[RecordField]] = (0..<150).map { _ in
            (0..<(1 + rng.below(5))).map { _ in RecordField(names[rng.below(names.count)], values[rng.below(values.count)]) }
        }
        let batched = scanner.scanRecords(records, with: rs)
        #expect(batched.count == records.count)
        var total = 0
        for (record, r) in zip(records, batched) {
            let single = scanner.scanRecord(record, with: rs)
            #expect(r.findings == single.findings)
            #expect(r.fields == single.fields)
            #expect(r.decision == single.decision)
            total += r.findings.count
        }
        #expect(total > 50)
        // A keyword as far back as a detector looks does not leak into the next field.
        let far = String(repeating: "x ", count: 200) + "ssn"
        #expect(scanner.scanRecord([RecordField("note", far), RecordField("id", "536228726")], with: rs).findings.isEmpty)
    }

    @Test func redactRecordChangesValuesOnly() throws {
        let redactor = try Redactor(ruleset: rs, options: RedactionOptions(mode: .type))
        let (r, values) = scanner.redactRecord(
            [RecordField("customer.ssn", "536228726"), RecordField("name", "Jane"), RecordField("note", "mail jane@example.com now")],
            with: rs, redactor: redactor)
        #expect(types(r) == ["US_SSN", "EMAIL_ADDRESS"])
        #expect(values.count == 3)
        #expect(values[0] == Array("[US_SSN]".utf8))
        #expect(values[1] == nil)
        #expect(values[2] == Array("mail [EMAIL_ADDRESS] now".utf8))
    }

    @Test func emptyRecordAndBinaryValues() throws {
        let r = scanner.scanRecord([], with: rs)
        #expect(r.findings.isEmpty && r.decision.levelRank == 0)
        let b = scanner.scanRecord([RecordField(name: [0xFF, 0], value: [0, 0xC3, 0x28, 0xFF])], with: rs)
        #expect(b.findings.isEmpty)
    }
}
