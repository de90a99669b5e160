// SPDX-License-Identifier: Apache-2.0
// The Swift side of the one-pass kernel (Sources/CScanKernel): its tables, built once per
// ruleset, and the event buffer a scanner reuses from scan to scan.

import CScanKernel
import RulePacks

/// The kernel's tables for one ruleset's trigger sets and literals. Immutable once built,
/// so it is shared by every thread scanning with the ruleset (hence `@unchecked Sendable`:
/// it holds a C pointer that nothing writes after `init`).
final class ScanKernel: @unchecked Sendable {
    let tables: OpaquePointer
    /// The most events one 64-byte block can produce (the event buffer holds more).
    let eventsPerBlock: Int

    /// `glued`: for each literal, the bytes after a glued occurrence of a keyword word at
    /// which it is reported (`sk_spec.lit_glued`); nil: at every byte. `bound`: for each
    /// literal, whether it is reported only where no ASCII letter or digit comes before it
    /// (`sk_spec.lit_bound`); nil: none is.
    init(
        sets: [ByteSet], minRun: [Int], literals: [[UInt8]], wordOnly: [Bool], exact: [Bool]? = nil, glued: [ByteSet]? = nil,
        bound: [Bool]? = nil
    ) throws(ClassifyError) {
        let bitmaps = ScanKernel.bitmaps(sets)
        let gluedBitmaps = glued.map(ScanKernel.bitmaps)
        let runs = minRun.map { UInt32(clamping: $0) }
        let bytes = literals.flatMap { $0 }
        let starts = literals.reduce(into: [UInt32(0)]) { $0.append($0.last! + UInt32($1.count)) }
        let word = wordOnly.map { UInt8($0 ? 1 : 0) }
        let exactCase = (exact ?? wordOnly.map { _ in false }).map { UInt8($0 ? 1 : 0) }
        let afterGap = (bound ?? wordOnly.map { _ in false }).map { UInt8($0 ? 1 : 0) }
        let built: OpaquePointer? = bitmaps.withUnsafeBufferPointer { b in
            runs.withUnsafeBufferPointer { r in
                bytes.withUnsafeBufferPointer { l in
                    starts.withUnsafeBufferPointer { st in
                        word.withUnsafeBufferPointer { w in
                            exactCase.withUnsafeBufferPointer { x in
                                afterGap.withUnsafeBufferPointer { a in
                                    (gluedBitmaps ?? []).withUnsafeBufferPointer { g in
                                        var spec = sk_spec(
                                            nsets: UInt32(sets.count), sets: b.baseAddress, min_run: r.baseAddress,
                                            nlits: UInt32(literals.count), lit_bytes: l.baseAddress, lit_start: st.baseAddress,
                                            lit_word: w.baseAddress, lit_exact: x.baseAddress,
                                            lit_glued: gluedBitmaps == nil ? nil : g.baseAddress, lit_bound: a.baseAddress)
                                        return sk_tables_new(&spec)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // The planner keeps at most 32 sets, and literals of 2 bytes or more or one-letter
        // keyword words, so only memory can be missing here.
        guard let built else { throw ClassifyError(.noMemory, "cannot allocate the prefilter tables") }
        tables = built
        eventsPerBlock = sk_events_per_block(built)
    }

    deinit { sk_tables_free(tables) }

    /// Byte sets as the kernel takes them: 32 bytes each, bit b % 8 of byte b / 8 for byte b
    /// (at least one bitmap, so that the buffer has an address).
    private static func bitmaps(_ sets: [ByteSet]) -> [UInt8] {
        sets.isEmpty ? [UInt8](repeating: 0, count: 32) : sets.flatMap(\.bitmap)
    }
}

extension Scanner {
    /// The code the one pass over the input runs in this process: "avx2", or "portable"
    /// (a CPU without AVX2, or CLASSIFY_NO_AVX2 set; classify.h, "Environment"). The
    /// findings are the same.
    public static var kernelName: String { sk_uses_avx2() != 0 ? "avx2" : "portable" }
}

/// Scratch memory for the kernel's events and state, owned by one scanner's `Occurrences`.
final class KernelBuffer {
    private(set) var events: UnsafeMutablePointer<sk_event>
    private(set) var capacity: Int
    let state: UnsafeMutablePointer<sk_state>
    /// For start-shape batches: the output and the state.
    let laneRanges = UnsafeMutablePointer<sk_lane_range>.allocate(capacity: KernelBuffer.laneRangeCapacity)
    let batchState = UnsafeMutablePointer<sk_batch_state>.allocate(capacity: 1)
    static let laneRangeCapacity = 4096
    /// For `sk_set_starts`: the output (pairs) and the state.
    let startRanges = UnsafeMutablePointer<Int64>.allocate(capacity: 2 * KernelBuffer.startRangeCapacity)
    let startsState = UnsafeMutablePointer<sk_starts_state>.allocate(capacity: 1)
    static let startRangeCapacity = 1024

    init() {
        capacity = 0
        events = UnsafeMutablePointer<sk_event>.allocate(capacity: 1)
        state = UnsafeMutablePointer<sk_state>.allocate(capacity: 1)
        state.initialize(to: sk_state())
        batchState.initialize(to: sk_batch_state())
        startsState.initialize(to: sk_starts_state())
    }

    /// Makes room for at least `n` events (the old events are not kept).
    func reserve(_ n: Int) {
        guard n > capacity else { return }
        events.deallocate()
        events = UnsafeMutablePointer<sk_event>.allocate(capacity: n)
        capacity = n
    }

    deinit {
        events.deallocate()
        state.deallocate()
        laneRanges.deallocate()
        batchState.deallocate()
        startRanges.deallocate()
        startsState.deallocate()
    }
}
