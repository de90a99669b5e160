// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the exported functions: handle boxes, C string storage, and reading
// and writing the versioned structs of classify.h. Nothing here may trap on caller input.

import CClassify
import RulePacks

#if canImport(Glibc)
import Glibc
#endif

/// A NUL-terminated copy of a Swift string, owned by whoever holds it.
final class CString: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<CChar>

    init(_ s: String) {
        let utf8 = Array(s.utf8)
        pointer = .allocate(capacity: utf8.count + 1)
        utf8.withUnsafeBufferPointer { src in
            for i in 0..<src.count { pointer[i] = CChar(bitPattern: src[i]) }
        }
        pointer[utf8.count] = 0
    }

    deinit { pointer.deallocate() }

    var const: UnsafePointer<CChar> { UnsafePointer(pointer) }
}

/// Converts between Swift objects and the opaque pointers of classify.h.
enum Handle {
    static func retain<T: AnyObject>(_ obj: T) -> OpaquePointer {
        OpaquePointer(Unmanaged.passRetained(obj).toOpaque())
    }

    static func borrow<T: AnyObject>(_ p: OpaquePointer, as: T.Type) -> T {
        Unmanaged<T>.fromOpaque(UnsafeRawPointer(p)).takeUnretainedValue()
    }

    static func release<T: AnyObject>(_ p: OpaquePointer, as: T.Type) {
        Unmanaged<T>.fromOpaque(UnsafeRawPointer(p)).release()
    }
}

/// Reading caller-filled option structs and filling caller-owned output structs, by the
/// size the caller declares in its first field (classify.h, "Versioned structs").
enum VersionedStruct {
    /// The largest struct_size accepted, so a garbage size never makes us read far.
    static let maximumSize = 4096

    /// The caller's declared size, read from the first field.
    static func callerSize(_ p: UnsafeRawPointer) -> Int { p.load(as: Int.self) }

    /// Copies a caller's input struct into a zeroed `T`. Fails with `.version` when its size
    /// is below `minimum` or when bytes past our own struct are not zero.
    static func read<T>(_ p: UnsafeRawPointer?, minimum: Int, defaults: T) -> Result<T, ClassifyError.Code> {
        guard let p else { return .success(defaults) }
        let size = callerSize(p)
        guard size >= minimum, size <= maximumSize else { return .failure(.version) }
        let own = MemoryLayout<T>.size
        if size > own {
            for i in own..<size where p.load(fromByteOffset: i, as: UInt8.self) != 0 { return .failure(.version) }
        }
        var value = defaults
        withUnsafeMutableBytes(of: &value) { dst in
            dst.copyMemory(from: UnsafeRawBufferPointer(start: p, count: min(size, own)))
        }
        return .success(value)
    }

    /// Writes `value` into a caller's output struct, at most the caller's declared size,
    /// keeping the caller's struct_size. Fails with `.version` when the size is too small.
    static func write<T>(_ value: T, to p: UnsafeMutableRawPointer, minimum: Int) -> Int32 {
        let size = callerSize(UnsafeRawPointer(p))
        guard size >= minimum, size <= maximumSize else { return CLASSIFY_E_VERSION }
        var v = value
        withUnsafeBytes(of: &v) { src in
            let n = min(size, src.count)
            // Skip the first field: it stays the caller's struct_size.
            let skip = MemoryLayout<Int>.size
            if n > skip {
                UnsafeMutableRawBufferPointer(start: p + skip, count: n - skip)
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: src[skip..<n]))
            }
        }
        return CLASSIFY_OK
    }
}

extension ClassifyError.Code: Error {
    var status: Int32 { rawValue }
}
