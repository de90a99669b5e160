// SPDX-License-Identifier: Apache-2.0

import RulePacks
import Testing

@testable import ClassifyEngine

/// A decision's frameworks are the sorted union of its detectors' frameworks and those of
/// the policies in force: united as bits for packs of up to 64 frameworks
/// (`FrameworkIndex`), as names beyond. Both ways must agree.
@Suite struct DecisionFrameworkTests {
    static func name(_ i: Int) -> String { (i < 10 ? "F0" : "F") + String(i) }

    /// A pack of `count` frameworks F00, F01, ...: detector d<i> (i < 4) names every F<j>
    /// with j % 4 == i, and a policy in force from 2030 adds F<count-1> to d0.
    static func pack(frameworks count: Int) throws(ClassifyError) -> Ruleset {
        let names = (0..<count).map(name)
        let detectors = (0..<4).map { i in
            #"{"id":"d\#(i)","type":"T\#(i)","category":"pii","patterns":["\\bQ\#(i)-\\d{6}\\b"],"level":"confidential","#
                + #""frameworks":[\#(names.indices.filter { $0 % 4 == i }.map { "\"\(names[$0])\"" }.joined(separator: ","))],"#
                + #""examples":{"match":["Q\#(i)-123456"]}}"#
        }
        let text = """
            {"schema":"classify.pack/1","id":"fw","version":"1.0.0",
             "frameworks":[\(names.map { #"{"id":"\#($0)"}"# }.joined(separator: ","))],
             "detectors":[\(detectors.joined(separator: ","))],
             "policies":[{"id":"late","detectors":["d0"],"frameworks":["\(names[count - 1])"],"effective_from":"2030-01-01"}]}
            """
        return try Ruleset(json: Array(text.utf8), name: "fw")
    }

    @Test(arguments: [12, 64, 65, 80])
    func unionIsSortedAndComplete(frameworks count: Int) throws {
        let rs = try Self.pack(frameworks: count)
        #expect(rs.frameworkIndex.usable == (count <= 64))
        let scanner = try Scanner()
        let text = "Q2-123456 and Q0-654321"
        for (year, late) in [(2029, false), (2031, true)] {
            let options = ScanOptions(asOf: CivilDate(year: year, month: 6, day: 1))
            let r = scanner.scan(text, with: rs, options: options)
            var expected = Set(rs.detectorSpecs[0].frameworks + rs.detectorSpecs[2].frameworks)
            if late { expected.insert(Self.name(count - 1)) }
            #expect(r.decision.frameworks == expected.sorted(), "\(count) frameworks, \(year)")
            // Scanned again (the union is now looked up): the same.
            #expect(scanner.scan(text, with: rs, options: options).decision.frameworks == expected.sorted())
        }
        #expect(scanner.scan("nothing here", with: rs).decision.frameworks.isEmpty)
    }
}
