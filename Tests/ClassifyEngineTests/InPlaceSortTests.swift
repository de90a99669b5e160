// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import ClassifyEngine

@Suite struct InPlaceSortTests {
    typealias Rng = PrefilterEquivalenceTests.Rng

    /// Inputs that stress each part: random, few distinct keys, sorted, reversed, organ
    /// pipe, all equal; short (insertion sort only) and long (quicksort, then heapsort).
    static func inputs() -> [[Int]] {
        var rng = Rng(state: 7)
        var out: [[Int]] = []
        for n in [0, 1, 2, 3, 16, 17, 18, 31, 100, 1000, 5000] {
            out.append((0..<n).map { _ in rng.below(1_000_000) })
            out.append((0..<n).map { _ in rng.below(3) })
            out.append(Array(0..<n))
            out.append(Array((0..<n).reversed()))
            out.append((0..<n).map { min($0, n - $0) })
            out.append([Int](repeating: 5, count: n))
        }
        return out
    }

    @Test func sortsLikeTheStandardLibrary() {
        for input in Self.inputs() {
            for depth in [nil, 0, 1] as [Int?] {
                var a = input
                a.withUnsafeMutableBufferPointer { $0.sortInPlace(maxDepth: depth, by: <) }
                #expect(a == input.sorted(), "n \(input.count) depth \(String(describing: depth))")
            }
        }
    }

    @Test func ordersByAWholeKeyAsAStableSortWould() {
        // (key, original position): sorting by the pair gives the stable order by key.
        var rng = Rng(state: 11)
        let keys = (0..<3000).map { _ in rng.below(20) }
        var pairs = keys.enumerated().map { ($1, $0) }
        pairs.withUnsafeMutableBufferPointer { $0.sortInPlace { ($0.0, $0.1) < ($1.0, $1.1) } }
        let stable = keys.enumerated().sorted { $0.element < $1.element }.map { ($0.element, $0.offset) }
        #expect(pairs.map(\.0) == stable.map(\.0))
        #expect(pairs.map(\.1) == stable.map(\.1))
    }
}
