// SPDX-License-Identifier: Apache-2.0

/// A validated rule pack: what to look for and how findings map to levels and frameworks.
///
/// Made by ``RulePack/load(bytes:name:)`` (or the file and built-in variants), which checks
/// every field of the JSON document; see docs/rule-packs.md for the format. A `RulePack` is
/// plain data: the engine compiles it into a `Ruleset`.
public struct RulePack: Sendable {
    public static let schema = "classify.pack/1"
    public static let defaultLevels = ["public", "internal", "confidential", "restricted"]

    public var id: String
    public var version: SemanticVersion
    public var description: String
    /// Ordered lowest to highest.
    public var levels: [String]
    public var frameworks: [Framework]
    public var review: Review
    public var detectors: [DetectorSpec]
    public var policies: [Policy]
    /// "sha256:" + 64 hex digits over the bytes the pack was read from.
    public var digest: String
    /// Where the pack came from (a path, a buffer name, "builtin:core").
    public var source: String
    /// Finds line and column of a JSON pointer in the original text, for error messages.
    public var origin: PackOrigin
    /// The overlay instructions (`"layer"`) that ``layered(_:id:version:)`` applies to the
    /// packs below this one; nil for a plain pack (and after layering).
    public var layer: Layer? = nil
    /// Rules on the data's age that raise or lower the decided level (`"lifecycle"`).
    public var lifecycle: [LifecycleRule] = []
    /// The packs this one was layered from, bottom first; empty for a single document.
    public var members: [Member] = []
    /// What layering did to the packs below: detectors disabled or overridden, policies ended.
    public var layerActions: [LayerAction] = []
    /// Who vouches for these bytes: the id of the trusted key whose signature was verified
    /// before the pack was parsed, "builtin" for packs compiled into the library, nil when
    /// nothing was verified.
    public var signer: String? = nil

    public struct Framework: Sendable, Equatable {
        public var id: String
        public var name: String
    }

    public struct Review: Sendable, Equatable {
        /// A finding below this confidence makes the result need review.
        public var confidenceBelow: Double
    }

    /// The rank of a level name in `levels` (0 = lowest), or nil.
    public func rank(ofLevel name: String) -> Int? { levels.firstIndex(of: name) }

    /// Builds an error located at `pointer` in this pack's text.
    public func error(_ code: ClassifyError.Code, _ reason: String, at pointer: String) -> ClassifyError {
        origin.error(code, reason, at: pointer)
    }
}

/// The data categories a detector can belong to.
public enum Category: String, Sendable, CaseIterable, Comparable {
    case pii, phi, financial, credential, network

    public static func < (a: Category, b: Category) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One detector as written in the pack.
public struct DetectorSpec: Sendable {
    public var id: String
    public var type: String
    public var category: Category
    public var description: String
    public var countries: [String]
    public var patterns: [String]
    public var caseless: Bool
    public var validator: String?
    public var minEntropy: Double?
    public var confidence: Double
    public var keywords: [String]
    public var maxDistance: Int
    public var keywordConfidence: Double
    public var keywordRequired: Bool
    public var ignoreWords: [String]
    public var negativeKeywords: [String]
    public var negativeDistance: Int
    /// Index into the pack's `levels`.
    public var levelRank: Int
    public var frameworks: [String]
    public var examples: Examples
    /// The detector's index in its pack's `detectors` array (for JSON pointers).
    public var index: Int
    /// The pack it was written in, for located error messages after layering.
    public var origin: PackOrigin
    /// How a redacted copy replaces this detector's findings (`"redaction"`); nil = the
    /// caller's choice (docs/redaction.md).
    public var redaction: RedactionSpec? = nil

    public struct Examples: Sendable {
        public var match: [String]
        public var noMatch: [String]
    }

    /// "/detectors/<index>".
    public var pointer: String { "/detectors/\(index)" }

    /// An error about this detector, located at `suffix` below its pointer ("/patterns/0").
    public func error(_ code: ClassifyError.Code, _ reason: String, at suffix: String = "", patternOffset: Int? = nil)
        -> ClassifyError
    {
        origin.error(code, reason, at: pointer + suffix, detector: id, patternOffset: patternOffset)
    }
}

/// Which pack text a piece of a (possibly layered) pack came from.
public struct PackOrigin: Sendable {
    public var packID: String
    let locator: JSONLocator

    public func error(
        _ code: ClassifyError.Code, _ reason: String, at pointer: String, detector: String? = nil,
        patternOffset: Int? = nil
    ) -> ClassifyError {
        let (line, column) = locator.locate(pointer)
        return ClassifyError(
            code, reason, pack: packID, jsonPointer: pointer, detector: detector, line: line, column: column,
            patternOffset: patternOffset)
    }
}

/// A mapping from detectors, types or categories to a level and frameworks, in force
/// between two dates.
public struct Policy: Sendable {
    public var id: String
    public var description: String
    public var detectors: Set<String>
    public var types: Set<String>
    public var categories: Set<Category>
    /// Index into the pack's `levels`, if the policy sets a level.
    public var levelRank: Int?
    public var frameworks: [String]
    /// First day in force (inclusive), as days since 1970-01-01.
    public var effectiveFrom: CivilDate?
    /// First day no longer in force (exclusive).
    public var effectiveUntil: CivilDate?
    public var index: Int

    /// Whether the policy is in force on `day`.
    public func isInForce(on day: CivilDate) -> Bool {
        if let effectiveFrom, day < effectiveFrom { return false }
        if let effectiveUntil, day >= effectiveUntil { return false }
        return true
    }

    /// Whether the policy applies to a detector.
    public func applies(to d: DetectorSpec) -> Bool {
        detectors.contains(d.id) || types.contains(d.type) || categories.contains(d.category)
    }
}
