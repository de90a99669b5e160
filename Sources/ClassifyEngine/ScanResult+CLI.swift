// SPDX-License-Identifier: Apache-2.0
// Read-only accessors the `classify` command needs beyond the core API.

import RulePacks

extension ScanResult {
    /// The frameworks one finding brings in under the policies in force on the decision's
    /// date (its detector's frameworks plus those of every applicable policy), sorted.
    public func frameworks(of f: Finding) -> [String] {
        ruleset.mapping(detector: f.detectorIndex, on: decision.asOf).frameworks.sorted()
    }

    /// Why an incomplete result stopped early and which detectors it cut short, for one
    /// line of text: "deadline; detectors cut short: credit_card, email_address, and 3
    /// more". Empty for a complete result.
    public func incompleteSummary(listing most: Int = 5) -> String {
        guard !isComplete else { return "" }
        var text = decision.incomplete.names.joined(separator: ", ")
        let ids = incompleteDetectors.map { ruleset.detectorSpecs[$0].id }
        if !ids.isEmpty {
            text += "; detectors cut short: " + ids.prefix(most).joined(separator: ", ")
            if ids.count > most { text += ", and \(ids.count - most) more" }
        }
        return text
    }
}
