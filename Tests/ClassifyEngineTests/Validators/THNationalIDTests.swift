// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct THNationalIDTests {
    @Test(arguments: [
        // Synthetic numbers with computed check digits.
        "1101700230708", "1-1017-00230-70-8", "3100500123458",
    ])
    func accepts(_ value: String) {
        #expect(Validator.thNationalID.validate(value), "\(value)")
    }

    @Test(arguments: [
        "1101700230709", "0101700230708", "9101700230705", "110170023070", "3100500123459",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.thNationalID.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // Synthetic numbers with computed check digits.
        "1101700230708", "1-1017-00230-70-8", "3100500123458",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.thNationalID.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.thNationalID.name) != nil)
    }
}
