// SPDX-License-Identifier: Apache-2.0
// Payment cards, bank identifiers and crypto-currency addresses.
// Every example was computed or checked with an independent implementation (python-stdnum,
// or a from-spec Python script where stdnum has none); where a validator departs from
// stdnum on purpose, its summary says so.

import Testing
@testable import ClassifyEngine

@Suite("Validator credit_card")
struct CreditCardValidatorTests {
    let validator = Validator.creditCard

    @Test("accepts valid values", arguments: [
        "4111111111111111",     // Visa test
        "4111-1111-1111-1111",  // Visa test, dashed
        "5555 5555 5555 4444",  // Mastercard test
        "2223003122003222",     // Mastercard 2-series test
        "378282246310005",      // Amex test
        "6011111111111117",     // Discover test
        "3530111333300000",     // JCB test
        "30569309025904",       // Diners test
        "6200000000000005",     // UnionPay test
        "4222222222222",        // Visa 13-digit test
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "credit_card should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "4111111111111112",     // wrong Luhn
        "1234567812345670",     // Luhn-valid, no issuer (prefix 1)
        "4444444444444444",     // all same digit
        "37828224631000",       // Amex prefix, 14 digits
        "41111111111111111",    // Visa prefix, 17 digits
        "411111111111",         // 12 digits
        "4111 1111 1111 111X",  // letter
        "",                     // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "credit_card should reject \(value)")
    }
}

@Suite("Validator iban_mod97")
struct IBANMod97ValidatorTests {
    let validator = Validator.ibanMod97

    @Test("accepts valid values", arguments: [
        "GB82WEST12345698765432",            // IBAN registry example GB
        "DE89370400440532013000",            // IBAN registry example DE
        "GB82 WEST 1234 5698 7654 32",       // print format
        "FR1420041010050500013M02606",       // FR, letter in BBAN
        "NO9386011117947",                   // shortest (NO, 15)
        "LC55HEMM000100010012001200023015",  // longest (LC, 32)
        "nl91abna0417164300",                // lower case
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "iban_mod97 should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "GB82WEST12345698765431",          // wrong check
        "DE89370400440532013001",          // wrong check
        "XX82WEST12345698765432",          // unknown country
        "GB82WEST1234569876543",           // too short for GB
        "DE8937040044053201300",           // too short for DE
        "GB82WEST12345698765432\u{00A0}",  // non-ASCII
        "",                                // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "iban_mod97 should reject \(value)")
    }
}

@Suite("Validator swift_bic")
struct SwiftBICValidatorTests {
    let validator = Validator.swiftBIC

    @Test("accepts valid values", arguments: [
        "DEUTDEFF",     // Deutsche Bank
        "DEUTDEFF500",  // with branch
        "NEDSZAJJXXX",  // primary office
        "BOFAUS3N",     // digit in location
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "swift_bic should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "DEUTXXFF",    // XX is not a country
        "DEUTDEF",     // 7 chars
        "DEUTDEFF50",  // 10 chars
        "deutdeff",    // lower case
        "DEU1DEFF",    // digit in the party prefix
        "DEUT-DEFF",   // dash
        "",            // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "swift_bic should reject \(value)")
    }
}

@Suite("Validator aba_routing")
struct AbaRoutingValidatorTests {
    let validator = Validator.abaRouting

    @Test("accepts valid values", arguments: [
        "011000015",  // Federal Reserve Bank of Boston
        "021000021",  // JPMorgan Chase NY
        "121000358",  // Bank of America CA
        "322271627",  // Chase CA
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "aba_routing should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "021000022",  // wrong check
        "131000002",  // checksum ok, prefix 13 unassigned
        "000000000",  // all zero
        "02100002",   // 8 digits
        "02100002A",  // letter
        "",           // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "aba_routing should reject \(value)")
    }
}

@Suite("Validator btc_address")
struct BtcAddressValidatorTests {
    let validator = Validator.btcAddress

    @Test("accepts valid values", arguments: [
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",                              // genesis block P2PKH
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",                              // BIP-13 style P2SH
        "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",                      // BIP-173 P2WPKH, upper case
        "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",  // BIP-173 P2WSH
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",  // BIP-350 taproot
        "BC1SW50QGDZ25J",                                                  // BIP-350 version 16
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "btc_address should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "1A1zP1eP5QGefi2DMPTfTL5SMv7DivfNa",                               // typo (checksum)
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",                      // v0 with bech32m (BIP-350 invalid)
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",  // v1 with bech32 (BIP-350 invalid)
        "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",                      // mixed case
        "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",                      // testnet
        "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn",                              // testnet P2PKH
        "0A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",                              // 0 is not base58
        "",                                                                // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "btc_address should reject \(value)")
    }
}

@Suite("Validator eth_address")
struct EthAddressValidatorTests {
    let validator = Validator.ethAddress

    @Test("accepts valid values", arguments: [
        "0x52908400098527886E0F7030069857D2E4169EE7",  // EIP-55 example
        "0xde709f2102306220921060314715629080e2fb77",  // lower case
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",  // EIP-55 mixed case
    ])
    func accepts(_ value: String) {
        #expect(validator.validate(value), "eth_address should accept \(value)")
    }

    @Test("rejects invalid values", arguments: [
        "0x52908400098527886E0F7030069857D2E4169EE",   // 39 hex
        "52908400098527886E0F7030069857D2E4169EE7",    // no 0x
        "0x52908400098527886E0F7030069857D2E4169EG7",  // G
        "0x0000000000000000000000000000000000000000",  // zero address
        "",                                            // empty
    ])
    func rejects(_ value: String) {
        #expect(!validator.validate(value), "eth_address should reject \(value)")
    }
}
