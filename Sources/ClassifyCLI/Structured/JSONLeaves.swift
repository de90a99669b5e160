// SPDX-License-Identifier: Apache-2.0
// JSON read in place: every string and number value ("leaf") with its path
// (`customer.ssn`, `items[2].card`), where its token is in the text, and its decoded value,
// so that an offset into the value maps back to the text and the token can be rewritten.
// The text is validated as it is read; invalid JSON gives a located error instead.

/// A string or number value of a JSON document.
struct JSONLeaf {
    /// The record it belongs to: the index of the element of a top-level array, else 0.
    var record: Int
    /// Its path inside the record: keys joined with ".", array indices as "[i]".
    var path: String
    /// Where its token is in the text (quotes included for a string).
    var raw: Range<Int>
    var isString: Bool
    /// The decoded value (a string's characters as UTF-8; a number's text).
    var value: [UInt8]
    /// For a string with escapes: the text offset of each value byte (the escape it came
    /// from), plus one entry for the end. Nil when value offset i is at raw + 1 + i.
    var map: [Int]?

    /// The text offset of value offset `i` (0...value.count).
    func textOffset(_ i: Int) -> Int {
        if let map { return map[min(max(i, 0), map.count - 1)] }
        return raw.lowerBound + (isString ? 1 : 0) + i
    }
}

struct JSONSyntaxError: Error {
    var offset: Int
    var reason: String
}

/// Reads the leaves of one JSON document (or of each line of an NDJSON file).
struct JSONLeafReader {
    private let s: UnsafeBufferPointer<UInt8>
    private var i: Int
    private let end: Int
    /// Nesting bound, as for packs.
    static let maxDepth = 512

    private init(_ s: UnsafeBufferPointer<UInt8>, from: Int, to: Int) {
        self.s = s
        i = from
        end = to
    }

    /// The leaves of the document in `s[range]`. A top-level array's elements are records
    /// (numbered from `firstRecord`); anything else is one record. Returns the number of
    /// records read.
    static func read(
        _ s: UnsafeBufferPointer<UInt8>, range: Range<Int>, firstRecord: Int = 0, _ leaf: (JSONLeaf) -> Void
    ) throws(JSONSyntaxError) -> Int {
        var r = JSONLeafReader(s, from: range.lowerBound, to: range.upperBound)
        r.skipSpace()
        guard r.i < r.end else { throw JSONSyntaxError(offset: r.i, reason: "empty document") }
        var records = 1
        if r.s[r.i] == UInt8(ascii: "[") {
            r.i += 1
            r.skipSpace()
            var index = 0
            if r.peek() == UInt8(ascii: "]") {
                r.i += 1
                records = 0
            } else {
                while true {
                    try r.value(record: firstRecord + index, path: "", depth: 1, leaf)
                    index += 1
                    r.skipSpace()
                    guard let c = r.peek() else { throw JSONSyntaxError(offset: r.i, reason: "unterminated array") }
                    r.i += 1
                    if c == UInt8(ascii: "]") { break }
                    guard c == UInt8(ascii: ",") else { throw JSONSyntaxError(offset: r.i - 1, reason: "expected , or ]") }
                }
                records = index
            }
        } else {
            try r.value(record: firstRecord, path: "", depth: 0, leaf)
        }
        r.skipSpace()
        guard r.i == r.end else { throw JSONSyntaxError(offset: r.i, reason: "text after the document") }
        return records
    }

    private func peek() -> UInt8? { i < end ? s[i] : nil }

    private mutating func skipSpace() {
        while i < end, s[i] == 0x20 || s[i] == 0x0A || s[i] == 0x0D || s[i] == 0x09 { i += 1 }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    private mutating func value(record: Int, path: String, depth: Int, _ leaf: (JSONLeaf) -> Void)
        throws(JSONSyntaxError)
    {
        guard depth <= JSONLeafReader.maxDepth else { throw JSONSyntaxError(offset: i, reason: "nested too deeply") }
        skipSpace()
        guard let c = peek() else { throw JSONSyntaxError(offset: i, reason: "a value is missing") }
        switch c {
        case UInt8(ascii: "{"):
            i += 1
            skipSpace()
            if peek() == UInt8(ascii: "}") {
                i += 1
                return
            }
            while true {
                skipSpace()
                guard peek() == UInt8(ascii: "\"") else { throw JSONSyntaxError(offset: i, reason: "expected a key") }
                let key = try string()
                skipSpace()
                guard peek() == UInt8(ascii: ":") else { throw JSONSyntaxError(offset: i, reason: "expected :") }
                i += 1
                try value(
                    record: record, path: JSONLeafReader.join(path, String(decoding: key.value, as: UTF8.self)),
                    depth: depth + 1, leaf)
                skipSpace()
                guard let d = peek() else { throw JSONSyntaxError(offset: i, reason: "unterminated object") }
                i += 1
                if d == UInt8(ascii: "}") { return }
                guard d == UInt8(ascii: ",") else { throw JSONSyntaxError(offset: i - 1, reason: "expected , or }") }
            }
        case UInt8(ascii: "["):
            i += 1
            skipSpace()
            if peek() == UInt8(ascii: "]") {
                i += 1
                return
            }
            var index = 0
            while true {
                try value(record: record, path: path + "[\(index)]", depth: depth + 1, leaf)
                index += 1
                skipSpace()
                guard let d = peek() else { throw JSONSyntaxError(offset: i, reason: "unterminated array") }
                i += 1
                if d == UInt8(ascii: "]") { return }
                guard d == UInt8(ascii: ",") else { throw JSONSyntaxError(offset: i - 1, reason: "expected , or ]") }
            }
        case UInt8(ascii: "\""):
            let start = i
            let (value, map) = try string()
            leaf(JSONLeaf(record: record, path: path, raw: start..<i, isString: true, value: value, map: map))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = i
            try number()
            leaf(JSONLeaf(record: record, path: path, raw: start..<i, isString: false, value: Array(s[start..<i])))
        default:
            for word in ["true", "false", "null"] where matches(word) {
                i += word.utf8.count
                return
            }
            throw JSONSyntaxError(offset: i, reason: "unexpected character")
        }
    }

    private func matches(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard i + w.count <= end else { return false }
        for k in 0..<w.count where s[i + k] != w[k] { return false }
        return true
    }

    private mutating func number() throws(JSONSyntaxError) {
        let start = i
        if peek() == UInt8(ascii: "-") { i += 1 }
        func digits() -> Int {
            let from = i
            while i < end, s[i] >= 0x30, s[i] <= 0x39 { i += 1 }
            return i - from
        }
        guard digits() > 0 else { throw JSONSyntaxError(offset: start, reason: "bad number") }
        if peek() == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw JSONSyntaxError(offset: start, reason: "bad number") }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            i += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw JSONSyntaxError(offset: start, reason: "bad number") }
        }
    }

    /// Reads a string token at `i` (its opening quote). Returns the decoded value and, when
    /// it had escapes, the text offset of each value byte.
    private mutating func string() throws(JSONSyntaxError) -> (value: [UInt8], map: [Int]?) {
        let start = i
        i += 1
        var value: [UInt8] = []
        var map: [Int]?
        while true {
            guard i < end else { throw JSONSyntaxError(offset: start, reason: "unterminated string") }
            let c = s[i]
            if c == UInt8(ascii: "\"") {
                map?.append(i)
                i += 1
                return (value, map)
            }
            if c < 0x20 { throw JSONSyntaxError(offset: i, reason: "control character in a string") }
            if c != UInt8(ascii: "\\") {
                map?.append(i)
                value.append(c)
                i += 1
                continue
            }
            if map == nil { map = (0..<value.count).map { start + 1 + $0 } }
            let escape = i
            guard i + 1 < end else { throw JSONSyntaxError(offset: i, reason: "unterminated escape") }
            let e = s[i + 1]
            i += 2
            var decoded: [UInt8]
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded = [e]
            case UInt8(ascii: "b"): decoded = [0x08]
            case UInt8(ascii: "f"): decoded = [0x0C]
            case UInt8(ascii: "n"): decoded = [0x0A]
            case UInt8(ascii: "r"): decoded = [0x0D]
            case UInt8(ascii: "t"): decoded = [0x09]
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800, scalar < 0xDC00, i + 1 < end, s[i] == UInt8(ascii: "\\"), s[i + 1] == UInt8(ascii: "u") {
                    let save = i
                    i += 2
                    let low = try hex4()
                    if low >= 0xDC00, low < 0xE000 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        i = save
                    }
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                decoded = Array(String(Character(u)).utf8)
            default:
                throw JSONSyntaxError(offset: escape, reason: "bad escape")
            }
            for b in decoded {
                map?.append(escape)
                value.append(b)
            }
        }
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= end else { throw JSONSyntaxError(offset: i, reason: "bad \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = s[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw JSONSyntaxError(offset: i, reason: "bad \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    /// A value written as a JSON string token (for a redacted value).
    static func writeString(_ value: [UInt8], to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for c in value {
            switch c {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20, 0x7F:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]])
            default: out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
