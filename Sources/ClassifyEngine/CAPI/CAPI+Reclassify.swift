// SPDX-License-Identifier: Apache-2.0
// classify_scanner_summary_json, classify_scanner_reclassify, classify_engine_reclassify:
// summaries of results and their re-decision without the data (Summary.swift).

import CClassify
import RulePacks

private var defaultReclassifyOptions: classify_reclassify_options {
    classify_reclassify_options(
        struct_size: MemoryLayout<classify_reclassify_options>.size, as_of: 0, data_created: 0, flags: 0, reserved: 0)
}

@c @implementation
public func classify_reclassify_options_init(
    _ opts: UnsafeMutablePointer<classify_reclassify_options>?, _ structSize: Int
) -> Int32 {
    guard let opts else { return CLASSIFY_E_INVALID }
    guard structSize >= MemoryLayout<classify_reclassify_options>.size, structSize <= VersionedStruct.maximumSize else {
        return CLASSIFY_E_VERSION
    }
    UnsafeMutableRawPointer(opts).initializeMemory(as: UInt8.self, repeating: 0, count: structSize)
    opts.pointee.struct_size = structSize
    return CLASSIFY_OK
}

@c @implementation
public func classify_scanner_summary_json(
    _ sc: OpaquePointer?, _ json: UnsafeMutablePointer<UnsafePointer<CChar>?>?, _ len: UnsafeMutablePointer<Int>?
) -> Int32 {
    guard let b = sc.map({ Handle.borrow($0, as: ScannerBox.self) }), let json, let result = b.result else {
        return CLASSIFY_E_INVALID
    }
    if b.summary == nil {
        let text = result.summaryJSON()
        b.summary = CString(text)
        b.summaryLength = text.utf8.count
    }
    json.pointee = b.summary?.const
    len?.pointee = b.summaryLength
    return CLASSIFY_OK
}

/// What both re-decision calls share: the arguments, the summary, and where the result goes.
private func reclassify(
    _ sc: OpaquePointer?, _ summary: UnsafePointer<CChar>?, _ len: Int,
    _ opts: UnsafePointer<classify_reclassify_options>?, _ errorOut: UnsafeMutablePointer<OpaquePointer?>?,
    _ function: String,
    _ decide: (ResultSummary, CivilDate?, Int64?) throws(ClassifyError) -> (ScanResult, RulesetBox)
) -> Int32 {
    errorOut?.pointee = nil
    guard let b = sc.map({ Handle.borrow($0, as: ScannerBox.self) }) else {
        return ErrorBox.report(ClassifyError(.invalidArgument, "\(function): sc is NULL"), errorOut)
    }
    guard b.scanner.busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
        return ErrorBox.report(ClassifyError(.busy, "\(function): the scanner is in use by another thread"), errorOut)
    }
    defer { b.scanner.busy.store(false, ordering: .releasing) }
    b.clear()
    guard let summary, len != 0 else {
        return ErrorBox.report(ClassifyError(.invalidArgument, "\(function): the summary is NULL or empty"), errorOut)
    }
    // A size_t of 2^63 or more arrives as a negative Int: over the limit too.
    guard len > 0, len <= Limits.packBytes else {
        return ErrorBox.report(
            ClassifyError(
                .limit,
                "the summary is \(UInt(bitPattern: len)) bytes; the limit is \(Limits.packBytes) (CLASSIFY_LIMIT_PACK_BYTES)"),
            errorOut)
    }
    let raw: classify_reclassify_options
    switch VersionedStruct.read(
        opts.map(UnsafeRawPointer.init), minimum: MemoryLayout<classify_reclassify_options>.size,
        defaults: defaultReclassifyOptions)
    {
    case .success(let o): raw = o
    case .failure(let code):
        return ErrorBox.report(ClassifyError(code, "classify_reclassify_options.struct_size is not one this library knows"), errorOut)
    }
    guard raw.flags == 0, raw.reserved == 0 else {
        return ErrorBox.report(ClassifyError(.invalidArgument, "classify_reclassify_options: flags and reserved must be 0"), errorOut)
    }
    do {
        let parsed = try ResultSummary.parse(Array(UnsafeRawBufferPointer(start: summary, count: len)))
        let (result, rb) = try decide(
            parsed, raw.as_of == 0 ? nil : CivilDate(unixSeconds: raw.as_of), raw.data_created == 0 ? nil : raw.data_created)
        b.store(result, rb)
        return CLASSIFY_OK
    } catch {
        return ErrorBox.report(error, errorOut)
    }
}

@c @implementation
public func classify_scanner_reclassify(
    _ sc: OpaquePointer?, _ rs: OpaquePointer?, _ summary: UnsafePointer<CChar>?, _ len: Int,
    _ opts: UnsafePointer<classify_reclassify_options>?, _ errorOut: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    guard let rs else {
        errorOut?.pointee = nil
        clearIfIdle(sc)
        return ErrorBox.report(ClassifyError(.invalidArgument, "classify_scanner_reclassify: rs is NULL"), errorOut)
    }
    let rb = Handle.borrow(rs, as: RulesetBox.self)
    return reclassify(sc, summary, len, opts, errorOut, "classify_scanner_reclassify") {
        summary, asOf, created throws(ClassifyError) in
        (try rb.ruleset.reclassify(summary, asOf: asOf, dataCreated: created), rb)
    }
}

@c @implementation
public func classify_engine_reclassify(
    _ eng: OpaquePointer?, _ sc: OpaquePointer?, _ summary: UnsafePointer<CChar>?, _ len: Int,
    _ opts: UnsafePointer<classify_reclassify_options>?, _ errorOut: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    guard let engine = eng.map({ Handle.borrow($0, as: EngineBox.self).engine }) else {
        errorOut?.pointee = nil
        clearIfIdle(sc)
        return ErrorBox.report(ClassifyError(.invalidArgument, "classify_engine_reclassify: eng is NULL"), errorOut)
    }
    return reclassify(sc, summary, len, opts, errorOut, "classify_engine_reclassify") {
        summary, asOf, created throws(ClassifyError) in
        let (result, snap) = try engine.reclassify(summary, asOf: asOf, dataCreated: created)
        guard let rb = snap.attachment as? RulesetBox else {
            throw ClassifyError(.internal, "engine snapshot without its C handle")
        }
        return (result, rb)
    }
}
