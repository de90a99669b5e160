// SPDX-License-Identifier: Apache-2.0

import RulePacks

/// One piece of sensitive data found in a buffer. It holds offsets, never the bytes.
public struct Finding: Sendable, Equatable {
    /// Byte offsets `[start, end)` into the scanned buffer.
    public var start: Int
    public var end: Int
    /// Index of the detector in the ruleset (and in its pack's `detectors`).
    public var detectorIndex: Int
    public var confidence: Double
    /// The level rank this finding leads to under the policies in force (filled by the
    /// decision step).
    public var levelRank: Int
    public var explanation: Explanation

    /// Why the engine reported it.
    public struct Explanation: Sendable, Equatable {
        /// Which of the detector's patterns matched.
        public var patternIndex: Int
        /// The validator that accepted the value, if the detector has one.
        public var validator: String?
        /// The keyword found near the value, if any.
        public var keyword: String?
        /// Shannon entropy of the value in bits per byte, when the detector checks it.
        public var entropy: Double?
    }

    public var range: Range<Int> { start..<end }
    public var length: Int { end - start }
}

/// Why a scan stopped before it looked at everything.
public struct IncompleteReasons: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let maxFindings = IncompleteReasons(rawValue: 0x1)
    public static let deadline = IncompleteReasons(rawValue: 0x2)
    public static let cancelled = IncompleteReasons(rawValue: 0x4)
    public static let matchLimit = IncompleteReasons(rawValue: 0x8)
    public static let windowLimit = IncompleteReasons(rawValue: 0x10)

    /// Names for JSON and messages.
    public var names: [String] {
        var n: [String] = []
        if contains(.maxFindings) { n.append("max_findings") }
        if contains(.deadline) { n.append("deadline") }
        if contains(.cancelled) { n.append("cancelled") }
        if contains(.matchLimit) { n.append("match_limit") }
        if contains(.windowLimit) { n.append("window_limit") }
        return n
    }
}

/// Options of one scan. The corresponding C struct is `classify_scan_options`.
public struct ScanOptions: Sendable {
    /// The date whose policies apply; nil = today (UTC).
    public var asOf: CivilDate?
    /// Drop findings below this confidence.
    public var minConfidence: Double = 0
    /// Keep at most this many findings; reaching it makes the scan incomplete.
    public var maxFindings: Int = Limits.defaultMaxFindings
    /// Stop after this many nanoseconds (monotonic clock); nil = no deadline.
    public var deadlineNanoseconds: UInt64?
    /// Polled during the scan; the scan stops when it reads non-zero.
    public var cancel: CancelFlag?
    /// How patterns are run; the two strategies give the same findings.
    public var strategy: ScanStrategy = .prefiltered
    /// When the data was created, seconds since the Unix epoch (UTC), for the pack's
    /// lifecycle rules; nil = unknown (rules on the data's age do not apply).
    public var dataCreated: Int64?

    public init(asOf: CivilDate? = nil, minConfidence: Double = 0) {
        self.asOf = asOf
        self.minConfidence = minConfidence
    }
}

/// How the scanner runs the patterns over the input.
public enum ScanStrategy: Sendable {
    /// One pass finds candidates for all patterns; each pattern runs only around them.
    case prefiltered
    /// Every pattern runs over the whole input, one pass per pattern: the reference the
    /// prefiltered strategy is tested and benchmarked against.
    case naive
}

/// A caller's cancel flag: an int that another thread sets to non-zero to stop a scan.
/// The caller keeps it alive for the duration of the scan.
public struct CancelFlag: @unchecked Sendable {
    let pointer: UnsafePointer<Int32>
    public init(_ pointer: UnsafePointer<Int32>) { self.pointer = pointer }
    var isSet: Bool { pointer.pointee != 0 }
}

/// The result of scanning one buffer: findings and the decision for the whole buffer.
public struct ScanResult: Sendable {
    /// Sorted by (start, end, detector index); non-overlapping.
    public var findings: [Finding]
    public var decision: Decision
    /// The ruleset that made it (provenance, detector names).
    public let ruleset: Ruleset
    /// The engine generation of `ruleset` when the result was made through an `Engine`;
    /// 0 otherwise.
    public var generation: UInt64 = 0
    /// For a result re-decided from a summary (which has no findings): what each detector
    /// found, and the summary's detectors that `ruleset` does not have.
    public var summaryTallies: [DetectorTally]? = nil
    public var unmatchedDetectors: [ResultSummary.DetectorRecord] = []
    /// When the scan is incomplete: the indices of the detectors whose search a bound
    /// stopped or cut short (sorted). The others searched the whole input.
    public var incompleteDetectors: [Int] = []

    /// The classification of a whole buffer.
    public struct Decision: Sendable, Equatable {
        public var levelRank: Int
        public var level: String
        /// Union of the findings' frameworks, sorted.
        public var frameworks: [String]
        public var confidence: Double
        public var needsReview: Bool
        public var incomplete: IncompleteReasons
        public var asOf: CivilDate
        /// When the data was created (seconds since the epoch, UTC), if the caller said.
        public var dataCreated: Int64? = nil
        /// The level rank the policies gave, before lifecycle rules (equal to `levelRank`
        /// when none fired).
        public var policyLevelRank: Int = 0
        /// The lifecycle rules that fired, in pack order.
        public var lifecycle: [LifecycleEffect] = []
    }

    /// A lifecycle rule that fired for a result.
    public struct LifecycleEffect: Sendable, Equatable {
        public var rule: String
        /// The floor (raise_to) or ceiling (lower_to) level rank it set, if any.
        public var raiseTo: Int?
        public var lowerTo: Int?
        /// The rule asks for review.
        public var review: Bool
    }

    public func detector(of f: Finding) -> DetectorSpec { ruleset.detectors[f.detectorIndex].spec }
    public var isComplete: Bool { decision.incomplete.isEmpty }
}
