// SPDX-License-Identifier: Apache-2.0

import RulePacks

/// A compiled rule pack: every pattern compiled and JIT-compiled, every keyword list
/// prepared, every validator resolved. Immutable, so any number of threads may scan with
/// one ruleset at the same time.
///
/// The corresponding C object is `classify_ruleset`.
public final class Ruleset: Sendable {
    /// The validated pack this ruleset was compiled from.
    public let pack: RulePack
    let detectors: [CompiledDetector]
    /// For each detector, the policies that apply to it (any date).
    let policiesByDetector: [[Policy]]
    /// Frameworks as bits, for decisions that do not allocate.
    let frameworkIndex: FrameworkIndex
    /// The most ovector pairs any pattern needs.
    let maxPairs: Int
    /// The one-pass candidate search shared by all patterns.
    let prefilter: Prefilter
    /// The pattern of each member of the prefilter's groups (`PlanTables.members`), in order.
    let memberMatchers: [PatternMatcher]

    /// Compiles a validated pack.
    /// - Parameters:
    ///   - checkExamples: run every detector's examples and fail on the first that does
    ///     not hold.
    ///   - probe: run the adversarial probes of every pattern (PatternProbe.swift) and
    ///     fail on the first pattern whose cost explodes; nil = as `checkExamples`.
    ///   - jit: compile patterns with PCRE2's JIT (the default) or for its interpreter.
    /// - Throws: ``ClassifyError`` (`.pattern`, `.invalidPack`).
    public init(pack: RulePack, checkExamples: Bool = true, probe: Bool? = nil, jit: Bool = true) throws(ClassifyError) {
        var compiled: [CompiledDetector] = []
        compiled.reserveCapacity(pack.detectors.count)
        for (i, spec) in pack.detectors.enumerated() {
            compiled.append(try CompiledDetector(spec: spec, index: i, jit: jit))
        }
        self.pack = pack
        detectors = compiled
        policiesByDetector = pack.detectors.map { d in pack.policies.filter { $0.applies(to: d) } }
        frameworkIndex = FrameworkIndex(detectors: pack.detectors, policiesByDetector: policiesByDetector)
        maxPairs = compiled.flatMap(\.patterns).map(\.pairs).max() ?? 1
        let inputs = zip(pack.detectors, compiled).map { d, c in
            DetectorPlanInput(
                analyses: d.patterns.map { PatternAnalysis(pattern: $0, caseless: d.caseless) },
                keywordRequired: d.keywordRequired, keywordGateWords: KeywordSet.gateWords(d.keywords),
                keywordWindow: d.maxDistance + KeywordSet.widening, valueIsMatch: c.patterns.map { $0.valueGroup == 0 })
        }
        prefilter = try Prefilter.plan(inputs)
        memberMatchers = prefilter.tables.members.items.map { compiled[$0.detector].patterns[$0.pattern].matcher }
        if probe ?? checkExamples { try probePatterns() }
        if checkExamples { try verifyExamples() }
    }

    /// Loads, validates and compiles a pack in memory.
    public convenience init(json: [UInt8], name: String, checkExamples: Bool = true, jit: Bool = true)
        throws(ClassifyError)
    {
        try self.init(pack: RulePack.load(bytes: json, name: name), checkExamples: checkExamples, jit: jit)
    }

    /// Loads, validates and compiles a pack file.
    public convenience init(path: String, checkExamples: Bool = true, jit: Bool = true) throws(ClassifyError) {
        try self.init(pack: RulePack.load(path: path), checkExamples: checkExamples, jit: jit)
    }

    /// The name of the default built-in ruleset.
    public static let defaultName = "default"

    /// Opens a built-in pack, or with `"default"` all built-in packs layered in order.
    /// Built-in examples are checked by the test suite, so they are skipped here unless asked.
    public static func builtin(_ name: String = defaultName, checkExamples: Bool = false, jit: Bool = true)
        throws(ClassifyError) -> Ruleset
    {
        if name == defaultName {
            var packs: [RulePack] = []
            for n in BuiltinPacks.names { packs.append(try BuiltinPacks.load(n)) }
            let layered = try RulePack.layered(
                packs, id: "default", version: SemanticVersion(ClassifyVersion.string)!)
            return try Ruleset(pack: layered, checkExamples: checkExamples, jit: jit)
        }
        return try Ruleset(pack: BuiltinPacks.load(name), checkExamples: checkExamples, jit: jit)
    }

    /// The names `builtin(_:)` accepts: "default", then each built-in pack.
    public static var builtinNames: [String] { [defaultName] + BuiltinPacks.names }

    public var id: String { pack.id }
    public var version: String { pack.version.text }
    public var digest: String { pack.digest }
    public var detectorCount: Int { detectors.count }
    public var detectorSpecs: [DetectorSpec] { pack.detectors }

    /// The level (rank) and frameworks a finding of detector `index` leads to on `day`.
    func mapping(detector index: Int, on day: CivilDate) -> (rank: Int, frameworks: [String]) {
        let spec = detectors[index].spec
        var rank = spec.levelRank
        var frameworks = spec.frameworks
        for p in policiesByDetector[index] where p.isInForce(on: day) {
            if let r = p.levelRank, r > rank { rank = r }
            for f in p.frameworks where !frameworks.contains(f) { frameworks.append(f) }
        }
        return (rank, frameworks)
    }

    /// The level rank a finding of detector `index` leads to on `day`; adds its frameworks
    /// to `bits` (see `FrameworkIndex`). The same as `mapping`, without allocating.
    func rank(detector index: Int, on day: CivilDate, frameworks bits: inout UInt64) -> Int {
        var rank = detectors[index].spec.levelRank
        bits |= frameworkIndex.detectorBits[index]
        let policies = policiesByDetector[index]
        for (k, p) in policies.enumerated() where p.isInForce(on: day) {
            if let r = p.levelRank, r > rank { rank = r }
            bits |= frameworkIndex.policyBits[index][k]
        }
        return rank
    }
}

/// The library's version, shared by the C ABI, the CLI and the default pack's provenance.
public enum ClassifyVersion {
    public static let major = 1
    public static let minor = 0
    public static let patch = 0
    public static let string = "1.0.0"
    public static let number = major * 10000 + minor * 100 + patch
}
