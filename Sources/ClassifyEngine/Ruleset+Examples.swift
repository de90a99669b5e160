// SPDX-License-Identifier: Apache-2.0
// Every detector carries examples that must match and examples that must not. They are
// run with the detector alone (its patterns, validator, keywords), so an example tests its
// own detector and not how overlaps with other detectors are resolved.

import RulePacks

/// An example that does not behave as its detector says.
public struct ExampleFailure: Sendable, CustomStringConvertible {
    public var detector: String
    /// "match" or "no_match".
    public var kind: String
    public var index: Int
    public var example: String
    public var error: ClassifyError

    public var description: String { error.description }
}

extension Ruleset {
    /// Runs every detector's examples and returns every failure (empty: all hold).
    public func exampleFailures() -> [ExampleFailure] {
        guard let scanner = try? Scanner() else { return [] }
        var failures: [ExampleFailure] = []
        for d in detectors {
            for (i, text) in d.spec.examples.match.enumerated() where scanner.findings(of: d, in: text).isEmpty {
                failures.append(failure(d, "match", i, text, "example does not match"))
            }
            for (i, text) in d.spec.examples.noMatch.enumerated() where !scanner.findings(of: d, in: text).isEmpty {
                failures.append(failure(d, "no_match", i, text, "example matches but must not"))
            }
        }
        return failures
    }

    private func failure(_ d: CompiledDetector, _ kind: String, _ i: Int, _ text: String, _ what: String)
        -> ExampleFailure
    {
        // Examples are synthetic by definition, so quoting one (shortened) is safe.
        let quoted = text.count > 60 ? String(text.prefix(57)) + "..." : text
        let err = d.spec.error(
            .invalidPack, "detector \"\(d.spec.id)\": \(what): \"\(quoted)\"", at: "/examples/\(kind)/\(i)")
        return ExampleFailure(detector: d.spec.id, kind: kind, index: i, example: text, error: err)
    }

    func verifyExamples() throws(ClassifyError) {
        if let first = exampleFailures().first { throw first.error }
    }
}

extension Scanner {
    /// The findings of one detector alone on `text` (no overlap resolution with others).
    func findings(of d: CompiledDetector, in text: String) -> [Finding] {
        var budget = Budget(options: ScanOptions())
        var out: [Finding] = []
        Array(text.utf8).withUnsafeBufferPointer {
            prepareContext($0)
            run(d, over: $0, budget: &budget, into: &out)
        }
        return out
    }
}
