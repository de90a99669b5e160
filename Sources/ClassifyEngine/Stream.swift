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
    /// The second round of redaction (see `Scanner.redact`): a stream over the first
    /// round's output.
    private let residue: ScanStream?

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
    /// A pattern whose search lags this far behind the input skips what cannot start a
    /// match (see `step`).
    static let skipLag = 4096

    /// The retained input: absolute offsets `base ..< written`.
    private var storage: [UInt8] = []
    private var base = 0
    /// Total bytes written.
    public private(set) var written = 0
    /// Bytes before this absolute offset are no longer needed.
    private var retainFrom = 0

    /// Candidates not yet resolved, absolute offsets.
    private var pending: [Finding] = []
    /// Resolved clusters not yet copied into the redacted output.
    private var unredacted: [RedactionSpan] = []
    /// The redacted copy is complete up to here; its last byte.
    private var redactedUpTo = 0
    private var redactedLast: UInt8?
    /// No candidate may start before this (the end of the last finding resolved).
    private var resolvedUpTo = 0

    // The decision so far: what each detector found (the decision needs no more).
    private var reported = 0
    private var tallies: [Int: DetectorTally] = [:]
    public private(set) var incomplete: IncompleteReasons = []
    /// Detectors a bound stopped or cut short so far (see `ScanResult.incompleteDetectors`).
    private var affected: Set<Int> = []
    private var ranks: [Int: Int] = [:]

    public private(set) var isFinished = false

    /// Opens a stream. With `redactor`, every call also produces the next part of a
    /// redacted copy of the input.
    public convenience init(ruleset: Ruleset, options: ScanOptions = ScanOptions(), redactor: Redactor? = nil) {
        self.init(ruleset: ruleset, options: options, redactor: redactor, round: 1)
    }

    private init(ruleset: Ruleset, options: ScanOptions, redactor: Redactor?, round: Int) {
        self.ruleset = ruleset
        self.options = options
        self.redactor = redactor
        if let redactor, round < Redactor.rounds {
            // The later round reports nothing: no cap on what it finds.
            var o = options
            o.maxFindings = Limits.maxFindings
            residue = ScanStream(ruleset: ruleset, options: o, redactor: redactor, round: round + 1)
        } else {
            residue = nil
        }
        geometry = ruleset.streamGeometry
        from = Array(repeating: 0, count: geometry.count)
        keywordLookback = ruleset.keywordLookback
        let window = (geometry.map { $0.reach + $0.lookbehind }.max() ?? 0) + keywordLookback
        chainLimit = 4 * window
        stepBytes = 65_536
        day = options.asOf ?? CivilDate(unixSeconds: todayUTC())
    }

    /// What each detector found so far, by detector index.
    public var detectorTallies: [DetectorTally] { tallies.values.sorted { $0.detectorIndex < $1.detectorIndex } }

    /// The decision over every finding reported so far (as a scan decides it): after
    /// `finish`, the stream's.
    public var decision: ScanResult.Decision {
        ruleset.decide(detectorTallies, on: day, dataCreated: options.dataCreated, incomplete: incomplete)
    }

    /// Findings reported so far.
    public var findingCount: Int { reported }

    /// Bytes the stream holds now.
    public var retainedBytes: Int { storage.count }

    /// The pattern whose search lags furthest behind the input (what holds findings back),
    /// as "detector/pattern", and by how many bytes. For diagnostics.
    var slowestPattern: (name: String, lag: Int)? {
        guard let gi = geometry.indices.min(by: { from[$0] - geometry[$0].lookbehind < from[$1] - geometry[$1].lookbehind })
        else { return nil }
        let g = geometry[gi]
        return ("\(ruleset.detectorSpecs[g.detector].id)/\(g.pattern)", written - from[gi])
    }

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
        if let residue {
            batch.redacted = try residue.write(batch.redacted, scanner: scanner).redacted
            incomplete.formUnion(residue.incomplete.subtracting(.maxFindings))
        }
        incomplete.formUnion(budget.reasons)
        affected.formUnion(budget.affected)
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
        if let residue {
            var out = try residue.write(batch.redacted, scanner: scanner).redacted
            out += try residue.finish(scanner: scanner).redacted
            batch.redacted = out
            incomplete.formUnion(residue.incomplete.subtracting(.maxFindings))
        }
        incomplete.formUnion(budget.reasons)
        affected.formUnion(budget.affected)
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
        scanner.prepareContext(UnsafeBufferPointer(start: nil, count: 0))
        let end = written
        storage.withUnsafeBufferPointer { buf in
            guard let ptr = buf.baseAddress ?? (end == base ? UnsafePointer(bitPattern: 1) : nil) else { return }
            let detectors = ruleset.detectors
            for gi in geometry.indices {
                let g = geometry[gi]
                let lastStart = final ? end : end - g.reach
                var f = from[gi]
                guard f <= lastStart || (!final && end - f > ScanStream.skipLag) else { continue }
                if budget.shouldStop() {
                    // Out of time (or cancelled): skip what this pattern could search now, so
                    // that memory stays bounded. The stream is incomplete.
                    from[gi] = max(f, lastStart + 1)
                    budget.affected.append(g.detector)
                    continue
                }
                let d = detectors[g.detector]
                let pattern = d.patterns[g.pattern]
                while f <= lastStart {
                    if budget.shouldStop() {
                        f = lastStart + 1
                        budget.affected.append(g.detector)
                        break
                    }
                    switch pattern.match(
                        ptr, end: end - base, from: f - base, lastStart: lastStart - base, scratch: scanner.scratch)
                    {
                    case .noMatch:
                        f = lastStart + 1
                    case .limit, .failure:
                        budget.reasons.insert(.matchLimit)
                        budget.affected.append(g.detector)
                        f = lastStart + 1
                    case .match(let whole, let value):
                        if g.unbounded, !final, whole.upperBound == end - base {
                            budget.reasons.insert(.windowLimit)
                            budget.affected.append(g.detector)
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
                // A pattern that reads far ahead would hold every finding back by its reach:
                // positions where its match cannot start, whatever follows, are passed over
                // at once (a byte no match starts with, or a mismatch in its literal prefix).
                if !final, end - f > ScanStream.skipLag {
                    while f < end, g.cannotStart(at: f, in: buf, base: base, end: end) { f += 1 }
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
                        buf, base: base, range: redactedUpTo..<upTo, spans: unredacted[...], previous: &redactedLast,
                        to: &batch.redacted)
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
            if redactor != nil { unredacted.append(Redactor.span(of: pending[settled..<j])) }
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
                affected.insert(f.detectorIndex)
                continue
            }
            let di = f.detectorIndex
            if let r = ranks[di] {
                f.levelRank = r
            } else {
                let r = ruleset.mapping(detector: di, on: day).rank
                ranks[di] = r
                f.levelRank = r
            }
            if tallies[di] != nil {
                tallies[di]?.add(f)
            } else {
                tallies[di] = DetectorTally(first: f)
            }
            reported += 1
            batch.findings.append(f)
            observer(.finding(f, window: buf, base: base))
        }
    }
}

extension ScanStream {
    /// The result of one call for APIs that report results as `ScanResult`s: this call's
    /// findings and the stream's decision so far.
    /// `summaryTallies` holds what the whole stream found so far, so that the result's
    /// `findingCount` and summary cover the stream.
    /// The result of the whole stream, given every finding it reported (in order).
    public func result(findings: [Finding]) -> ScanResult {
        var r = ScanResult(findings: findings, decision: decision, ruleset: ruleset)
        r.incompleteDetectors = incompleteDetectors
        return r
    }

    public func result(of batch: StreamBatch) -> ScanResult {
        var r = ScanResult(findings: batch.findings, decision: batch.decision, ruleset: ruleset)
        r.summaryTallies = detectorTallies
        r.incompleteDetectors = incompleteDetectors
        return r
    }

    /// Indices of the detectors a bound stopped or cut short so far, sorted.
    public var incompleteDetectors: [Int] { affected.sorted() }
}
