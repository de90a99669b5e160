// SPDX-License-Identifier: Apache-2.0
// United States identifiers (tax, health).
// Every example was computed or checked with an independent implementation (python-stdnum,
// or a from-spec Python script where stdnum has none); where a validator departs from
// stdnum on purpose, its summary says so.

import Testing
@testable import ClassifyEngine

@Suite("Validator us_ssn")
struct USSSNValidatorTests {
    let validator = Validator.usSSN

    @Test("accepts valid values", arguments: [
        "078-05-1121",  // next to the Woolworth wallet fake
        "536-22-1234",  // ordinary
        "772 91 5432",  // spaced
        "219099998",    // bare digits
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "us_ssn should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "078-05-1120",  // Woolworth wallet fake
        "219-09-9999",  // SSA advertisement fake
        "123-45-6789",  // well-known fake
        "000-12-3456",  // area 000
        "666-12-3456",  // area 666
        "900-12-3456",  // area 900
        "123-00-4567",  // group 00
        "123-45-0000",  // serial 0000
        "111-11-1111",  // all same digit
        "123-45-678",   // 8 digits
        "",             // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "us_ssn should reject \(value)")
    }
}

@Suite("Validator us_itin")
struct USITINValidatorTests {
    let validator = Validator.usITIN

    @Test("accepts valid values", arguments: [
        "912-70-1234",  // group 70
        "912-50-1234",  // group 50
        "987-88-6543",  // group 88
        "900-94-1111",  // group 94
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "us_itin should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "912-66-1234",  // group 66
        "912-89-1234",  // group 89
        "912-93-1234",  // group 93
        "812-70-1234",  // area not 9xx
        "912-49-1234",  // group 49
        "912-70-123",   // 8 digits
        "",             // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "us_itin should reject \(value)")
    }
}

@Suite("Validator us_npi")
struct USNPIValidatorTests {
    let validator = Validator.usNPI

    @Test("accepts valid values", arguments: [
        "1234567893",       // CMS example
        "1245319599",       // constructed
        "2000000002",       // first digit 2
        "808401234567893",  // with the 80840 prefix
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "us_npi should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "1234567890",       // wrong check
        "3234567893",       // first digit 3
        "123456789",        // 9 digits
        "808411234567893",  // wrong prefix
        "",                 // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "us_npi should reject \(value)")
    }
}

@Suite("Validator us_dea")
struct USDEAValidatorTests {
    let validator = Validator.usDEA

    @Test("accepts valid values", arguments: [
        "AB1234563",  // common example
        "BJ6125341",  // constructed
        "F91234563",  // second char 9
        "MA1234563",  // mid-level practitioner
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "us_dea should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "AB1234564",  // wrong check
        "IB1234563",  // I is no registrant type
        "AB123456",   // too short
        "A11234563",  // second char a digit other than 9
        "",           // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "us_dea should reject \(value)")
    }
}

@Suite("Validator us_mbi")
struct USMBIValidatorTests {
    let validator = Validator.usMBI

    @Test("accepts valid values", arguments: [
        "1EG4-TE5-MK73",  // CMS example, dashed
        "1EG4TE5MK73",    // CMS example
        "9AA0AA0AA00",    // constructed
        "2C29A09DE99",    // constructed
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "us_mbi should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "1EG4-TE5-MK7",  // 10 chars
        "0EG4TE5MK73",   // first 0
        "1SG4TE5MK73",   // S excluded
        "1EG4TE5MK7A",   // position 11 alpha
        "1EGATE5MK73",   // position 4 alpha
        "",              // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "us_mbi should reject \(value)")
    }
}
