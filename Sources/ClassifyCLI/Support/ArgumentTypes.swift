// SPDX-License-Identifier: Apache-2.0
// Values of command-line options that need parsing: formats, sizes, durations.

import ArgumentParser

/// `--format`.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    case table, json, ndjson, sarif, csv

    /// The format a file name's extension suggests (`report.sarif` -> sarif), if any.
    static func inferred(fromPath path: String) -> OutputFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".sarif") || lower.hasSuffix(".sarif.json") { return .sarif }
        if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return .ndjson }
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".txt") { return .table }
        return nil
    }
}

/// A size in bytes written as `1048576`, `512K`, `10M`, `1.5G`, `10MiB`, `10mb` (binary units:
/// K = 1024).
struct ByteSize: ExpressibleByArgument, Sendable, Equatable {
    var bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        var s = Substring(argument.trimmingSpaces().lowercased())
        var multiplier = 1.0
        for (suffixes, m) in [
            (["kib", "kb", "k"], 1024.0), (["mib", "mb", "m"], 1_048_576.0),
            (["gib", "gb", "g"], 1_073_741_824.0), (["tib", "tb", "t"], 1_099_511_627_776.0), (["b"], 1.0),
        ] {
            if let suffix = suffixes.first(where: { s.hasSuffix($0) }) {
                s = s.dropLast(suffix.count)
                multiplier = m
                break
            }
        }
        let number = String(s).trimmingSpaces()
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let v = Double(number), v.isFinite, v >= 0
        else { return nil }
        let total = (v * multiplier).rounded(.down)
        guard total <= Double(Int.max / 2) else { return nil }
        bytes = Int(total)
    }

    var defaultValueDescription: String {
        for (unit, size) in [("G", 1_073_741_824), ("M", 1_048_576), ("K", 1024)]
        where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(unit)"
        }
        return String(bytes)
    }
}

/// A duration written as `500ms`, `30s`, `2m` or a number of seconds.
struct DurationArgument: ExpressibleByArgument, Sendable {
    var nanoseconds: UInt64

    init?(argument: String) {
        var s = Substring(argument.trimmingSpaces().lowercased())
        var scale = 1e9
        for (suffix, m) in [("ms", 1e6), ("us", 1e3), ("s", 1e9), ("min", 60e9), ("m", 60e9), ("h", 3600e9)] {
            if s.hasSuffix(suffix) {
                s = s.dropLast(suffix.count)
                scale = m
                break
            }
        }
        let number = String(s).trimmingSpaces()
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let v = Double(number), v.isFinite, v > 0, v * scale < 1e18
        else { return nil }
        nanoseconds = max(1, UInt64(v * scale))
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
