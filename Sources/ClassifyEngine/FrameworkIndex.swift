// SPDX-License-Identifier: Apache-2.0
// A decision names the union of its detectors' frameworks, sorted. Built from strings, that
// union costs a set and an array per scan; here each framework is a bit, a decision unites
// 64-bit words, and the sorted list of each union is made once and then looked up.

import RulePacks
import Synchronization

/// The frameworks of a ruleset as bits: framework i of `names` (sorted) is bit i.
final class FrameworkIndex: Sendable {
    /// Every framework a detector or a policy of the pack names, sorted.
    let names: [String]
    /// Whether the pack has at most 64 frameworks. When it has more, bits are not used
    /// and `Ruleset.decide` unites the names themselves.
    let usable: Bool
    /// Each detector's own frameworks.
    let detectorBits: [UInt64]
    /// The frameworks of each policy in `Ruleset.policiesByDetector`, in the same layout.
    let policyBits: [[UInt64]]
    /// The sorted name list of each union seen so far (at most `maxLists` of them).
    private let lists = Mutex<[UInt64: [String]]>([:])
    private static let maxLists = 4096

    init(detectors: [DetectorSpec], policiesByDetector: [[Policy]]) {
        var all = Set<String>()
        for d in detectors { all.formUnion(d.frameworks) }
        for ps in policiesByDetector { for p in ps { all.formUnion(p.frameworks) } }
        let sorted = all.sorted()
        names = sorted
        usable = sorted.count <= 64
        let bit = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
        func bits(_ frameworks: [String]) -> UInt64 {
            guard sorted.count <= 64 else { return 0 }
            return frameworks.reduce(0) { $0 | 1 << UInt64(bit[$1] ?? 0) }
        }
        detectorBits = detectors.map { bits($0.frameworks) }
        policyBits = policiesByDetector.map { $0.map { bits($0.frameworks) } }
    }

    /// The names of the frameworks in `bits`, sorted.
    func list(_ bits: UInt64) -> [String] {
        if bits == 0 { return [] }
        if let known = lists.withLock({ $0[bits] }) { return known }
        var out: [String] = []
        var rest = bits
        while rest != 0 {
            out.append(names[rest.trailingZeroBitCount])
            rest &= rest - 1
        }
        lists.withLock { if $0.count < FrameworkIndex.maxLists { $0[bits] = out } }
        return out
    }
}
