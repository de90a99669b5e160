// SPDX-License-Identifier: Apache-2.0

import CClassify
import RulePacks

/// Empties the result of scanner `sc` (if not NULL and not in use by another thread), for
/// a call that fails before it reaches the scanner: the header promises an empty result
/// after every error.
func clearIfIdle(_ sc: OpaquePointer?) {
    guard let b = sc.map({ Handle.borrow($0, as: ScannerBox.self) }),
        b.scanner.busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    else { return }
    b.clear()
    b.scanner.busy.store(false, ordering: .releasing)
}

/// What a `classify_scanner *` points to: the scanner, its last result, and the C memory
/// handed out for that result (valid until the next scan or the free).
final class ScannerBox {
    let scanner: Scanner
    var result: ScanResult?
    /// Keeps the strings of the last result's ruleset alive.
    var rulesetBox: RulesetBox?
    /// The last result's frameworks as C strings: `frameworkCount` of `frameworkCapacity`
    /// slots, kept from scan to scan (grown when a result has more).
    var frameworks: UnsafeMutablePointer<UnsafePointer<CChar>?>?
    var frameworkCount = 0
    var frameworkCapacity = 0
    var json: CString?
    var jsonLength = 0
    /// The summary JSON of the last result (CAPI+Reclassify.swift), made on first request.
    var summary: CString?
    var summaryLength = 0
    /// What records, streams and redaction add to a result (CAPI+Record.swift).
    var extras = ResultExtras()
    /// The storage of the last result's findings, emptied (see `scan`).
    private var spareFindings: [Finding] = []

    init(_ scanner: Scanner) { self.scanner = scanner }

    /// Keeps `result` (made with the ruleset of `rb`) as the scanner's result, with the C
    /// frameworks array its decision hands out. The scanner must be cleared first.
    func store(_ result: ScanResult, _ rb: RulesetBox) {
        self.result = result
        rulesetBox = rb
        let names = result.decision.frameworks
        if frameworkCapacity < max(1, names.count) {
            frameworks?.deallocate()
            frameworkCapacity = max(4, names.count)
            frameworks = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: frameworkCapacity)
        }
        frameworkCount = 0
        for name in names {
            guard let c = rb.frameworks[name] else { continue }
            frameworks?[frameworkCount] = c.const
            frameworkCount += 1
        }
    }

    /// Scans with the findings storage of the last result, which `clear` kept (emptied):
    /// referenced nowhere else, it is filled again without allocating.
    func scan(_ data: UnsafeBufferPointer<UInt8>, with ruleset: Ruleset, options: ScanOptions) -> ScanResult {
        var storage = spareFindings
        spareFindings = []
        return scanner.scan(data, with: ruleset, options: options, reusing: &storage)
    }

    /// Empties the result. Its findings' storage is kept for the next `scan`.
    func clear() {
        if var findings = result?.findings {
            result = nil
            findings.removeAll(keepingCapacity: true)
            spareFindings = findings
        }
        result = nil
        rulesetBox = nil
        frameworkCount = 0
        json = nil
        jsonLength = 0
        summary = nil
        summaryLength = 0
        extras = ResultExtras()
    }

    deinit { frameworks?.deallocate() }
}

private func box(_ sc: OpaquePointer?) -> ScannerBox? { sc.map { Handle.borrow($0, as: ScannerBox.self) } }

private var defaultScanOptions: classify_scan_options {
    classify_scan_options(
    struct_size: MemoryLayout<classify_scan_options>.size, as_of: 0, min_confidence: 0, max_findings: 0, flags: 0,
    deadline_ms: 0, reserved: 0, cancel: nil, data_created: 0)
}

/// The sizes of the first versions of the structs that have grown since (classify.h,
/// "Versioned structs"): a caller compiled against them keeps working.
let scanOptionsFirstSize = MemoryLayout<classify_scan_options>.offset(of: \.data_created)!
let decisionFirstSize = MemoryLayout<classify_decision>.offset(of: \.generation)!

@c @implementation
public func classify_scan_options_init(_ opts: UnsafeMutablePointer<classify_scan_options>?, _ structSize: Int) -> Int32 {
    guard let opts else { return CLASSIFY_E_INVALID }
    guard structSize >= scanOptionsFirstSize, structSize <= VersionedStruct.maximumSize else {
        return CLASSIFY_E_VERSION
    }
    UnsafeMutableRawPointer(opts).initializeMemory(as: UInt8.self, repeating: 0, count: structSize)
    opts.pointee.struct_size = structSize
    return CLASSIFY_OK
}

@c @implementation
public func classify_scanner_new(_ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    guard let out else { return CLASSIFY_E_INVALID }
    out.pointee = nil
    guard let scanner = try? Scanner() else { return CLASSIFY_E_NOMEM }
    out.pointee = Handle.retain(ScannerBox(scanner))
    return CLASSIFY_OK
}

@c @implementation
public func classify_scanner_free(_ sc: OpaquePointer?) {
    if let sc { Handle.release(sc, as: ScannerBox.self) }
}

/// Converts C scan options to Swift ones, or returns the status that rejects them.
func scanOptions(_ p: UnsafePointer<classify_scan_options>?) -> Result<ScanOptions, ClassifyError.Code> {
    let raw: classify_scan_options
    switch VersionedStruct.read(
        p.map(UnsafeRawPointer.init), minimum: scanOptionsFirstSize, defaults: defaultScanOptions)
    {
    case .success(let o): raw = o
    case .failure(let code): return .failure(code)
    }
    guard raw.min_confidence.isFinite, raw.min_confidence >= 0, raw.min_confidence <= 1,
        raw.max_findings <= UInt32(Limits.maxFindings), raw.reserved == 0, raw.flags == 0
    else { return .failure(.invalidArgument) }
    var o = ScanOptions()
    if raw.as_of != 0 { o.asOf = CivilDate(unixSeconds: raw.as_of) }
    o.minConfidence = raw.min_confidence
    o.maxFindings = raw.max_findings == 0 ? Limits.defaultMaxFindings : Int(raw.max_findings)
    if raw.deadline_ms != 0 { o.deadlineNanoseconds = UInt64(raw.deadline_ms) * 1_000_000 }
    o.cancel = raw.cancel.map { CancelFlag(UnsafePointer<Int32>($0)) }
    if raw.data_created != 0 { o.dataCreated = raw.data_created }
    return .success(o)
}

@c @implementation
public func classify_scanner_scan(
    _ sc: OpaquePointer?, _ rs: OpaquePointer?, _ data: UnsafeRawPointer?, _ len: Int,
    _ opts: UnsafePointer<classify_scan_options>?
) -> Int32 {
    guard let b = box(sc) else { return CLASSIFY_E_INVALID }
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
    let buffer = UnsafeBufferPointer(start: data?.assumingMemoryBound(to: UInt8.self), count: len)
    let result = b.scan(buffer, with: rb.ruleset, options: options)
    b.store(result, rb)
    return result.isComplete ? CLASSIFY_OK : CLASSIFY_INCOMPLETE
}

@c @implementation
public func classify_scanner_finding_count(_ sc: OpaquePointer?) -> Int { box(sc)?.result?.findings.count ?? 0 }

@c @implementation
public func classify_scanner_incomplete_detectors(
    _ sc: OpaquePointer?, _ out: UnsafeMutablePointer<UInt32>?, _ cap: Int
) -> Int {
    guard let affected = box(sc)?.result?.incompleteDetectors else { return 0 }
    if let out, cap != 0 {
        // cap is a size_t: 2^63 and more arrive negative here, and mean "no limit".
        for (i, d) in affected.prefix(cap < 0 ? Int.max : cap).enumerated() { out[i] = UInt32(d) }
    }
    return affected.count
}

@c @implementation
public func classify_scanner_finding(
    _ sc: OpaquePointer?, _ index: Int, _ out: UnsafeMutablePointer<classify_finding>?
) -> Int32 {
    guard let b = box(sc), let out else { return CLASSIFY_E_INVALID }
    guard let result = b.result, let rb = b.rulesetBox, index >= 0, index < result.findings.count else {
        return CLASSIFY_DONE
    }
    let cf = findingRow(
        result.findings[index], struct_size: 0, detectors: rb.detectorStrings, levels: rb.levels,
        field: b.extras.field(ofFinding: index))
    return VersionedStruct.write(cf, to: UnsafeMutableRawPointer(out), minimum: ResultExtras.findingV1Size)
}

@c @implementation
public func classify_scanner_decision(_ sc: OpaquePointer?, _ out: UnsafeMutablePointer<classify_decision>?) -> Int32 {
    guard let b = box(sc), let out, let result = b.result, let rb = b.rulesetBox else { return CLASSIFY_E_INVALID }
    let cd = b.decisionRow(result, rb)
    return VersionedStruct.write(cd, to: UnsafeMutableRawPointer(out), minimum: decisionFirstSize)
}

@c @implementation
public func classify_scanner_result_json(
    _ sc: OpaquePointer?, _ json: UnsafeMutablePointer<UnsafePointer<CChar>?>?, _ len: UnsafeMutablePointer<Int>?
) -> Int32 {
    guard let b = box(sc), let json, let result = b.result else { return CLASSIFY_E_INVALID }
    if b.json == nil {
        let text = b.extras.json(result) ?? result.json()
        b.json = CString(text)
        b.jsonLength = text.utf8.count
    }
    json.pointee = b.json?.const
    len?.pointee = b.jsonLength
    return CLASSIFY_OK
}
