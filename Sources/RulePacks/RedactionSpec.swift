// SPDX-License-Identifier: Apache-2.0
// A detector's redaction setting in a pack: `"redaction": {"mode": "mask", "keep": 4}`
// (docs/rule-packs.md, docs/redaction.md).

/// How a finding is replaced in a redacted copy.
public enum RedactionMode: String, Sendable, CaseIterable {
    /// Every character but the last few becomes the mask character: `***************1111`.
    case mask
    /// The entity type in brackets: `[EMAIL_ADDRESS]`.
    case type
    /// The type and the first 16 hex digits of a keyed HMAC-SHA-256 of the value:
    /// `[EMAIL_ADDRESS:3f2a9c1b0e4d5a6f]`. The same value and key give the same token.
    case hash
    /// Nothing: the value is cut out.
    case remove
}

/// A detector's default redaction, as its pack writes it.
public struct RedactionSpec: Sendable, Equatable {
    public var mode: RedactionMode
    /// For `mask`: how many characters stay at the end; nil = the engine's default (4).
    public var keep: Int?

    public init(mode: RedactionMode, keep: Int? = nil) {
        self.mode = mode
        self.keep = keep
    }

    /// The most characters `keep` may ask for.
    public static let maxKeep = 64
}

extension PackDecoder {
    /// Decodes a detector's optional `"redaction"` object at `pointer`.
    func decodeRedaction(_ v: JSONValue?, at pointer: String) throws(ClassifyError) -> RedactionSpec? {
        guard let v else { return nil }
        var r = try PackReader(v, at: pointer, what: "\"redaction\"", fail: self.fail)
        let modeText = try r.string("mode", required: true, maxBytes: 16)!
        guard let mode = RedactionMode(rawValue: modeText) else {
            let known = RedactionMode.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail("unknown redaction mode \"\(modeText)\"; use one of \(known)", pointer + "/mode")
        }
        let keep = try r.integer("keep", in: 0...RedactionSpec.maxKeep, limitName: "64 characters")
        if keep != nil && mode != .mask {
            throw fail("\"keep\" applies only to the \"mask\" mode", pointer + "/keep")
        }
        try r.finish()
        return RedactionSpec(mode: mode, keep: keep)
    }
}
