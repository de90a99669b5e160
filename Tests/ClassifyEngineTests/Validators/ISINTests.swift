// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct ISINTests {
    @Test(arguments: [
        // Published ISINs (Apple, Bayer, BAE Systems) and a synthetic XS one.
        "US0378331005", "DE000BAY0017", "GB0002634946", "XS1234567896",
    ])
    func accepts(_ value: String) {
        #expect(Validator.isin.validate(value), "\(value)")
    }

    @Test(arguments: [
        "US0378331006", "DE000BAY0018", "ZZ0378331005", "us0378331005", "US037833100",
        "US03783310051", "US000000000X",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.isin.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // Published ISINs (Apple, Bayer, BAE Systems) and a synthetic XS one.
        "US0378331005", "DE000BAY0017", "GB0002634946", "XS1234567896",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.isin.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.isin.name) != nil)
    }
}
