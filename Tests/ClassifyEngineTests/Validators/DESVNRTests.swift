// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct DESVNRTests {
    @Test(arguments: ["15070649C103", "15 070649 C 103", "65151197S832", "12151167M701", "25081256A077"])
    func accepts(_ value: String) {
        #expect(Validator.deSVNR.validate(value))
    }

    @Test(arguments: ["15070649C104", "15070649D103", "15320649C103", "15071349C103", "00070649C103", "95070649C103", "150706493103", "15070649C10", ""])
    func rejects(_ value: String) {
        #expect(!Validator.deSVNR.validate(value))
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.deSVNR.name) != nil)
    }
}
