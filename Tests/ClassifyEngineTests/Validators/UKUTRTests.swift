// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct UKUTRTests {
    @Test(arguments: ["1955839661", "19558 39661", "2234567890", "9345678901"])
    func accepts(_ value: String) {
        #expect(Validator.ukUTR.validate(value))
    }

    @Test(arguments: ["2955839661", "1955839662", "195583966", "19558396610", "1111111111", "ABCDE12345", ""])
    func rejects(_ value: String) {
        #expect(!Validator.ukUTR.validate(value))
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.ukUTR.name) != nil)
    }
}
