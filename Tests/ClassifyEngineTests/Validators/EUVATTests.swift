// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

@Suite struct EUVATTests {
    @Test(arguments: ["DE136695976", "DE 136 695 976", "ATU13585627", "BE0428759497", "NL004495445B01", "NL002455799B11", "FR23334175221", "IT00743110157", "CHE-107.787.577 IVA", "CHE107787577", "NO 995 525 828 MVA", "GB 980 7806 84", "SE123456789701", "DK13585628", "FI20774740", "IE6433435F", "IE6433435OA", "IE8D79739I", "PL8567346215", "PT501964843", "ESB58378431", "ES12345678Z"])
    func accepts(_ value: String) {
        #expect(Validator.euVAT.validate(value))
    }

    @Test(arguments: ["DE136695978", "ATU13585626", "BE0431150351", "NL123456789B90", "FR84323140391", "IT00743110158", "CHE-107.787.578 IVA", "NO 995 525 829 MVA", "GB802311781", "SE123456789101", "DK13585627", "FI20774741", "IE6433435E", "PL8567346216", "XX136695976", "DE13669597", "DE", ""])
    func rejects(_ value: String) {
        #expect(!Validator.euVAT.validate(value))
    }

    @Test func isRegistered() {
        #expect(Validator.named(Validator.euVAT.name) != nil)
    }
}
