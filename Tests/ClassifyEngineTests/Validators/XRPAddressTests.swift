// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct XRPAddressTests {
    @Test(arguments: [
        // The genesis account, ACCOUNT_ONE, and synthetic addresses.
        "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", "rrrrrrrrrrrrrrrrrrrrBZbvji",
        "rwr1xYMDPNcwBHxxaTSnqRNDvnrjm1uvpF", "rwUbASxESjmPM7cjgKv81tw3xzv8nrLxbe",
    ])
    func accepts(_ value: String) {
        #expect(Validator.xrpAddress.validate(value), "\(value)")
    }

    @Test(arguments: [
        // ACCOUNT_ZERO (no key), a changed character, a Bitcoin address, a bad character.
        "rrrrrrrrrrrrrrrrrrrrrhoLvTp", "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTi",
        "1Fss6BG6J3Tc4pQjbAQUWc7uzsLWbp3LbE", "rHb9CJAWyB4rj91VRWn96DkukG4bwdty0h", "rwr1xYMDPNcwBHxxaTSnqRNDvnrjm1uvp",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.xrpAddress.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // The genesis account, ACCOUNT_ONE, and synthetic addresses.
        "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", "rrrrrrrrrrrrrrrrrrrrBZbvji",
        "rwr1xYMDPNcwBHxxaTSnqRNDvnrjm1uvpF", "rwUbASxESjmPM7cjgKv81tw3xzv8nrLxbe",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.xrpAddress.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.xrpAddress.name) != nil)
    }
}
