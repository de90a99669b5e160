// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct PLREGONTests {
    @Test(arguments: ["192598184", "123456785", "12345678512347"])
    func accepts(_ value: String) {
        #expect(Validator.plREGON.validate(value))
    }

    @Test(arguments: ["192598183", "12345678612342", "12345678512348", "000000000", "1925981841", ""])
    func rejects(_ value: String) {
        #expect(!Validator.plREGON.validate(value))
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.plREGON.name) != nil)
    }
}
