// SPDX-License-Identifier: Apache-2.0

import CClassify

private let versionString: StaticString = "1.0.0"

@c @implementation
public func classify_version_number() -> Int32 { Int32(ClassifyVersion.number) }

@c @implementation
public func classify_version_string() -> UnsafePointer<CChar>? {
    UnsafeRawPointer(versionString.utf8Start).assumingMemoryBound(to: CChar.self)
}

private let statusStrings: [Int32: StaticString] = [
    0: "ok", 1: "done", 2: "incomplete",
    -1: "invalid argument", -2: "out of memory", -3: "input/output error", -4: "invalid pack",
    -5: "invalid pattern", -6: "unsupported version", -7: "limit exceeded", -8: "scanner busy",
    -9: "signature required or invalid", -10: "downgrade refused",
    -100: "internal error",
]
private let unknownStatus: StaticString = "unknown status"

@c @implementation
public func classify_status_string(_ status: Int32) -> UnsafePointer<CChar>? {
    let s = statusStrings[status] ?? unknownStatus
    return UnsafeRawPointer(s.utf8Start).assumingMemoryBound(to: CChar.self)
}
