// SPDX-License-Identifier: Apache-2.0
// Chunked input (docs/streaming.md). A stream reports exactly the findings a scan of the
// whole input reports, each once, with absolute byte offsets, while keeping only a bounded
// tail of the input.
//
// How: every pattern is searched the way a whole-input scan searches it - leftmost match
// first, the next search resuming where the match ended - but only from start positions
// whose attempt is final, i.e. followed by at least `reach` bytes (or by the end of the
// input, at finish). Each pattern keeps where its search resumes. Candidates go to a
// pending list; a cluster of overlapping candidates is resolved (with the scan's own rule)
// once no future candidate can start before its end, since only then can nothing outrank
// or overlap its members any more. The bytes a future attempt or context check can read
// are kept; the rest is dropped.

import RulePacks

/// Something a stream tells its observer while bytes are still available.
public enum StreamEvent {
    /// A finding was reported; `window` holds the stream's bytes from absolute offset `base`
    /// on, including the finding's.
    case finding(Finding, window: UnsafeBufferPointer<UInt8>, base: Int)
    /// These bytes, from absolute offset `base`, leave the stream's memory: every byte of
    /// the input is retired exactly once, in order (the last ones by `finish`).
    case retire(UnsafeBufferPointer<UInt8>, base: Int)
}

/// What one `write` or `finish` produced.
public struct StreamBatch: Sendable {
    /// The findings this call reported, in order, with absolute byte offsets.
    public var findings: [Finding] = []
    /// With redaction: the next bytes of the redacted copy of the input.
    public var redacted: [UInt8] = []
    /// The decision over every finding reported so far.
    public var decision: ScanResult.Decision
    /// Findings reported so far, this call's included.
    public var totalFindings: Int
}

/// A scan of input that arrives in pieces. Made on a ruleset, fed with ``write(_:scanner:observer:)``
/// and closed with ``finish(scanner:observer:)``. Not `Sendable`: one thread at a time, and
/// the scanner passed to each call lends its scratch memory. The C object is
/// `classify_stream`.
///
///     let stream = ScanStream(ruleset: rs)
///     for chunk in chunks { found += stream.write(chunk, scanner: scanner).findings }
///     found += stream.finish(scanner: scanner).findings
public final class ScanStream {
    public let ruleset: Ruleset
    public let options: ScanOptions
    /// With a redactor, each call also returns the next bytes of a redacted copy.
    public let redactor: Redactor?

    private let geometry: [StreamPatternGeometry]
    /// Per pattern (as `geometry`): the absolute position its search resumes from.
    private var from: [Int]
    private let keywordLookback: Int
    private let day: CivilDate
    /// Force-resolve a cluster of overlapping candidates older than this (see `step`).
    private let chainLimit: Int
    /// Bytes appended and scanned per step: a write of any size is cut into steps so that
    /// memory stays bounded.
    private let stepBytes: Int

    /// The retained input: absolute offsets `base ..< written`.
    private var storage: [UInt8] = []
    private var base = 0
    /// Total bytes written.
    public private(set) var written = 0
    /// Bytes before this absolute offset are no longer needed.
    private var retainFrom = 0

    /// Candidates not yet resolved, absolute offsets.
    private var pending: [Finding] = []
    /// Findings reported but not yet copied into the redacted output.
    private var unredacted: [Finding] = []
    /// The redacted copy is complete up to here.
    private var redactedUpTo = 0
    /// No candidate may start before this (the end of the last finding resolved).
    private var resolvedUpTo = 0

    // The decision so far.
    private var reported = 0
    private var topRank = 0
    private var topConfidence = 0.0
    private var frameworks: Set<String> = []
    private var lowConfidence = false
    public private(set) var incomplete: IncompleteReasons = []
    private var mappings: [Int: (rank: Int, frameworks: [String])] = [:]

    public private(set) var isFinished = false

    /// Opens a stream. With `redactor`, every call also produces the next part of a
    /// redacted copy of the input.
    public init(ruleset: Ruleset, options: ScanOptions = ScanOptions(), redactor: Redactor? = nil) {
        self.ruleset = ruleset
        self.options = options
        self.redactor = redactor
        geometry = ruleset.streamGeometry
        from = Array(repeating: 0, count: geometry.count)
        keywordLookback = ruleset.keywordLookback
        let window = (geometry.map { $0.reach + $0.lookbehind }.max() ?? 0) + keywordLookback
        chainLimit = 4 * window
        stepBytes = max(65_536, window)
        day = options.asOf ?? CivilDate(unixSeconds: todayUTC())
    }

    /// The decision over every finding reported so far: after `finish`, the stream's.
    public var decision: ScanResult.Decision {
        ScanResult.Decision(
            levelRank: topRank, level: ruleset.pack.levels[topRank], frameworks: frameworks.sorted(),
            confidence: topConfidence, needsReview: lowConfidence || !incomplete.isEmpty, incomplete: incomplete,
            asOf: day)
    }

    /// Findings reported so far.
    public var findingCount: Int { reported }

    /// Bytes the stream holds now.
    public var retainedBytes: Int { storage.count }

    /// Scans the next `data.count` bytes of the input. Returns the findings this call could
    /// settle. Throws `.invalidArgument` after `finish`.
    @discardableResult
    public func write(
        _ data: UnsafeBufferPointer<UInt8>, scanner: Scanner, observer: (StreamEvent) -> Void = { _ in }
    ) throws(ClassifyError) -> StreamBatch {
        guard !isFinished else { throw ClassifyError(.invalidArgument, "the stream is finished") }
        var batch = StreamBatch(decision: decision, totalFindings: reported)
        var budget = Budget(options: options)
        var offset = 0
        while offset < data.count {
            let n = min(stepBytes, data.count - offset)
            compact(observer)
            if let src = data.baseAddress { storage.append(contentsOf: UnsafeBufferPointer(start: src + offset, count: n)) }
            written += n
            offset += n
            step(scanner: scanner, final: false, budget: &budget, batch: &batch, observer: observer)
        }
        incomplete.formUnion(budget.reasons)
        batch.decision = decision
        batch.totalFindings = reported
        return batch
    }

    /// Scans a byte array (see the pointer variant).
    @discardableResult
    public func write(_ bytes: [UInt8], scanner: Scanner, observer: (StreamEvent) -> Void = { _ in })
        throws(ClassifyError) -> StreamBatch
    {
        try bytes.withUnsafeBufferPointer { buf throws(ClassifyError) in
            try write(buf, scanner: scanner, observer: observer)
        }
    }

    /// Ends the input: reports every finding still pending and, with redaction, the rest of
    /// the redacted copy. The stream's decision is then final. Throws `.invalidArgument` when
    /// called twice.
    @discardableResult
    public func finish(scanner: Scanner, observer: (StreamEvent) -> Void = { _ in }) throws(ClassifyError)
        -> StreamBatch
    {
        guard !isFinished else { throw ClassifyError(.invalidArgument, "the stream is finished") }
        var batch = StreamBatch(decision: decision, totalFindings: reported)
        var budget = Budget(options: options)
        step(scanner: scanner, final: true, budget: &budget, batch: &batch, observer: observer)
        incomplete.formUnion(budget.reasons)
        isFinished = true
        retainFrom = written
        compact(observer, force: true)
        storage = []
        batch.decision = decision
        batch.totalFindings = reported
        return batch
    }

    /// Drops retained bytes before `retainFrom`, telling the observer. Done only when enough
    /// has piled up, so that dropping costs O(1) per byte.
    private func compact(_ observer: (StreamEvent) -> Void, force: Bool = false) {
        let dead = retainFrom - base
        guard dead > 0, force || dead >= stepBytes || dead * 2 >= storage.count else { return }
        storage.withUnsafeBufferPointer { buf in
            observer(.retire(UnsafeBufferPointer(rebasing: buf[0..<dead]), base: base))
        }
        storage.removeFirst(dead)
        base += dead
    }

    /// Searches every pattern as far as its attempts are final, resolves what can be
    /// resolved, reports it, and works out what must be kept.
    private func step(
        scanner: Scanner, final: Bool, budget: inout Budget, batch: inout StreamBatch,
        observer: (StreamEvent) -> Void
    ) {
        let end = written
        storage.withUnsafeBufferPointer { buf in
            guard let ptr = buf.baseAddress ?? (end == base ? UnsafePointer(bitPattern: 1) : nil) else { return }
            let detectors = ruleset.detectors
            for gi in geometry.indices {
                let g = geometry[gi]
                let lastStart = final ? end : end - g.reach
                var f = from[gi]
                guard f <= lastStart else { continue }
                if budget.shouldStop() {
                    // Out of time (or cancelled): skip what this pattern could search now, so
                    // that memory stays bounded. The stream is incomplete.
                    from[gi] = lastStart + 1
                    continue
                }
                let d = detectors[g.detector]
                let pattern = d.patterns[g.pattern]
                while f <= lastStart {
                    if budget.shouldStop() {
                        f = lastStart + 1
                        break
                    }
                    switch pattern.match(
                        ptr, end: end - base, from: f - base, lastStart: lastStart - base, scratch: scanner.scratch)
                    {
                    case .noMatch, .failure:
                        f = lastStart + 1
                    case .limit:
                        budget.reasons.insert(.matchLimit)
                        f = lastStart + 1
                    case .match(let whole, let value):
                        if g.unbounded, !final, whole.upperBound == end - base {
                            budget.reasons.insert(.windowLimit)
                        }
                        let wholeEnd = whole.upperBound + base
                        f = whole.upperBound > whole.lowerBound ? wholeEnd : wholeEnd + 1
                        guard !value.isEmpty, var c = scanner.evaluate(d, buf, value: value, pattern: g.pattern)
                        else { continue }
                        guard c.confidence >= options.minConfidence else { continue }
                        c.start += base
                        c.end += base
                        if c.start < resolvedUpTo {
                            // Only after a forced resolution (see below) can this happen.
                            continue
                        }
                        pending.append(c)
                    }
                }
                from[gi] = f
            }

            // No candidate found from now on can start before `frontier`.
            var frontier = Int.max
            if !final {
                for gi in geometry.indices { frontier = min(frontier, from[gi] - geometry[gi].lookbehind) }
            }
            resolve(upTo: frontier, final: final, scanner: scanner, batch: &batch, buf: buf, observer: observer)

            // The redacted copy can go as far as nothing pending or future can cover.
            if let redactor {
                var upTo = final ? end : min(frontier, end)
                if let first = pending.first { upTo = min(upTo, first.start) }
                if upTo > redactedUpTo {
                    redactor.copy(
                        buf, base: base, range: redactedUpTo..<upTo, findings: unredacted[...], to: &batch.redacted)
                    unredacted.removeAll(keepingCapacity: true)
                    redactedUpTo = upTo
                }
            }

            // What a future attempt, context check, pending candidate or the redacted copy
            // still needs.
            var keep = final ? end : frontier - keywordLookback
            if let first = pending.first { keep = min(keep, first.start) }
            if redactor != nil { keep = min(keep, redactedUpTo) }
            retainFrom = max(retainFrom, min(max(keep, base), end))
        }
    }

    /// Resolves every cluster of overlapping candidates that ends at or before `frontier`
    /// (all of them when `final`) and reports the winners in order.
    private func resolve(
        upTo frontier: Int, final: Bool, scanner: Scanner, batch: inout StreamBatch,
        buf: UnsafeBufferPointer<UInt8>, observer: (StreamEvent) -> Void
    ) {
        guard !pending.isEmpty else { return }
        pending.sort { $0.start != $1.start ? $0.start < $1.start : $0.end < $1.end }
        var settled = 0  // pending[..<settled] are resolved
        var accepted: [Finding] = []
        while settled < pending.count {
            // The cluster starting at `settled`: candidates chained by overlap.
            var clusterEnd = pending[settled].end
            var j = settled + 1
            while j < pending.count, pending[j].start < clusterEnd {
                clusterEnd = max(clusterEnd, pending[j].end)
                j += 1
            }
            let closed = final || clusterEnd <= frontier
            // A chain of overlapping candidates that never ends would hold memory forever:
            // past `chainLimit` it is resolved as it stands, and the stream is incomplete.
            let forced = !closed && written - pending[settled].start > chainLimit
            guard closed || forced else { break }
            if forced { incomplete.insert(.windowLimit) }
            var cluster = Array(pending[settled..<j])
            scanner.resolveOverlaps(&cluster, ruleset: ruleset)
            accepted.append(contentsOf: cluster)
            resolvedUpTo = max(resolvedUpTo, clusterEnd)
            settled = j
        }
        pending.removeFirst(settled)
        for var f in accepted {
            if reported >= options.maxFindings {
                incomplete.insert(.maxFindings)
                continue
            }
            let m: (rank: Int, frameworks: [String])
            if let cached = mappings[f.detectorIndex] {
                m = cached
            } else {
                m = ruleset.mapping(detector: f.detectorIndex, on: day)
                mappings[f.detectorIndex] = m
            }
            f.levelRank = m.rank
            frameworks.formUnion(m.frameworks)
            if m.rank > topRank {
                topRank = m.rank
                topConfidence = f.confidence
            } else if m.rank == topRank {
                topConfidence = max(topConfidence, f.confidence)
            }
            if f.confidence < ruleset.pack.review.confidenceBelow { lowConfidence = true }
            reported += 1
            batch.findings.append(f)
            if redactor != nil { unredacted.append(f) }
            observer(.finding(f, window: buf, base: base))
        }
    }
}

extension ScanStream {
    /// The result of one call for APIs that report results as `ScanResult`s: this call's
    /// findings and the stream's decision so far.
    public func result(of batch: StreamBatch) -> ScanResult {
        ScanResult(findings: batch.findings, decision: batch.decision, ruleset: ruleset)
    }
}
