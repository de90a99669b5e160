// SPDX-License-Identifier: Apache-2.0

import Testing
import RulePacks
@testable import ClassifyEngine

/// Column profiles: which entity type each column holds, from counts only.
@Suite struct ColumnProfilerTests {
    let rs = IngestFixtures.rules
    let scanner = try! Scanner()

    /// Rows like a customer export: sensitive columns, and columns that only look alike.
    static func rows(_ n: Int) -> [[RecordField]] {
        let cards = ["4111 1111 1111 1111", "5500 0000 0000 0004", "3400 000000 00009", "4012888888881881"]
        let ibans = ["DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606"]
        let ssns = ["536-22-8726", "401-61-7023", "536228726", "219-09-9999"]
        var rng = IngestFixtures.Rng(state: 5)
        return (0..<n).map { i in
            [
                RecordField("name", ["Jane Doe", "John Smith", "Ana Lima"][i % 3]),
                RecordField("email", "user\(i)@example.com"),
                RecordField("ssn", ssns[i % ssns.count]),
                RecordField("card", cards[i % cards.count]),
                RecordField("iban", ibans[i % ibans.count]),
                RecordField("notes", i % 10 == 0 ? "call back, mail jane@example.org" : "no issue"),
                RecordField("order_id", "ORD-\(100_000 + rng.below(900_000))"),
                RecordField("amount", "\(rng.below(1000)).\(rng.below(90) + 10)"),
                RecordField("comment", i % 4 == 0 ? "" : "ok"),
            ]
        }
    }

    @Test func predictsEachColumnsType() throws {
        let p = try ColumnProfiler(ruleset: rs)
        for row in ColumnProfilerTests.rows(200) { p.add(row) }
        #expect(p.records == 200)
        let byName = Dictionary(uniqueKeysWithValues: p.profiles().map { ($0.name, $0) })
        #expect(byName["email"]?.type == "EMAIL_ADDRESS")
        #expect(byName["ssn"]?.type == "US_SSN")
        #expect(byName["card"]?.type == "CREDIT_CARD")
        #expect(byName["iban"]?.type == "IBAN_CODE")
        for plain in ["name", "order_id", "amount", "comment"] { #expect(byName[plain]?.type == nil, "\(plain)") }
        // Notes mention an email now and then: seen, not predicted.
        let notes = try #require(byName["notes"])
        #expect(notes.type == nil)
        #expect(notes.types.first?.type == "EMAIL_ADDRESS" && notes.types.first?.share == 0.1)
        #expect(byName["card"]?.levelRank == rs.pack.rank(ofLevel: "restricted"))
        #expect(byName["card"]?.frameworks.contains("PCI_DSS") == true)
        #expect(byName["comment"]?.samples == 200 && byName["comment"]?.nonEmpty == 150)
        #expect(p.profiles().map(\.name) == ["name", "email", "ssn", "card", "iban", "notes", "order_id", "amount", "comment"])
        let doc = p.json()
        #expect(doc.contains(#""schema":"classify.profile/1""#) && doc.contains(#""records":200"#))
        #expect(!doc.contains("example.com") && !doc.contains("4111"))
    }

    @Test func minShareAndMissingColumns() throws {
        let p = try ColumnProfiler(ruleset: rs, minShare: 0.05)
        p.add([RecordField("notes", "mail a@example.org")])
        for _ in 0..<9 { p.add([RecordField("notes", "nothing"), RecordField("extra", "x")]) }
        let byName = Dictionary(uniqueKeysWithValues: p.profiles().map { ($0.name, $0) })
        #expect(byName["notes"]?.type == "EMAIL_ADDRESS")
        #expect(byName["extra"]?.samples == 9)
        #expect(try ColumnProfiler(ruleset: rs, minShare: 7).minShare == ColumnProfiler.defaultMinShare)
    }
}
