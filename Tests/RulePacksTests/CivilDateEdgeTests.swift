// SPDX-License-Identifier: Apache-2.0
// CivilDate(unixSeconds:) is reached with any int64 a C caller puts in
// classify_scan_options.as_of: it must not trap (an overflow trap kills the host process).
// Found by the "api" fuzz target once its as_of covered the whole int64 range; inputs in
// tests/fuzz-regressions/api/.

import Testing
@testable import RulePacks

@Suite struct CivilDateEdgeTests {
    @Test(arguments: [
        Int64.min, Int64.min + 1, Int64.min + 86_399, Int64.min + 86_400, -9_223_372_036_854_700_000,
        -86_401, -86_400, -86_399, -1, 0, 1, 86_399, 86_400, Int64.max - 1, Int64.max,
    ])
    func everyInt64IsADayWithRepresentableSeconds(seconds: Int64) {
        let d = CivilDate(unixSeconds: seconds)
        let back = d.unixSeconds  // must not overflow either
        _ = d.description
        if seconds > Int64.min / 2 && seconds < Int64.max / 2 {
            // Floor division: the day starts at or before the instant, less than a day before.
            #expect(back <= seconds && seconds - back < 86_400)
        }
    }

    @Test func floorDivisionAroundTheEpoch() {
        #expect(CivilDate(unixSeconds: -1).description == "1969-12-31")
        #expect(CivilDate(unixSeconds: -86_400).description == "1969-12-31")
        #expect(CivilDate(unixSeconds: -86_401).description == "1969-12-30")
        #expect(CivilDate(unixSeconds: 0).description == "1970-01-01")
        #expect(CivilDate(unixSeconds: 86_399).description == "1970-01-01")
    }
}
