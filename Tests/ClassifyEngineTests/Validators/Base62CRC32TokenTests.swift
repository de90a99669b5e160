// SPDX-License-Identifier: Apache-2.0
// GitHub and npm token checksums. The tokens are synthetic: random characters with a
// checksum computed the documented way (CRC-32 of the random part, base62, zero-padded).

import Testing
@testable import ClassifyEngine

@Suite("Validator base62_crc32_token")
struct Base62CRC32TokenTests {
    let v = Validator.base62CRC32Token

    @Test(arguments: [
        "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",
        "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",
        "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",
        "ghr_kER0Af7BOfjtNayviHzm5YdOnCqIz0Wiw8SE7diV3TMXVjM8AhghjsllAj7n4JuXFZo2qh0L0sda",
        "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",  // checksum with a leading zero digit
    ])
    func acceptsValidChecksums(_ token: String) {
        #expect(v.validate(token))
    }

    @Test(arguments: [
        "ghp_zymMlopiWfqUyHRSIf8NFmAUNLnY5Y0fCMcG",  // last checksum character changed
        "ghp_zymMlopiWfqUyHRSIf8NFmAUNLnY5Y0fCMc",   // one character short
        "ghp_ZymMlopiWfqUyHRSIf8NFmAUNLnY5Y0fCMcF",  // random part changed
        "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "ghp_000000000000000000000000000000000000",
        "zymMlopiWfqUyHRSIf8NFmAUNLnY5Y0fCMcF",      // no prefix
        "ghp_zymMlopiWfqUyHRSIf8N-mAUNLnY5Y0fCMcF",  // not base62
        "ghp_abc123",                                // too short to carry a checksum
        "",
    ])
    func rejectsOthers(_ token: String) {
        #expect(!v.validate(token))
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        // The CRC-32 "check" value: CRC of the ASCII digits 123456789 is 0xCBF43926.
        let check = Array("123456789".utf8).withUnsafeBufferPointer { Validator.crc32($0, 0..<$0.count) }
        #expect(check == 0xCBF4_3926)
        let empty = [UInt8]().withUnsafeBufferPointer { Validator.crc32($0, 0..<0) }
        #expect(empty == 0)
    }

    @Test func survivesOddInput() {
        #expect(!v.validate([UInt8](repeating: 0x5F, count: 300)))
        #expect(!v.validate([UInt8](repeating: 0x5F, count: 40)))
        #expect(!v.validate(Array("ghp_".utf8) + [UInt8](repeating: 0xFF, count: 36)))
        #expect(!v.validate(Array("_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz".utf8)))
    }
}
