// SPDX-License-Identifier: Apache-2.0

import Testing
import RulePacks
@testable import ClassifyEngine

/// Keywords count on the value's own line (or the line before, for a value that starts its
/// line), and a CSV/TSV column header counts for every cell below it.
@Suite struct LineContextTests {
    let scanner = try! Scanner()
    let acct = #"{"id":"acct","type":"ACCOUNT","category":"financial","patterns":["(?<![\\w-])\\d{8}(?![\\w-])"],"keywords":["account number"],"negative_keywords":["order"],"keyword_required":true,"examples":{"match":["account number 12345678"],"no_match":["order 12345678"]}}"#

    @Test func keywordOnThePreviousLogLineDoesNotCount() throws {
        let rs = try ruleset([acct])
        #expect(scanner.scan("account number: see below\nrequest 12345678 done", with: rs).findings.isEmpty)
        #expect(scanner.scan("account number:\n  12345678", with: rs).findings.count == 1)
        #expect(scanner.scan("account number: 12345678", with: rs).findings.count == 1)
        #expect(scanner.scan("bank:\n  account number:\n    holder: x\n    id: 12345678", with: rs).findings.count == 1)
    }

    @Test(arguments: [",", "\t", ";", "|"])
    func columnHeaderIsContext(delimiter: String) throws {
        let rs = try ruleset([acct])
        let d = delimiter
        let csv = "name\(d)account_number\(d)order\n\"Doe, Jane\"\(d)12345678\(d)87654321\nJoe\(d)11112222\(d)22223333\n"
        let r = scanner.scan(csv, with: rs)
        let values = r.findings.map { Array(csv.utf8)[$0.start..<$0.end] }.map { String(decoding: $0, as: UTF8.self) }
        #expect(values == ["12345678", "11112222"])
        #expect(r.findings.allSatisfy { $0.explanation.keyword == "account number" })
    }

    @Test func prefilteredAndNaiveAgreeOnTables() throws {
        let rs = try ruleset([acct])
        let csv = "id,accountNumber\n" + (0..<200).map { "\($0),\(10_000_000 + $0 * 7)" }.joined(separator: "\n")
        var naive = ScanOptions()
        naive.strategy = .naive
        let a = scanner.scan(csv, with: rs, options: naive)
        let b = scanner.scan(csv, with: rs)
        #expect(a.findings.count == 200)
        #expect(a.findings == b.findings)
    }

    @Test func notATable() {
        func header(_ s: String) -> TableHeader? { Array(s.utf8).withUnsafeBufferPointer { TableHeader($0) } }
        #expect(header("a,b\n1,2\n") != nil)
        #expect(header("Hello, world.\nThis is prose\n") == nil)
        #expect(header("12,34\n56,78\n") == nil)
        #expect(header("single line, no newline") == nil)
        #expect(header("{\"ts\":\"2025\",\"msg\":\"a\"}\n{\"ts\":\"2026\",\"msg\":\"b\"}\n") == nil)
        #expect(header("2025-01-01 10:00:00,INFO,started\n2025-01-01 10:00:01,INFO,ok\n") == nil)
    }
}
