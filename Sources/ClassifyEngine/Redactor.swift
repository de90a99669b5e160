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
    /// By detector id or entity type: the mode (and keep) for its findings. A detector id
    /// wins over a type.
    public var overrides: [String: RedactionSpec] = [:]

    public init(mode: RedactionMode? = nil, keep: Int? = nil, key: [UInt8]? = nil) {
        self.mode = mode
        self.keep = keep
        self.key = key
    }
}

/// Replaces findings in bytes. Immutable once made; safe to share between threads.
public struct Redactor: Sendable {
    /// The default number of characters `mask` keeps.
    public static let defaultKeep = 4
    /// Hex digits of the HMAC shown in a `hash` token.
    public static let hashDigits = 16

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
        if let k = options.keep, !(0...RedactionSpec.maxKeep).contains(k) {
            throw ClassifyError(.invalidArgument, "keep must be between 0 and \(RedactionSpec.maxKeep)")
        }
        var actions: [Action] = []
        var needsKey: String?
        for spec in ruleset.detectorSpecs {
            let override = options.overrides[spec.id] ?? options.overrides[spec.type]
            let mode = override?.mode ?? options.mode ?? spec.redaction?.mode ?? .mask
            let keep = override?.keep ?? options.keep ?? spec.redaction?.keep ?? Redactor.defaultKeep
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
            _ = crypto_auth_hmacsha256_init(&state, kb.baseAddress!, key.count)
        }
        if let base = value.baseAddress, value.count > 0 {
            _ = crypto_auth_hmacsha256_update(&state, base, UInt64(value.count))
        }
        _ = crypto_auth_hmacsha256_final(&state, &mac)
        return mac
    }

    /// Copies `data[range]` to `out`, replacing the findings in it. `findings` are sorted,
    /// do not overlap, and lie within `range`; offsets are relative to `data` shifted by
    /// `base` (a finding at absolute offset x is at data[x - base]).
    func copy(
        _ data: UnsafeBufferPointer<UInt8>, base: Int, range: Range<Int>, findings: ArraySlice<Finding>,
        to out: inout [UInt8]
    ) {
        var at = range.lowerBound
        for f in findings {
            let s = max(f.start, at), e = min(f.end, range.upperBound)
            guard s < e else { continue }
            if s > at { out.append(contentsOf: UnsafeBufferPointer(rebasing: data[(at - base)..<(s - base)])) }
            appendReplacement(
                detector: f.detectorIndex, value: UnsafeBufferPointer(rebasing: data[(s - base)..<(e - base)]),
                to: &out)
            at = e
        }
        if at < range.upperBound {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: data[(at - base)..<(range.upperBound - base)]))
        }
    }

    /// A copy of `data` with `findings` (from a scan of `data`) replaced.
    public func redact(_ data: UnsafeBufferPointer<UInt8>, findings: [Finding]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        copy(data, base: 0, range: 0..<data.count, findings: findings[...], to: &out)
        return out
    }

    /// A copy of `bytes` with `findings` replaced.
    public func redact(_ bytes: [UInt8], findings: [Finding]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { redact($0, findings: findings) }
    }
}

extension Scanner {
    /// Scans `data` and returns the result with a redacted copy of `data`.
    public func redact(
        _ data: UnsafeBufferPointer<UInt8>, with ruleset: Ruleset, redactor: Redactor,
        options: ScanOptions = ScanOptions()
    ) -> (result: ScanResult, redacted: [UInt8]) {
        let result = scan(data, with: ruleset, options: options)
        return (result, redactor.redact(data, findings: result.findings))
    }
}
