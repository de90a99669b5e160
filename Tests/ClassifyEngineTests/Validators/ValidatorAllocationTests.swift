// SPDX-License-Identifier: Apache-2.0
// Validators and the entropy filter run on every candidate of every scan, and a scan must not
// allocate in steady state (issue 5): none of them may touch the heap. Counted with the
// repository's LD_PRELOAD shim (benchmarks/malloc_count.c), which these tests find with dlsym;
// without it they are skipped. To run them:
//
//   cc -O2 -shared -fPIC -o /tmp/malloc_count.so benchmarks/malloc_count.c
//   LD_PRELOAD=/tmp/malloc_count.so swift test -c release --filter ValidatorAllocation
//
// VALIDATOR_ALLOCATION_REPORT=1 prints every validator's allocations per call.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import ClassifyEngine

/// `malloc_count_calls` from the preloaded shim, or nil when it is not loaded.
private func mallocCallCounter() -> (@convention(c) () -> UInt64)? {
    guard let symbol = dlsym(nil, "malloc_count_calls") else { return nil }  // nil = RTLD_DEFAULT
    return unsafeBitCast(symbol, to: (@convention(c) () -> UInt64).self)
}

/// The fewest heap allocations `body` made over `attempts` runs. The counter counts every
/// thread's calls, so a test running in parallel can add some to one run; a real allocation in
/// `body` shows in every run.
private func fewestAllocations(attempts: Int = 5, _ body: () -> Void) -> UInt64 {
    guard let calls = mallocCallCounter() else { return 0 }
    var fewest = UInt64.max
    for _ in 0..<attempts {
        let before = calls()
        body()
        fewest = Swift.min(fewest, calls() &- before)
        if fewest == 0 { break }
    }
    return fewest
}

/// Valid values of the validators `validatorValidExamples` has none for (from their own
/// suites), so that every validator's accepting path is counted too.
private let allocationExtraExamples: [String: [String]] = [
    "au_acn": ["010749961", "212345670", "500000000"],
    "base62_crc32_token": ["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", "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", "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"],
    "br_cnh": ["58316794534", "63693715654", "79363960192"],
    "br_pis": ["10794985383", "11243320502", "19952576229"],
    "card_track": ["5500000000000004=2701201000000", ";4111111111111111=29121011234567890?", "B4111111111111111^DOE/JANE^29121010000000000"],
    "cn_resident_id": ["11010519491231002X", "11010519491231002x", "320106199003070012"],
    "crc32_hex_suffix": ["123456789CBF43926", "ATBBdzcdvGoJWsk1CdSXAoZmhFkr08D21DEA", "ATBBrQxeJ6mXJlSwP90IfVRhUi0i7e941987"],
    "cusip": ["011000015", "021000021", "037833100"],
    "de_id_document": ["C01X00T47", "F1234567N", "F91234563"],
    "de_kvnr": ["A123456780", "B223456783", "M837462513"],
    "de_svnr": ["12151167M701", "15070649C103", "25081256A077"],
    "es_ccc": ["21000418450200051332", "2100 0418 45 0200051332", "2100-0418-45-0200051332"],
    "es_nss": ["083567376241", "280123456742", "281234567840"],
    "eth_eip55": ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB"],
    "eu_vat": ["ATU13585627", "BE0428759497", "CHE-107.787.577 IVA", "CHE107787577", "DE 136 695 976", "DE136695976"],
    "fr_nif": ["1982597919190", "3023217600053", "30 23 217 600 053"],
    "fr_rib": ["30002005500000157845Z02", "30002 00550 0000157845Z 02"],
    "hk_hkid": ["A1234563", "IB1234563", "A123456(3)"],
    "http_basic_auth": ["YTpi", "Ym9iOnBhOnNz", "asO8cmdlbjpncsO8bjEyMw=="],
    "isin": ["DE000BAY0017", "GB0002634946", "US0378331005"],
    "it_bban": ["X0542811101000000123456", "X 05428 11101 000000123456"],
    "lei": ["529900T8BM49AURSDO55", "5493001KJTIIGC8Y1R12", "HWUPKR0MPOU8FGXBT394"],
    "ltc_address": ["LSnXkpUHEZpknpS2rP3egTHsfvw8HR6wjF", "M9UJuSMgBmYBNg7xFHUtCj1Cwhfz8YEtuz", "ltc1qlyuqhrkmyf9xkfy2r6fyar7s4chp49yj9lgrtj"],
    "nz_nhi": ["JBX3656", "ZAC5361", "ZBN77VL"],
    "pl_id_card": ["ABA300000", "CDE374924", "JKL923299"],
    "pl_nip": ["1111111111", "1234563218", "1955839662"],
    "pl_regon": ["021000021", "037833100", "123456785"],
    "pt_cc": ["107182939ZY8", "107251288ZX8", "165221507ZZ2"],
    "th_national_id": ["1101700230708", "3100500123458", "1-1017-00230-70-8"],
    "tw_national_id": ["A123456789", "A800000014", "B223456782"],
    "uk_driving_licence": ["JONES610101J99AB", "LI999802290AB9XY", "MORGA753116SM9IJ"],
    "uk_utr": ["1123456789", "1234563217", "1507869515"],
    "xmr_address": ["456d4nztghs4YSMxNmFR2KcZMh4rpR7C6PoxS2Wwrm3ddiaLK6aeBHELZ6U5FKkp5qQz5rY8dbbaqJ56zZmkNKRz4DhJ78s", "85mnc6SuBauPw4BcRoCY6A9y8Z4VD2gSBSpY39XMtoxRitqmevthJDoZ1GKiGYSNjzP5mEcJrUaiGWXiunGhMXLuKaA3kAz"],
    "xrp_address": ["rrrrrrrrrrrrrrrrrrrrBZbvji", "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", "rwUbASxESjmPM7cjgKv81tw3xzv8nrLxbe"],
]

@Suite("Validator allocations (LD_PRELOAD malloc_count.so)", .serialized, .enabled(if: mallocCallCounter() != nil))
struct ValidatorAllocationTests {
    static let callsPerInput = 1000

    /// A valid example and invalid variants of it (a changed last character, over-long, empty,
    /// separators and non-ASCII bytes), so that both the accepting and the rejecting paths run.
    static func inputs(for name: String) -> [[UInt8]] {
        var out: [[UInt8]] = [[], Array("not a value at all".utf8), [UInt8](repeating: 0x37, count: 200)]
        let examples = (validatorValidExamples[name] ?? []) + (allocationExtraExamples[name] ?? [])
        for example in examples.prefix(4) {
            let valid = Array(example.utf8)
            out.append(valid)
            var changed = valid
            if let last = changed.last { changed[changed.count - 1] = last == 0x30 ? 0x31 : 0x30 }
            out.append(changed)
            out.append(valid + [0x20, 0xC3, 0xA9])
            out.append(valid + valid)
        }
        return out
    }

    @Test(arguments: Validator.all.map(\.name))
    func validatorDoesNotAllocate(_ name: String) throws {
        let v = try #require(Validator.named(name))
        let inputs = Self.inputs(for: name)
        for input in inputs { _ = v.validate(input) }  // warm-up: tables and globals built once
        var sink = 0
        let allocations = fewestAllocations {
            for input in inputs {
                input.withUnsafeBufferPointer { buffer in
                    for _ in 0..<Self.callsPerInput where v.check(buffer) { sink &+= 1 }
                }
            }
        }
        #expect(sink > 0, "\(name) accepted none of its examples: the accepting path was not counted")
        if getenv("VALIDATOR_ALLOCATION_REPORT") != nil {
            let calls = inputs.count * Self.callsPerInput
            print("allocations \(name): \(allocations) in \(calls) calls (accepted \(sink))")
        }
        #expect(allocations == 0, "\(name) allocated \(allocations) times in \(inputs.count * Self.callsPerInput) calls")
    }

    @Test func shannonEntropyDoesNotAllocate() {
        var bytes: [UInt8] = []
        for i in 0..<4096 { bytes.append(UInt8(truncatingIfNeeded: i &* 7919 >> 3)) }
        _ = bytes.withUnsafeBufferPointer { shannonEntropy($0, 0..<$0.count) }
        var total = 0.0
        let allocations = fewestAllocations {
            bytes.withUnsafeBufferPointer { buffer in
                for n in stride(from: 1, through: 4096, by: 97) { total += shannonEntropy(buffer, 0..<n) }
            }
        }
        #expect(allocations == 0)
        #expect(total > 0)
    }

    /// The counter sees an allocation (so that the zeros above mean something).
    @Test func counterCountsAnAllocation() {
        var kept: [[UInt8]] = []
        let allocations = fewestAllocations {
            for i in 0..<100 { kept.append([UInt8](repeating: UInt8(truncatingIfNeeded: i), count: 64 + i)) }
        }
        #expect(allocations >= 100)
        #expect(kept.count >= 100)
    }
}
