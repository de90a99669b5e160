// SPDX-License-Identifier: Apache-2.0

import Testing
import RulePacks
@testable import ClassifyEngine

/// Packs are refused when a pattern's work per match attempt explodes on inputs built from
/// its own character classes; every built-in pattern passes.
@Suite struct PatternProbeTests {
    func pack(_ pattern: String) -> [UInt8] {
        let escaped = pattern.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return Array("""
        {"schema":"classify.pack/1","id":"p","version":"1.0.0","detectors":[{"id":"slow","type":"SLOW","category":"pii",
         "patterns":["\(escaped)"],"examples":{"match":["aaaa1 x@y.zz 12345"]}}]}
        """.utf8)
    }

    /// Exponential and quadratic shapes, including look-around shapes of popular PII tools.
    static let catastrophic = [
        #"(a+)+$"#,
        #"(\w+\s?)*$"#,
        #"(a|aa)+$"#,
        #"(?:[a-z0-9]+)*@"#,
        #"\w+\d"#,
        #"(?=(\w+))\1\d"#,
        #"^(?:\s*\w+)+$"#,
        #"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\d"#,
        #"(?:\w+\.)+\w+@"#,
        #"(\d+)*[A-Z]"#,
    ]

    @Test(arguments: catastrophic)
    func catastrophicPatternsAreRefused(pattern: String) throws {
        do {
            _ = try Ruleset(json: pack(pattern), name: "slow.json")
            Issue.record("accepted \(pattern)")
        } catch {
            #expect(error.code == .pattern)
            #expect(error.jsonPointer == "/detectors/0/patterns/0")
            #expect(error.detector == "slow")
            #expect(error.reason.contains("backtracks too much") || error.reason.contains("grows faster"), "\(error)")
        }
    }

    /// Linear but long-bounded shapes that re-read up to their bound from every start: the
    /// PEM shape built-in packs used before, and a bounded e-mail local part.
    static let costly = [
        #"-----BEGIN [A-Z ]{0,40}-----[\s\S]{16,32768}?-----END"#,
        #"[a-z0-9]{1,20000}@"#,
        #"\d{1,30000}x"#,
    ]

    @Test(arguments: costly)
    func costlyPatternsAreRefused(pattern: String) throws {
        do {
            _ = try Ruleset(json: pack(pattern), name: "slow.json")
            Issue.record("accepted \(pattern)")
        } catch {
            #expect(error.code == .pattern)
            #expect(error.detector == "slow")
            #expect(error.reason.contains("ms per MiB") || error.reason.contains("backtracks too much"), "\(error)")
        }
    }

    /// The probes run when a pack is compiled without its examples too, unless turned off.
    @Test func probesDoNotDependOnExamples() throws {
        #expect(throws: ClassifyError.self) {
            _ = try Ruleset(pack: RulePack.load(bytes: pack(#"[a-z0-9]{1,20000}@"#), name: "p"), checkExamples: false, probe: true)
        }
        _ = try Ruleset(pack: RulePack.load(bytes: pack(#"[a-z0-9]{1,20000}@"#), name: "p"), checkExamples: false)
    }

    @Test func everyBuiltinPatternPasses() throws {
        let rs = try Ruleset.builtin(checkExamples: false)
        try rs.probePatterns()
    }
}
