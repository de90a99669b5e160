// SPDX-License-Identifier: Apache-2.0

/// The bounds on packs. Each one matches a `CLASSIFY_LIMIT_*` macro in classify.h and is
/// checked before memory is allocated for what it bounds.
public enum Limits {
    public static let packBytes = 16 * 1024 * 1024
    public static let detectors = 4096
    public static let patternsPerDetector = 16
    public static let patternBytes = 4096
    public static let keywordsPerDetector = 512
    public static let examplesPerDetector = 64
    public static let policies = 4096
    public static let jsonDepth = 32
    public static let keywordDistance = 1000
    public static let levels = 16
    public static let frameworks = 256
    public static let stringBytes = 64 * 1024
    public static let defaultMaxFindings = 100_000
    public static let maxFindings = 10_000_000
}

extension Limits {
    /// The longest match of a pattern whose length the engine cannot bound (`\w+`, `.*`):
    /// a match reaching this many bytes makes the scan incomplete ("window_limit").
    public static let unboundedMatchBytes = 8192
}
