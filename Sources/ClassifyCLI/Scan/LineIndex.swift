// SPDX-License-Identifier: Apache-2.0
// Line and column of byte offsets, for findings that come sorted by offset. Lines end at
// LF ("\n"; a CR before it belongs to the line). Columns are 1-based: `column` counts bytes,
// `columnChars` counts Unicode code points (each byte that does not continue a UTF-8
// sequence; an invalid byte counts as one).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

struct TextPosition: Sendable, Equatable {
    var line: Int
    var column: Int
    var columnChars: Int
}

/// Walks forward through a buffer; positions asked for in increasing order cost O(n) in
/// all (a position before the last one restarts from the beginning).
struct LineCursor {
    let data: UnsafeBufferPointer<UInt8>
    private var offset = 0
    private var line = 1
    private var lineStart = 0
    /// Code points counted from lineStart up to `charsOffset`.
    private var charsOffset = 0
    private var chars = 0

    init(_ data: UnsafeBufferPointer<UInt8>) { self.data = data }

    /// The start of the line `position` lies on (after `position(of:)`).
    var currentLineStart: Int { lineStart }
    var currentLine: Int { line }

    mutating func position(of target: Int) -> TextPosition {
        let p = min(max(target, 0), data.count)
        if p < offset {
            offset = 0
            line = 1
            lineStart = 0
            charsOffset = 0
            chars = 0
        }
        if let base = data.baseAddress {
            var i = offset
            while i < p {
                guard let hit = memchr(base + i, 0x0A, p - i) else { break }
                let at = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
                line += 1
                lineStart = at + 1
                i = at + 1
            }
        }
        offset = p
        if charsOffset < lineStart || charsOffset > p {
            charsOffset = lineStart
            chars = 0
        }
        var i = charsOffset
        while i < p {
            if data[i] & 0xC0 != 0x80 { chars += 1 }
            i += 1
        }
        charsOffset = p
        return TextPosition(line: line, column: p - lineStart + 1, columnChars: chars + 1)
    }

    /// The bytes of the line containing the last position asked for, without its LF and
    /// without surrounding spaces, tabs and CR.
    func currentLineContent() -> UnsafeBufferPointer<UInt8> {
        guard let base = data.baseAddress else { return data }
        var end = data.count
        if lineStart < data.count, let hit = memchr(base + lineStart, 0x0A, data.count - lineStart) {
            end = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
        }
        var start = lineStart
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }
        while start < end, isSpace(data[start]) { start += 1 }
        while end > start, isSpace(data[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: data[start..<end])
    }
}
