// SPDX-License-Identifier: Apache-2.0
// Read-only accessors the `classify` command needs beyond the core API.

import RulePacks

extension ScanResult {
    /// The frameworks one finding brings in under the policies in force on the decision's
    /// date (its detector's frameworks plus those of every applicable policy), sorted.
    public func frameworks(of f: Finding) -> [String] {
        ruleset.mapping(detector: f.detectorIndex, on: decision.asOf).frameworks.sorted()
    }
}
