// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct HKHKIDTests {
    @Test(arguments: [
        // Widely published sample numbers and synthetic ones with computed check digits.
        "A123456(3)", "A1234563", "G123456(A)", "C668668(9)", "AB987654(3)", "XA000000(8)",
    ])
    func accepts(_ value: String) {
        #expect(Validator.hkHKID.validate(value), "\(value)")
    }

    @Test(arguments: [
        "A123456(4)", "G123456(0)", "AB987654(4)", "1123456(3)", "A12345(3)", "ABC123456(3)", "A123456[3]",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.hkHKID.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // Widely published sample numbers and synthetic ones with computed check digits.
        "A123456(3)", "A1234563", "G123456(A)", "C668668(9)", "AB987654(3)", "XA000000(8)",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.hkHKID.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.hkHKID.name) != nil)
    }
}
