// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct ETHChecksumTests {
    @Test(arguments: [
        // EIP-55 test vectors (mixed case).
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ])
    func accepts(_ value: String) {
        #expect(Validator.ethEIP55.validate(value), "\(value)")
    }

    @Test(arguments: [
        // Vectors without checksum (all one case), with one letter flipped, and bad shapes.
        "0x52908400098527886E0F7030069857D2E4169EE7", "0xde709f2102306220921060314715629080e2fb77",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.ethEIP55.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // EIP-55 test vectors (mixed case).
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.ethEIP55.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.ethEIP55.name) != nil)
    }
}

@Suite struct KeccakTests {
    /// Known answers: Keccak-256 of "" and "abc", and of a message longer than one block.
    @Test func knownAnswers() {
        func hex(_ b: some Sequence<UInt8>) -> String {
            let digits = Array("0123456789abcdef")
            return String(b.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
        }
        #expect(hex(Validator.keccak256([UInt8]())) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(hex(Validator.keccak256(Array("abc".utf8))) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        #expect(hex(Validator.keccak256([UInt8](repeating: 0x61, count: 200))) == "96ea54061def936c4be90b518992fdc6f12f535068a256229aca54267b4d084d")
    }
}
