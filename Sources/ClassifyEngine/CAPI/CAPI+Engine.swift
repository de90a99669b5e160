// SPDX-License-Identifier: Apache-2.0
// classify_engine_*: the engine of Engine.swift behind the C ABI. Each snapshot's
// attachment is the RulesetBox (the ruleset's C strings), made once per swap outside the
// lock, so a scan through the engine costs no more than a direct scan.

import CClassify
import RulePacks

/// What a `classify_engine *` points to.
final class EngineBox: @unchecked Sendable {
    let engine: Engine
    init(_ engine: Engine) { self.engine = engine }
}

private func box(_ eng: OpaquePointer?) -> EngineBox? { eng.map { Handle.borrow($0, as: EngineBox.self) } }

private var defaultEngineOptions: classify_engine_options {
    classify_engine_options(
        struct_size: MemoryLayout<classify_engine_options>.size, flags: 0, open_flags: 0, trusted_keys: nil,
        trusted_key_count: 0)
}

@c @implementation
public func classify_engine_options_init(_ opts: UnsafeMutablePointer<classify_engine_options>?, _ structSize: Int)
    -> Int32
{
    guard let opts else { return CLASSIFY_E_INVALID }
    guard structSize >= MemoryLayout<classify_engine_options>.size, structSize <= VersionedStruct.maximumSize else {
        return CLASSIFY_E_VERSION
    }
    UnsafeMutableRawPointer(opts).initializeMemory(as: UInt8.self, repeating: 0, count: structSize)
    opts.pointee.struct_size = structSize
    return CLASSIFY_OK
}

/// Reads and checks the C options.
private func engineOptions(_ p: UnsafePointer<classify_engine_options>?) throws(ClassifyError) -> EngineOptions {
    let raw: classify_engine_options
    switch VersionedStruct.read(
        p.map(UnsafeRawPointer.init), minimum: MemoryLayout<classify_engine_options>.size, defaults: defaultEngineOptions)
    {
    case .success(let o): raw = o
    case .failure(let code):
        throw ClassifyError(code, "classify_engine_options.struct_size is not one this library knows")
    }
    let knownFlags = CLASSIFY_ENGINE_REQUIRE_SIGNATURES | CLASSIFY_ENGINE_ALLOW_DOWNGRADE
    guard raw.flags & ~knownFlags == 0 else {
        throw ClassifyError(.invalidArgument, "classify_engine_options.flags has unknown bits")
    }
    guard raw.open_flags & ~(CLASSIFY_OPEN_SKIP_EXAMPLES | CLASSIFY_OPEN_NO_JIT) == 0 else {
        throw ClassifyError(.invalidArgument, "classify_engine_options.open_flags has unknown bits")
    }
    var o = EngineOptions()
    o.requireSignatures = raw.flags & CLASSIFY_ENGINE_REQUIRE_SIGNATURES != 0
    o.allowDowngrade = raw.flags & CLASSIFY_ENGINE_ALLOW_DOWNGRADE != 0
    o.checkExamples = raw.open_flags & CLASSIFY_OPEN_SKIP_EXAMPLES == 0
    o.jit = raw.open_flags & CLASSIFY_OPEN_NO_JIT == 0
    if raw.trusted_key_count > 0 {
        guard let keys = raw.trusted_keys else {
            throw ClassifyError(.invalidArgument, "classify_engine_options.trusted_keys is NULL with a count")
        }
        guard raw.trusted_key_count <= 1024 else {
            throw ClassifyError(.invalidArgument, "classify_engine_options.trusted_key_count is over 1024")
        }
        for i in 0..<raw.trusted_key_count {
            guard let text = keys[i] else {
                throw ClassifyError(.invalidArgument, "classify_engine_options.trusted_keys[\(i)] is NULL")
            }
            do {
                o.trustedKeys.append(try PublicKey(text: String(cString: text)))
            } catch {
                throw ClassifyError(.invalidArgument, "classify_engine_options.trusted_keys[\(i)]: \(error.reason)")
            }
        }
    }
    return o
}

@c @implementation
public func classify_engine_new(
    _ out: UnsafeMutablePointer<OpaquePointer?>?, _ rs: OpaquePointer?, _ opts: UnsafePointer<classify_engine_options>?,
    _ errorOut: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    errorOut?.pointee = nil
    guard let out else {
        return ErrorBox.report(ClassifyError(.invalidArgument, "classify_engine_new: out is NULL"), errorOut)
    }
    out.pointee = nil
    do {
        let options = try engineOptions(opts)
        let first = rs.map { Handle.borrow($0, as: RulesetBox.self) }
        let engine = try Engine(
            ruleset: first?.ruleset, options: options, attachment: first, attach: { RulesetBox($0) })
        out.pointee = Handle.retain(EngineBox(engine))
        return CLASSIFY_OK
    } catch {
        return ErrorBox.report(error, errorOut)
    }
}

@c @implementation
public func classify_engine_free(_ eng: OpaquePointer?) {
    if let eng { Handle.release(eng, as: EngineBox.self) }
}

@c @implementation
public func classify_engine_swap_file(
    _ eng: OpaquePointer?, _ path: UnsafePointer<CChar>?, _ errorOut: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    errorOut?.pointee = nil
    guard let b = box(eng), let path else {
        return ErrorBox.report(ClassifyError(.invalidArgument, "classify_engine_swap_file: eng or path is NULL"), errorOut)
    }
    let p = String(cString: path)
    do {
        try b.engine.swap(path: p)
        return CLASSIFY_OK
    } catch {
        return ErrorBox.report(error, errorOut)
    }
}

@c @implementation
public func classify_engine_swap_buffer(
    _ eng: OpaquePointer?, _ json: UnsafePointer<CChar>?, _ len: Int, _ signature: UnsafePointer<CChar>?,
    _ signatureLen: Int, _ name: UnsafePointer<CChar>?, _ errorOut: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    errorOut?.pointee = nil
    guard let b = box(eng) else {
        return ErrorBox.report(ClassifyError(.invalidArgument, "classify_engine_swap_buffer: eng is NULL"), errorOut)
    }
    let packName = name.map { String(cString: $0) } ?? "<buffer>"
    guard json != nil || len == 0, signature != nil || signatureLen == 0 else {
        return ErrorBox.report(
            ClassifyError(.invalidArgument, "classify_engine_swap_buffer: json or signature is NULL with a length"),
            errorOut)
    }
    // A size_t of 2^63 or more arrives as a negative Int: over the limit too.
    guard len >= 0, len <= Limits.packBytes else {
        return ErrorBox.report(
            ClassifyError(
                .limit,
                "the pack is \(UInt(bitPattern: len)) bytes; the limit is \(Limits.packBytes) (CLASSIFY_LIMIT_PACK_BYTES)",
                pack: packName), errorOut)
    }
    guard signatureLen >= 0, signatureLen <= PackSignature.maxFileBytes else {
        return ErrorBox.report(
            ClassifyError(
                .signature,
                "the signature is \(UInt(bitPattern: signatureLen)) bytes; the limit is \(PackSignature.maxFileBytes)",
                pack: packName),
            errorOut)
    }
    let bytes: [UInt8] = json.map { Array(UnsafeRawBufferPointer(start: $0, count: len)) } ?? []
    let sig: [UInt8]? = signature.map { Array(UnsafeRawBufferPointer(start: $0, count: signatureLen)) }
    do {
        try b.engine.swap(bytes: bytes, signature: sig, name: packName)
        return CLASSIFY_OK
    } catch {
        return ErrorBox.report(error, errorOut)
    }
}

@c @implementation
public func classify_engine_swap_ruleset(
    _ eng: OpaquePointer?, _ rs: OpaquePointer?, _ errorOut: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    errorOut?.pointee = nil
    guard let b = box(eng), let rs else {
        return ErrorBox.report(ClassifyError(.invalidArgument, "classify_engine_swap_ruleset: eng or rs is NULL"), errorOut)
    }
    let rb = Handle.borrow(rs, as: RulesetBox.self)
    do {
        try b.engine.swap(to: rb.ruleset, attachment: rb)
        return CLASSIFY_OK
    } catch {
        return ErrorBox.report(error, errorOut)
    }
}

@c @implementation
public func classify_engine_generation(_ eng: OpaquePointer?) -> UInt64 { box(eng)?.engine.generation ?? 0 }

@c @implementation
public func classify_engine_ruleset(_ out: UnsafeMutablePointer<OpaquePointer?>?, _ eng: OpaquePointer?) -> Int32 {
    guard let out else { return CLASSIFY_E_INVALID }
    out.pointee = nil
    guard let b = box(eng), let snap = b.engine.snapshot(), let rb = snap.attachment as? RulesetBox else {
        return CLASSIFY_E_INVALID
    }
    out.pointee = Handle.retain(rb)
    return CLASSIFY_OK
}

@c @implementation
public func classify_engine_scan(
    _ eng: OpaquePointer?, _ sc: OpaquePointer?, _ data: UnsafeRawPointer?, _ len: Int,
    _ opts: UnsafePointer<classify_scan_options>?
) -> Int32 {
    guard let s = sc.map({ Handle.borrow($0, as: ScannerBox.self) }) else { return CLASSIFY_E_INVALID }
    guard s.scanner.busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
        return CLASSIFY_E_BUSY
    }
    defer { s.scanner.busy.store(false, ordering: .releasing) }
    s.clear()
    guard let b = box(eng) else { return CLASSIFY_E_INVALID }
    guard data != nil || len == 0, len >= 0 else { return CLASSIFY_E_INVALID }
    let options: ScanOptions
    switch scanOptions(opts) {
    case .success(let o): options = o
    case .failure(let code): return code.status
    }
    guard let snap = b.engine.snapshot(), let rb = snap.attachment as? RulesetBox else { return CLASSIFY_E_INVALID }
    let buffer = UnsafeBufferPointer(start: data?.assumingMemoryBound(to: UInt8.self), count: len)
    var result = s.scan(buffer, with: snap.ruleset, options: options)
    result.generation = snap.generation
    s.store(result, rb)
    return result.isComplete ? CLASSIFY_OK : CLASSIFY_INCOMPLETE
}
