// SPDX-License-Identifier: Apache-2.0

import RulePacks

/// One detector, ready to run: compiled patterns, resolved validator, prepared keywords.
final class CompiledDetector: Sendable {
    let spec: DetectorSpec
    let index: Int
    let patterns: [PCRE2Pattern]
    let validator: Validator?
    let keywords: KeywordSet
    let negativeKeywords: KeywordSet
    let ignoreWords: IgnoreWords

    init(spec: DetectorSpec, index: Int, jit: Bool) throws(ClassifyError) {
        var patterns: [PCRE2Pattern] = []
        for (i, text) in spec.patterns.enumerated() {
            do {
                patterns.append(try PCRE2Pattern(text, caseless: spec.caseless, jit: jit))
            } catch {
                throw spec.error(
                    .pattern, "pattern does not compile: \(error.message) (at offset \(error.offset))",
                    at: "/patterns/\(i)", patternOffset: error.offset)
            }
        }
        if let name = spec.validator {
            guard let v = Validator.named(name) else {
                let known = Validator.all.map(\.name).sorted().joined(separator: ", ")
                throw spec.error(.invalidPack, "unknown validator \"\(name)\"; known validators: \(known)", at: "/validator")
            }
            validator = v
        } else {
            validator = nil
        }
        self.spec = spec
        self.index = index
        self.patterns = patterns
        keywords = KeywordSet(spec.keywords)
        negativeKeywords = KeywordSet(spec.negativeKeywords)
        ignoreWords = IgnoreWords(spec.ignoreWords)
    }
}
