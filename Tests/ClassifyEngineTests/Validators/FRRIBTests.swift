// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct FRRIBTests {
    @Test(arguments: [
        // The sample RIB of the French banking documentation, and its unspaced form.
        "30002 00550 0000157845Z 02", "30002005500000157845Z02",
    ])
    func accepts(_ value: String) {
        #expect(Validator.frRIB.validate(value), "\(value)")
    }

    @Test(arguments: [
        "30002 00550 0000157845Z 03", "30002 00550 0000157846Z 02", "30002 00550 00000000000 97",
        "3000200550000015784502", "30002 0055O 0000157845Z 02",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.frRIB.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // The sample RIB of the French banking documentation, and its unspaced form.
        "30002 00550 0000157845Z 02", "30002005500000157845Z02",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.frRIB.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.frRIB.name) != nil)
    }
}
