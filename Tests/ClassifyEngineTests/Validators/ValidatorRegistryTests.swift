// SPDX-License-Identifier: Apache-2.0
// The registry (unique names, lookup) and robustness: every validator rejects garbage and
// survives arbitrary bytes without trapping (a trap would kill a C host process).

import Testing
@testable import ClassifyEngine

/// One valid example per validator at least, for the mutation fuzzing below (the same values
/// the per-validator suites accept).
let validatorValidExamples: [String: [String]] = [
        "luhn": ["79927398713", "4111 1111 1111 1111", "490154203237518", "732-829-320"],
        "verhoeff": ["2363", "1428570", "234567890124"],
        "credit_card": ["4111111111111111", "4111-1111-1111-1111", "5555 5555 5555 4444", "2223003122003222", "378282246310005", "6011111111111117", "3530111333300000", "30569309025904", "6200000000000005", "4222222222222"],
        "iban_mod97": ["GB82WEST12345698765432", "DE89370400440532013000", "GB82 WEST 1234 5698 7654 32", "FR1420041010050500013M02606", "NO9386011117947", "LC55HEMM000100010012001200023015", "nl91abna0417164300"],
        "swift_bic": ["DEUTDEFF", "DEUTDEFF500", "NEDSZAJJXXX", "BOFAUS3N"],
        "aba_routing": ["011000015", "021000021", "121000358", "322271627"],
        "us_ssn": ["078-05-1121", "536-22-1234", "772 91 5432", "219099998"],
        "us_itin": ["912-70-1234", "912-50-1234", "987-88-6543", "900-94-1111"],
        "us_npi": ["1234567893", "1245319599", "2000000002", "808401234567893"],
        "us_dea": ["AB1234563", "BJ6125341", "F91234563", "MA1234563"],
        "us_mbi": ["1EG4-TE5-MK73", "1EG4TE5MK73", "9AA0AA0AA00", "2C29A09DE99"],
        "uk_nhs": ["943 476 5919", "401 023 2137", "4010232137"],
        "uk_nino": ["AB123456C", "JG 10 37 59 A", "CE123456D", "ab123456c"],
        "ie_pps": ["1234567T", "1234567TW", "1234567FA", "6433435OA"],
        "nl_bsn": ["111222333", "123456782", "999999990"],
        "be_national_number": ["85.07.30-033.28", "93070712320", "05031545625", "12022900106"],
        "fr_insee": ["1 84 12 76 451 089 46", "255081416802538", "185052A12345633", "285052B12345610"],
        "de_steuer_id": ["86095742719", "47036892816", "65929970489", "12334567896"],
        "at_svnr": ["1237 010180", "4561291272", "7899151385", "9993011345"],
        "ch_ahv": ["756.1234.5678.97", "756.9217.0769.85", "7560000000002"],
        "it_codice_fiscale": ["RSSMRA85T10A562S", "MRTMTT91D08F205J", "BNCLRA80A41H501D", "RSSMRA85T10A56NH", "rssmra85t10a562s"],
        "es_dni": ["12345678Z", "00000000T", "12345678-Z"],
        "es_nie": ["X1234567L", "Y1234567X", "Z1234567R"],
        "es_cif": ["A58818501", "B65410011", "Q2826000H", "G28029007", "G2802900G"],
        "pt_nif": ["123456789", "501964843", "500000000"],
        "pl_pesel": ["44051401359", "02070803628", "02270803624"],
        "dk_cpr": ["211062-5629", "010100-4000", "290200-4001", "0101101234"],
        "se_personnummer": ["811218-9876", "19811218-9876", "670919-9530", "701063-2391", "121212+1212"],
        "no_fodselsnummer": ["15078695150", "01018012371", "41018012365", "31129949980"],
        "fi_hetu": ["131052-308T", "131052Y308T", "010594Y9021", "020501A002M"],
        "tr_tckimlik": ["10000000146", "12345678950", "98765432150"],
        "ca_sin": ["130 692 544", "563-812-346", "912345675"],
        "br_cpf": ["111.444.777-35", "529.982.247-25", "12345678909"],
        "br_cnpj": ["11.222.333/0001-81", "11.444.777/0001-61", "12.ABC.345/01DE-35"],
        "mx_curp": ["HEGG560427MVZRRL04", "BADD110313HCMLNS06", "GOMA010101HDFRRNA4", "PEXJ900512XNELRN03"],
        "mx_rfc": ["GODE561231GR8", "MAR980324EI0", "GODE-561231-GR8", "A&B010203AB1"],
        "ar_cuit": ["20-12345678-6", "30-50001091-2", "27-17254359-1", "23-17254359-6"],
        "cl_rut": ["12.345.678-5", "7.608.642-7", "10.000.013-K", "10000027k"],
        "co_nit": ["900.373.913-4", "800.197.268-4", "86010356-2"],
        "aadhaar": ["2345 6789 0124", "4991 1866 5246", "876543210988"],
        "in_pan": ["ABCPE1234F", "AAACR5055K", "AAAHA1234B"],
        "in_gstin": ["27AAPFU0939F1ZV", "29AAGCB7383J1Z4", "38AAPFU0939F1ZS"],
        "sg_nric": ["S1234567D", "T1234567J", "F1234567N", "G1234567X", "M1234567K"],
        "jp_my_number": ["123456789018", "1234 5678 9018", "987654321018"],
        "kr_rrn": ["850101-1234566", "990228-2123457", "191231-2345675", "210315-3123456"],
        "au_tfn": ["123 456 782", "876 543 210", "37590109"],
        "au_abn": ["51 824 753 556", "53 004 085 616", "33102417032"],
        "au_medicare": ["2123 45670 1", "2123456701", "5678912372"],
        "nz_ird": ["49-091-850", "35-901-981", "136-410-132", "49098576"],
        "za_id": ["8001015009087", "9202290123184", "800101 5009 0 8 7"],
        "vin": ["1M8GDM9AXKP042788", "1HGCM82633A004352", "11111111111111111", "1m8gdm9axkp042788"],
        "imei": ["490154203237518", "35-209900-176148-1", "356938035643809"],
        "luhn_generic_iccid": ["8991101200003204514", "89012601234567890121", "8944 1234 5678 9012 348"],
        "btc_address": ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "BC1SW50QGDZ25J"],
        "eth_address": ["0x52908400098527886E0F7030069857D2E4169EE7", "0xde709f2102306220921060314715629080e2fb77", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"],
]

/// ValidatorFuzzRNG: a small deterministic generator, so that a failure reproduces.
struct ValidatorFuzzRNG: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Validator registry")
struct ValidatorRegistryTests {
    @Test func namesAreUnique() {
        let names = Validator.all.map(\.name)
        #expect(Set(names).count == names.count)
    }

    @Test func namedFindsEveryValidator() {
        for v in Validator.all {
            #expect(Validator.named(v.name)?.name == v.name)
            #expect(Validator.named(v.name)?.summary == v.summary)
        }
        #expect(Validator.named("no_such_validator") == nil)
        #expect(Validator.named("") == nil)
        #expect(Validator.named("LUHN") == nil)  // names are exact
    }

    @Test func namesAndSummariesAreWellFormed() {
        for v in Validator.all {
            #expect(!v.name.isEmpty && v.name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F },
                    "\(v.name) is not snake_case")
            #expect(v.summary.utf8.count >= 20, "\(v.name) needs a summary")
            #expect(!v.summary.contains("\n"), "\(v.name): one line")
        }
    }

    /// The names the built-in packs and the docs use.
    @Test(arguments: [
        "luhn", "credit_card", "iban_mod97", "us_ssn", "us_itin", "aba_routing", "verhoeff", "aadhaar",
        "uk_nhs", "uk_nino", "ca_sin", "br_cpf", "br_cnpj", "nl_bsn", "pl_pesel", "se_personnummer",
        "fi_hetu", "dk_cpr", "no_fodselsnummer", "it_codice_fiscale", "es_dni", "es_nie", "es_cif",
        "fr_insee", "de_steuer_id", "au_tfn", "au_abn", "au_medicare", "sg_nric", "nz_ird", "za_id",
        "tr_tckimlik", "kr_rrn", "jp_my_number", "cl_rut", "co_nit", "ar_cuit", "mx_curp", "mx_rfc",
        "in_pan", "in_gstin", "pt_nif", "be_national_number", "ie_pps", "ch_ahv", "at_svnr", "us_npi",
        "us_dea", "us_mbi", "vin", "imei", "swift_bic", "btc_address", "eth_address", "luhn_generic_iccid",
    ])
    func everyExpectedNameIsRegistered(_ name: String) {
        #expect(Validator.named(name) != nil)
        #expect(validatorValidExamples[name]?.isEmpty == false, "no valid example for \(name)")
    }

    @Test func everyExampleNamesARegisteredValidator() {
        for name in validatorValidExamples.keys {
            #expect(Validator.named(name) != nil, "\(name) is not registered")
        }
    }
}

@Suite("Validator robustness")
struct ValidatorRobustnessTests {
    /// Inputs no validator may accept.
    static let garbage: [[UInt8]] = [
        [],
        Array("   ".utf8),
        Array("----".utf8),
        Array(" . / - ".utf8),
        [0x00],
        [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00],
        [0xFF, 0xFE, 0xFD],
        Array("\u{00E9}\u{00E9}\u{00E9}\u{00E9}\u{00E9}\u{00E9}\u{00E9}\u{00E9}\u{00E9}".utf8),
        Array("\u{FF11}\u{FF12}\u{FF13}\u{FF14}\u{FF15}\u{FF16}\u{FF17}\u{FF18}\u{FF19}".utf8),  // full-width digits
        Array("hello, world".utf8),
        [UInt8](repeating: 0x39, count: 4096),
        [UInt8](repeating: 0x41, count: 4096),
    ]

    @Test(arguments: Validator.all.map(\.name))
    func rejectsGarbage(_ name: String) throws {
        let v = try #require(Validator.named(name))
        for g in Self.garbage {
            #expect(!v.validate(g), "\(name) accepted \(g.prefix(16))")
        }
    }

    /// A valid value with a NUL byte, a non-ASCII byte or an unknown punctuation inside is
    /// no longer valid.
    @Test(arguments: Validator.all.map(\.name))
    func rejectsValidValuesWithForeignBytes(_ name: String) throws {
        let v = try #require(Validator.named(name))
        for example in validatorValidExamples[name] ?? [] {
            let bytes = Array(example.utf8)
            let middle = bytes.count / 2
            for foreign: [UInt8] in [[0x00], [0xC2, 0xA0], [0x5F], [0x2A]] {
                var mutated = bytes
                mutated.insert(contentsOf: foreign, at: middle)
                #expect(!v.validate(mutated), "\(name) accepted \(example) with \(foreign) inside")
            }
        }
    }

    /// Random byte arrays of length 0...40 (biased towards digits, letters and separators so
    /// that they reach the deep paths), and random mutations of valid values: no trap.
    @Test(arguments: Validator.all.map(\.name))
    func survivesRandomBytes(_ name: String) throws {
        let v = try #require(Validator.named(name))
        var rng = ValidatorFuzzRNG(state: 0xC1A5_51F1 &+ UInt64(truncatingIfNeeded: name.utf8.count))
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz -./+&".utf8)
        var accepted = 0
        for _ in 0..<3000 {
            let length = Int.random(in: 0...40, using: &rng)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                if Int.random(in: 0..<5, using: &rng) == 0 {
                    bytes.append(UInt8.random(in: 0...255, using: &rng))
                } else {
                    bytes.append(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)])
                }
            }
            if v.validate(bytes) { accepted += 1 }
        }
        for example in validatorValidExamples[name] ?? [] {
            let bytes = Array(example.utf8)
            for _ in 0..<300 {
                var m = bytes
                switch Int.random(in: 0..<4, using: &rng) {
                case 0 where !m.isEmpty:
                    m[Int.random(in: 0..<m.count, using: &rng)] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
                case 1:
                    m.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...m.count, using: &rng))
                case 2 where !m.isEmpty:
                    m.remove(at: Int.random(in: 0..<m.count, using: &rng))
                default:
                    m = Array(m.prefix(Int.random(in: 0...m.count, using: &rng)))
                }
                if v.validate(m) { accepted += 1 }
            }
        }
        #expect(accepted >= 0)  // reaching here means no input trapped
    }

    /// Every digit string of a validator's plausible lengths around its valid examples: the
    /// date and table code paths see out-of-range months, days and indices.
    @Test(arguments: Validator.all.map(\.name))
    func survivesEdgeDigitStrings(_ name: String) throws {
        let v = try #require(Validator.named(name))
        for length in 0...24 {
            for fill: UInt8 in [0x30, 0x31, 0x39] {
                _ = v.validate([UInt8](repeating: fill, count: length))
            }
            _ = v.validate(Array(String(repeating: "Z9", count: length).utf8))
        }
    }
}
