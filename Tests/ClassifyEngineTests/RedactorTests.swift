// SPDX-License-Identifier: Apache-2.0

import Testing
import RulePacks
@testable import ClassifyEngine

/// Redacted copies: modes, precedence of the settings, and nothing left to find.
@Suite struct RedactorTests {
    let rs = IngestFixtures.rules
    let scanner = try! Scanner()

    func redact(_ text: String, _ options: RedactionOptions, ruleset: Ruleset? = nil) throws -> String {
        let rules = ruleset ?? rs
        let redactor = try Redactor(ruleset: rules, options: options)
        let bytes = Array(text.utf8)
        let (_, copy) = bytes.withUnsafeBufferPointer { scanner.redact($0, with: rules, redactor: redactor) }
        return String(decoding: copy, as: UTF8.self)
    }

    let text = "mail jane.doe@example.com, card 4111 1111 1111 1111."

    @Test func modes() throws {
        #expect(try redact(text, RedactionOptions()) == "mail ****************.com, card ***************1111.")
        #expect(try redact(text, RedactionOptions(mode: .type)) == "mail [EMAIL_ADDRESS], card [CREDIT_CARD].")
        #expect(try redact(text, RedactionOptions(mode: .remove)) == "mail , card .")
        #expect(try redact(text, RedactionOptions(mode: .mask, keep: 0)) == "mail ********************, card *******************.")
        let hashed = try redact(text, RedactionOptions(mode: .hash, key: Array("secret".utf8)))
        #expect(hashed.hasPrefix("mail [EMAIL_ADDRESS:") && hashed.contains("], card [CREDIT_CARD:"))
        // The same value and key give the same token; another key another one.
        let token = String(hashed.dropFirst(5).prefix(32))
        #expect(token.count == 32 && token.hasSuffix("]"))
        #expect(try redact("jane.doe@example.com", RedactionOptions(mode: .hash, key: Array("secret".utf8))) == token)
        #expect(try redact("jane.doe@example.com", RedactionOptions(mode: .hash, key: Array("other".utf8))) != token)
    }

    @Test func hashNeedsAKeyAndOptionsAreChecked() throws {
        #expect(throws: ClassifyError.self) { try Redactor(ruleset: rs, options: RedactionOptions(mode: .hash)) }
        var o = RedactionOptions()
        o.maskCharacter = 0xC3
        #expect(throws: ClassifyError.self) { try Redactor(ruleset: rs, options: o) }
        #expect(throws: ClassifyError.self) { try Redactor(ruleset: rs, options: RedactionOptions(keep: 65)) }
    }

    @Test func maskKeepsAtMostHalfAndCountsCharacters() throws {
        let d = #"{"id":"w","type":"WORD","category":"pii","patterns":["x[^ ]+"],"examples":{"match":["xab"]}}"#
        let rules = try IngestFixtures.ruleset([d])
        #expect(try redact("xab", RedactionOptions(), ruleset: rules) == "**b")
        #expect(try redact("xéüñ", RedactionOptions(), ruleset: rules) == "**üñ")
        #expect(try redact("xéüñabcdef", RedactionOptions(keep: 2), ruleset: rules) == "********ef")
        var star = RedactionOptions()
        star.maskCharacter = UInt8(ascii: "#")
        #expect(try redact("x12345678", star, ruleset: rules) == "#####5678")
    }

    @Test func precedenceRuleThenCallThenPackThenMask() throws {
        let d1 = #"{"id":"a","type":"TA","category":"pii","patterns":["\\bA\\d{4}\\b"],"redaction":{"mode":"type"},"examples":{"match":["A1234"]}}"#
        let d2 = #"{"id":"b","type":"TB","category":"pii","patterns":["\\bB\\d{4}\\b"],"redaction":{"mode":"mask","keep":1},"examples":{"match":["B1234"]}}"#
        let d3 = #"{"id":"c","type":"TB","category":"pii","patterns":["\\bC\\d{4}\\b"],"examples":{"match":["C1234"]}}"#
        let rules = try IngestFixtures.ruleset([d1, d2, d3])
        let t = "A1234 B1234 C1234"
        #expect(try redact(t, RedactionOptions(), ruleset: rules) == "[TA] ****4 ***34")
        #expect(try redact(t, RedactionOptions(mode: .remove), ruleset: rules) == "  ")
        var o = RedactionOptions(mode: .remove)
        o.overrides["TB"] = RedactionRule(mode: .type)
        o.overrides["c"] = RedactionRule(mode: .mask, keep: 0)
        #expect(try redact(t, o, ruleset: rules) == " [TB] *****")
        // A rule that sets only keep takes the mode from further down the line.
        var k = RedactionOptions()
        k.overrides["b"] = RedactionRule(keep: 2)
        #expect(try redact(t, k, ruleset: rules) == "[TA] ***34 ***34")
    }

    @Test func packRedactionIsValidated() throws {
        let bad = #"{"id":"a","type":"TA","category":"pii","patterns":["A\\d"],"redaction":{"mode":"blur"},"examples":{"match":["A1"]}}"#
        #expect(throws: ClassifyError.self) { try IngestFixtures.ruleset([bad]) }
        let keep = #"{"id":"a","type":"TA","category":"pii","patterns":["A\\d"],"redaction":{"mode":"type","keep":2},"examples":{"match":["A1"]}}"#
        do {
            _ = try IngestFixtures.ruleset([keep])
            Issue.record("keep with type was accepted")
        } catch {
            #expect(error.jsonPointer == "/detectors/0/redaction/keep")
        }
    }

    @Test(arguments: [RedactionMode.mask, .type, .hash, .remove])
    func redactedCorpusHasNothingLeftAtOrAboveInternal(mode: RedactionMode) throws {
        let data = IngestFixtures.document(seed: 31, size: 60_000)
        let before = scanner.scan(data, with: rs)
        #expect(before.findings.contains { $0.levelRank >= 1 })
        let redactor = try Redactor(ruleset: rs, options: RedactionOptions(mode: mode, key: Array("k".utf8)))
        var copy = data
        copy = copy.withUnsafeBufferPointer { scanner.redact($0, with: rs, redactor: redactor) }.redacted
        let after = scanner.scan(copy, with: rs)
        let left = after.findings.filter { $0.levelRank >= 1 }.map { rs.detectorSpecs[$0.detectorIndex].id }
        #expect(left.isEmpty, "\(mode): \(left)")
    }
}
