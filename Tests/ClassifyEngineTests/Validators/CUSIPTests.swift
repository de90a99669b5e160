// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct CUSIPTests {
    @Test(arguments: [
        // Published CUSIPs (Apple, Alphabet class C, Microsoft).
        "037833100", "38259P508", "594918104",
    ])
    func accepts(_ value: String) {
        #expect(Validator.cusip.validate(value), "\(value)")
    }

    @Test(arguments: [
        "037833101", "38259P509", "594918105", "000000000", "03783310", "38259p508", "0378331000",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.cusip.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // Published CUSIPs (Apple, Alphabet class C, Microsoft).
        "037833100", "38259P508", "594918104",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.cusip.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.cusip.name) != nil)
    }
}
