// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct DEIDDocumentTests {
    @Test(arguments: ["T22000129", "T220001293", "C01X00T47", "C01X00T478", "L01X00T471", "LZ6311T47"])
    func accepts(_ value: String) {
        #expect(Validator.deIDDocument.validate(value))
    }

    @Test(arguments: ["T220001294", "C01X00T479", "A22000129", "T2200012A", "TB2000129", "T00000000", "T2200012", "T2200012934", ""])
    func rejects(_ value: String) {
        #expect(!Validator.deIDDocument.validate(value))
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.deIDDocument.name) != nil)
    }
}
