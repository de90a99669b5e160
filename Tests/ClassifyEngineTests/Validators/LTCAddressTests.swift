// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct LTCAddressTests {
    @Test(arguments: [
        // Synthetic addresses built from random payloads.
        "LSnXkpUHEZpknpS2rP3egTHsfvw8HR6wjF", "M9UJuSMgBmYBNg7xFHUtCj1Cwhfz8YEtuz",
        "ltc1qlyuqhrkmyf9xkfy2r6fyar7s4chp49yj9lgrtj",
    ])
    func accepts(_ value: String) {
        #expect(Validator.ltcAddress.validate(value), "\(value)")
    }

    @Test(arguments: [
        "LSnXkpUHEZpknpS2rP3egTHsfvw8HR6wjG", "M9UJuSMgBmYBNg7xFHUtCj1Cwhfz8YEtuy",
        "ltc1qlyuqhrkmyf9xkfy2r6fyar7s4chp49yj9lgrtk", "1Fss6BG6J3Tc4pQjbAQUWc7uzsLWbp3LbE",
        "bc1qlgfpaqmt9tq4wfhw044s4a4tz0pcayk2uyzknm", "LSnXkpUHEZpknpS2rP3egTHsfvw8HR6wj",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.ltcAddress.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // Synthetic addresses built from random payloads.
        "LSnXkpUHEZpknpS2rP3egTHsfvw8HR6wjF", "M9UJuSMgBmYBNg7xFHUtCj1Cwhfz8YEtuz",
        "ltc1qlyuqhrkmyf9xkfy2r6fyar7s4chp49yj9lgrtj",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.ltcAddress.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.ltcAddress.name) != nil)
    }
}
