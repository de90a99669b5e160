// SPDX-License-Identifier: Apache-2.0
// Streams (classify.h, "Streams: chunked input").

import CClassify
import RulePacks
import Synchronization

/// What a `classify_stream *` points to.
final class StreamBox {
    let stream: ScanStream
    /// Keeps the ruleset's C strings alive for the results the stream makes.
    let rulesetBox: RulesetBox
    /// Set while a call runs, to detect concurrent use.
    let busy = Atomic<Bool>(false)

    init(_ stream: ScanStream, _ rb: RulesetBox) {
        self.stream = stream
        rulesetBox = rb
    }
}

private func streamBox(_ st: OpaquePointer?) -> StreamBox? { st.map { Handle.borrow($0, as: StreamBox.self) } }

private var defaultStreamOptions: classify_stream_options {
    classify_stream_options(
    struct_size: MemoryLayout<classify_stream_options>.size, scan: nil, redact: nil)
}

@c @implementation
public func classify_stream_options_init(_ opts: UnsafeMutablePointer<classify_stream_options>?, _ structSize: Int)
    -> Int32
{
    guard let opts else { return CLASSIFY_E_INVALID }
    guard structSize >= MemoryLayout<classify_stream_options>.size, structSize <= VersionedStruct.maximumSize else {
        return CLASSIFY_E_VERSION
    }
    UnsafeMutableRawPointer(opts).initializeMemory(as: UInt8.self, repeating: 0, count: structSize)
    opts.pointee.struct_size = structSize
    return CLASSIFY_OK
}

@c @implementation
public func classify_ruleset_max_window(_ rs: OpaquePointer?) -> UInt64 {
    guard let rs else { return 0 }
    return UInt64(Handle.borrow(rs, as: RulesetBox.self).ruleset.maxWindow)
}

@c @implementation
public func classify_stream_open(
    _ out: UnsafeMutablePointer<OpaquePointer?>?, _ rs: OpaquePointer?, _ opts: UnsafePointer<classify_stream_options>?
) -> Int32 {
    guard let out else { return CLASSIFY_E_INVALID }
    out.pointee = nil
    guard let rs else { return CLASSIFY_E_INVALID }
    let raw: classify_stream_options
    switch VersionedStruct.read(
        opts.map(UnsafeRawPointer.init), minimum: MemoryLayout<classify_stream_options>.size,
        defaults: defaultStreamOptions)
    {
    case .success(let o): raw = o
    case .failure(let code): return code.status
    }
    let options: ScanOptions
    switch scanOptions(raw.scan) {
    case .success(let o): options = o
    case .failure(let code): return code.status
    }
    let rb = Handle.borrow(rs, as: RulesetBox.self)
    var redactor: Redactor?
    if let r = raw.redact {
        switch makeRedactor(r, rb.ruleset) {
        case .success(let made): redactor = made
        case .failure(let code): return code.status
        }
    }
    // "Now" for as_of is the time of the open: the whole stream is decided as of one day.
    var fixed = options
    if fixed.asOf == nil { fixed.asOf = CivilDate(unixSeconds: todayUTC()) }
    out.pointee = Handle.retain(StreamBox(ScanStream(ruleset: rb.ruleset, options: fixed, redactor: redactor), rb))
    return CLASSIFY_OK
}

/// The shared body of write and finish: locks, runs `call`, stores the batch in the scanner.
private func streamCall(
    _ st: OpaquePointer?, _ sc: OpaquePointer?, _ call: (ScanStream, Scanner) throws(ClassifyError) -> StreamBatch
) -> Int32 {
    guard let sb = streamBox(st), let b = sc.map({ Handle.borrow($0, as: ScannerBox.self) }) else {
        // "After an error the scanner holds an empty result", even when the stream is NULL.
        clearIfIdle(sc)
        return CLASSIFY_E_INVALID
    }
    guard b.scanner.busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
        return CLASSIFY_E_BUSY
    }
    defer { b.scanner.busy.store(false, ordering: .releasing) }
    b.clear()
    guard sb.busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
        return CLASSIFY_E_BUSY
    }
    defer { sb.busy.store(false, ordering: .releasing) }
    let stream = sb.stream
    let batch: StreamBatch
    do {
        batch = try call(stream, b.scanner)
    } catch {
        return error.code.status
    }
    b.store(stream.result(of: batch), sb.rulesetBox)
    b.extras.redacted = CBytes(batch.redacted)
    b.extras.makeJSON = { result in streamJSON(result) }
    return stream.incomplete.isEmpty ? CLASSIFY_OK : CLASSIFY_INCOMPLETE
}

/// The result JSON of one stream call: schema "classify.result/1", this call's findings,
/// the stream's decision so far.
private func streamJSON(_ r: ScanResult) -> String {
    var w = JSONWriter()
    let pack = r.ruleset.pack
    w.beginObject()
    w.field("schema", ScanResult.jsonSchema)
    w.key("pack")
    w.beginObject()
    w.field("id", pack.id)
    w.field("version", pack.version.text)
    w.field("digest", pack.digest)
    w.endObject()
    w.key("generation")
    w.value(r.generation)
    w.field("source", "stream")
    w.key("decision")
    r.writeDecision(to: &w)
    w.key("findings")
    w.beginArray()
    for f in r.findings { r.write(f, to: &w, field: nil) }
    w.endArray()
    w.endObject()
    return w.string
}

@c @implementation
public func classify_stream_write(_ st: OpaquePointer?, _ sc: OpaquePointer?, _ data: UnsafeRawPointer?, _ len: Int)
    -> Int32
{
    guard data != nil || len == 0, len >= 0 else {
        if let b = sc.map({ Handle.borrow($0, as: ScannerBox.self) }),
            b.scanner.busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        {
            b.clear()
            b.scanner.busy.store(false, ordering: .releasing)
        }
        return CLASSIFY_E_INVALID
    }
    let buffer = UnsafeBufferPointer(start: data?.assumingMemoryBound(to: UInt8.self), count: len)
    return streamCall(st, sc) { stream, scanner throws(ClassifyError) in try stream.write(buffer, scanner: scanner) }
}

@c @implementation
public func classify_stream_finish(_ st: OpaquePointer?, _ sc: OpaquePointer?) -> Int32 {
    streamCall(st, sc) { stream, scanner throws(ClassifyError) in try stream.finish(scanner: scanner) }
}

@c @implementation
public func classify_stream_offset(_ st: OpaquePointer?) -> UInt64 { UInt64(streamBox(st)?.stream.written ?? 0) }

@c @implementation
public func classify_stream_free(_ st: OpaquePointer?) {
    if let st { Handle.release(st, as: StreamBox.self) }
}
