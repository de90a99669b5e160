// SPDX-License-Identifier: Apache-2.0

import CClassify
import RulePacks

/// What a `classify_ruleset *` points to: the ruleset and the C strings handed out for it.
final class RulesetBox: @unchecked Sendable {
    let ruleset: Ruleset
    let id: CString
    let version: CString
    let digest: CString
    /// Per detector: id, type, category, validator, description.
    let detectorStrings: [DetectorStrings]
    /// Per level rank.
    let levels: [CString]
    /// A detector's strings as C strings.
    typealias DetectorStrings = (id: CString, type: CString, category: CString, validator: CString?, description: CString)
    /// Per framework id.
    let frameworks: [String: CString]

    init(_ rs: Ruleset) {
        ruleset = rs
        id = CString(rs.id)
        version = CString(rs.version)
        digest = CString(rs.digest)
        detectorStrings = rs.detectorSpecs.map {
            (CString($0.id), CString($0.type), CString($0.category.rawValue), $0.validator.map(CString.init),
             CString($0.description))
        }
        levels = rs.pack.levels.map(CString.init)
        var fw: [String: CString] = [:]
        for f in rs.pack.frameworks { fw[f.id] = CString(f.id) }
        frameworks = fw
    }
}

private func box(_ rs: OpaquePointer?) -> RulesetBox? { rs.map { Handle.borrow($0, as: RulesetBox.self) } }

private func openOptions(_ p: UnsafePointer<classify_open_options>?) -> Result<classify_open_options, ClassifyError.Code> {
    VersionedStruct.read(
        p.map(UnsafeRawPointer.init), minimum: MemoryLayout<classify_open_options>.size,
        defaults: classify_open_options(struct_size: MemoryLayout<classify_open_options>.size, flags: 0))
}

/// The shared tail of every open: options, compile, hand out the handle or the error.
private func finishOpen(
    _ out: UnsafeMutablePointer<OpaquePointer?>, _ opts: UnsafePointer<classify_open_options>?,
    _ errorOut: UnsafeMutablePointer<OpaquePointer?>?,
    _ make: (_ checkExamples: Bool, _ jit: Bool) throws(ClassifyError) -> Ruleset
) -> Int32 {
    let options: classify_open_options
    switch openOptions(opts) {
    case .success(let o): options = o
    case .failure(let code):
        return ErrorBox.report(ClassifyError(code, "classify_open_options.struct_size is not one this library knows"), errorOut)
    }
    let known = CLASSIFY_OPEN_SKIP_EXAMPLES | CLASSIFY_OPEN_NO_JIT
    guard options.flags & ~known == 0 else {
        return ErrorBox.report(ClassifyError(.invalidArgument, "classify_open_options.flags has unknown bits"), errorOut)
    }
    do {
        let rs = try make(options.flags & CLASSIFY_OPEN_SKIP_EXAMPLES == 0, options.flags & CLASSIFY_OPEN_NO_JIT == 0)
        out.pointee = Handle.retain(RulesetBox(rs))
        return CLASSIFY_OK
    } catch {
        return ErrorBox.report(error, errorOut)
    }
}

@c @implementation
public func classify_open_options_init(_ opts: UnsafeMutablePointer<classify_open_options>?, _ structSize: Int) -> Int32 {
    guard let opts else { return CLASSIFY_E_INVALID }
    guard structSize >= MemoryLayout<classify_open_options>.size, structSize <= VersionedStruct.maximumSize else {
        return CLASSIFY_E_VERSION
    }
    UnsafeMutableRawPointer(opts).initializeMemory(as: UInt8.self, repeating: 0, count: structSize)
    opts.pointee.struct_size = structSize
    return CLASSIFY_OK
}

@c @implementation
public func classify_ruleset_open_buffer(
    _ out: UnsafeMutablePointer<OpaquePointer?>?, _ json: UnsafePointer<CChar>?, _ len: Int,
    _ name: UnsafePointer<CChar>?, _ opts: UnsafePointer<classify_open_options>?,
    _ errorOut: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    errorOut?.pointee = nil
    guard let out else {
        return ErrorBox.report(ClassifyError(.invalidArgument, "classify_ruleset_open_buffer: out is NULL"), errorOut)
    }
    out.pointee = nil
    let packName = name.map { String(cString: $0) } ?? "<buffer>"
    guard json != nil || len == 0 else {
        return ErrorBox.report(ClassifyError(.invalidArgument, "classify_ruleset_open_buffer: json is NULL"), errorOut)
    }
    // `len` is a size_t seen as Int: 2^63 and more arrive negative, and are over the limit too
    // (a negative count would trap in UnsafeRawBufferPointer; tests/fuzz-regressions/api/).
    guard len >= 0, len <= Limits.packBytes else {
        return ErrorBox.report(
            ClassifyError(
                .limit,
                "the pack is \(UInt(bitPattern: len)) bytes; the limit is \(Limits.packBytes) (CLASSIFY_LIMIT_PACK_BYTES)",
                pack: packName), errorOut)
    }
    let bytes: [UInt8] = json.map { Array(UnsafeRawBufferPointer(start: $0, count: len)) } ?? []
    return finishOpen(out, opts, errorOut) { check, jit throws(ClassifyError) in
        try Ruleset(json: bytes, name: packName, checkExamples: check, jit: jit)
    }
}

@c @implementation
public func classify_ruleset_open_file(
    _ out: UnsafeMutablePointer<OpaquePointer?>?, _ path: UnsafePointer<CChar>?,
    _ opts: UnsafePointer<classify_open_options>?, _ errorOut: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    errorOut?.pointee = nil
    guard let out else {
        return ErrorBox.report(ClassifyError(.invalidArgument, "classify_ruleset_open_file: out is NULL"), errorOut)
    }
    out.pointee = nil
    guard let path else {
        return ErrorBox.report(ClassifyError(.invalidArgument, "classify_ruleset_open_file: path is NULL"), errorOut)
    }
    let p = String(cString: path)
    return finishOpen(out, opts, errorOut) { check, jit throws(ClassifyError) in
        try Ruleset(path: p, checkExamples: check, jit: jit)
    }
}

@c @implementation
public func classify_ruleset_open_builtin(
    _ out: UnsafeMutablePointer<OpaquePointer?>?, _ name: UnsafePointer<CChar>?,
    _ opts: UnsafePointer<classify_open_options>?, _ errorOut: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    errorOut?.pointee = nil
    guard let out else {
        return ErrorBox.report(ClassifyError(.invalidArgument, "classify_ruleset_open_builtin: out is NULL"), errorOut)
    }
    out.pointee = nil
    let n = name.map { String(cString: $0) } ?? Ruleset.defaultName
    // Built-in examples run in the test suite; opening skips them (the flag is moot here).
    return finishOpen(out, opts, errorOut) { _, jit throws(ClassifyError) in try Ruleset.builtin(n, jit: jit) }
}

/// Static C strings for classify_builtin_pack_name: the names never change at run time.
private let builtinNameStrings: [CString] = Ruleset.builtinNames.map(CString.init)

@c @implementation
public func classify_builtin_pack_name(_ index: Int) -> UnsafePointer<CChar>? {
    guard index >= 0, index < builtinNameStrings.count else { return nil }
    return builtinNameStrings[index].const
}

@c @implementation
public func classify_ruleset_free(_ rs: OpaquePointer?) {
    if let rs { Handle.release(rs, as: RulesetBox.self) }
}

@c @implementation
public func classify_ruleset_id(_ rs: OpaquePointer?) -> UnsafePointer<CChar>? { box(rs)?.id.const }

@c @implementation
public func classify_ruleset_version(_ rs: OpaquePointer?) -> UnsafePointer<CChar>? { box(rs)?.version.const }

@c @implementation
public func classify_ruleset_digest(_ rs: OpaquePointer?) -> UnsafePointer<CChar>? { box(rs)?.digest.const }

@c @implementation
public func classify_ruleset_detector_count(_ rs: OpaquePointer?) -> Int { box(rs)?.ruleset.detectorCount ?? 0 }

@c @implementation
public func classify_ruleset_detector(
    _ rs: OpaquePointer?, _ index: Int, _ out: UnsafeMutablePointer<classify_detector_info>?
) -> Int32 {
    guard let b = box(rs), let out else { return CLASSIFY_E_INVALID }
    guard index >= 0, index < b.detectorStrings.count else { return CLASSIFY_DONE }
    let s = b.detectorStrings[index]
    let info = classify_detector_info(
        struct_size: 0, id: s.id.const, type: s.type.const, category: s.category.const,
        validator: s.validator?.const, description: s.description.const)
    return VersionedStruct.write(info, to: UnsafeMutableRawPointer(out), minimum: MemoryLayout<classify_detector_info>.size)
}
