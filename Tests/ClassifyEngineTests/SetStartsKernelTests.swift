// SPDX-License-Identifier: Apache-2.0

import CScanKernel
import Testing
@testable import ClassifyEngine

/// `sk_set_starts` (the starts of runs of one byte set inside a gate's windows, 64 bytes at
/// a time) against the byte-by-byte reference it replaced: random inputs, sets with and
/// without bytes >= 0x80, every offset and run up to 64 together, windows at the edges of the
/// input and of 64-byte blocks, and an output buffer small enough that calls resume.
@Suite(.serialized) struct SetStartsKernelTests {
    typealias Rng = PrefilterEquivalenceTests.Rng

    /// Byte by byte: for each window, the maximal runs of `w.lo ..< w.hi + offset + run` (cut
    /// at n) that are long enough give the starts max(w.lo, start - offset) ... min(end -
    /// run, w.hi); touching ranges merged.
    static func reference(_ set: ByteSet, _ offset: Int, _ run: Int, _ s: [UInt8], _ windows: [ClosedRange<Int>]) -> [[Int]] {
        var out: [[Int]] = []
        func add(_ a: Int, _ b: Int) {
            if let last = out.last, a <= last[1] + 1 {
                out[out.count - 1][1] = max(last[1], b)
            } else {
                out.append([a, b])
            }
        }
        for w in windows {
            let end = min(s.count, w.upperBound + offset + run)
            var i = w.lowerBound
            while i < end {
                while i < end, !set.contains(s[i]) { i += 1 }
                let start = i
                while i < end, set.contains(s[i]) { i += 1 }
                guard i - start >= run else { continue }
                let a = max(w.lowerBound, start - offset), b = min(i - run, w.upperBound)
                if a <= b { add(a, b) }
            }
        }
        return out
    }

    @Test(arguments: [false, true]) func startsAreThoseOfTheByteByByteReference(portable: Bool) {
        sk_force_portable(portable ? 1 : 0)
        defer { sk_force_portable(0) }
        var rng = Rng(state: portable ? 31 : 37)
        let alphabet = Array("0123456789a-Z .".utf8) + [0xC3, 0xA9, 0xFF]
        let sets = [ByteSet.digits, ByteSet(Array("0123456789a".utf8)), ByteSet([0xC3, 0xA9, 0x2D]), ByteSet(Array(" .-".utf8))]
        var resumed = 0, nonEmpty = 0
        for round in 0..<400 {
            let n = 1 + rng.below(round % 8 == 0 ? 5000 : 300)
            // Long runs of one set now and then, so that runs cross blocks and windows.
            var bytes: [UInt8] = []
            while bytes.count < n {
                let pool = rng.below(3) == 0 ? Array("0123456789".utf8) : alphabet
                bytes += (0..<(1 + rng.below(rng.below(4) == 0 ? 90 : 8))).map { _ in pool[rng.below(pool.count)] }
            }
            bytes = Array(bytes.prefix(n))
            let set = sets[rng.below(sets.count)]
            let run = 1 + rng.below(rng.below(3) == 0 ? 40 : 8)
            let offset = rng.below(65 - run)
            var windows: [ClosedRange<Int>] = []
            var at = rng.below(70)
            while at < n {
                let hi = min(n - 1, at + rng.below(rng.below(5) == 0 ? 400 : 70))
                windows.append(at...hi)
                at = hi + 1 + rng.below(rng.below(3) == 0 ? 2 : 100)
            }
            var kernelSet = sk_byteset()
            sk_byteset_init(&kernelSet, set.bitmap)
            let pairs = windows.flatMap { [Int64($0.lowerBound), Int64($0.upperBound)] }
            var state = sk_starts_state()
            sk_starts_reset(&state)
            let cap = Int(SK_STARTS_MIN_CAP)
            var out = [Int64](repeating: -1, count: 2 * cap)
            var got: [[Int]] = []
            var calls = 0
            while state.done == 0 {
                let k = sk_set_starts(&kernelSet, Int64(offset), Int64(run), bytes, n, pairs, windows.count, &state, &out, cap)
                for r in 0..<k { got.append([Int(out[2 * r]), Int(out[2 * r + 1])]) }
                calls += 1
                if calls > 10_000 { break }
            }
            let expected = SetStartsKernelTests.reference(set, offset, run, bytes, windows)
            #expect(got == expected, "round \(round): offset \(offset) run \(run), \(windows.count) windows, portable \(portable)")
            resumed += calls > 1 ? 1 : 0
            nonEmpty += expected.isEmpty ? 0 : 1
        }
        #expect(resumed > 0, "no call was resumed")
        #expect(nonEmpty > 150)
    }
}
