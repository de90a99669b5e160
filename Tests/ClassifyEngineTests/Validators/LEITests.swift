// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct LEITests {
    @Test(arguments: [
        // Published LEIs and a synthetic one with computed check digits.
        "HWUPKR0MPOU8FGXBT394", "5493001KJTIIGC8Y1R12", "529900T8BM49AURSDO55",
    ])
    func accepts(_ value: String) {
        #expect(Validator.lei.validate(value), "\(value)")
    }

    @Test(arguments: [
        "HWUPKR0MPOU8FGXBT395", "5493001KJTIIGC8Y1R21", "hwupkr0mpou8fgxbt394",
        "HWUPKR0MPOU8FGXBT39", "HWUPKR0MPOU8FGXBT3944", "00000000000000000000",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.lei.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // Published LEIs and a synthetic one with computed check digits.
        "HWUPKR0MPOU8FGXBT394", "5493001KJTIIGC8Y1R12", "529900T8BM49AURSDO55",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.lei.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.lei.name) != nil)
    }
}
