// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct PTCCTests {
    @Test(arguments: ["107251288ZX8", "10725128 8 ZX8", "107182939ZY8", "165221507ZZ2"])
    func accepts(_ value: String) {
        #expect(Validator.ptCC.validate(value))
    }

    @Test(arguments: ["107251288ZX7", "000000000ZZ4", "107251288Z8", "10725128AZX8", "107251288ZX8A", ""])
    func rejects(_ value: String) {
        #expect(!Validator.ptCC.validate(value))
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.ptCC.name) != nil)
    }
}
