// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct PLIDCardTests {
    @Test(arguments: ["ABA300000", "ABA 300000", "CDE374924", "JKL923299"])
    func accepts(_ value: String) {
        #expect(Validator.plIDCard.validate(value))
    }

    @Test(arguments: ["ABA300001", "ABA400000", "AB1300000", "ABA30000", "ABAA300000", "1BA300000", ""])
    func rejects(_ value: String) {
        #expect(!Validator.plIDCard.validate(value))
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.plIDCard.name) != nil)
    }
}
