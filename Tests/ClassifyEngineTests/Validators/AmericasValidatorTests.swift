// SPDX-License-Identifier: Apache-2.0
// Canadian and Latin American identifiers.
// Every example was computed or checked with an independent implementation (python-stdnum,
// or a from-spec Python script where stdnum has none); where a validator departs from
// stdnum on purpose, its summary says so.

import Testing
@testable import ClassifyEngine

@Suite("Validator ca_sin")
struct CASINValidatorTests {
    let validator = Validator.caSIN

    @Test("accepts valid values", arguments: [
        "130 692 544",  // constructed
        "563-812-346",  // constructed
        "912345675",    // temporary resident (9)
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "ca_sin should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "046 454 286",  // Canada.ca sample (leading 0, never issued)
        "130 692 545",  // wrong check
        "846454288",    // leading 8
        "13069254",     // 8 digits
        "",             // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "ca_sin should reject \(value)")
    }
}

@Suite("Validator br_cpf")
struct BRCPFValidatorTests {
    let validator = Validator.brCPF

    @Test("accepts valid values", arguments: [
        "111.444.777-35",  // common example
        "529.982.247-25",  // constructed
        "12345678909",     // bare
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "br_cpf should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "111.444.777-36",  // wrong check
        "111.111.111-11",  // all same digit
        "123.456.789-00",  // wrong checks
        "111.444.777-3",   // 10 digits
        "",                // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "br_cpf should reject \(value)")
    }
}

@Suite("Validator br_cnpj")
struct BRCNPJValidatorTests {
    let validator = Validator.brCNPJ

    @Test("accepts valid values", arguments: [
        "11.222.333/0001-81",  // common example
        "11.444.777/0001-61",  // constructed
        "12.ABC.345/01DE-35",  // alphanumeric (2026)
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "br_cnpj should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "11.222.333/0001-82",  // wrong check
        "00.000.000/0000-00",  // all zero
        "11.111.111/1111-11",  // all same
        "12.ABC.345/01DE-3A",  // letter in check
        "",                    // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "br_cnpj should reject \(value)")
    }
}

@Suite("Validator mx_curp")
struct MXCURPValidatorTests {
    let validator = Validator.mxCURP

    @Test("accepts valid values", arguments: [
        "HEGG560427MVZRRL04",  // constructed
        "BADD110313HCMLNS06",  // constructed
        "GOMA010101HDFRRNA4",  // born 2001 (letter homoclave)
        "PEXJ900512XNELRN03",  // sex X, born abroad
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "mx_curp should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "HEGG560427MVZRRL05",  // wrong check
        "HEGG560427MZZRRL04",  // ZZ is no state
        "HEGG561327MVZRRL04",  // month 13
        "HEGG560427MVZARL04",  // vowel among the consonants (check digit right)
        "HEGG560427MVZRRL0",   // 17 chars
        "",                    // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "mx_curp should reject \(value)")
    }
}

@Suite("Validator mx_rfc")
struct MXRFCValidatorTests {
    let validator = Validator.mxRFC

    @Test("accepts valid values", arguments: [
        "GODE561231GR8",    // person
        "MAR980324EI0",     // company
        "GODE-561231-GR8",  // dashed
        "A&B010203AB1",     // company with &
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "mx_rfc should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "GODE561331GR8",  // month 13
        "GODE561231GR",   // 12 chars but 4 letters
        "G0DE561231GR8",  // digit in the name
        "GODE561231GRB",  // check char B
        "",               // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "mx_rfc should reject \(value)")
    }
}

@Suite("Validator ar_cuit")
struct ARCUITValidatorTests {
    let validator = Validator.arCUIT

    @Test("accepts valid values", arguments: [
        "20-12345678-6",  // constructed
        "30-50001091-2",  // company
        "27-17254359-1",  // constructed
        "23-17254359-6",  // type 23
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "ar_cuit should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "20-12345678-7",  // wrong check
        "21-12345678-6",  // type 21
        "2012345678",     // 10 digits
        "",               // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "ar_cuit should reject \(value)")
    }
}

@Suite("Validator cl_rut")
struct CLRUTValidatorTests {
    let validator = Validator.clRUT

    @Test("accepts valid values", arguments: [
        "12.345.678-5",  // common example
        "7.608.642-7",   // 7-digit body
        "10.000.013-K",  // check K
        "10000027k",     // lower-case k
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "cl_rut should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "12.345.678-6",  // wrong check
        "12.345.678-K",  // K instead of 5
        "6-K",           // body too short
        "",              // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "cl_rut should reject \(value)")
    }
}

@Suite("Validator co_nit")
struct CONITValidatorTests {
    let validator = Validator.coNIT

    @Test("accepts valid values", arguments: [
        "900.373.913-4",  // constructed
        "800.197.268-4",  // constructed
        "86010356-2",     // 8-digit body
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "co_nit should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "900.373.913-5",  // wrong check
        "1234567-0",      // 7-digit body
        "",               // empty
        "900.373.913-X",  // letter
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "co_nit should reject \(value)")
    }
}
