// SPDX-License-Identifier: Apache-2.0
// json-c does not record where values are in the text, so error locations are found after
// the fact: walk the raw text along a JSON pointer and report the line and column of the
// value it names. Only error paths call this; the text is known to be valid JSON then.

/// Finds the line and column of the value a JSON pointer names.
struct JSONLocator: Sendable {
    let text: [UInt8]

    /// The 1-based (line, byte column) of `offset` in the text.
    func lineColumn(ofOffset offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        let end = min(max(offset, 0), text.count)
        var i = 0
        while i < end {
            if text[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        return (line, end - lineStart + 1)
    }

    /// The (line, column) of the value at `pointer`, or of the deepest ancestor that exists.
    func locate(_ pointer: String) -> (line: Int, column: Int) {
        lineColumn(ofOffset: offset(of: pointer))
    }

    /// The byte offset of the value at `pointer` (or of its deepest existing ancestor).
    func offset(of pointer: String) -> Int {
        var tokens = pointer.split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).replacing("~1", with: "/").replacing("~0", with: "~")
        }
        if tokens.first == "" { tokens.removeFirst() }
        var pos = skipSpace(0)
        for token in tokens {
            guard pos < text.count else { return pos }
            if text[pos] == UInt8(ascii: "{") {
                guard let next = findMember(token, inObjectAt: pos) else { return pos }
                pos = next
            } else if text[pos] == UInt8(ascii: "[") {
                guard let index = Int(token), let next = findElement(index, inArrayAt: pos) else { return pos }
                pos = next
            } else {
                return pos
            }
        }
        return pos
    }

    private func skipSpace(_ start: Int) -> Int {
        var i = start
        while i < text.count, text[i] == 0x20 || text[i] == 0x0A || text[i] == 0x0D || text[i] == 0x09 { i += 1 }
        return i
    }

    /// Reads a string starting at the opening quote; returns its decoded text and the index after it.
    private func readString(_ start: Int) -> (String, Int) {
        var bytes: [UInt8] = []
        var i = start + 1
        while i < text.count, text[i] != UInt8(ascii: "\"") {
            if text[i] == UInt8(ascii: "\\"), i + 1 < text.count {
                let e = text[i + 1]
                switch e {
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "u"):
                    // Rare in keys; keep the escape text so that the comparison simply fails.
                    bytes.append(contentsOf: [0x5C, e])
                default: bytes.append(e)
                }
                i += 2
            } else {
                bytes.append(text[i])
                i += 1
            }
        }
        return (String(decoding: bytes, as: UTF8.self), min(i + 1, text.count))
    }

    /// Skips one value starting at `start` (after whitespace); returns the index after it.
    private func skipValue(_ start: Int) -> Int {
        var i = skipSpace(start)
        guard i < text.count else { return i }
        switch text[i] {
        case UInt8(ascii: "\""):
            return readString(i).1
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < text.count {
                let c = text[i]
                if c == UInt8(ascii: "\"") { i = readString(i).1; continue }
                if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { depth += 1 }
                if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { return i + 1 }
                }
                i += 1
            }
            return i
        default:
            while i < text.count, !",}] \n\r\t".utf8.contains(text[i]) { i += 1 }
            return i
        }
    }

    private func findMember(_ key: String, inObjectAt start: Int) -> Int? {
        var i = skipSpace(start + 1)
        while i < text.count, text[i] == UInt8(ascii: "\"") {
            let (name, afterKey) = readString(i)
            var j = skipSpace(afterKey)
            guard j < text.count, text[j] == UInt8(ascii: ":") else { return nil }
            j = skipSpace(j + 1)
            if name == key { return j }
            i = skipSpace(skipValue(j))
            guard i < text.count, text[i] == UInt8(ascii: ",") else { return nil }
            i = skipSpace(i + 1)
        }
        return nil
    }

    private func findElement(_ index: Int, inArrayAt start: Int) -> Int? {
        var i = skipSpace(start + 1)
        var n = 0
        while i < text.count, text[i] != UInt8(ascii: "]") {
            if n == index { return i }
            i = skipSpace(skipValue(i))
            guard i < text.count, text[i] == UInt8(ascii: ",") else { return nil }
            i = skipSpace(i + 1)
            n += 1
        }
        return nil
    }
}
