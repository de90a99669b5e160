// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct TWNationalIDTests {
    @Test(arguments: [
        // The common sample A123456789, and synthetic numbers with computed check digits.
        "A123456789", "B223456782", "F131002576", "A800000014",
    ])
    func accepts(_ value: String) {
        #expect(Validator.twNationalID.validate(value), "\(value)")
    }

    @Test(arguments: [
        "A123456788", "A323456789", "a12345678", "1123456789", "AB23456789", "B223456783",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.twNationalID.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // The common sample A123456789, and synthetic numbers with computed check digits.
        "A123456789", "B223456782", "F131002576", "A800000014",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.twNationalID.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.twNationalID.name) != nil)
    }
}
