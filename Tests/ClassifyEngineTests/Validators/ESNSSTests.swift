// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct ESNSSTests {
    @Test(arguments: ["281234567840", "28/12345678/40", "280123456742", "461690911114", "083567376241"])
    func accepts(_ value: String) {
        #expect(Validator.esNSS.validate(value))
    }

    @Test(arguments: ["281234567841", "280123456741", "001234567840", "280000000000", "28123456784", "2812345678400", ""])
    func rejects(_ value: String) {
        #expect(!Validator.esNSS.validate(value))
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.esNSS.name) != nil)
    }
}
