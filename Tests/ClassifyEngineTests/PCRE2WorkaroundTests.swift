// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ClassifyEngine

/// PCRE2 10.42's JIT does not match non-ASCII characters with a bare \S, \D or \W when
/// PCRE2_MATCH_INVALID_UTF is set (fixed upstream in 10.43); the engine rewrites them.
@Suite struct PCRE2WorkaroundTests {
    func rewrite(_ s: String) -> String {
        String(decoding: PCRE2Pattern.wrapNegatedEscapes(Array(s.utf8)), as: UTF8.self)
    }

    @Test func rewritesOnlyBareEscapes() {
        #expect(rewrite(#"\S+"#) == #"[\S]+"#)
        #expect(rewrite(#"a\Db\Wc"#) == #"a[\D]b[\W]c"#)
        #expect(rewrite(#"[\S\d]"#) == #"[\S\d]"#)
        #expect(rewrite(#"[[:alpha:]\S]\S"#) == #"[[:alpha:]\S][\S]"#)
        #expect(rewrite(#"[]\S]\S"#) == #"[]\S][\S]"#)
        #expect(rewrite(#"\Q\S\E\S"#) == #"\Q\S\E[\S]"#)
        #expect(rewrite(#"\\S"#) == #"\\S"#)
        #expect(rewrite(#"\s\d\w"#) == #"\s\d\w"#)
    }

    @Test(arguments: [true, false])
    func jitAndInterpreterAgreeOnNonASCII(jit: Bool) throws {
        let p = try PCRE2Pattern(#"\S+"#, caseless: false, jit: jit)
        let scratch = try #require(MatchScratch())
        let subject: [UInt8] = [0x41, 0x41, 0xC2, 0x82, 0x5A]
        let r = subject.withUnsafeBufferPointer { p.match($0.baseAddress!, end: $0.count, from: 0, scratch: scratch) }
        guard case .match(let whole, _) = r else {
            Issue.record("no match")
            return
        }
        #expect(whole == 0..<5)
    }

    /// (*NO_JIT) makes JIT compilation succeed without code, and every JIT match fail
    /// (tests/fuzz-regressions/pack_scan): such a pattern runs in the interpreter.
    @Test func noJITVerbRunsInTheInterpreter() throws {
        let p = try PCRE2Pattern(#"(*NO_JIT)\d{3}"#, caseless: false, jit: true)
        #expect(!p.jitted)
        let scratch = try #require(MatchScratch())
        let subject = Array("ab 123".utf8)
        let r = subject.withUnsafeBufferPointer { p.match($0.baseAddress!, end: $0.count, from: 0, scratch: scratch) }
        guard case .match(let whole, _) = r else {
            Issue.record("no match: \(r)")
            return
        }
        #expect(whole == 3..<6)
    }

    @Test func errorOffsetsReferToThePatternAsWritten() {
        do {
            _ = try PCRE2Pattern(#"\S\S(ab"#, caseless: false)
            Issue.record("compiled")
        } catch {
            #expect(error.offset == 7)
        }
    }
}
