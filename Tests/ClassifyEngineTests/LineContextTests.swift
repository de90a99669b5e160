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

    /// The header field of the column of `pos`, found from scratch: back to the start of
    /// its row, then the unquoted delimiters up to it.
    static func referenceField(_ h: TableHeader, _ s: UnsafeBufferPointer<UInt8>, at pos: Int) -> Range<Int>? {
        guard pos > h.end else { return nil }
        var lineStart = pos
        let floor = max(h.end + 1, pos - TableHeader.maxHeaderBytes * 4)
        while lineStart > floor, s[lineStart - 1] != 0x0A { lineStart -= 1 }
        guard lineStart == h.end + 1 || s[lineStart - 1] == 0x0A else { return nil }
        let column = TableHeader.count(h.delimiter, in: s, lineStart..<pos)
        return column < h.fieldCount ? TableHeader.field(column, delimiter: h.delimiter, s, headerEnd: h.end) : nil
    }

    /// The cursor that finds the column of each candidate (`TableColumns`) answers as the
    /// search from scratch does, for positions asked in runs of increasing order and out of
    /// order, in rows with quoted delimiters, quotes over line breaks, empty rows, and rows
    /// longer than the header search reaches.
    @Test func columnCursorAgreesWithTheHeader() throws {
        var rng = PrefilterEquivalenceTests.Rng(state: 77)
        let cells = ["a", "12345678", "\"x,y\"", "\"open", "close\"", "", "b;c", "long" + String(repeating: "z", count: 300)]
        for round in 0..<40 {
            var text = "name,account number,order,notes\nJane,12345678,9,hi\n"
            for _ in 0..<(5 + rng.below(40)) {
                let fields = (0..<(1 + rng.below(6))).map { _ in cells[rng.below(cells.count)] }
                text += fields.joined(separator: ",") + (rng.below(9) == 0 ? "\n\n" : "\n")
            }
            if round % 10 == 0 { text += String(repeating: "q", count: 70_000) + ",tail" }
            let bytes = Array(text.utf8)
            try bytes.withUnsafeBufferPointer { s in
                let header = try #require(TableHeader(s))
                var cursor = TableColumns()
                cursor.reset(header, s)
                var positions: [Int] = []
                for _ in 0..<6 {
                    var p = rng.below(s.count)
                    for _ in 0..<(1 + rng.below(30)) where p < s.count {
                        positions.append(p)
                        p += 1 + rng.below(rng.below(4) == 0 ? 400 : 20)
                    }
                }
                positions += [0, header.end, header.end + 1, s.count - 1]
                for p in positions {
                    #expect(cursor.field(s, at: p)?.field == LineContextTests.referenceField(header, s, at: p), "round \(round) at \(p)")
                }
            }
        }
    }
}
