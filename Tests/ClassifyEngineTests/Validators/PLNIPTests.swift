// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct PLNIPTests {
    @Test(arguments: ["8567346215", "856-734-62-15", "856-73-46-215", "1234563218"])
    func accepts(_ value: String) {
        #expect(Validator.plNIP.validate(value))
    }

    @Test(arguments: ["8567346216", "0567346215", "856734621", "85673462150", "1234563217", ""])
    func rejects(_ value: String) {
        #expect(!Validator.plNIP.validate(value))
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.plNIP.name) != nil)
    }
}
