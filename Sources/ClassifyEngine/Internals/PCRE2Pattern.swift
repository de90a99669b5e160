// SPDX-License-Identifier: Apache-2.0
// The only place that compiles PCRE2 patterns. A compiled, JIT-compiled pattern is
// read-only and "can be used by more than one thread simultaneously" (pcre2api, "Multithreading"),
// which is why the wrapper is @unchecked Sendable; per-call state (match data, JIT stack,
// match context) lives in MatchScratch, one per scanner.

import CPCRE2

/// One compiled pattern.
final class PCRE2Pattern: @unchecked Sendable {
    let code: OpaquePointer
    /// Whether JIT compilation succeeded; without it matching uses the interpreter.
    let jitted: Bool
    /// The capture group number of `(?<value>...)`, or 0 (the whole match).
    let valueGroup: Int
    /// The number of ovector pairs a match can fill.
    let pairs: Int

    /// Why a pattern did not compile: PCRE2's message and the offset in the pattern.
    struct CompileError: Error {
        var message: String
        var offset: Int
    }

    /// Compiles `pattern` in UTF mode, tolerant of invalid UTF-8 in subjects, and JITs it.
    init(_ pattern: String, caseless: Bool, jit: Bool = true) throws(CompileError) {
        var options = UInt32(PCRE2_UTF) | UInt32(PCRE2_MATCH_INVALID_UTF) | UInt32(PCRE2_NEVER_BACKSLASH_C)
            | UInt32(PCRE2_NO_UTF_CHECK) | UInt32(PCRE2_USE_OFFSET_LIMIT)
        if caseless { options |= UInt32(PCRE2_CASELESS) }
        var errorCode: Int32 = 0
        var errorOffset = 0
        let bytes = PCRE2Pattern.wrapNegatedEscapes(Array(pattern.utf8))
        // The pattern itself comes from valid Swift String storage, so it is valid UTF-8.
        func compile(_ bytes: [UInt8]) -> OpaquePointer? {
            bytes.withUnsafeBufferPointer { buf in
                pcre2_compile_8(buf.baseAddress ?? UnsafePointer(bitPattern: 1), buf.count, options, &errorCode,
                    &errorOffset, nil)
            }
        }
        guard let compiled = compile(bytes) else {
            // Report the error against the pattern as written, not the rewritten one.
            if let again = compile(Array(pattern.utf8)) { pcre2_code_free_8(again) }
            throw CompileError(message: PCRE2Pattern.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        // (*NO_JIT) in a pattern makes JIT compilation "succeed" without code, and every
        // JIT match then fails: use the interpreter for such a pattern.
        var jitSize = 0
        if jit, pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0 {
            _ = pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_JITSIZE), &jitSize)
        }
        jitted = jitSize > 0
        var group: Int32 = 0
        group = "value".withCString { name in
            name.withMemoryRebound(to: UInt8.self, capacity: 6) { pcre2_substring_number_from_name_8(compiled, $0) }
        }
        valueGroup = group > 0 ? Int(group) : 0
        var captures: UInt32 = 0
        _ = pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &captures)
        pairs = Int(captures) + 1
    }

    deinit { pcre2_code_free_8(code) }

    /// Rewrites a bare `\S`, `\D` or `\W` (outside a character class and `\Q…\E`) as
    /// `[\S]`, `[\D]`, `[\W]`. Same meaning; it works around PCRE2 10.42's JIT, which with
    /// PCRE2_MATCH_INVALID_UTF never matches a non-ASCII character with the bare forms
    /// (PCRE2Project/pcre2#224, fixed in 10.43) while the interpreter does.
    static func wrapNegatedEscapes(_ p: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(p.count + 8)
        var i = 0
        var inClass = false
        var quoted = false
        while i < p.count {
            let c = p[i]
            if quoted {
                if c == UInt8(ascii: "\\"), i + 1 < p.count, p[i + 1] == UInt8(ascii: "E") {
                    quoted = false
                    out += [c, p[i + 1]]
                    i += 2
                } else {
                    out.append(c)
                    i += 1
                }
                continue
            }
            if c == UInt8(ascii: "\\"), i + 1 < p.count {
                let e = p[i + 1]
                if e == UInt8(ascii: "Q") { quoted = true }
                if !inClass, e == UInt8(ascii: "S") || e == UInt8(ascii: "D") || e == UInt8(ascii: "W") {
                    out += [UInt8(ascii: "["), c, e, UInt8(ascii: "]")]
                } else {
                    out += [c, e]
                }
                i += 2
                continue
            }
            if inClass {
                // A POSIX class such as [:alpha:] inside a class: copy it whole.
                if c == UInt8(ascii: "["), i + 1 < p.count, p[i + 1] == UInt8(ascii: ":") {
                    var j = i + 2
                    while j + 1 < p.count, !(p[j] == UInt8(ascii: ":") && p[j + 1] == UInt8(ascii: "]")) { j += 1 }
                    let end = min(p.count, j + 2)
                    out += p[i..<end]
                    i = end
                    continue
                }
                if c == UInt8(ascii: "]") { inClass = false }
                out.append(c)
                i += 1
                continue
            }
            if c == UInt8(ascii: "[") {
                inClass = true
                out.append(c)
                i += 1
                // A ']' right after '[' or '[^' is a literal member, not the end.
                if i < p.count, p[i] == UInt8(ascii: "^") { out.append(p[i]); i += 1 }
                if i < p.count, p[i] == UInt8(ascii: "]") { out.append(p[i]); i += 1 }
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// PCRE2's text for an error code.
    static func message(for code: Int32) -> String {
        var buf = [UInt8](repeating: 0, count: 256)
        let n = buf.withUnsafeMutableBufferPointer { pcre2_get_error_message_8(code, $0.baseAddress, $0.count) }
        guard n > 0 else { return "PCRE2 error \(code)" }
        return String(decoding: buf[0..<Int(n)], as: UTF8.self)
    }

    /// Outcome of one match attempt.
    enum MatchResult {
        /// The match span and the value span (the `value` group, or the match).
        case match(whole: Range<Int>, value: Range<Int>)
        case noMatch
        /// PCRE2 stopped on a resource limit (match, depth, heap or JIT stack).
        case limit
        /// Any other PCRE2 error (not expected for valid input).
        case failure(Int32)
    }

    /// Finds the first match that starts at or after `start` (and at or before
    /// `lastStart`, when given) in `subject[0..<end]`.
    func match(
        _ subject: UnsafePointer<UInt8>, end: Int, from start: Int, lastStart: Int? = nil, scratch: MatchScratch
    ) -> MatchResult {
        matcher.match(subject, end: end, from: start, lastStart: lastStart, scratch: scratch)
    }

    /// What matching reads of this pattern, as a plain value.
    var matcher: PatternMatcher { PatternMatcher(code: code, jitted: jitted, valueGroup: valueGroup, pairs: pairs) }
}

/// What matching reads of a `PCRE2Pattern`, as a plain value valid while the pattern lives.
/// The scan's hot path keeps these side by side in the order it runs the patterns
/// (`Ruleset.memberMatchers`): reaching each pattern through its detector object and
/// pattern array costs dependent cache misses and reference counting per candidate group.
/// Sendable for the reason `PCRE2Pattern` is.
struct PatternMatcher: BitwiseCopyable, @unchecked Sendable {
    let code: OpaquePointer
    let jitted: Bool
    let valueGroup: Int
    let pairs: Int

    typealias MatchResult = PCRE2Pattern.MatchResult

    /// `PCRE2Pattern.match`.
    func match(
        _ subject: UnsafePointer<UInt8>, end: Int, from start: Int, lastStart: Int? = nil, scratch: MatchScratch
    ) -> MatchResult {
        let md = scratch.matchData(pairs: pairs)
        scratch.setOffsetLimit(lastStart)
        let rc: Int32
        if jitted {
            rc = pcre2_jit_match_8(code, subject, end, start, 0, md, scratch.context)
        } else {
            rc = pcre2_match_8(code, subject, end, start, 0, md, scratch.context)
        }
        if rc == PCRE2_ERROR_NOMATCH { return .noMatch }
        if rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT
            || rc == PCRE2_ERROR_JIT_STACKLIMIT
        {
            return .limit
        }
        guard rc >= 0, let ov = pcre2_get_ovector_pointer_8(md) else { return .failure(rc) }
        let ws = ov[0], we = ov[1]
        guard ws <= we, we <= end else { return .failure(rc) }
        var vs = ws, ve = we
        let unset = classify_pcre2_unset()
        if valueGroup > 0, valueGroup < Int(pcre2_get_ovector_count_8(md)) {
            let a = ov[2 * valueGroup], b = ov[2 * valueGroup + 1]
            if a != unset, b != unset, a <= b, b <= end { vs = a; ve = b }
        }
        return .match(whole: ws..<we, value: vs..<ve)
    }
}

/// Per-scanner PCRE2 state: a match context with limits and a JIT stack, and match data
/// big enough for every pattern. Owned by one thread at a time.
final class MatchScratch {
    let context: OpaquePointer
    private let jitStack: OpaquePointer?
    private var data: OpaquePointer
    private var dataPairs: Int

    /// PCRE2's match limit per start position (bounds exponential backtracking).
    static let matchLimit: UInt32 = 1_000_000
    static let depthLimit: UInt32 = 100_000

    init?(matchLimit: UInt32 = MatchScratch.matchLimit) {
        guard let ctx = pcre2_match_context_create_8(nil) else { return nil }
        context = ctx
        pcre2_set_match_limit_8(ctx, matchLimit)
        pcre2_set_depth_limit_8(ctx, MatchScratch.depthLimit)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, 1024 * 1024, nil)
        if let jitStack { pcre2_jit_stack_assign_8(ctx, nil, UnsafeMutableRawPointer(jitStack)) }
        guard let md = pcre2_match_data_create_8(16, nil) else {
            pcre2_match_context_free_8(ctx)
            if let jitStack { pcre2_jit_stack_free_8(jitStack) }
            return nil
        }
        data = md
        dataPairs = 16
    }

    private var offsetLimit: Int? = nil

    /// Changes PCRE2's match limit (steps per match attempt).
    func setMatchLimit(_ limit: UInt32) { pcre2_set_match_limit_8(context, limit) }

    /// Sets the last start offset an unanchored search may try (PCRE2's offset limit;
    /// patterns are compiled with PCRE2_USE_OFFSET_LIMIT); nil = no limit.
    func setOffsetLimit(_ limit: Int?) {
        guard limit != offsetLimit else { return }
        offsetLimit = limit
        pcre2_set_offset_limit_8(context, limit ?? classify_pcre2_unset())
    }

    /// Match data with room for at least `pairs` pairs (grown, never shrunk).
    func matchData(pairs: Int) -> OpaquePointer {
        if pairs > dataPairs, let md = pcre2_match_data_create_8(UInt32(pairs), nil) {
            pcre2_match_data_free_8(data)
            data = md
            dataPairs = pairs
        }
        return data
    }

    deinit {
        pcre2_match_data_free_8(data)
        pcre2_match_context_free_8(context)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }
}
