import Testing
import RulePacks
@testable import ClassifyEngine
#if canImport(Glibc)
import Glibc
#endif

@Suite struct ZZPerfProbe {
    @Test func probe() throws {
        guard getenv("CLASSIFY_PERF") != nil else { return }
        let rs = try Ruleset.builtin()
        let scanner = try Scanner()
        func gen(dense: Bool, size: Int) -> [UInt8] {
            var out: [UInt8] = []
            var rng = PrefilterEquivalenceTests.Rng(state: 7)
            let words = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "and", "data", "privacy", "customer", "records", "were", "sent", "to", "a", "team", "in", "March"]
            while out.count < size {
                if dense {
                    out.append(contentsOf: "2026-11-29T12:\(10 + rng.below(50)):\(10 + rng.below(50)).\(100 + rng.below(900))Z INFO [worker-\(rng.below(9))] GET /api/v1/users/\(rng.below(100000)) 200 \(rng.below(900))ms ".utf8)
                    switch rng.below(8) {
                    case 0: out.append(contentsOf: "user=jane.doe\(rng.below(99))@example.com".utf8)
                    case 1: out.append(contentsOf: "client 203.0.113.\(rng.below(250))".utf8)
                    case 2: out.append(contentsOf: "card 4111 1111 1111 1111".utf8)
                    case 3: out.append(contentsOf: "ssn 536-22-8726".utf8)
                    case 4: out.append(contentsOf: "phone (415) 555-0132".utf8)
                    case 5: out.append(contentsOf: "iban DE89370400440532013000".utf8)
                    case 6: out.append(contentsOf: "key AKIAZ3MHJXQ2EMPLV7AB".utf8)
                    default: out.append(contentsOf: "trace 9f86d081884c7d659a2feaa0c55ad015".utf8)
                    }
                    out.append(10)
                } else {
                    for _ in 0..<800 {
                        out.append(contentsOf: words[rng.below(words.count)].utf8)
                        out.append(rng.below(15) == 0 ? UInt8(ascii: ".") : 32)
                        if rng.below(12) == 0 { out.append(contentsOf: " ".utf8) }
                    }
                    switch rng.below(4) {
                    case 0: out.append(contentsOf: " contact jane.doe@example.com ".utf8)
                    case 1: out.append(contentsOf: " card 4111 1111 1111 1111 ".utf8)
                    case 2: out.append(contentsOf: " call (415) 555-0132 ".utf8)
                    default: out.append(contentsOf: " in 2019 we had 42 ".utf8)
                    }
                }
            }
            return out
        }
        for dense in [false, true] {
            let data = gen(dense: dense, size: 2_000_000)
            if getenv("CLASSIFY_PERF_DETECTORS") != nil {
                var times: [(Double, String, String)] = []
                data.withUnsafeBufferPointer { buf in
                    rs.prefilter.collect(buf, into: &scanner.occurrences)
                    for d in rs.detectors {
                        var budget = Budget(options: ScanOptions())
                        scanner.candidates.removeAll()
                        let t0 = monotonicNanoseconds()
                        scanner.runPrefiltered(d, plans: rs.plans[d.index], over: buf, budget: &budget)
                        let t = Double(monotonicNanoseconds() - t0) / 1e9
                        times.append((t, d.spec.id, "\(rs.plans[d.index].map { "\($0.trigger) reach=\($0.reach.map(String.init) ?? "nil")" })"))
                    }
                }
                for (t, id, plan) in times.sorted(by: { $0.0 > $1.0 }).prefix(25) {
                    print("PERF-DET dense=\(dense) \(Int(t * 1000)) ms \(id) \(plan)")
                }
                continue
            }
            for strat in [ScanStrategy.prefiltered, .naive] {
                var o = ScanOptions(); o.strategy = strat
                var best = 1e9
                var count = 0
                for _ in 0..<3 {
                    let t0 = monotonicNanoseconds()
                    let r = scanner.scan(data, with: rs, options: o)
                    let t = Double(monotonicNanoseconds() - t0) / 1e9
                    best = min(best, t); count = r.findings.count
                }
                print("PERF dense=\(dense) \(strat): \(Int(Double(data.count) / best / 1e6)) MB/s, findings \(count), detectors \(rs.detectorCount)")
            }
        }
    }
}
