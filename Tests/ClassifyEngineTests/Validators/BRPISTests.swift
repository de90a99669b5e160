// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct BRPISTests {
    @Test(arguments: ["10794985383", "107.94985.38-3", "19952576229", "11243320502"])
    func accepts(_ value: String) {
        #expect(Validator.brPIS.validate(value))
    }

    @Test(arguments: ["10794985384", "11111111111", "1079498538", "107949853830", ""])
    func rejects(_ value: String) {
        #expect(!Validator.brPIS.validate(value))
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.brPIS.name) != nil)
    }
}
