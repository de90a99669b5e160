// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct BRCNHTests {
    @Test(arguments: ["58316794534", "63693715654", "82551162635", "79363960192"])
    func accepts(_ value: String) {
        #expect(Validator.brCNH.validate(value))
    }

    @Test(arguments: ["58316794535", "58316794524", "11111111111", "5831679453", "583167945345", ""])
    func rejects(_ value: String) {
        #expect(!Validator.brCNH.validate(value))
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.brCNH.name) != nil)
    }
}
