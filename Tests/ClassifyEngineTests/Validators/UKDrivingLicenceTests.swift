// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct UKDrivingLicenceTests {
    @Test(arguments: ["MORGA753116SM9IJ", "MORGA 753116 SM9IJ", "JONES610101J99AB", "LI999802290AB9XY", "O9999551315AB1CD"])
    func accepts(_ value: String) {
        #expect(Validator.ukDrivingLicence.validate(value))
    }

    @Test(arguments: ["MORGA753116SM9I", "MORGA754316SM9IJ", "MORGA763116SM9IJ", "MOR9A753116SM9IJ", "9ORGA753116SM9IJ", "MORGA7531169M9IJ", "MORGA752300SM9IJ", "MORGA753116SMXIJ", "morga753116sm9ij!", ""])
    func rejects(_ value: String) {
        #expect(!Validator.ukDrivingLicence.validate(value))
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.ukDrivingLicence.name) != nil)
    }
}
