// SPDX-License-Identifier: Apache-2.0
// Records of named fields (classify.h, "Records: named fields"), and what records, streams
// and redaction add to the result a scanner holds.

import CClassify
import RulePacks

/// Bytes handed to C: allocated once, never moved, freed with their owner.
final class CBytes: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    let count: Int

    init(_ bytes: [UInt8]) {
        count = bytes.count
        pointer = .allocate(byteCount: max(1, bytes.count), alignment: 1)
        bytes.withUnsafeBytes { src in
            if let base = src.baseAddress, count > 0 { pointer.copyMemory(from: base, byteCount: count) }
        }
    }

    deinit { pointer.deallocate() }
}

/// The parts of a scanner's result that only records, streams and redaction have. Cleared
/// with the result.
struct ResultExtras {
    /// The size of `classify_finding` before `field` was appended: a caller compiled
    /// against that header passes this much and keeps working.
    static let findingV1Size = MemoryLayout<classify_finding>.offset(of: \.field) ?? MemoryLayout<classify_finding>.size

    /// Records: each field's name, and the field of each finding.
    var fieldNames: [CString] = []
    var fieldOfFinding: [Int] = []
    /// Makes the result JSON when it differs from `ScanResult.json()`.
    var makeJSON: ((ScanResult) -> String)?
    /// The redacted copy (classify_scanner_redact) or a stream call's part of it.
    var redacted: CBytes?

    func field(ofFinding index: Int) -> UnsafePointer<CChar>? {
        guard index >= 0, index < fieldOfFinding.count else { return nil }
        let f = fieldOfFinding[index]
        return f >= 0 && f < fieldNames.count ? fieldNames[f].const : nil
    }

    func json(_ result: ScanResult) -> String? { makeJSON?(result) }
}

extension ScannerBox {
    /// Keeps a record's result, with the names its findings point to.
    func storeRecord(_ r: RecordResult, names: [[UInt8]], _ rb: RulesetBox) {
        store(r.result, rb)
        let strings = names.map { CString(String(decoding: $0, as: UTF8.self)) }
        extras.fieldNames = strings
        extras.fieldOfFinding = r.fields
        let fields = r.fields
        let text = names.map { String(decoding: $0, as: UTF8.self) }
        extras.makeJSON = { result in RecordResult(result: result, fields: fields).json(fieldNames: text) }
    }
}

/// Reads a caller's array of versioned structs: every element has the struct_size of the
/// first, which must be at least `minimum`.
func readArray<T>(_ p: UnsafeRawPointer?, count: Int, minimum: Int, defaults: T) -> Result<[T], ClassifyError.Code> {
    guard count > 0 else { return .success([]) }
    guard let p, count <= Int.max / VersionedStruct.maximumSize else { return .failure(.invalidArgument) }
    let stride = VersionedStruct.callerSize(p)
    guard stride >= minimum, stride <= VersionedStruct.maximumSize else { return .failure(.version) }
    var out: [T] = []
    out.reserveCapacity(count)
    for i in 0..<count {
        let element = p + i * stride
        guard VersionedStruct.callerSize(element) == stride else { return .failure(.version) }
        switch VersionedStruct.read(element, minimum: minimum, defaults: defaults) {
        case .success(let v): out.append(v)
        case .failure(let code): return .failure(code)
        }
    }
    return .success(out)
}

/// Copies a caller's fields into Swift ones.
func recordFields(_ p: UnsafePointer<classify_field>?, count: Int) -> Result<[RecordField], ClassifyError.Code> {
    let blank = classify_field(struct_size: MemoryLayout<classify_field>.size, name: nil, name_len: 0, value: nil, value_len: 0)
    let raw: [classify_field]
    switch readArray(p.map(UnsafeRawPointer.init), count: count, minimum: MemoryLayout<classify_field>.size, defaults: blank) {
    case .success(let r): raw = r
    case .failure(let code): return .failure(code)
    }
    var out: [RecordField] = []
    out.reserveCapacity(raw.count)
    for f in raw {
        guard f.name_len >= 0, f.value_len >= 0, f.name != nil || f.name_len == 0, f.value != nil || f.value_len == 0
        else { return .failure(.invalidArgument) }
        let name = f.name.map { Array(UnsafeRawBufferPointer(start: $0, count: f.name_len)) } ?? []
        let value = f.value.map { Array(UnsafeRawBufferPointer(start: $0, count: f.value_len)) } ?? []
        out.append(RecordField(name: name, value: value))
    }
    return .success(out)
}

@c @implementation
public func classify_scanner_scan_record(
    _ sc: OpaquePointer?, _ rs: OpaquePointer?, _ fields: UnsafePointer<classify_field>?, _ count: Int,
    _ opts: UnsafePointer<classify_scan_options>?
) -> Int32 {
    guard let b = sc.map({ Handle.borrow($0, as: ScannerBox.self) }) else { return CLASSIFY_E_INVALID }
    guard b.scanner.busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
        return CLASSIFY_E_BUSY
    }
    defer { b.scanner.busy.store(false, ordering: .releasing) }
    b.clear()
    guard let rs, count >= 0 else { return CLASSIFY_E_INVALID }
    let options: ScanOptions
    switch scanOptions(opts) {
    case .success(let o): options = o
    case .failure(let code): return code.status
    }
    let record: [RecordField]
    switch recordFields(fields, count: count) {
    case .success(let r): record = r
    case .failure(let code): return code.status
    }
    let rb = Handle.borrow(rs, as: RulesetBox.self)
    let r = b.scanner.scanRecord(record, with: rb.ruleset, options: options)
    b.storeRecord(r, names: record.map(\.name), rb)
    return r.result.isComplete ? CLASSIFY_OK : CLASSIFY_INCOMPLETE
}
