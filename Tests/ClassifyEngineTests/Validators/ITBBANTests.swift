// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct ITBBANTests {
    @Test(arguments: [
        // The BBAN of the sample IBAN IT60 X054 2811 1010 0000 0123 456.
        "X0542811101000000123456", "X 05428 11101 000000123456",
    ])
    func accepts(_ value: String) {
        #expect(Validator.itBBAN.validate(value), "\(value)")
    }

    @Test(arguments: [
        "Y0542811101000000123456", "X0542811101000000123457", "0542811101000000123456",
        "X05428111010000001234567", "X0542811101000000000000",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.itBBAN.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // The BBAN of the sample IBAN IT60 X054 2811 1010 0000 0123 456.
        "X0542811101000000123456", "X 05428 11101 000000123456",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.itBBAN.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.itBBAN.name) != nil)
    }
}
