// SPDX-License-Identifier: Apache-2.0
// Redaction (classify.h, "Redaction").

import CClassify
import RulePacks

private var defaultRedactOptions: classify_redact_options {
    classify_redact_options(
    struct_size: MemoryLayout<classify_redact_options>.size, mode: 0, keep: 0, key: nil, key_len: 0, rules: nil,
    rule_count: 0, mask_char: 0, reserved: 0)
}

/// A C mode: nil for CLASSIFY_REDACT_DEFAULT, .failure for an unknown one.
private func redactionMode(_ m: UInt32) -> Result<RedactionMode?, ClassifyError.Code> {
    switch m {
    case CLASSIFY_REDACT_DEFAULT: return .success(nil)
    case CLASSIFY_REDACT_MASK: return .success(.mask)
    case CLASSIFY_REDACT_TYPE: return .success(.type)
    case CLASSIFY_REDACT_HASH: return .success(.hash)
    case CLASSIFY_REDACT_REMOVE: return .success(.remove)
    default: return .failure(.invalidArgument)
    }
}

/// A C keep: nil for 0, 0 for CLASSIFY_REDACT_KEEP_NONE.
private func redactionKeep(_ k: UInt32) -> Result<Int?, ClassifyError.Code> {
    if k == 0 { return .success(nil) }
    if k == CLASSIFY_REDACT_KEEP_NONE { return .success(0) }
    return k <= CLASSIFY_LIMIT_REDACT_KEEP ? .success(Int(k)) : .failure(.invalidArgument)
}

/// Converts C redaction options into Swift ones.
func redactionOptions(_ p: UnsafePointer<classify_redact_options>?) -> Result<RedactionOptions, ClassifyError.Code> {
    let raw: classify_redact_options
    switch VersionedStruct.read(
        p.map(UnsafeRawPointer.init), minimum: MemoryLayout<classify_redact_options>.size,
        defaults: defaultRedactOptions)
    {
    case .success(let o): raw = o
    case .failure(let code): return .failure(code)
    }
    guard raw.reserved == 0, raw.mask_char < 0x80, raw.key != nil || raw.key_len == 0, raw.key_len >= 0 else {
        return .failure(.invalidArgument)
    }
    var o = RedactionOptions()
    switch (redactionMode(raw.mode), redactionKeep(raw.keep)) {
    case (.success(let m), .success(let k)):
        o.mode = m
        o.keep = k
    default: return .failure(.invalidArgument)
    }
    if raw.mask_char != 0 { o.maskCharacter = UInt8(raw.mask_char) }
    if let key = raw.key, raw.key_len > 0 { o.key = Array(UnsafeRawBufferPointer(start: key, count: raw.key_len)) }
    let blank = classify_redact_rule(struct_size: MemoryLayout<classify_redact_rule>.size, target: nil, mode: 0, keep: 0)
    switch readArray(
        raw.rules.map(UnsafeRawPointer.init), count: raw.rule_count, minimum: MemoryLayout<classify_redact_rule>.size,
        defaults: blank)
    {
    case .failure(let code): return .failure(code)
    case .success(let rules):
        for r in rules {
            guard let target = r.target else { return .failure(.invalidArgument) }
            switch (redactionMode(r.mode), redactionKeep(r.keep)) {
            case (.success(let m), .success(let k)):
                o.overrides[String(cString: target)] = RedactionRule(mode: m, keep: k)
            default: return .failure(.invalidArgument)
            }
        }
    }
    return .success(o)
}

/// Converts C redaction options and resolves them against a ruleset.
func makeRedactor(_ p: UnsafePointer<classify_redact_options>?, _ rs: Ruleset) -> Result<Redactor, ClassifyError.Code> {
    switch redactionOptions(p) {
    case .failure(let code): return .failure(code)
    case .success(let o):
        do {
            return .success(try Redactor(ruleset: rs, options: o))
        } catch {
            return .failure(error.code)
        }
    }
}

@c @implementation
public func classify_redact_options_init(_ opts: UnsafeMutablePointer<classify_redact_options>?, _ structSize: Int)
    -> Int32
{
    guard let opts else { return CLASSIFY_E_INVALID }
    guard structSize >= MemoryLayout<classify_redact_options>.size, structSize <= VersionedStruct.maximumSize else {
        return CLASSIFY_E_VERSION
    }
    UnsafeMutableRawPointer(opts).initializeMemory(as: UInt8.self, repeating: 0, count: structSize)
    opts.pointee.struct_size = structSize
    return CLASSIFY_OK
}

@c @implementation
public func classify_scanner_redact(
    _ sc: OpaquePointer?, _ rs: OpaquePointer?, _ data: UnsafeRawPointer?, _ len: Int,
    _ ropts: UnsafePointer<classify_redact_options>?, _ opts: UnsafePointer<classify_scan_options>?
) -> Int32 {
    guard let b = sc.map({ Handle.borrow($0, as: ScannerBox.self) }) else { return CLASSIFY_E_INVALID }
    guard b.scanner.busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
        return CLASSIFY_E_BUSY
    }
    defer { b.scanner.busy.store(false, ordering: .releasing) }
    b.clear()
    guard let rs else { return CLASSIFY_E_INVALID }
    guard data != nil || len == 0, len >= 0 else { return CLASSIFY_E_INVALID }
    let options: ScanOptions
    switch scanOptions(opts) {
    case .success(let o): options = o
    case .failure(let code): return code.status
    }
    let rb = Handle.borrow(rs, as: RulesetBox.self)
    let redactor: Redactor
    switch makeRedactor(ropts, rb.ruleset) {
    case .success(let r): redactor = r
    case .failure(let code): return code.status
    }
    let buffer = UnsafeBufferPointer(start: data?.assumingMemoryBound(to: UInt8.self), count: len)
    let (result, copy) = b.scanner.redact(buffer, with: rb.ruleset, redactor: redactor, options: options)
    b.store(result, rb)
    b.extras.redacted = CBytes(copy)
    return result.isComplete ? CLASSIFY_OK : CLASSIFY_INCOMPLETE
}

/// An empty copy, for results without one.
private let noBytes = CBytes([])

@c @implementation
public func classify_scanner_redacted(
    _ sc: OpaquePointer?, _ out: UnsafeMutablePointer<UnsafeRawPointer?>?, _ len: UnsafeMutablePointer<Int>?
) -> Int32 {
    guard let b = sc.map({ Handle.borrow($0, as: ScannerBox.self) }), let out, let len, b.result != nil else {
        return CLASSIFY_E_INVALID
    }
    let bytes = b.extras.redacted ?? noBytes
    out.pointee = UnsafeRawPointer(bytes.pointer)
    len.pointee = bytes.count
    return CLASSIFY_OK
}

@c @implementation
public func classify_scanner_redacted_copy(
    _ sc: OpaquePointer?, _ buf: UnsafeMutableRawPointer?, _ cap: Int, _ len: UnsafeMutablePointer<Int>?
) -> Int32 {
    guard let b = sc.map({ Handle.borrow($0, as: ScannerBox.self) }), let len, b.result != nil,
        buf != nil || cap == 0, cap >= 0
    else { return CLASSIFY_E_INVALID }
    let bytes = b.extras.redacted ?? noBytes
    len.pointee = bytes.count
    guard cap >= bytes.count else { return CLASSIFY_E_LIMIT }
    if let buf, bytes.count > 0 { buf.copyMemory(from: bytes.pointer, byteCount: bytes.count) }
    return CLASSIFY_OK
}
