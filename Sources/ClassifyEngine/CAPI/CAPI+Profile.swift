// SPDX-License-Identifier: Apache-2.0
// Column profiles (classify.h, "Records: named fields").

import CClassify
import RulePacks
import Synchronization

/// What a `classify_profile *` points to.
final class ProfileBox {
    let profiler: ColumnProfiler
    let rulesetBox: RulesetBox
    var json: CString?
    var jsonLength = 0
    let busy = Atomic<Bool>(false)

    init(_ profiler: ColumnProfiler, _ rb: RulesetBox) {
        self.profiler = profiler
        rulesetBox = rb
    }
}

private func profileBox(_ p: OpaquePointer?) -> ProfileBox? { p.map { Handle.borrow($0, as: ProfileBox.self) } }

private var defaultProfileOptions: classify_profile_options {
    classify_profile_options(
    struct_size: MemoryLayout<classify_profile_options>.size, scan: nil, min_share: 0)
}

@c @implementation
public func classify_profile_options_init(_ opts: UnsafeMutablePointer<classify_profile_options>?, _ structSize: Int)
    -> Int32
{
    guard let opts else { return CLASSIFY_E_INVALID }
    guard structSize >= MemoryLayout<classify_profile_options>.size, structSize <= VersionedStruct.maximumSize else {
        return CLASSIFY_E_VERSION
    }
    UnsafeMutableRawPointer(opts).initializeMemory(as: UInt8.self, repeating: 0, count: structSize)
    opts.pointee.struct_size = structSize
    return CLASSIFY_OK
}

@c @implementation
public func classify_profile_new(
    _ out: UnsafeMutablePointer<OpaquePointer?>?, _ rs: OpaquePointer?, _ opts: UnsafePointer<classify_profile_options>?
) -> Int32 {
    guard let out else { return CLASSIFY_E_INVALID }
    out.pointee = nil
    guard let rs else { return CLASSIFY_E_INVALID }
    let raw: classify_profile_options
    switch VersionedStruct.read(
        opts.map(UnsafeRawPointer.init), minimum: MemoryLayout<classify_profile_options>.size,
        defaults: defaultProfileOptions)
    {
    case .success(let o): raw = o
    case .failure(let code): return code.status
    }
    guard raw.min_share.isFinite, raw.min_share >= 0, raw.min_share <= 1 else { return CLASSIFY_E_INVALID }
    let options: ScanOptions
    switch scanOptions(raw.scan) {
    case .success(let o): options = o
    case .failure(let code): return code.status
    }
    let rb = Handle.borrow(rs, as: RulesetBox.self)
    let share = raw.min_share == 0 ? ColumnProfiler.defaultMinShare : raw.min_share
    guard let profiler = try? ColumnProfiler(ruleset: rb.ruleset, options: options, minShare: share) else {
        return CLASSIFY_E_NOMEM
    }
    out.pointee = Handle.retain(ProfileBox(profiler, rb))
    return CLASSIFY_OK
}

@c @implementation
public func classify_profile_add_record(_ p: OpaquePointer?, _ fields: UnsafePointer<classify_field>?, _ count: Int)
    -> Int32
{
    guard let pb = profileBox(p), count >= 0 else { return CLASSIFY_E_INVALID }
    guard pb.busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
        return CLASSIFY_E_BUSY
    }
    defer { pb.busy.store(false, ordering: .releasing) }
    let record: [RecordField]
    switch recordFields(fields, count: count) {
    case .success(let r): record = r
    case .failure(let code): return code.status
    }
    pb.profiler.add(record)
    pb.json = nil
    return CLASSIFY_OK
}

@c @implementation
public func classify_profile_record_count(_ p: OpaquePointer?) -> UInt64 {
    UInt64(profileBox(p)?.profiler.records ?? 0)
}

@c @implementation
public func classify_profile_result_json(
    _ p: OpaquePointer?, _ json: UnsafeMutablePointer<UnsafePointer<CChar>?>?, _ len: UnsafeMutablePointer<Int>?
) -> Int32 {
    guard let pb = profileBox(p), let json else { return CLASSIFY_E_INVALID }
    guard pb.busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
        return CLASSIFY_E_BUSY
    }
    defer { pb.busy.store(false, ordering: .releasing) }
    if pb.json == nil {
        let text = pb.profiler.json()
        pb.json = CString(text)
        pb.jsonLength = text.utf8.count
    }
    json.pointee = pb.json?.const
    len?.pointee = pb.jsonLength
    return CLASSIFY_OK
}

@c @implementation
public func classify_profile_free(_ p: OpaquePointer?) {
    if let p { Handle.release(p, as: ProfileBox.self) }
}
