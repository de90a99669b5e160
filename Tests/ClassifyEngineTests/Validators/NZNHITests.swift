// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct NZNHITests {
    @Test(arguments: [
        // HISO 10046 / Health NZ test values (old format, then the mod 23 new format).
        "ZZZ0016", "ZZZ0024", "ZAC5361", "JBX3656", "jbx3656",
        "ZZZ00AC", "ZVU27KE", "ZBN77VL", "ZXE24NV", "ZYZ89XY",
    ])
    func accepts(_ value: String) {
        #expect(Validator.nzNHI.validate(value), "\(value)")
    }

    @Test(arguments: [
        "ZZZ0017", "ZZZ0044", "ZZZ0040", "DAB8233", "JBX3650",
        // Mod 24 (withdrawn draft) check letters, wrong letters, I/O and bad shapes.
        "ZZZ00AX", "ZZZ00AA", "ZVU27KF", "ZYZ89XX", "IBX3656", "ZZZ001A", "ZZ00166",
    ])
    func rejects(_ value: String) {
        #expect(!Validator.nzNHI.validate(value), "\(value)")
    }

    /// A NUL or a no-break space inside an accepted value makes it invalid.
    @Test(arguments: [
        // HISO 10046 / Health NZ test values (old format, then the mod 23 new format).
        "ZZZ0016", "ZZZ0024", "ZAC5361", "JBX3656", "jbx3656",
        "ZZZ00AC", "ZVU27KE", "ZBN77VL", "ZXE24NV", "ZYZ89XY",
    ])
    func foreignBytes(_ value: String) {
        let bytes = Array(value.utf8)
        let middle = bytes.count / 2
        for foreign: [UInt8] in [[0x00], [0xC2, 0xA0]] {
            var m = bytes
            m.insert(contentsOf: foreign, at: middle)
            #expect(!Validator.nzNHI.validate(m), "\(value) with \(foreign)")
        }
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.nzNHI.name) != nil)
    }
}
