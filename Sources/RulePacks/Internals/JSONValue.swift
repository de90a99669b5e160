// SPDX-License-Identifier: Apache-2.0
// The only file that touches json-c. The document is parsed strictly and with a depth
// limit, converted into a Swift value tree, and the json-c objects are released before
// parse() returns, so no json-c pointer outlives this file.

import CJSONC

/// A parsed JSON value. Objects keep their keys in document order.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// Why a text is not JSON, and the byte offset where the parser stopped.
    struct SyntaxError: Error {
        var reason: String
        var offset: Int
    }

    /// Parses `bytes` as one strict JSON document (no comments, no trailing content).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) throws(SyntaxError) -> JSONValue {
        guard bytes.count > 0, let base = bytes.baseAddress else {
            throw SyntaxError(reason: "empty document", offset: 0)
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw SyntaxError(reason: "NUL byte in the document", offset: nul)
        }
        guard let tok = json_tokener_new_ex(Int32(maxDepth)) else {
            throw SyntaxError(reason: "out of memory", offset: 0)
        }
        defer { json_tokener_free(tok) }
        json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8)
        let root = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            json_tokener_parse_ex(tok, $0, Int32(bytes.count))
        }
        let err = json_tokener_get_error(tok)
        let end = Int(json_tokener_get_parse_end(tok))
        guard let root, err == json_tokener_success else {
            if let root { json_object_put(root) }
            let reason: String
            if err == json_tokener_continue {
                reason = "truncated document (unexpected end of input)"
            } else if err == json_tokener_error_depth {
                reason = "nesting deeper than \(maxDepth) levels (CLASSIFY_LIMIT_JSON_DEPTH)"
            } else if let desc = json_tokener_error_desc(err) {
                reason = String(cString: desc)
            } else {
                reason = "invalid JSON"
            }
            throw SyntaxError(reason: reason, offset: min(end, bytes.count))
        }
        defer { json_object_put(root) }
        var i = end
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
            i += 1
        }
        if i < bytes.count {
            throw SyntaxError(reason: "unexpected content after the document", offset: i)
        }
        return convert(root)
    }

    /// Copies a json-c tree. Every accessor is guarded by a type check: Debian's json-c
    /// asserts (aborts) on a type mismatch.
    private static func convert(_ obj: OpaquePointer?) -> JSONValue {
        guard let obj else { return .null }
        let type = json_object_get_type(obj)
        if type == json_type_boolean {
            return .bool(json_object_get_boolean(obj) != 0)
        } else if type == json_type_int {
            return .int(json_object_get_int64(obj))
        } else if type == json_type_double {
            return .double(json_object_get_double(obj))
        } else if type == json_type_string {
            let len = Int(json_object_get_string_len(obj))
            guard let p = json_object_get_string(obj) else { return .string("") }
            let buf = UnsafeRawBufferPointer(start: p, count: len)
            return .string(String(decoding: buf, as: UTF8.self))
        } else if type == json_type_array {
            let n = json_object_array_length(obj)
            var items: [JSONValue] = []
            items.reserveCapacity(n)
            for i in 0..<n { items.append(convert(json_object_array_get_idx(obj, i))) }
            return .array(items)
        } else if type == json_type_object {
            var members: [(key: String, value: JSONValue)] = []
            var it = json_object_iter_begin(obj)
            var end = json_object_iter_end(obj)
            while json_object_iter_equal(&it, &end) == 0 {
                let name = json_object_iter_peek_name(&it).map { String(cString: $0) } ?? ""
                members.append((name, convert(json_object_iter_peek_value(&it))))
                json_object_iter_next(&it)
            }
            return .object(members)
        }
        return .null
    }
}
