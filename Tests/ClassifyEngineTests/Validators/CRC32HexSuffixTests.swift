// SPDX-License-Identifier: Apache-2.0
// Atlassian / Bitbucket token checksums. Synthetic tokens: random payloads followed by
// their CRC-32 in hex.

import Testing
@testable import ClassifyEngine

@Suite("Validator crc32_hex_suffix")
struct CRC32HexSuffixTests {
    let v = Validator.crc32HexSuffix

    @Test(arguments: [
        "ATBBdzcdvGoJWsk1CdSXAoZmhFkr08D21DEA",
        "ATBBrQxeJ6mXJlSwP90IfVRhUi0i7e941987",
        "ATCTT3xFfGN0tleWvTDuRgR3yNwos-bDWmE4kuv4VGOfYcMuqbKLLp-2jfTuOQPeWIDtcKZ1Dw0gBEHum3adzqxMhGx3taeY5jvDR3=7E15B777",
        "ATCTT3xFfGN0tleWvTDuRgR3yNwos-bDWmE4kuv4VGOfYcMuqbKLLp-2jfTuOQPeWIDtcKZ1Dw0gBEHum3adzqxMhGx3taeY5jvDR3=7e15b777",
        "123456789CBF43926",  // the CRC-32 check value
    ])
    func acceptsValidChecksums(_ token: String) {
        #expect(v.validate(token))
    }

    @Test(arguments: [
        "ATBBdzcdvGoJWsk1CdSXAoZmhFkr08D21DEB",   // checksum changed
        "ATBBdzcdvGoJWsk1CdSXAoZmhFkr08D21DE",    // one digit short
        "ATBBezcdvGoJWsk1CdSXAoZmhFkr08D21DEA",   // payload changed
        "ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "ATBBdzcdvGoJWsk1CdSX oZmhFkr08D21DEA",   // a space in the payload
        "ATBB0000",
        "",
    ])
    func rejectsOthers(_ token: String) {
        #expect(!v.validate(token))
    }

    @Test func rejectsOverlongInput() {
        #expect(!v.validate([UInt8](repeating: 0x41, count: 4096)))
        #expect(!v.validate([UInt8](repeating: 0x30, count: 3000)))
    }
}
