// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct XMRAddressTests {
    @Test(arguments: [
        // Synthetic standard and subaddress built from random keys (Keccak-256 checksum).
        "456d4nztghs4YSMxNmFR2KcZMh4rpR7C6PoxS2Wwrm3ddiaLK6aeBHELZ6U5FKkp5qQz5rY8dbbaqJ56zZmkNKRz4DhJ78s",
        "85mnc6SuBauPw4BcRoCY6A9y8Z4VD2gSBSpY39XMtoxRitqmevthJDoZ1GKiGYSNjzP5mEcJrUaiGWXiunGhMXLuKaA3kAz",
    ])
    func accepts(_ value: String) {
        #expect(Validator.xmrAddress.validate(value), "\(value)")
    }

    @Test(arguments: [
        // A changed character, a truncated address, a non-alphabet character, a Bitcoin address.
        "456d4nztghs4YSMxNmFR2KcZMh4rpR7C6PoxS2Wwrm3ddiaLK6aeBHELZ6U5FKkp5qQz5rY8dbbaqJ56zZmkNKRz4DhJ78t",
        "456d4nztghs4YSMxNmFR2KcZMh4rpR7C6PoxS2Wwrm3ddiaLK6aeBHELZ6U5FKkp5qQz5rY8dbbaqJ56zZmkNKRz4DhJ78",
        "456d4nztghs4YSMxNmFR2KcZMh4rpR7C6PoxS2Wwrm3ddiaLK6aeBHELZ6U5FKkp5qQz5rY8dbbaqJ56zZmkNKRz4DhJ70s",
        "1Fss6BG6J3Tc4pQjbAQUWc7uzsLWbp3LbE",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.xmrAddress.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // Synthetic standard and subaddress built from random keys (Keccak-256 checksum).
        "456d4nztghs4YSMxNmFR2KcZMh4rpR7C6PoxS2Wwrm3ddiaLK6aeBHELZ6U5FKkp5qQz5rY8dbbaqJ56zZmkNKRz4DhJ78s",
        "85mnc6SuBauPw4BcRoCY6A9y8Z4VD2gSBSpY39XMtoxRitqmevthJDoZ1GKiGYSNjzP5mEcJrUaiGWXiunGhMXLuKaA3kAz",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.xmrAddress.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.xmrAddress.name) != nil)
    }
}
