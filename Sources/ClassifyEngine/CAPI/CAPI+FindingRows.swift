// SPDX-License-Identifier: Apache-2.0
// classify_scanner_result(): the decision and every finding of a scanner's result in one
// call, for bindings whose calls into C cost more than the copying (Python's ctypes). The
// decision and each row are exactly what classify_scanner_decision() and
// classify_scanner_finding() write (CAPI+Scanner.swift); Tests/CAPI/abi_test.c and the
// Python tests compare them byte for byte.

import CClassify

@c @implementation
public func classify_scanner_result(
    _ sc: OpaquePointer?, _ decision: UnsafeMutablePointer<classify_decision>?,
    _ findings: UnsafeMutablePointer<classify_finding>?, _ cap: Int, _ count: UnsafeMutablePointer<Int>?
) -> Int32 {
    count?.pointee = 0
    // cap is a size_t: 2^63 and more arrive negative here, and mean "no limit".
    guard let sc, findings != nil || cap == 0 else { return CLASSIFY_E_INVALID }
    let b = Handle.borrow(sc, as: ScannerBox.self)
    guard let result = b.result, let rb = b.rulesetBox else { return CLASSIFY_E_INVALID }
    // Check every size before writing anything.
    if let decision {
        let size = VersionedStruct.callerSize(UnsafeRawPointer(decision))
        guard size >= decisionFirstSize, size <= VersionedStruct.maximumSize else { return CLASSIFY_E_VERSION }
    }
    var stride = 0
    if let findings, cap != 0 {
        stride = VersionedStruct.callerSize(UnsafeRawPointer(findings))
        guard stride >= ResultExtras.findingV1Size, stride <= VersionedStruct.maximumSize,
            stride % MemoryLayout<classify_finding>.alignment == 0
        else { return CLASSIFY_E_VERSION }
    }
    // What classify_scanner_decision() and classify_scanner_finding() write, made here from
    // one read of the result (each of those calls would copy it again).
    if let decision {
        let cd = b.decisionRow(result, rb)
        let status = VersionedStruct.write(cd, to: UnsafeMutableRawPointer(decision), minimum: decisionFirstSize)
        guard status == CLASSIFY_OK else { return status }
    }
    let total = result.findings.count
    if let findings, cap != 0, total > 0 {
        let rows = UnsafeMutableRawPointer(findings)
        let n = cap < 0 ? total : min(cap, total)
        // Read in place (no copy of a finding or of a detector's strings per row).
        let extras = b.extras.fieldOfFinding.isEmpty ? nil : b.extras
        let levels = rb.levels
        let detectors = rb.detectorStrings
        result.findings.withUnsafeBufferPointer { all in
            for i in 0..<n {
                let cf = findingRow(
                    all[i], struct_size: stride, detectors: detectors, levels: levels,
                    field: extras?.field(ofFinding: i))
                let row = rows + i * stride
                row.storeBytes(of: stride, as: Int.self)
                _ = VersionedStruct.write(cf, to: row, minimum: ResultExtras.findingV1Size)
            }
        }
    }
    count?.pointee = total
    return CLASSIFY_OK
}

extension ScannerBox {
    /// The decision of `result` (made with the ruleset of `rb`) as classify_decision gives it.
    func decisionRow(_ result: ScanResult, _ rb: RulesetBox) -> classify_decision {
        let d = result.decision
        return classify_decision(
            struct_size: 0, level: rb.levels[d.levelRank].const, level_rank: UInt32(d.levelRank),
            needs_review: d.needsReview ? 1 : 0, confidence: d.confidence,
            frameworks: UnsafePointer(frameworks), framework_count: frameworkCount,
            finding_count: result.findingCount, incomplete: d.incomplete.rawValue, reserved: 0,
            as_of: d.asOf.unixSeconds, pack_id: rb.id.const, pack_version: rb.version.const,
            pack_digest: rb.digest.const, generation: result.generation)
    }
}

/// One finding as classify_finding gives it (the ruleset's strings: `detectors`, `levels`).
@inline(__always)
func findingRow(
    _ f: borrowing Finding, struct_size: Int, detectors: [RulesetBox.DetectorStrings], levels: [CString],
    field: UnsafePointer<CChar>?
) -> classify_finding {
    var flags: UInt32 = 0
    if f.explanation.validator != nil { flags |= CLASSIFY_FINDING_VALIDATED }
    if f.explanation.keyword != nil { flags |= CLASSIFY_FINDING_KEYWORD }
    let s = detectors[f.detectorIndex]
    return classify_finding(
        struct_size: struct_size, start: UInt64(f.start), end: UInt64(f.end), detector: s.id.const,
        type: s.type.const, category: s.category.const, level: levels[f.levelRank].const,
        confidence: f.confidence, flags: flags, detector_index: UInt32(f.detectorIndex), field: field)
}
