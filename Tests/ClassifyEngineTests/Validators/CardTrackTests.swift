// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct CardTrackTests {
    @Test(arguments: [
        // Synthetic tracks around the well-known test PANs.
        "%B4111111111111111^DOE/JANE^2912101000000000000000000?",
        "B4111111111111111^DOE/JANE^29121010000000000",
        ";4111111111111111=29121011234567890?",
        "5500000000000004=2701201000000",
    ])
    func accepts(_ value: String) {
        #expect(Validator.cardTrack.validate(value), "\(value)")
    }

    @Test(arguments: [
        "%B4111111111111112^DOE/JANE^2912101000000000000000000?",
        ";4111111111111111=29131011234567890?",
        ";1234567890123456=29121011234567890?",
        "%B4111111111111111^^2912101000000?",
        ";4111111111111111=2912?",
        "4111111111111111 2912101123456789",
        // Lower case and control bytes are outside the track 1 character set.
        "%B4111111111111111^doe/jane^2912101000000?",
        "%B4111111111111111^DOE\u{0}JANE^2912101000000?",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.cardTrack.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // Synthetic tracks around the well-known test PANs.
        "%B4111111111111111^DOE/JANE^2912101000000000000000000?",
        "B4111111111111111^DOE/JANE^29121010000000000",
        ";4111111111111111=29121011234567890?",
        "5500000000000004=2701201000000",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.cardTrack.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.cardTrack.name) != nil)
    }
}
