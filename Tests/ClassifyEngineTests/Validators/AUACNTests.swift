// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct AUACNTests {
    @Test(arguments: [
        // ASIC published examples.
        "000 000 019", "000 250 000", "005 499 981", "010 499 966", "010749961",
    ])
    func accepts(_ value: String) {
        #expect(Validator.auACN.validate(value), "\(value)")
    }

    @Test(arguments: [
        "000 000 018", "005 499 982", "000 000 000", "00000001", "0000000190", "01O 499 966",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.auACN.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // ASIC published examples.
        "000 000 019", "000 250 000", "005 499 981", "010 499 966", "010749961",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.auACN.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.auACN.name) != nil)
    }
}
