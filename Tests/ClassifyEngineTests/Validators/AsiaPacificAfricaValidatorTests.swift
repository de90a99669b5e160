// SPDX-License-Identifier: Apache-2.0
// Asia-Pacific and African identifiers.
// Every example was computed or checked with an independent implementation (python-stdnum,
// or a from-spec Python script where stdnum has none); where a validator departs from
// stdnum on purpose, its summary says so.

import Testing
@testable import ClassifyEngine

@Suite("Validator aadhaar")
struct AadhaarValidatorTests {
    let validator = Validator.aadhaar

    @Test("accepts valid values", arguments: [
        "2345 6789 0124",  // constructed
        "4991 1866 5246",  // constructed
        "876543210988",    // bare
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "aadhaar should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "2345 6789 0125",  // wrong check
        "1234 5678 9012",  // starts with 1
        "234567890124 1",  // 13 digits
        "",                // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "aadhaar should reject \(value)")
    }
}

@Suite("Validator in_pan")
struct INPANValidatorTests {
    let validator = Validator.inPAN

    @Test("accepts valid values", arguments: [
        "ABCPE1234F",  // individual
        "AAACR5055K",  // company
        "AAAHA1234B",  // HUF
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "in_pan should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "ABCXE1234F",  // X is no holder type
        "ABCPE0000F",  // serial 0000
        "ABCPE1234",   // 9 chars
        "ABCPE12345",  // digit last
        "",            // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "in_pan should reject \(value)")
    }
}

@Suite("Validator in_gstin")
struct INGSTINValidatorTests {
    let validator = Validator.inGSTIN

    @Test("accepts valid values", arguments: [
        "27AAPFU0939F1ZV",  // common example
        "29AAGCB7383J1Z4",  // constructed
        "38AAPFU0939F1ZS",  // Ladakh (state 38)
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "in_gstin should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "27AAPFU0939F1ZW",  // wrong check
        "40AAPFU0939F1ZV",  // state 40
        "27AAPFU0939F1YV",  // 14th not Z
        "27AAPFU0939F1Z",   // 14 chars
        "",                 // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "in_gstin should reject \(value)")
    }
}

@Suite("Validator sg_nric")
struct SGNRICValidatorTests {
    let validator = Validator.sgNRIC

    @Test("accepts valid values", arguments: [
        "S1234567D",  // common example
        "T1234567J",  // T prefix
        "F1234567N",  // F prefix
        "G1234567X",  // G prefix
        "M1234567K",  // M prefix
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "sg_nric should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "S1234567A",  // wrong letter
        "A1234567D",  // bad prefix
        "S123456D",   // 6 digits
        "",           // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "sg_nric should reject \(value)")
    }
}

@Suite("Validator jp_my_number")
struct JPMyNumberValidatorTests {
    let validator = Validator.jpMyNumber

    @Test("accepts valid values", arguments: [
        "123456789018",    // common example
        "1234 5678 9018",  // spaced
        "987654321018",    // constructed
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "jp_my_number should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "123456789012",  // wrong check
        "111111111111",  // all same digit
        "12345678901",   // 11 digits
        "",              // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "jp_my_number should reject \(value)")
    }
}

@Suite("Validator kr_rrn")
struct KRRRNValidatorTests {
    let validator = Validator.krRRN

    @Test("accepts valid values", arguments: [
        "850101-1234566",  // constructed
        "990228-2123457",  // constructed
        "191231-2345675",  // born 1919
        "210315-3123456",  // born 2021: no check digit
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "kr_rrn should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "850101-1234567",  // wrong check
        "851301-1234566",  // month 13
        "900101-3123456",  // born 2090
        "850101-123456",   // 12 digits
        "",                // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "kr_rrn should reject \(value)")
    }
}

@Suite("Validator au_tfn")
struct AUTFNValidatorTests {
    let validator = Validator.auTFN

    @Test("accepts valid values", arguments: [
        "123 456 782",  // ATO-style example
        "876 543 210",  // constructed
        "37590109",     // 8-digit legacy
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "au_tfn should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "123 456 789",  // wrong check
        "000 000 000",  // all zero
        "1234567",      // 7 digits
        "",             // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "au_tfn should reject \(value)")
    }
}

@Suite("Validator au_abn")
struct AUABNValidatorTests {
    let validator = Validator.auABN

    @Test("accepts valid values", arguments: [
        "51 824 753 556",  // ATO example
        "53 004 085 616",  // constructed
        "33102417032",     // bare
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "au_abn should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "51 824 753 557",  // wrong check
        "01 824 753 556",  // leading 0
        "5182475355",      // 10 digits
        "",                // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "au_abn should reject \(value)")
    }
}

@Suite("Validator au_medicare")
struct AUMedicareValidatorTests {
    let validator = Validator.auMedicare

    @Test("accepts valid values", arguments: [
        "2123 45670 1",  // common test number with IRN
        "2123456701",    // 10 digits
        "5678912372",    // constructed
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "au_medicare should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "2123 45671 1",  // wrong check
        "7123456701",    // first digit 7
        "212345670",     // 9 digits
        "",              // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "au_medicare should reject \(value)")
    }
}

@Suite("Validator nz_ird")
struct NZIRDValidatorTests {
    let validator = Validator.nzIRD

    @Test("accepts valid values", arguments: [
        "49-091-850",   // IRD specification example
        "35-901-981",   // IRD specification example
        "136-410-132",  // secondary weights (IRD example)
        "49098576",     // IRD specification example
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "nz_ird should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "49-091-851",   // wrong check
        "9125568",      // 7 digits
        "150-000-003",  // above range
        "",             // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "nz_ird should reject \(value)")
    }
}

@Suite("Validator za_id")
struct ZAIDValidatorTests {
    let validator = Validator.zaID

    @Test("accepts valid values", arguments: [
        "8001015009087",      // common example
        "9202290123184",      // 29 Feb 1992
        "800101 5009 0 8 7",  // spaced
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "za_id should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "8001015009088",  // wrong check
        "8013015009087",  // month 13
        "8001015009387",  // citizenship 3
        "800101500908",   // 12 digits
        "",               // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "za_id should reject \(value)")
    }
}
