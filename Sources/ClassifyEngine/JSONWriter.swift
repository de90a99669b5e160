// SPDX-License-Identifier: Apache-2.0

/// A small streaming JSON writer (no Foundation): objects, arrays, escaped strings,
/// numbers that round-trip. Commas are handled by the writer.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    public init() {}

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    public mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); bytes.append(UInt8(ascii: "}")) }
    public mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); bytes.append(UInt8(ascii: "]")) }

    /// Writes a key; the next value call writes its value.
    public mutating func key(_ k: String) {
        separate()
        writeEscaped(k)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    public mutating func value(_ s: String) { separate(); writeEscaped(s) }
    public mutating func value(_ s: String?) { if let s { value(s) } else { null() } }
    public mutating func value(_ b: Bool) { separate(); bytes.append(contentsOf: (b ? "true" : "false").utf8) }
    public mutating func value(_ i: Int) { separate(); bytes.append(contentsOf: String(i).utf8) }
    public mutating func value(_ i: Int64) { separate(); bytes.append(contentsOf: String(i).utf8) }
    public mutating func value(_ i: UInt64) { separate(); bytes.append(contentsOf: String(i).utf8) }
    public mutating func value(_ d: Double) {
        separate()
        if d.isFinite {
            // Round to 6 decimals: confidences and rates, not measurements of record.
            let r = (d * 1_000_000).rounded() / 1_000_000
            var s = String(r)
            if s.hasSuffix(".0") { s.removeLast(2) }
            bytes.append(contentsOf: s.utf8)
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }
    public mutating func null() { separate(); bytes.append(contentsOf: "null".utf8) }
    public mutating func value(_ list: [String]) { beginArray(); for s in list { value(s) }; endArray() }

    /// Key and value in one call.
    public mutating func field(_ k: String, _ v: String) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: String?) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: Bool) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: Int) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: Double) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: [String]) { key(k); value(v) }

    private mutating func writeEscaped(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20, 0x7F:
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]])
            default: bytes.append(c)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
