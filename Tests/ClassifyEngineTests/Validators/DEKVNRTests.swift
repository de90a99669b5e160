// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct DEKVNRTests {
    @Test(arguments: [
        // gematik test number X110502414 and synthetic numbers with computed check digits.
        "X110502414", "A123456780", "T555444332", "M837462513",
    ])
    func accepts(_ value: String) {
        #expect(Validator.deKVNR.validate(value), "\(value)")
    }

    @Test(arguments: [
        "X110502415", "A123456781", "1123456780", "AA23456780", "A12345678", "X1105024140",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.deKVNR.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // gematik test number X110502414 and synthetic numbers with computed check digits.
        "X110502414", "A123456780", "T555444332", "M837462513",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.deKVNR.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.deKVNR.name) != nil)
    }
}
