// SPDX-License-Identifier: Apache-2.0
// The scratch a validator builds from a candidate (its digits, its upper-cased characters,
// a decoded payload) held inline, so that running a validator costs no heap allocation:
// validators run on every candidate of every scan, and a scan must not allocate in steady
// state.

/// The list validators compact candidates into: above every identifier a validator compacts
/// (the longest, an IBAN, has 34 characters) and every hash or Base58Check payload (<= 64).
typealias ByteList = InlineByteList<64>

/// Up to `capacity` bytes stored inline (on the stack in a validator), read like an array:
/// `d[i]`, `d.count`, `d[2...]`, `d.reversed()`, `for x in d` (indices 0..<count).
struct InlineByteList<let capacity: Int>: RandomAccessCollection, MutableCollection, Sendable {
    private var storage: InlineArray<capacity, UInt8>
    /// The number of bytes held.
    private(set) var count: Int

    /// An empty list.
    @inline(__always)
    init() {
        storage = InlineArray(repeating: 0)
        count = 0
    }

    /// A list holding `bytes`, or nil when they do not fit.
    init?(_ bytes: some Sequence<UInt8>) {
        self.init()
        for b in bytes where !append(b) { return nil }
    }

    @inline(__always) var startIndex: Int { 0 }
    @inline(__always) var endIndex: Int { count }

    /// The byte at `i`; like an array's, traps when `i` is not in `0..<count` (validators
    /// check lengths before they index).
    @inline(__always)
    subscript(i: Int) -> UInt8 {
        get {
            precondition(i >= 0 && i < count, "InlineByteList index out of range")
            return storage[i]
        }
        set {
            precondition(i >= 0 && i < count, "InlineByteList index out of range")
            storage[i] = newValue
        }
    }

    /// Appends `b`; false (and nothing appended) when the list is full.
    @inline(__always) @discardableResult
    mutating func append(_ b: UInt8) -> Bool {
        guard count < capacity else { return false }
        storage[count] = b
        count += 1
        return true
    }

    /// The bytes in `range` as a list of their own (indices from 0, as `Array(d[range])` had);
    /// traps like an array slice when `range` is not within `0...count`.
    func sublist(_ range: Range<Int>) -> InlineByteList<capacity> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "InlineByteList range out of range")
        var out = InlineByteList<capacity>()
        for i in range { out.append(storage[i]) }
        return out
    }

    /// Runs `body` on the bytes held, as the buffer a `Validator.check` takes.
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        storage.span.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[0..<count]))
        }
    }
}
