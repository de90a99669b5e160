// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct CNResidentIDTests {
    @Test(arguments: [
        // GB 11643 worked example, and synthetic numbers with computed check characters.
        "11010519491231002X", "11010519491231002x", "440304198510164516", "320106199003070012",
    ])
    func accepts(_ value: String) {
        #expect(Validator.cnResidentID.validate(value), "\(value)")
    }

    @Test(arguments: [
        "110105194912310021", "440304198510164517", "000000194912310023", "99010519491231002X",
        "110105194913310021", "110105299912310027", "11010519491231002", "1101051949123100211",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.cnResidentID.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // GB 11643 worked example, and synthetic numbers with computed check characters.
        "11010519491231002X", "11010519491231002x", "440304198510164516", "320106199003070012",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.cnResidentID.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.cnResidentID.name) != nil)
    }
}
