// SPDX-License-Identifier: Apache-2.0
// Vehicle and device identifiers.
// Every example was computed or checked with an independent implementation (python-stdnum,
// or a from-spec Python script where stdnum has none); where a validator departs from
// stdnum on purpose, its summary says so.

import Testing
@testable import ClassifyEngine

@Suite("Validator vin")
struct VINValidatorTests {
    let validator = Validator.vin

    @Test("accepts valid values", arguments: [
        "1M8GDM9AXKP042788",  // Wikipedia example (check X)
        "1HGCM82633A004352",  // Honda
        "11111111111111111",  // all ones
        "1m8gdm9axkp042788",  // lower case
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "vin should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "1M8GDM9AXKP042789",   // wrong check
        "1M8GDM9A1KP042788",   // wrong check digit
        "1M8GDM9AXKP04278",    // 16 chars
        "1M8GDM9AXKPO42788",   // O not allowed
        "1M8 GDM9AXKP042788",  // space
        "",                    // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "vin should reject \(value)")
    }
}

@Suite("Validator imei")
struct IMEIValidatorTests {
    let validator = Validator.imei

    @Test("accepts valid values", arguments: [
        "490154203237518",     // Wikipedia example
        "35-209900-176148-1",  // dashed
        "356938035643809",     // constructed
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "imei should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "490154203237517",  // wrong check
        "000000000000000",  // all same
        "49015420323751",   // 14 digits
        "",                 // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "imei should reject \(value)")
    }
}

@Suite("Validator luhn_generic_iccid")
struct ICCIDValidatorTests {
    let validator = Validator.iccid

    @Test("accepts valid values", arguments: [
        "8991101200003204514",      // constructed, 19 digits
        "89012601234567890121",     // 20 digits
        "8944 1234 5678 9012 348",  // spaced
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "luhn_generic_iccid should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "8991101200003204515",  // wrong check
        "8891101200003204517",  // not 89
        "899110120000320451",   // 18 digits
        "",                     // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "luhn_generic_iccid should reject \(value)")
    }
}
