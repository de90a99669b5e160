// SPDX-License-Identifier: Apache-2.0

import CClassify
import RulePacks

/// What a `classify_error *` points to.
final class ErrorBox {
    let status: Int32
    let message: CString
    let pack: CString?
    let pointer: CString?
    let detector: CString?
    let line: UInt32
    let column: UInt32
    let offset: Int64

    init(_ e: ClassifyError) {
        status = e.code.status
        message = CString(e.description)
        pack = e.pack.map(CString.init)
        pointer = e.jsonPointer.map(CString.init)
        detector = e.detector.map(CString.init)
        line = UInt32(clamping: e.line)
        column = UInt32(clamping: e.column)
        offset = Int64(e.patternOffset ?? -1)
    }

    /// Stores a new error in `*out` (when the caller asked for one) and returns its status.
    static func report(_ e: ClassifyError, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
        if let out { out.pointee = Handle.retain(ErrorBox(e)) }
        return e.code.status
    }
}

private func box(_ err: OpaquePointer?) -> ErrorBox? {
    err.map { Handle.borrow($0, as: ErrorBox.self) }
}

@c @implementation
public func classify_error_status(_ err: OpaquePointer?) -> Int32 {
    box(err)?.status ?? CLASSIFY_E_INVALID
}

private let emptyString: StaticString = ""

@c @implementation
public func classify_error_message(_ err: OpaquePointer?) -> UnsafePointer<CChar>? {
    guard let b = box(err) else {
        return UnsafeRawPointer(emptyString.utf8Start).assumingMemoryBound(to: CChar.self)
    }
    return b.message.const
}

@c @implementation
public func classify_error_pack(_ err: OpaquePointer?) -> UnsafePointer<CChar>? { box(err)?.pack?.const }

@c @implementation
public func classify_error_json_pointer(_ err: OpaquePointer?) -> UnsafePointer<CChar>? { box(err)?.pointer?.const }

@c @implementation
public func classify_error_detector(_ err: OpaquePointer?) -> UnsafePointer<CChar>? { box(err)?.detector?.const }

@c @implementation
public func classify_error_line(_ err: OpaquePointer?) -> UInt32 { box(err)?.line ?? 0 }

@c @implementation
public func classify_error_column(_ err: OpaquePointer?) -> UInt32 { box(err)?.column ?? 0 }

@c @implementation
public func classify_error_offset(_ err: OpaquePointer?) -> Int64 { box(err)?.offset ?? -1 }

@c @implementation
public func classify_error_free(_ err: OpaquePointer?) {
    if let err { Handle.release(err, as: ErrorBox.self) }
}
