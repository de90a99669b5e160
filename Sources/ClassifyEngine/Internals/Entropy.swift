// SPDX-License-Identifier: Apache-2.0

/// Shannon entropy of a byte string in bits per byte (0 for an empty one). The byte counts
/// live inline (no heap allocation: this runs on candidate values during every scan); they are
/// summed in byte order, so the result is the same bit for bit as with any other storage.
func shannonEntropy(_ s: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Double {
    guard !r.isEmpty else { return 0 }
    var counts = InlineArray<256, Int>(repeating: 0)
    for i in r { counts[Int(s[i])] += 1 }
    let n = Double(r.count)
    var h = 0.0
    for b in 0..<256 {
        let c = counts[b]
        guard c > 0 else { continue }
        let p = Double(c) / n
        h -= p * log2(p)
    }
    return h
}

#if canImport(Glibc)
import Glibc
#endif

/// Nanoseconds on the monotonic clock.
func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

/// CPU time consumed by the calling thread.
func threadCPUNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

/// Today in UTC.
func todayUTC() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec)
}
