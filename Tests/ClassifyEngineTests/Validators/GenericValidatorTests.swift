// SPDX-License-Identifier: Apache-2.0
// Generic check-digit algorithms.
// Every example was computed or checked with an independent implementation (python-stdnum,
// or a from-spec Python script where stdnum has none); where a validator departs from
// stdnum on purpose, its summary says so.

import Testing
@testable import ClassifyEngine

@Suite("Validator luhn")
struct LuhnValidatorTests {
    let validator = Validator.luhn

    @Test("accepts valid values", arguments: [
        "79927398713",          // Wikipedia Luhn example
        "4111 1111 1111 1111",  // Visa test card, spaced
        "490154203237518",      // IMEI example
        "732-829-320",          // SIREN-like, dashed
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "luhn should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "79927398710",          // wrong check digit
        "0000 0000",            // all zero
        "7",                    // one digit
        "7992739871x3",         // letter inside
        "",                     // empty
        "7992739871\u{00A0}3",  // non-ASCII separator
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "luhn should reject \(value)")
    }
}

@Suite("Validator verhoeff")
struct VerhoeffValidatorTests {
    let validator = Validator.verhoeff

    @Test("accepts valid values", arguments: [
        "2363",          // Wikipedia Verhoeff example 236 -> 3
        "1428570",       // constructed
        "234567890124",  // Aadhaar-shaped
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "verhoeff should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "2364",   // wrong check digit
        "0000",   // all zero
        "2",      // one digit
        "23a63",  // letter inside
        "",       // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "verhoeff should reject \(value)")
    }
}
