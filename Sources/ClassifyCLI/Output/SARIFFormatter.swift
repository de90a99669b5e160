// SPDX-License-Identifier: Apache-2.0
// `--format sarif`: SARIF 2.1.0 (OASIS), one run, as GitHub code scanning reads it. One rule
// per detector that fired; results carry a stable ruleId, a relative URI under %SRCROOT%,
// a region in lines and code-point columns plus byte offset and length, and a partial
// fingerprint made of hashes (never the value). Messages name the type and level only.

import ClassifyEngine
import RulePacks

struct SARIFFormatter: ReportFormatter {
    static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    /// The project's home page, for `tool.driver.informationUri`; none is published yet,
    /// and SARIF makes it optional, so it is left out rather than invented.
    static let informationURI: String? = nil
    static let baseID = "%SRCROOT%"
    static let fingerprintKey = "classify/v1"

    /// Reports are kept until the end: rule indexes are known only once every file is in.
    private var reports: [FileReport] = []

    mutating func begin(_ context: RunContext, to out: OutputSink) throws(OutputFailure) {}

    mutating func file(_ r: FileReport, _ context: RunContext, to out: OutputSink) throws(OutputFailure) {
        if !r.findings.isEmpty { reports.append(r) }
    }

    mutating func finish(_ s: RunSummary, _ context: RunContext, to out: OutputSink) throws(OutputFailure) {
        let ruleset = context.ruleset
        let pack = ruleset.pack
        let levels = pack.levels
        // Rules: the detectors that fired, in pack order.
        var fired = Set<Int>()
        for r in reports { for lf in r.findings { fired.insert(lf.finding.detectorIndex) } }
        let ruleDetectors = fired.sorted()
        var ruleIndex: [Int: Int] = [:]
        for (i, d) in ruleDetectors.enumerated() { ruleIndex[d] = i }

        var w = JSONWriter()
        w.beginObject()
        w.field("$schema", SARIFFormatter.schemaURI)
        w.field("version", "2.1.0")
        w.key("runs")
        w.beginArray()
        w.beginObject()

        w.key("tool")
        w.beginObject()
        w.key("driver")
        w.beginObject()
        w.field("name", "classify")
        w.field("version", ClassifyVersion.string)
        w.field("semanticVersion", ClassifyVersion.string)
        if let uri = SARIFFormatter.informationURI { w.field("informationUri", uri) }
        w.key("rules")
        w.beginArray()
        for di in ruleDetectors {
            let d = pack.detectors[di]
            w.beginObject()
            w.field("id", d.id)
            w.field("name", SARIFFormatter.ruleName(d.id))
            w.key("shortDescription")
            w.beginObject()
            w.field("text", d.description.isEmpty ? "\(d.type) (\(d.category.rawValue))" : d.description)
            w.endObject()
            w.key("fullDescription")
            w.beginObject()
            w.field("text", SARIFFormatter.fullDescription(d, levels: levels))
            w.endObject()
            w.key("defaultConfiguration")
            w.beginObject()
            w.field("level", SARIFFormatter.level(rank: d.levelRank, count: levels.count))
            w.endObject()
            w.key("properties")
            w.beginObject()
            w.field("type", d.type)
            w.field("category", d.category.rawValue)
            w.field("level", levels[d.levelRank])
            w.field("frameworks", d.frameworks)
            if !d.countries.isEmpty { w.field("countries", d.countries) }
            if let v = d.validator { w.field("validator", v) }
            w.field("tags", ["sensitive-data", d.category.rawValue, d.type])
            w.field("security-severity", SARIFFormatter.severity(rank: d.levelRank, count: levels.count))
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.endObject()

        w.key("invocations")
        w.beginArray()
        w.beginObject()
        w.field(
            "executionSuccessful", s.errors.isEmpty && s.exitStatus != ExitStatus.error && s.interruption == nil)
        w.field("exitCode", Int(s.exitStatus))
        if let sig = s.interruption {
            w.field("exitCodeDescription", "interrupted by \(Interrupts.name(of: sig)): the results are partial")
            w.field("exitSignalName", Interrupts.name(of: sig))
            w.field("exitSignalNumber", Int(sig))
        }
        w.key("toolExecutionNotifications")
        w.beginArray()
        if let sig = s.interruption {
            notification(
                &w, level: "error", path: nil,
                text: "interrupted by \(Interrupts.name(of: sig)): \(Text.count(s.filesScanned, "file")) scanned, "
                    + "\(Text.grouped(s.notScanned)) not scanned; the results are partial")
        }
        for e in s.errors { notification(&w, level: "error", path: e.path, text: e.message) }
        let skippedIncomplete = Set(s.skipped.filter(\.incomplete).map(\.path.bytes))
        for p in s.incompleteFiles where !skippedIncomplete.contains(p.bytes) {
            let why = s.incompleteDetails[p.bytes].map { ": " + $0 } ?? ""
            notification(&w, level: "warning", path: p, text: "scan incomplete" + why)
        }
        for e in s.skipped {
            // A named path left out by a limit makes the run incomplete: a warning.
            notification(&w, level: e.incomplete ? "warning" : "note", path: e.path, text: "skipped: \(e.reason)")
        }
        w.endArray()
        w.endObject()
        w.endArray()

        if let cwd = context.currentDirectory {
            w.key("originalUriBaseIds")
            w.beginObject()
            w.key(SARIFFormatter.baseID)
            w.beginObject()
            var dir = cwd
            if dir.last != UInt8(ascii: "/") { dir.append(UInt8(ascii: "/")) }
            w.field("uri", "file://" + SARIFFormatter.percentEncoded(dir))
            w.endObject()
            w.endObject()
        }
        w.field("columnKind", "unicodeCodePoints")

        w.key("results")
        w.beginArray()
        for r in reports {
            let location = SARIFFormatter.artifactURI(r.path)
            var occurrences: [String: Int] = [:]
            for lf in r.findings {
                let f = lf.finding
                let d = pack.detectors[f.detectorIndex]
                let level = levels[f.levelRank]
                w.beginObject()
                w.field("ruleId", d.id)
                w.field("ruleIndex", ruleIndex[f.detectorIndex] ?? 0)
                w.field("level", SARIFFormatter.level(rank: f.levelRank, count: levels.count))
                w.key("message")
                w.beginObject()
                var text = "\(d.type) (\(d.category.rawValue)) classified \(level)"
                if !lf.frameworks.isEmpty { text += "; frameworks: \(lf.frameworks.joined(separator: ", "))" }
                text += "; detector \(d.id), confidence \(Text.decimal(f.confidence))."
                w.field("text", text)
                w.endObject()
                w.key("locations")
                w.beginArray()
                w.beginObject()
                w.key("physicalLocation")
                w.beginObject()
                SARIFFormatter.writeArtifactLocation(location, to: &w)
                w.key("region")
                w.beginObject()
                w.field("startLine", lf.start.line)
                w.field("startColumn", lf.start.columnChars)
                w.field("endLine", lf.end.line)
                w.field("endColumn", lf.end.columnChars)
                w.field("byteOffset", f.start)
                w.field("byteLength", f.end - f.start)
                w.endObject()
                w.endObject()
                w.endObject()
                w.endArray()
                // detector + path + hash of the line; the n-th such finding gets ":n".
                let lineHash = Digest.hex(lf.lineDigest ?? [])
                let seed = Array("\(d.id)\u{0}\(location.uri)\u{0}\(lineHash)".utf8)
                let base = String(seed.withUnsafeBufferPointer { Digest.hex(Digest.sha256($0)) }.prefix(32))
                occurrences[base, default: 0] += 1
                w.key("partialFingerprints")
                w.beginObject()
                w.field(SARIFFormatter.fingerprintKey, "\(base):\(occurrences[base]!)")
                w.endObject()
                w.key("properties")
                w.beginObject()
                w.field("type", d.type)
                w.field("category", d.category.rawValue)
                w.field("classificationLevel", level)
                w.field("frameworks", lf.frameworks)
                w.field("confidence", f.confidence)
                w.endObject()
                w.endObject()
            }
        }
        w.endArray()

        w.key("properties")
        w.beginObject()
        w.key("pack")
        w.beginObject()
        w.field("id", pack.id)
        w.field("version", pack.version.text)
        w.field("digest", pack.digest)
        w.endObject()
        w.field("asOf", context.asOf.description)
        w.field("filesScanned", s.filesScanned)
        w.field("bytesScanned", s.bytesScanned)
        w.field("highestLevel", s.highestRank.map { levels[$0] })
        w.endObject()

        w.endObject()
        w.endArray()
        w.endObject()
        try out.write(w.bytes)
        try out.write("\n")
    }

    /// A notification about `path`, or about the run when `path` is nil.
    private func notification(_ w: inout JSONWriter, level: String, path: PathName?, text: String) {
        w.beginObject()
        w.field("level", level)
        w.key("message")
        w.beginObject()
        w.field("text", path.map { "\($0.display): \(text)" } ?? text)
        w.endObject()
        if let path {
            let location = SARIFFormatter.artifactURI(path)
            w.key("locations")
            w.beginArray()
            w.beginObject()
            w.key("physicalLocation")
            w.beginObject()
            SARIFFormatter.writeArtifactLocation(location, to: &w)
            w.endObject()
            w.endObject()
            w.endArray()
        }
        w.endObject()
    }


    /// error for the two highest levels (restricted, confidential), warning for the third
    /// (internal), note below (public).
    static func level(rank: Int, count: Int) -> String {
        let fromTop = count - 1 - rank
        if rank > 0 && fromTop <= 1 { return "error" }
        if rank > 0 && fromTop == 2 { return "warning" }
        return "note"
    }

    /// GitHub's `security-severity` (0.0 to 10.0) by level.
    static func severity(rank: Int, count: Int) -> String {
        switch count - 1 - rank {
        case 0: return "9.0"
        case 1: return "7.0"
        case 2: return "4.0"
        default: return "1.0"
        }
    }

    /// `us_ssn_unformatted` -> `UsSsnUnformatted`.
    static func ruleName(_ id: String) -> String {
        var out = ""
        var upper = true
        for c in id {
            if c == "_" || c == "-" || c == "." {
                upper = true
                continue
            }
            out += upper ? c.uppercased() : String(c)
            upper = false
        }
        return out
    }

    static func fullDescription(_ d: DetectorSpec, levels: [String]) -> String {
        var s = d.description.isEmpty ? d.type : d.description
        if !s.hasSuffix(".") { s += "." }
        s += " Type \(d.type), category \(d.category.rawValue), level \(levels[d.levelRank])"
        if !d.frameworks.isEmpty { s += ", frameworks \(d.frameworks.joined(separator: ", "))" }
        if !d.countries.isEmpty { s += ", countries \(d.countries.joined(separator: ", "))" }
        if let v = d.validator { s += ", validated by \(v)" }
        return s + "."
    }

    /// `"artifactLocation": {"uri": …, "uriBaseId": …}` of a location (artifactURI).
    static func writeArtifactLocation(_ location: (uri: String, relative: Bool), to w: inout JSONWriter) {
        w.key("artifactLocation")
        w.beginObject()
        w.field("uri", location.uri)
        if location.relative { w.field("uriBaseId", SARIFFormatter.baseID) }
        w.endObject()
    }

    /// The artifact URI of a path: relative paths under %SRCROOT% (a leading "./" dropped),
    /// absolute ones as file:// URIs; standard input as "-".
    static func artifactURI(_ path: PathName) -> (uri: String, relative: Bool) {
        var b = path.bytes[...]
        if b.first == UInt8(ascii: "/") { return ("file://" + percentEncoded(Array(b)), false) }
        if Array(b) == Array(FileWalker.standardInputName.utf8) { return ("-", false) }
        while b.starts(with: [UInt8(ascii: "."), UInt8(ascii: "/")]) {
            b = b.dropFirst(2)
            while b.first == UInt8(ascii: "/") { b = b.dropFirst() }
        }
        return (percentEncoded(Array(b)), true)
    }

    /// RFC 3986: unreserved characters and "/" as they are, every other byte as %XX.
    static func percentEncoded(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for c in bytes {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.append(c)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(c >> 4)])
                out.append(hex[Int(c & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
