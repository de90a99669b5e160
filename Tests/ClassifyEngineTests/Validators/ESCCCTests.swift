// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct ESCCCTests {
    @Test(arguments: [
        // The common sample CCC and its unspaced form.
        "2100 0418 45 0200051332", "21000418450200051332", "2100-0418-45-0200051332",
    ])
    func accepts(_ value: String) {
        #expect(Validator.esCCC.validate(value), "\(value)")
    }

    @Test(arguments: [
        "2100 0418 46 0200051332", "2100 0418 55 0200051332", "2100 0418 45 0200051333",
        "0000 0000 00 0000000000", "2100041845020005133",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.esCCC.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // The common sample CCC and its unspaced form.
        "2100 0418 45 0200051332", "21000418450200051332", "2100-0418-45-0200051332",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.esCCC.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.esCCC.name) != nil)
    }
}
