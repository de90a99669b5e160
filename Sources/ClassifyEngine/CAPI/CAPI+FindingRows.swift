// SPDX-License-Identifier: Apache-2.0
// classify_scanner_result(): the decision and every finding of a scanner's result in one
// call, for bindings whose calls into C cost more than the copying (Python's ctypes). Each
// row is exactly what classify_scanner_finding() writes: it is made by that function.

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
    guard let result = b.result, b.rulesetBox != nil else { return CLASSIFY_E_INVALID }
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
    if let decision {
        let status = classify_scanner_decision(sc, decision)
        guard status == CLASSIFY_OK else { return status }
    }
    let total = result.findings.count
    if let findings, cap != 0, total > 0 {
        let rows = UnsafeMutableRawPointer(findings)
        let n = cap < 0 ? total : min(cap, total)
        for i in 0..<n {
            let row = rows + i * stride
            row.storeBytes(of: stride, as: Int.self)
            let status = classify_scanner_finding(sc, i, row.assumingMemoryBound(to: classify_finding.self))
            guard status == CLASSIFY_OK else { return status == CLASSIFY_DONE ? CLASSIFY_E_INTERNAL : status }
        }
    }
    count?.pointee = total
    return CLASSIFY_OK
}
