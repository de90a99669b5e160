// SPDX-License-Identifier: Apache-2.0
// A copy of the input with its findings replaced (docs/redaction.md). Which replacement a
// finding gets is decided once per detector when the redactor is made: the caller's
// override for the detector or its type, else the caller's mode, else the pack's
// `"redaction"` for the detector, else `mask`.

import CSodium
import RulePacks

/// What the caller asks of a redaction. The C struct is `classify_redact_options`.
public struct RedactionOptions: Sendable {
    /// Applies to every detector without an override; nil = the pack's setting per detector,
    /// else `mask`.
    public var mode: RedactionMode?
    /// For `mask`: characters kept at the end; nil = the pack's setting, else 4.
    public var keep: Int?
    /// The byte that replaces masked characters (ASCII).
    public var maskCharacter: UInt8 = UInt8(ascii: "*")
    /// The HMAC-SHA-256 key of the `hash` mode. Required when a detector resolves to `hash`.
    public var key: [UInt8]?
    /// By detector id or entity type: the mode and keep for its findings (nil parts fall
    /// through). A rule for a detector's id wins over one for its type.
    public var overrides: [String: RedactionRule] = [:]

    public init(mode: RedactionMode? = nil, keep: Int? = nil, key: [UInt8]? = nil) {
        self.mode = mode
        self.keep = keep
        self.key = key
    }
}

/// The caller's choice for one detector or entity type; nil parts are not set.
public struct RedactionRule: Sendable, Equatable {
    public var mode: RedactionMode?
    public var keep: Int?

    public init(mode: RedactionMode? = nil, keep: Int? = nil) {
        self.mode = mode
        self.keep = keep
    }
}

/// Replaces findings in bytes. Immutable once made; safe to share between threads.
public struct Redactor: Sendable {
    /// The default number of characters `mask` keeps.
    public static let defaultKeep = 4
    /// Hex digits of the HMAC shown in a `hash` token.
    public static let hashDigits = 16
    /// How many times a redacted copy is scanned and redacted: the input, then what the
    /// first round made of it (see `Scanner.redact`).
    public static let rounds = 2

    struct Action: Sendable {
        var mode: RedactionMode
        var keep: Int
        /// "[TYPE]" (type mode) or "[TYPE:" (hash mode), as bytes.
        var label: [UInt8]
    }

    let actions: [Action]
    let key: [UInt8]
    let maskCharacter: UInt8

    /// Resolves every detector's replacement.
    /// - Throws: ``ClassifyError`` `.invalidArgument` when a detector resolves to `hash`
    ///   and no key was given, or the mask character is not ASCII.
    public init(ruleset: Ruleset, options: RedactionOptions = RedactionOptions()) throws(ClassifyError) {
        guard options.maskCharacter > 0, options.maskCharacter < 0x80 else {
            throw ClassifyError(.invalidArgument, "the mask character must be an ASCII character")
        }
        for k in [options.keep] + options.overrides.values.map(\.keep) {
            if let k, !(0...RedactionSpec.maxKeep).contains(k) {
                throw ClassifyError(.invalidArgument, "keep must be between 0 and \(RedactionSpec.maxKeep)")
            }
        }
        var actions: [Action] = []
        var needsKey: String?
        for spec in ruleset.detectorSpecs {
            let byID = options.overrides[spec.id], byType = options.overrides[spec.type]
            let mode = byID?.mode ?? byType?.mode ?? options.mode ?? spec.redaction?.mode ?? .mask
            // A secret keeps nothing by default: its last characters are part of the secret,
            // and next to other text they can make a new finding ("...ABHe@host" an email).
            let fallbackKeep = spec.category == .credential ? 0 : Redactor.defaultKeep
            let keep = byID?.keep ?? byType?.keep ?? options.keep ?? spec.redaction?.keep ?? fallbackKeep
            let label: [UInt8]
            switch mode {
            case .type: label = Array("[\(spec.type)]".utf8)
            case .hash: label = Array("[\(spec.type):".utf8)
            default: label = []
            }
            if mode == .hash, needsKey == nil { needsKey = spec.id }
            actions.append(Action(mode: mode, keep: min(max(keep, 0), RedactionSpec.maxKeep), label: label))
        }
        if let id = needsKey, (options.key ?? []).isEmpty {
            throw ClassifyError(
                .invalidArgument, "the hash redaction (detector \"\(id)\") needs a key; none was given", detector: id)
        }
        self.actions = actions
        key = options.key ?? []
        maskCharacter = options.maskCharacter
    }

    /// The mode detector `index` is redacted with.
    public func mode(ofDetector index: Int) -> RedactionMode { actions[index].mode }

    /// Appends the replacement of a finding of detector `detector` whose value is `value`.
    func appendReplacement(detector: Int, value: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let a = actions[detector]
        switch a.mode {
        case .remove:
            return
        case .type:
            out.append(contentsOf: a.label)
        case .hash:
            out.append(contentsOf: a.label)
            let mac = hmac(value)
            let hex = Array("0123456789abcdef".utf8)
            for b in mac.prefix(Redactor.hashDigits / 2) {
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
            out.append(UInt8(ascii: "]"))
        case .mask:
            // Characters are UTF-8 code points (an invalid byte counts as one); at most half of
            // them are kept, so a short value is never shown whole.
            var starts: [Int] = []
            starts.reserveCapacity(value.count)
            for i in 0..<value.count where value[i] & 0xC0 != 0x80 || i == 0 { starts.append(i) }
            let chars = starts.count
            let kept = min(a.keep, chars / 2)
            let cut = kept == 0 ? value.count : starts[chars - kept]
            out.append(contentsOf: repeatElement(maskCharacter, count: chars - kept))
            if cut < value.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: value[cut...])) }
        }
    }

    /// HMAC-SHA-256 of `value` under the caller's key (libsodium).
    func hmac(_ value: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var state = crypto_auth_hmacsha256_state()
        var mac = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        let k = key.isEmpty ? [0] : key
        k.withUnsafeBufferPointer { kb in
            guard let p = kb.baseAddress else { return }
            _ = crypto_auth_hmacsha256_init(&state, p, key.count)
        }
        if let base = value.baseAddress, value.count > 0 {
            _ = crypto_auth_hmacsha256_update(&state, base, UInt64(value.count))
        }
        _ = crypto_auth_hmacsha256_final(&state, &mac)
        return mac
    }

    /// Copies `data[range]` to `out`, replacing the spans in it. `spans` are sorted, do not
    /// overlap, and lie within `range`; a span at absolute offset x is at data[x - base].
    /// `previous` is the last byte written to the copy so far (nil at its start): a removed
    /// value between two word characters leaves a space, so that its neighbours do not
    /// join into a new word.
    func copy(
        _ data: UnsafeBufferPointer<UInt8>, base: Int, range: Range<Int>, spans: ArraySlice<RedactionSpan>,
        previous: inout UInt8?, to out: inout [UInt8]
    ) {
        var at = range.lowerBound
        func take(_ lo: Int, _ hi: Int) {
            guard lo < hi else { return }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: data[(lo - base)..<(hi - base)]))
            previous = data[hi - 1 - base]
        }
        for span in spans {
            let s = max(span.start, at), e = min(span.end, range.upperBound)
            guard s < e else { continue }
            take(at, s)
            let before = out.count
            appendReplacement(
                detector: span.detector, value: UnsafeBufferPointer(rebasing: data[(s - base)..<(e - base)]), to: &out)
            if out.count > before {
                previous = out[out.count - 1]
            } else if let p = previous, e - base < data.count, WordTokenizer.isWordByte(p),
                WordTokenizer.isWordByte(data[e - base])
            {
                out.append(0x20)
                previous = 0x20
            }
            at = e
        }
        take(at, range.upperBound)
    }

    /// What to replace in a scanned buffer: every candidate a detector accepted (at or above
    /// the minimum confidence), also those an overlapping finding outranked - their bytes are
    /// sensitive too. Overlapping candidates make one span, replaced as the finding that won
    /// among them (its detector's mode, its type).
    public static func spans(_ candidates: [Finding]) -> [RedactionSpan] {
        var sorted = candidates
        sorted.sort { $0.start != $1.start ? $0.start < $1.start : $0.end < $1.end }
        var out: [RedactionSpan] = []
        forEachOverlapCluster(count: sorted.count, start: { sorted[$0].start }, end: { sorted[$0].end }) { i, j in
            out.append(span(of: sorted[i..<j]))
        }
        return out
    }

    /// One cluster of overlapping candidates as a span: their union, the winner's detector
    /// (the order of `Scanner.resolveOverlaps`).
    static func span(of cluster: ArraySlice<Finding>) -> RedactionSpan {
        var best = cluster[cluster.startIndex]
        var lo = best.start, hi = best.end
        for f in cluster {
            lo = min(lo, f.start)
            hi = max(hi, f.end)
            let better: Bool
            if f.confidence != best.confidence {
                better = f.confidence > best.confidence
            } else if f.levelRank != best.levelRank {
                better = f.levelRank > best.levelRank
            } else if f.length != best.length {
                better = f.length > best.length
            } else if f.detectorIndex != best.detectorIndex {
                better = f.detectorIndex < best.detectorIndex
            } else {
                better = f.start < best.start
            }
            if better { best = f }
        }
        return RedactionSpan(start: lo, end: hi, detector: best.detectorIndex)
    }

    /// A copy of `data` with `spans` (from ``spans(_:)``) replaced.
    public func redact(_ data: UnsafeBufferPointer<UInt8>, spans: [RedactionSpan]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        var previous: UInt8?
        copy(data, base: 0, range: 0..<data.count, spans: spans[...], previous: &previous, to: &out)
        return out
    }
}

/// A stretch of input a redacted copy replaces, and the detector whose mode replaces it.
public struct RedactionSpan: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var detector: Int
}

/// Recognises what a redaction put in place of a finding, so that a redacted copy scanned
/// again does not report its own tokens: a value inside `[TYPE]` or `[TYPE:` 16 hex digits
/// `]`, or a run of `*` (the default mask character).
enum RedactionToken {
    static func isToken(_ s: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        guard !r.isEmpty else { return false }
        if s[r.lowerBound] == UInt8(ascii: "*") {
            for i in r where s[i] != UInt8(ascii: "*") { return false }
            return r.count >= 2
        }
        // The token the value starts in, if any: back to its "[" over token bytes.
        var a = r.lowerBound
        let floor = max(0, a - 96)
        while a > floor, s[a] != UInt8(ascii: "[") {
            let c = s[a]
            guard isTypeByte(c) || isHexByte(c) || c == UInt8(ascii: ":") else { return false }
            a -= 1
        }
        guard s[a] == UInt8(ascii: "["), let b = tokenEnd(s, from: a) else { return false }
        return r.upperBound <= b
    }

    /// The end (past "]") of the token starting at `a`, if one does.
    private static func tokenEnd(_ s: UnsafeBufferPointer<UInt8>, from a: Int) -> Int? {
        var i = a + 1
        let limit = min(s.count, a + 100)
        while i < limit, isTypeByte(s[i]) { i += 1 }
        guard i > a + 1, i < limit else { return nil }
        if s[i] == UInt8(ascii: "]") { return i + 1 }
        guard s[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        let hexStart = i
        while i < limit, isHexByte(s[i]) { i += 1 }
        guard i - hexStart == Redactor.hashDigits, i < limit, s[i] == UInt8(ascii: "]") else { return nil }
        return i + 1
    }

    private static func isTypeByte(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "_")
    }

    private static func isHexByte(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) }
}

extension Scanner {
    /// Scans `data` and returns the result with a redacted copy of `data`. The copy replaces
    /// every candidate of the scan (see ``Redactor/spans(_:)``), also those past
    /// `maxFindings`. The corresponding C function is `classify_scanner_redact`.
    public func redact(
        _ data: UnsafeBufferPointer<UInt8>, with ruleset: Ruleset, redactor: Redactor,
        options: ScanOptions = ScanOptions()
    ) -> (result: ScanResult, redacted: [UInt8]) {
        var result = scan(data, with: ruleset, options: options)
        var copy = redactor.redact(data, spans: Redactor.spans(candidates.filter { $0.confidence >= options.minConfidence }))
        // Later rounds redact what the replacements made findable: a run of token characters
        // that was too long to be a token before a part of it was replaced, two neighbours of
        // a removed value. They report nothing (so have no cap on findings), but a round that
        // stops early makes the result incomplete.
        var later = options
        later.maxFindings = Limits.maxFindings
        for _ in 1..<Redactor.rounds {
            let r = copy.withUnsafeBufferPointer { scan($0, with: ruleset, options: later) }
            if !r.decision.incomplete.isEmpty {
                result.decision.incomplete.formUnion(r.decision.incomplete)
                result.decision.needsReview = true
            }
            let spans = Redactor.spans(candidates.filter { $0.confidence >= options.minConfidence })
            if spans.isEmpty { break }
            copy = copy.withUnsafeBufferPointer { redactor.redact($0, spans: spans) }
        }
        return (result, copy)
    }
}

extension Scanner {
    /// Redacts the values of a record: each value is scanned with its field's name in front
    /// of it, as `scanRecord` scans it, and redacted as `redact` redacts text (every
    /// candidate, two rounds); only the value's bytes change. Returns the record's result
    /// (as `scanRecord`) and, per field, its redacted value, or nil when nothing in it
    /// changed.
    public func redactRecord(
        _ fields: [RecordField], with ruleset: Ruleset, redactor: Redactor, options: ScanOptions = ScanOptions()
    ) -> (result: RecordResult, values: [[UInt8]?]) {
        redactRecords([fields], with: ruleset, redactor: redactor, options: options)[0]
    }

    /// `redactRecord` for many records, scanned a batch at a time (see `scanRecords`).
    public func redactRecords(
        _ records: [[RecordField]], with ruleset: Ruleset, redactor: Redactor, options: ScanOptions = ScanOptions()
    ) -> [(result: RecordResult, values: [[UInt8]?])] {
        var out: [(result: RecordResult, values: [[UInt8]?])] = []
        var text: [UInt8] = []
        let separator = ruleset.fieldGap
        var first = 0
        while first < records.count {
            let batch = records[first..<min(records.count, first + Scanner.recordBatch)]
            let (result, layout, redacted) = redactionRound(
                batch, into: &text, separator: separator, ruleset: ruleset, redactor: redactor, options: options)
            var values = redacted
            // Later rounds: the changed values again, each with its name.
            for _ in 1..<Redactor.rounds {
                let changed = values.indices.filter { values[$0] != nil }
                if changed.isEmpty { break }
                let again = changed.map { k in
                    [RecordField(name: batch[batch.startIndex + layout[k].record][layout[k].field].name, value: values[k] ?? [])]
                }
                let next = redactionRound(
                    again[...], into: &text, separator: separator, ruleset: ruleset, redactor: redactor,
                    options: options
                ).values
                for (j, k) in changed.enumerated() where next[j] != nil { values[k] = next[j] }
            }
            // Each record's findings (first round) and values.
            var found = [[Finding]](repeating: [], count: batch.count)
            var owners = [[Int]](repeating: [], count: batch.count)
            var slot = 0
            for f in result.findings {
                while slot < layout.count, layout[slot].value.upperBound < f.end { slot += 1 }
                guard slot < layout.count else { break }
                let l = layout[slot]
                guard f.start >= l.value.lowerBound, f.end <= l.value.upperBound else { continue }
                var g = f
                g.start -= l.value.lowerBound
                g.end -= l.value.lowerBound
                found[l.record].append(g)
                owners[l.record].append(l.field)
            }
            var perRecord = batch.map { [[UInt8]?](repeating: nil, count: $0.count) }
            for (k, l) in layout.enumerated() { perRecord[l.record][l.field] = values[k] }
            for r in 0..<batch.count {
                let rr = finishRecord(
                    found[r], owners: owners[r], incomplete: result.decision.incomplete, ruleset: ruleset,
                    options: options)
                out.append((rr, perRecord[r]))
            }
            first += batch.count
        }
        return out
    }

    /// One round: lays the records out and scans them (as `scanRecords`), then redacts each
    /// value's share of the candidates (a candidate reaching into a name or a separator is
    /// cut at the value's edges). Returns the scan, the layout and, per field in layout
    /// order, its redacted value or nil.
    private func redactionRound(
        _ records: ArraySlice<[RecordField]>, into text: inout [UInt8], separator: [UInt8], ruleset: Ruleset,
        redactor: Redactor, options: ScanOptions
    ) -> (result: ScanResult, layout: [(record: Int, field: Int, value: Range<Int>)], values: [[UInt8]?]) {
        let (result, layout) = scanLaidOut(records, into: &text, separator: separator, with: ruleset, options: options)
        let spans = Redactor.spans(candidates.filter { $0.confidence >= options.minConfidence })
        var values = [[UInt8]?](repeating: nil, count: layout.count)
        var s = 0
        text.withUnsafeBufferPointer { buf in
            for (k, l) in layout.enumerated() {
                while s < spans.count, spans[s].end <= l.value.lowerBound { s += 1 }
                var mine: [RedactionSpan] = []
                var t = s
                while t < spans.count, spans[t].start < l.value.upperBound {
                    var span = spans[t]
                    span.start = max(span.start, l.value.lowerBound)
                    span.end = min(span.end, l.value.upperBound)
                    if span.start < span.end { mine.append(span) }
                    t += 1
                }
                guard !mine.isEmpty else { continue }
                var out: [UInt8] = []
                var previous: UInt8? = l.value.lowerBound > 0 ? buf[l.value.lowerBound - 1] : nil
                redactor.copy(buf, base: 0, range: l.value, spans: mine[...], previous: &previous, to: &out)
                values[k] = out
            }
        }
        return (result, layout, values)
    }
}
