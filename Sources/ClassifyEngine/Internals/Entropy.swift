// SPDX-License-Identifier: Apache-2.0

/// Shannon entropy of a byte string in bits per byte (0 for an empty one).
func shannonEntropy(_ s: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Double {
    guard !r.isEmpty else { return 0 }
    var counts = [Int](repeating: 0, count: 256)
    for i in r { counts[Int(s[i])] += 1 }
    let n = Double(r.count)
    var h = 0.0
    for c in counts where c > 0 {
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
