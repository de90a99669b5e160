// SPDX-License-Identifier: Apache-2.0
// European national identifiers.
// Every example was computed or checked with an independent implementation (python-stdnum,
// or a from-spec Python script where stdnum has none); where a validator departs from
// stdnum on purpose, its summary says so.

import Testing
@testable import ClassifyEngine

@Suite("Validator uk_nhs")
struct UKNHSValidatorTests {
    let validator = Validator.ukNHS

    @Test("accepts valid values", arguments: [
        "943 476 5919",  // NHS Digital example
        "401 023 2137",  // constructed
        "4010232137",    // bare
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "uk_nhs should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "943 476 5918",  // wrong check
        "111 111 1111",  // all same digit
        "123 456 7890",  // check would be 10
        "943 476 591",   // 9 digits
        "",              // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "uk_nhs should reject \(value)")
    }
}

@Suite("Validator uk_nino")
struct UKNINOValidatorTests {
    let validator = Validator.ukNINO

    @Test("accepts valid values", arguments: [
        "AB123456C",      // ordinary
        "JG 10 37 59 A",  // spaced
        "CE123456D",      // suffix D
        "ab123456c",      // lower case
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "uk_nino should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "QQ123456C",  // HMRC documentation placeholder (Q first)
        "BG123456A",  // BG never issued
        "AB123456E",  // suffix E
        "DA123456A",  // D first
        "AO123456A",  // O second
        "AB12345C",   // five digits
        "",           // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "uk_nino should reject \(value)")
    }
}

@Suite("Validator ie_pps")
struct IEPPSValidatorTests {
    let validator = Validator.iePPS

    @Test("accepts valid values", arguments: [
        "1234567T",   // classic
        "1234567TW",  // W suffix
        "1234567FA",  // 2013 format with A
        "6433435OA",  // constructed, 2013 format
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "ie_pps should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "1234567A",   // wrong check letter
        "1234567TA",  // A changes the check
        "1234567",    // no letter
        "1234567TZ",  // Z suffix
        "",           // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "ie_pps should reject \(value)")
    }
}

@Suite("Validator nl_bsn")
struct NLBSNValidatorTests {
    let validator = Validator.nlBSN

    @Test("accepts valid values", arguments: [
        "111222333",  // common test BSN
        "123456782",  // constructed
        "999999990",  // constructed
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "nl_bsn should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "111222334",   // wrong check
        "000000000",   // all zero
        "11122233",    // 8 digits
        "1112223330",  // 10 digits
        "",            // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "nl_bsn should reject \(value)")
    }
}

@Suite("Validator be_national_number")
struct BENationalNumberValidatorTests {
    let validator = Validator.beNationalNumber

    @Test("accepts valid values", arguments: [
        "85.07.30-033.28",  // Wikipedia example
        "93070712320",      // constructed
        "05031545625",      // born 2005 (leading 2 rule)
        "12022900106",      // 2012-02-29
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "be_national_number should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "85073003329",  // wrong key
        "85133003328",  // month 13
        "8507300332",   // 10 digits
        "00000000000",  // all zero
        "",             // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "be_national_number should reject \(value)")
    }
}

@Suite("Validator fr_insee")
struct FRINSEEValidatorTests {
    let validator = Validator.frINSEE

    @Test("accepts valid values", arguments: [
        "1 84 12 76 451 089 46",  // spaced
        "255081416802538",        // constructed
        "185052A12345633",        // Corsica 2A
        "285052B12345610",        // Corsica 2B
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "fr_insee should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "184127645108947",  // wrong key
        "584127645108946",  // first digit 5
        "185052C12345633",  // 2C is no department
        "18412764510894",   // 14 chars
        "",                 // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "fr_insee should reject \(value)")
    }
}

@Suite("Validator de_steuer_id")
struct DESteuerIDValidatorTests {
    let validator = Validator.deSteuerID

    @Test("accepts valid values", arguments: [
        "86095742719",  // constructed
        "47036892816",  // constructed
        "65929970489",  // one digit three times
        "12334567896",  // one digit twice
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "de_steuer_id should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "86095742718",  // wrong check
        "01234567896",  // leading 0
        "11123456786",  // triple in a row
        "12345678903",  // no repeated digit (check digit right)
        "11223456785",  // two digits repeated (check digit right)
        "8609574271",   // 10 digits
        "",             // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "de_steuer_id should reject \(value)")
    }
}

@Suite("Validator at_svnr")
struct ATSVNRValidatorTests {
    let validator = Validator.atSVNR

    @Test("accepts valid values", arguments: [
        "1237 010180",  // Wikipedia example
        "4561291272",   // leap day 1972
        "7899151385",   // substitute month 15
        "9993011345",   // substitute month 13
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "at_svnr should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "1238 010180",  // wrong check
        "0237010180",   // serial starts with 0
        "4561290273",   // 29 Feb 1973
        "1237011680",   // month 16
        "123701018",    // 9 digits
        "",             // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "at_svnr should reject \(value)")
    }
}

@Suite("Validator ch_ahv")
struct CHAHVValidatorTests {
    let validator = Validator.chAHV

    @Test("accepts valid values", arguments: [
        "756.1234.5678.97",  // official example
        "756.9217.0769.85",  // constructed
        "7560000000002",     // constructed
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "ch_ahv should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "756.1234.5678.98",  // wrong check
        "757.1234.5678.97",  // not 756
        "756.1234.5678.9",   // 12 digits
        "",                  // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "ch_ahv should reject \(value)")
    }
}

@Suite("Validator it_codice_fiscale")
struct ITCodiceFiscaleValidatorTests {
    let validator = Validator.itCodiceFiscale

    @Test("accepts valid values", arguments: [
        "RSSMRA85T10A562S",  // Mario Rossi example
        "MRTMTT91D08F205J",  // constructed
        "BNCLRA80A41H501D",  // woman (day + 40)
        "RSSMRA85T10A56NH",  // omocodia
        "rssmra85t10a562s",  // lower case
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "it_codice_fiscale should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "RSSMRA85T10A562T",  // wrong check
        "RSSMRA85Z10A562S",  // Z is no month
        "RSSMRA85T32A562S",  // day 32
        "RSSMRA85T10A562",   // 15 chars
        "RSSMRA85B30A562S",  // 30 February
        "",                  // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "it_codice_fiscale should reject \(value)")
    }
}

@Suite("Validator es_dni")
struct ESDNIValidatorTests {
    let validator = Validator.esDNI

    @Test("accepts valid values", arguments: [
        "12345678Z",   // common example
        "00000000T",   // zero
        "12345678-Z",  // dashed
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "es_dni should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "12345678A",  // wrong letter
        "1234567Z",   // 7 digits
        "12345678",   // no letter
        "X1234567L",  // NIE, not DNI
        "",           // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "es_dni should reject \(value)")
    }
}

@Suite("Validator es_nie")
struct ESNIEValidatorTests {
    let validator = Validator.esNIE

    @Test("accepts valid values", arguments: [
        "X1234567L",  // X
        "Y1234567X",  // Y
        "Z1234567R",  // Z
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "es_nie should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "X1234567A",  // wrong letter
        "A1234567L",  // bad prefix
        "X123456L",   // too short
        "",           // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "es_nie should reject \(value)")
    }
}

@Suite("Validator es_cif")
struct ESCIFValidatorTests {
    let validator = Validator.esCIF

    @Test("accepts valid values", arguments: [
        "A58818501",  // SA, digit control
        "B65410011",  // SL, digit control
        "Q2826000H",  // public body, letter control
        "G28029007",  // association, digit
        "G2802900G",  // association, letter
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "es_cif should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "A5881850A",  // A requires a digit
        "Q28260008",  // Q requires a letter
        "A58818502",  // wrong control
        "I58818501",  // I is no entity
        "",           // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "es_cif should reject \(value)")
    }
}

@Suite("Validator pt_nif")
struct PTNIFValidatorTests {
    let validator = Validator.ptNIF

    @Test("accepts valid values", arguments: [
        "123456789",  // constructed
        "501964843",  // constructed
        "500000000",  // check 10 -> 0
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "pt_nif should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "123456788",  // wrong check
        "012345678",  // first digit 0
        "12345678",   // 8 digits
        "",           // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "pt_nif should reject \(value)")
    }
}

@Suite("Validator pl_pesel")
struct PLPESELValidatorTests {
    let validator = Validator.plPESEL

    @Test("accepts valid values", arguments: [
        "44051401359",  // Wikipedia example
        "02070803628",  // constructed
        "02270803624",  // born 2002
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "pl_pesel should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "44051401358",  // wrong check
        "44053201355",  // day 32
        "44951401357",  // month 95
        "4405140135",   // 10 digits
        "",             // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "pl_pesel should reject \(value)")
    }
}

@Suite("Validator dk_cpr")
struct DKCPRValidatorTests {
    let validator = Validator.dkCPR

    @Test("accepts valid values", arguments: [
        "211062-5629",  // ordinary
        "010100-4000",  // digit 4, year 00 -> 2000
        "290200-4001",  // 29 Feb 2000
        "0101101234",   // bare
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "dk_cpr should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "290201-4001",  // 29 Feb 2001
        "320162-1234",  // day 32
        "011362-1234",  // month 13
        "21106256",     // 8 digits
        "",             // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "dk_cpr should reject \(value)")
    }
}

@Suite("Validator se_personnummer")
struct SEPersonnummerValidatorTests {
    let validator = Validator.sePersonnummer

    @Test("accepts valid values", arguments: [
        "811218-9876",    // Skatteverket-style example
        "19811218-9876",  // 12 digits
        "670919-9530",    // Wikipedia example
        "701063-2391",    // samordningsnummer
        "121212+1212",    // over 100 (+)
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "se_personnummer should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "811218-9877",    // wrong check
        "811318-9876",    // month 13
        "21811218-9876",  // century 21
        "811218-987",     // 9 digits
        "",               // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "se_personnummer should reject \(value)")
    }
}

@Suite("Validator no_fodselsnummer")
struct NOFodselsnummerValidatorTests {
    let validator = Validator.noFodselsnummer

    @Test("accepts valid values", arguments: [
        "15078695150",  // constructed
        "01018012371",  // constructed
        "41018012365",  // D-number
        "31129949980",  // 31 Dec 1999
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "no_fodselsnummer should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "15078695151",  // wrong second check
        "15078695140",  // wrong first check
        "81018012345",  // FH-number (no date)
        "1507869515",   // 10 digits
        "",             // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "no_fodselsnummer should reject \(value)")
    }
}

@Suite("Validator fi_hetu")
struct FIHETUValidatorTests {
    let validator = Validator.fiHETU

    @Test("accepts valid values", arguments: [
        "131052-308T",  // DVV example
        "131052Y308T",  // new century sign Y
        "010594Y9021",  // DVV new-format example
        "020501A002M",  // born 2001
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "fi_hetu should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "131052-308U",  // wrong check
        "131352-308T",  // month 13
        "131052G308T",  // G is no century sign
        "131052-001T",  // individual 001
        "131052308T",   // no sign
        "",             // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "fi_hetu should reject \(value)")
    }
}

@Suite("Validator tr_tckimlik")
struct TRTCKimlikValidatorTests {
    let validator = Validator.trTCKimlik

    @Test("accepts valid values", arguments: [
        "10000000146",  // common test number
        "12345678950",  // constructed
        "98765432150",  // constructed
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "tr_tckimlik should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "10000000147",  // wrong check
        "02345678950",  // first digit 0
        "1000000014",   // 10 digits
        "",             // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "tr_tckimlik should reject \(value)")
    }
}
