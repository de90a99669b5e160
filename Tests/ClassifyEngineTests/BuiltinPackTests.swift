// SPDX-License-Identifier: Apache-2.0

import Testing
import RulePacks
@testable import ClassifyEngine

/// Every example of every built-in detector holds, and the default ruleset opens.
@Suite struct BuiltinPackTests {
    @Test(arguments: BuiltinPacks.names)
    func examplesHold(pack name: String) throws {
        let rs = try Ruleset(pack: BuiltinPacks.load(name), checkExamples: false)
        let failures = rs.exampleFailures()
        #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
    }

    @Test func defaultRulesetOpens() throws {
        let rs = try Ruleset.builtin()
        #expect(rs.id == "default" || BuiltinPacks.names.count == 1)
        #expect(rs.detectorCount >= 15)
    }

    @Test func everyDetectorHasThreeExamplesEachWay() throws {
        for name in BuiltinPacks.names {
            let pack = try BuiltinPacks.load(name)
            for d in pack.detectors {
                #expect(d.examples.match.count >= 3, "\(name)/\(d.id) has \(d.examples.match.count) match examples")
                #expect(d.examples.noMatch.count >= 3, "\(name)/\(d.id) has \(d.examples.noMatch.count) no_match examples")
            }
        }
    }
}
