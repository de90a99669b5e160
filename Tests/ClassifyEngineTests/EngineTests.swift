// SPDX-License-Identifier: Apache-2.0
// The engine: generations, failed swaps that change nothing, downgrades, signatures, and
// scans that keep the ruleset they started with while swaps happen.

import Dispatch
import Testing
import RulePacks
@testable import ClassifyEngine

#if canImport(Glibc)
import Glibc
#endif

private func enginePack(_ id: String, _ version: String, level: String) -> [UInt8] {
    Array(#"{"schema":"classify.pack/1","id":"\#(id)","version":"\#(version)","detectors":[{"id":"emp","type":"EMPLOYEE_ID","category":"pii","patterns":["\\bE-\\d{7}\\b"],"level":"\#(level)","examples":{"match":["E-1234567"]}}]}"#.utf8)
}

@Suite struct EngineTests {
    let scanner = try! Scanner()

    @Test func generationsAndFailedSwaps() throws {
        let engine = try Engine(ruleset: nil)
        #expect(engine.generation == 0 && engine.snapshot() == nil)
        #expect(throws: ClassifyError.self) { try engine.scan(UnsafeBufferPointer(start: nil, count: 0), with: scanner) }
        #expect(try engine.swap(bytes: enginePack("p", "1.0.0", level: "internal"), signature: nil, name: "a") == 1)
        #expect(try engine.swap(bytes: enginePack("p", "1.1.0", level: "restricted"), signature: nil, name: "b") == 2)
        for bad in ["{", #"{"schema":"classify.pack/1","id":"p","version":"2.0.0","detectors":[{"id":"x","type":"X","category":"pii","patterns":["("],"examples":{"match":["x"]}}]}"#] {
            #expect(throws: ClassifyError.self) { try engine.swap(bytes: Array(bad.utf8), signature: nil, name: "bad") }
        }
        #expect(engine.generation == 2 && engine.snapshot()?.ruleset.version == "1.1.0")
        #expect(engine.swapStatistics == (2, 2))
        let text = Array("E-1234567".utf8)
        let (r, snap) = try text.withUnsafeBufferPointer { try engine.scan($0, with: scanner) }
        #expect(r.generation == 2 && snap.generation == 2 && r.decision.level == "restricted")
        #expect(r.summary().generation == 2)
    }

    @Test func downgradesAreRefusedUnlessAllowed() throws {
        let engine = try Engine(ruleset: try Ruleset(json: enginePack("p", "1.2.0", level: "internal"), name: "a"))
        let e = #expect(throws: ClassifyError.self) { try engine.swap(bytes: enginePack("p", "1.1.9", level: "internal"), signature: nil, name: "old") }
        #expect(e?.code == .downgrade)
        #expect(try engine.swap(bytes: enginePack("p", "1.2.0", level: "restricted"), signature: nil, name: "same") == 2)
        #expect(try engine.swap(bytes: enginePack("other", "0.1.0", level: "internal"), signature: nil, name: "other") == 3)
        var o = EngineOptions()
        o.allowDowngrade = true
        let lenient = try Engine(ruleset: try Ruleset(json: enginePack("p", "1.2.0", level: "internal"), name: "a"), options: o)
        #expect(try lenient.swap(bytes: enginePack("p", "1.0.0", level: "internal"), signature: nil, name: "old") == 2)
    }

    @Test func requiredSignatures() throws {
        let key = try SecretKey.generate()
        var o = EngineOptions()
        o.requireSignatures = true
        o.trustedKeys = [key.publicKey]
        // A ruleset opened from unverified bytes is refused; a built-in one is not.
        #expect(throws: ClassifyError.self) { try Engine(ruleset: try Ruleset(json: enginePack("p", "1.0.0", level: "internal"), name: "a"), options: o) }
        let engine = try Engine(ruleset: try Ruleset.builtin("core"), options: o)
        let bytes = enginePack("p", "2.0.0", level: "restricted")
        let e = #expect(throws: ClassifyError.self) { try engine.swap(bytes: bytes, signature: nil, name: "p.json") }
        #expect(e?.code == .signature)
        let sig = try PackSignature.sign(bytes, kind: "pack", id: "p", version: "2.0.0", with: key)
        #expect(try engine.swap(bytes: bytes, signature: Array(sig.fileText.utf8), name: "p.json") == 2)
        #expect(engine.snapshot()?.ruleset.pack.signer == key.publicKey.id)
        // An older signed version is refused before it is parsed.
        let old = enginePack("p", "1.0.0", level: "internal")
        let oldSig = try PackSignature.sign(old, kind: "pack", id: "p", version: "1.0.0", with: key)
        let d = #expect(throws: ClassifyError.self) { try engine.swap(bytes: old, signature: Array(oldSig.fileText.utf8), name: "old.json") }
        #expect(d?.code == .downgrade)
        // A verified ruleset moves to another engine that trusts the same key.
        let other = try Engine(ruleset: nil, options: o)
        #expect(try other.swap(to: engine.snapshot()!.ruleset) == 1)
    }

    @Test func aReplacedRulesetIsFreedWhenItsLastUserIsDone() throws {
        weak var old: Ruleset?
        let engine: Engine
        var held: ScanResult?
        do {
            let a = try Ruleset(json: enginePack("a", "1.0.0", level: "internal"), name: "a")
            old = a
            engine = try Engine(ruleset: a)
            // A result made with it is one of its users.
            held = try Array("E-1234567".utf8).withUnsafeBufferPointer { try engine.scan($0, with: scanner) }.result
        }
        try engine.swap(bytes: enginePack("b", "1.0.0", level: "restricted"), signature: nil, name: "b")
        #expect(old != nil && held?.ruleset === old)
        held = nil
        #expect(old == nil, "the replaced ruleset is still alive after its last user let go")
        #expect(engine.snapshot()?.ruleset.id == "b")
    }

    @Test func scansFinishOnTheRulesetTheyStartedWith() throws {
        let a = try Ruleset(json: enginePack("a", "1.0.0", level: "internal"), name: "a")
        let b = try Ruleset(json: enginePack("b", "1.0.0", level: "restricted"), name: "b")
        var o = EngineOptions()
        o.allowDowngrade = true
        let engine = try Engine(ruleset: a, options: o)
        let torn = Counter()
        let scans = Counter()
        let text = Array(String(repeating: "E-1234567 filler text ", count: 50).utf8)
        DispatchQueue.concurrentPerform(iterations: 3) { worker in
            if worker == 0 {
                for i in 0..<2000 { _ = try? engine.swap(to: i % 2 == 0 ? b : a) }
                return
            }
            let scanner = try! Scanner()
            for _ in 0..<1500 {
                let (r, snap) = try! text.withUnsafeBufferPointer { try engine.scan($0, with: scanner) }
                // Generation 1 is a, then b, a, b, ...: odd generations are a.
                let expected = snap.generation % 2 == 1 ? "internal" : "restricted"
                if r.decision.level != expected || r.ruleset !== snap.ruleset || r.findings.count != 50 { torn.add() }
                scans.add()
            }
        }
        #expect(torn.value == 0 && scans.value == 3000)
        #expect(engine.generation == 2001)
    }
}

/// A counter shared by threads (the test's own bookkeeping).
final class Counter: @unchecked Sendable {
    private var n = 0
    private let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(m, nil) }
    deinit { pthread_mutex_destroy(m); m.deallocate() }
    func add() { pthread_mutex_lock(m); n += 1; pthread_mutex_unlock(m) }
    var value: Int { pthread_mutex_lock(m); defer { pthread_mutex_unlock(m) }; return n }
}
