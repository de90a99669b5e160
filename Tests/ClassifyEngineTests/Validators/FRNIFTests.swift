// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct FRNIFTests {
    @Test(arguments: ["3023217600053", "30 23 217 600 053", "1982597919190"])
    func accepts(_ value: String) {
        #expect(Validator.frNIF.validate(value))
    }

    @Test(arguments: ["3023217600054", "9701987765432", "070198776543", "0000000000000", "30232176000531", ""])
    func rejects(_ value: String) {
        #expect(!Validator.frNIF.validate(value))
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.frNIF.name) != nil)
    }
}
