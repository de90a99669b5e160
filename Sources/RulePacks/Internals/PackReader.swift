// SPDX-License-Identifier: Apache-2.0
// Typed access to one JSON object of a pack, with errors that carry the JSON pointer.
// Each object is read field by field; finish() rejects the keys nobody asked for, so a
// typo is an error (keys starting with "x-" are free for annotations).

struct PackReader {
    let members: [(key: String, value: JSONValue)]
    let pointer: String
    let fail: (String, String) -> ClassifyError  // (reason, pointer)
    private var used: Set<String> = []

    init(_ value: JSONValue, at pointer: String, what: String, fail: @escaping (String, String) -> ClassifyError)
        throws(ClassifyError)
    {
        guard case .object(let members) = value else {
            throw fail("\(what) must be a JSON object, not \(value.kindName)", pointer)
        }
        self.members = members
        self.pointer = pointer
        self.fail = fail
    }

    static func escape(_ key: String) -> String {
        key.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    func child(_ key: String) -> String { pointer + "/" + PackReader.escape(key) }

    mutating func value(_ key: String) -> JSONValue? {
        used.insert(key)
        return members.last(where: { $0.key == key })?.value
    }

    mutating func string(_ key: String, required: Bool = false, maxBytes: Int = Limits.stringBytes)
        throws(ClassifyError) -> String?
    {
        guard let v = value(key) else {
            if required { throw fail("missing required field \"\(key)\"", pointer) }
            return nil
        }
        guard case .string(let s) = v else { throw fail("\"\(key)\" must be a string, not \(v.kindName)", child(key)) }
        guard s.utf8.count <= maxBytes else {
            throw fail("\"\(key)\" is longer than \(maxBytes) bytes", child(key))
        }
        return s
    }

    mutating func bool(_ key: String) throws(ClassifyError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw fail("\"\(key)\" must be true or false, not \(v.kindName)", child(key)) }
        return b
    }

    mutating func number(_ key: String, in range: ClosedRange<Double>) throws(ClassifyError) -> Double? {
        guard let v = value(key) else { return nil }
        let d: Double
        switch v {
        case .int(let i): d = Double(i)
        case .double(let x): d = x
        default: throw fail("\"\(key)\" must be a number, not \(v.kindName)", child(key))
        }
        guard d.isFinite, range.contains(d) else {
            throw fail("\"\(key)\" must be between \(range.lowerBound) and \(range.upperBound)", child(key))
        }
        return d
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>, limitName: String? = nil) throws(ClassifyError)
        -> Int?
    {
        guard let v = value(key) else { return nil }
        guard case .int(let i) = v else { throw fail("\"\(key)\" must be an integer, not \(v.kindName)", child(key)) }
        guard range.contains(Int(clamping: i)) && i >= Int64(range.lowerBound) && i <= Int64(range.upperBound) else {
            let suffix = limitName.map { " (\($0))" } ?? ""
            var e = fail("\"\(key)\" must be between \(range.lowerBound) and \(range.upperBound)\(suffix)", child(key))
            // Above a named limit's maximum: CLASSIFY_E_LIMIT, like every other limit.
            if limitName != nil, i > Int64(range.upperBound) { e.code = .limit }
            throw e
        }
        return Int(i)
    }

    /// An array of JSON values, at most `max` long.
    mutating func array(_ key: String, required: Bool = false, max: Int, limitName: String) throws(ClassifyError)
        -> [JSONValue]?
    {
        guard let v = value(key) else {
            if required { throw fail("missing required field \"\(key)\"", pointer) }
            return nil
        }
        guard case .array(let items) = v else { throw fail("\"\(key)\" must be an array, not \(v.kindName)", child(key)) }
        guard items.count <= max else {
            throw limitError(key, items.count, max, limitName)
        }
        return items
    }

    private func limitError(_ key: String, _ n: Int, _ max: Int, _ name: String) -> ClassifyError {
        var e = fail("\"\(key)\" has \(n) items; the limit is \(max) (\(name))", child(key))
        e.code = .limit
        return e
    }

    /// An array of strings, each non-empty and at most `maxBytes` long.
    mutating func strings(
        _ key: String, required: Bool = false, max: Int, limitName: String, maxBytes: Int = Limits.stringBytes
    ) throws(ClassifyError) -> [String]? {
        guard let items = try array(key, required: required, max: max, limitName: limitName) else { return nil }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let p = child(key) + "/\(i)"
            guard case .string(let s) = item else { throw fail("must be a string, not \(item.kindName)", p) }
            guard !s.isEmpty else { throw fail("must not be empty", p) }
            guard s.utf8.count <= maxBytes else { throw fail("is longer than \(maxBytes) bytes", p) }
            out.append(s)
        }
        return out
    }

    /// Rejects keys that were not read (except "x-" annotations).
    func finish() throws(ClassifyError) {
        for m in members where !used.contains(m.key) && !m.key.hasPrefix("x-") {
            let known = used.sorted().joined(separator: ", ")
            throw fail("unknown field \"\(m.key)\" (known fields: \(known); prefix your own with \"x-\")", child(m.key))
        }
    }
}

extension JSONValue {
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
