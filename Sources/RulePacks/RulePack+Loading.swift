// SPDX-License-Identifier: Apache-2.0
// JSON text -> validated RulePack. Every check that needs only the pack itself happens
// here; the engine adds what needs PCRE2 (patterns compile, examples hold) and validator
// names.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RulePack {
    /// Parses and validates a pack held in memory.
    /// - Parameters:
    ///   - bytes: the JSON text.
    ///   - name: used in messages until the pack's own `id` is known.
    /// - Throws: ``ClassifyError`` with code `.invalidPack`, `.version` or `.limit`.
    public static func load(bytes: [UInt8], name: String) throws(ClassifyError) -> RulePack {
        guard bytes.count <= Limits.packBytes else {
            throw ClassifyError(
                .limit, "the pack is \(bytes.count) bytes; the limit is \(Limits.packBytes) (CLASSIFY_LIMIT_PACK_BYTES)",
                pack: name)
        }
        let (root, locator) = try parseDocument(bytes, name: name)
        return try load(root: root, locator: locator, bytes: bytes, name: name)
    }

    /// Parses a pack (or bundle) document into a JSON tree, with located syntax errors.
    static func parseDocument(_ bytes: [UInt8], name: String) throws(ClassifyError) -> (JSONValue, JSONLocator) {
        let locator = JSONLocator(text: bytes)
        let root: JSONValue
        do {
            root = try bytes.withUnsafeBufferPointer { buf throws(JSONValue.SyntaxError) in
                try JSONValue.parse(buf, maxDepth: Limits.jsonDepth)
            }
        } catch {
            let (line, column) = locator.lineColumn(ofOffset: error.offset)
            let code: ClassifyError.Code = error.reason.contains("CLASSIFY_LIMIT") ? .limit : .invalidPack
            throw ClassifyError(
                code, "not valid JSON: \(error.reason) (at byte \(error.offset))", pack: name, jsonPointer: "",
                line: line, column: column)
        }
        return (root, locator)
    }

    /// Decodes a parsed pack document.
    static func load(root: JSONValue, locator: JSONLocator, bytes: [UInt8], name: String) throws(ClassifyError)
        -> RulePack
    {
        let digest = bytes.withUnsafeBufferPointer { Digest.label($0) }
        var decoder = PackDecoder(locator: locator, packName: name)
        return try decoder.decode(root, digest: digest, source: name)
    }

    /// Reads and loads a pack file. A file over the size limit is refused before it is read.
    public static func load(path: String) throws(ClassifyError) -> RulePack {
        let bytes = try readFile(path, limit: Limits.packBytes, limitName: "CLASSIFY_LIMIT_PACK_BYTES")
        return try load(bytes: bytes, name: path)
    }

    /// Reads a whole file, refusing one larger than `limit` bytes before reading it.
    public static func readFile(_ path: String, limit: Int, limitName: String) throws(ClassifyError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ClassifyError(.io, "cannot open '\(path)': \(String(cString: strerror(errno)))", pack: path)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw ClassifyError(.io, "cannot stat '\(path)': \(String(cString: strerror(errno)))", pack: path)
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw ClassifyError(.io, "'\(path)' is not a regular file", pack: path)
        }
        guard st.st_size <= limit else {
            throw ClassifyError(
                .limit, "'\(path)' is \(st.st_size) bytes; the limit is \(limit) (\(limitName))", pack: path)
        }
        var out = [UInt8]()
        out.reserveCapacity(Int(st.st_size))
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ClassifyError(.io, "cannot read '\(path)': \(String(cString: strerror(errno)))", pack: path)
            }
            if n == 0 { break }
            guard out.count + n <= limit else {
                throw ClassifyError(.limit, "'\(path)' grew past the limit of \(limit) bytes (\(limitName))", pack: path)
            }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }
}

/// Walks the JSON tree of one pack and builds the model, with pointer-precise errors.
struct PackDecoder {
    let locator: JSONLocator
    var packName: String

    func fail(_ reason: String, _ pointer: String) -> ClassifyError {
        let (line, column) = locator.locate(pointer)
        return ClassifyError(.invalidPack, reason, pack: packName, jsonPointer: pointer, line: line, column: column)
    }

    private static func isIdentifier(_ s: String, upper: Bool = false) -> Bool {
        let b = Array(s.utf8)
        guard (1...64).contains(b.count) else { return false }
        for (i, c) in b.enumerated() {
            let digit = c >= 0x30 && c <= 0x39
            if upper {
                guard (c >= 0x41 && c <= 0x5A) || digit || c == UInt8(ascii: "_") else { return false }
            } else {
                let lower = c >= 0x61 && c <= 0x7A
                if i == 0 { guard lower || digit else { return false } }
                guard lower || digit || c == UInt8(ascii: "_") || c == UInt8(ascii: ".") || c == UInt8(ascii: "-")
                else { return false }
            }
        }
        return true
    }

    mutating func decode(_ root: JSONValue, digest: String, source: String) throws(ClassifyError) -> RulePack {
        let failer = self.fail
        var r = try PackReader(root, at: "", what: "a pack", fail: failer)

        let schema = try r.string("schema", required: true)!
        guard schema == RulePack.schema else {
            let hint = schema == BundleManifest.schema ? " (this is a bundle manifest: open it as a bundle)" : ""
            var e = fail(
                "unsupported schema \"\(schema)\"; this library reads \"\(RulePack.schema)\"\(hint)", "/schema")
            e.code = .version
            throw e
        }
        let id = try r.string("id", required: true)!
        guard PackDecoder.isIdentifier(id) else {
            throw fail("\"id\" must match [a-z0-9][a-z0-9._-]{0,63}", "/id")
        }
        packName = id
        let versionText = try r.string("version", required: true)!
        guard let version = SemanticVersion(versionText) else {
            throw fail("\"version\" must be a semantic version such as 1.2.0, not \"\(versionText)\"", "/version")
        }
        let description = try r.string("description") ?? ""

        let levels = try r.strings("levels", max: Limits.levels, limitName: "16 levels", maxBytes: 64)
            ?? RulePack.defaultLevels
        guard !levels.isEmpty else { throw fail("\"levels\" must name at least one level", "/levels") }
        for (i, l) in levels.enumerated() where levels.firstIndex(of: l) != i {
            throw fail("level \"\(l)\" appears twice", "/levels/\(i)")
        }

        var frameworks: [RulePack.Framework] = []
        for (i, v) in (try r.array("frameworks", max: Limits.frameworks, limitName: "256 frameworks") ?? []).enumerated() {
            let p = "/frameworks/\(i)"
            var fr = try PackReader(v, at: p, what: "a framework", fail: failer)
            let fid = try fr.string("id", required: true, maxBytes: 64)!
            guard PackDecoder.isIdentifier(fid, upper: true) else {
                throw fail("framework \"id\" must match [A-Z0-9_]{1,64}", p + "/id")
            }
            guard !frameworks.contains(where: { $0.id == fid }) else {
                throw fail("framework \"\(fid)\" is declared twice", p + "/id")
            }
            let name = try fr.string("name") ?? fid
            try fr.finish()
            frameworks.append(.init(id: fid, name: name))
        }
        let frameworkIDs = Set(frameworks.map(\.id))

        var review = RulePack.Review(confidenceBelow: 0.5)
        let reviewGiven = r.value("review") != nil  // an overlay changes review only if it says so
        if let rv = r.value("review") {
            var rr = try PackReader(rv, at: "/review", what: "\"review\"", fail: failer)
            review.confidenceBelow = try rr.number("confidence_below", in: 0...1) ?? 0.5
            try rr.finish()
        }

        let detectorValues = try r.array(
            "detectors", required: true, max: Limits.detectors, limitName: "CLASSIFY_LIMIT_DETECTORS")!
        var detectors: [DetectorSpec] = []
        detectors.reserveCapacity(detectorValues.count)
        var seen: [String: Int] = [:]
        for (i, v) in detectorValues.enumerated() {
            let d = try decodeDetector(v, index: i, levels: levels, frameworks: frameworkIDs)
            if let first = seen[d.id] {
                throw fail("detector id \"\(d.id)\" is already used by /detectors/\(first)", "/detectors/\(i)/id")
            }
            seen[d.id] = i
            detectors.append(d)
        }

        // An overlay ("layer") may name detectors of the packs below it; layering checks those.
        var layer = try decodeLayer(r.value("layer"), detectors: seen)
        layer?.setsReview = reviewGiven

        let policyValues = try r.array("policies", max: Limits.policies, limitName: "CLASSIFY_LIMIT_POLICIES") ?? []
        var policies: [Policy] = []
        for (i, v) in policyValues.enumerated() {
            let p = try decodePolicy(
                v, index: i, levels: levels, frameworks: frameworkIDs, detectors: seen, overlay: layer != nil)
            if policies.contains(where: { $0.id == p.id }) {
                throw fail("policy id \"\(p.id)\" is used twice", "/policies/\(i)/id")
            }
            policies.append(p)
        }
        let lifecycle = try decodeLifecycle(
            try r.array("lifecycle", max: Limits.policies, limitName: "CLASSIFY_LIMIT_POLICIES") ?? [], levels: levels,
            detectors: seen, overlay: layer != nil)
        try r.finish()

        return RulePack(
            id: id, version: version, description: description, levels: levels, frameworks: frameworks,
            review: review, detectors: detectors, policies: policies, digest: digest, source: source,
            origin: PackOrigin(packID: id, locator: locator), layer: layer, lifecycle: lifecycle)
    }

    private func checkFrameworks(_ list: [String], _ known: Set<String>, at pointer: String) throws(ClassifyError) {
        for (i, f) in list.enumerated() where !known.contains(f) {
            throw fail("framework \"\(f)\" is not declared in the pack's \"frameworks\"", pointer + "/\(i)")
        }
    }

    private func level(_ name: String?, _ levels: [String], at pointer: String) throws(ClassifyError) -> Int? {
        guard let name else { return nil }
        guard let rank = levels.firstIndex(of: name) else {
            throw fail("unknown level \"\(name)\"; the pack's levels are \(levels.joined(separator: ", "))", pointer)
        }
        return rank
    }

    private func decodeDetector(_ v: JSONValue, index: Int, levels: [String], frameworks: Set<String>)
        throws(ClassifyError) -> DetectorSpec
    {
        let p = "/detectors/\(index)"
        var r = try PackReader(v, at: p, what: "a detector", fail: self.fail)
        let id = try r.string("id", required: true)!
        guard PackDecoder.isIdentifier(id) else {
            throw fail("detector \"id\" must match [a-z0-9][a-z0-9_.-]{0,63}", p + "/id")
        }
        let type = try r.string("type", required: true)!
        guard PackDecoder.isIdentifier(type, upper: true) else {
            throw fail("\"type\" must match [A-Z0-9_]{1,64}, e.g. CREDIT_CARD", p + "/type")
        }
        let categoryText = try r.string("category", required: true)!
        guard let category = Category(rawValue: categoryText) else {
            let known = Category.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail("unknown category \"\(categoryText)\"; use one of \(known)", p + "/category")
        }
        let description = try r.string("description") ?? ""
        let countries = try r.strings("countries", max: 300, limitName: "300 countries", maxBytes: 2) ?? []
        for (i, c) in countries.enumerated() where c.utf8.count != 2 || !c.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) {
            throw fail("country \"\(c)\" must be an ISO 3166-1 alpha-2 code such as DE", p + "/countries/\(i)")
        }
        let patterns = try r.strings(
            "patterns", required: true, max: Limits.patternsPerDetector,
            limitName: "CLASSIFY_LIMIT_PATTERNS_PER_DETECTOR", maxBytes: Int.max)!
        guard !patterns.isEmpty else { throw fail("a detector needs at least one pattern", p + "/patterns") }
        for (i, pat) in patterns.enumerated() where pat.utf8.count > Limits.patternBytes {
            var e = fail(
                "pattern is \(pat.utf8.count) bytes; the limit is \(Limits.patternBytes) (CLASSIFY_LIMIT_PATTERN_BYTES)",
                p + "/patterns/\(i)")
            e.code = .limit
            e.detector = id
            throw e
        }
        var caseless = false
        for (i, f) in (try r.strings("flags", max: 8, limitName: "8 flags") ?? []).enumerated() {
            guard f == "caseless" else { throw fail("unknown flag \"\(f)\"; known: caseless", p + "/flags/\(i)") }
            caseless = true
        }
        let validator = try r.string("validator", maxBytes: 64)
        let minEntropy = try r.number("min_entropy", in: 0...8)
        let confidence = try r.number("confidence", in: 0...1) ?? 0.5
        let keywords = try r.strings(
            "keywords", max: Limits.keywordsPerDetector, limitName: "CLASSIFY_LIMIT_KEYWORDS_PER_DETECTOR", maxBytes: 128)
            ?? []
        let maxDistance = try r.integer(
            "max_distance", in: 1...Limits.keywordDistance, limitName: "CLASSIFY_LIMIT_KEYWORD_DISTANCE") ?? 50
        let keywordConfidence = try r.number("keyword_confidence", in: 0...1) ?? min(1, confidence + 0.35)
        let keywordRequired = try r.bool("keyword_required") ?? false
        if keywordRequired && keywords.isEmpty {
            throw fail("\"keyword_required\" is true but there are no \"keywords\"", p + "/keyword_required")
        }
        let ignoreWords = try r.strings(
            "ignore_words", max: Limits.keywordsPerDetector, limitName: "CLASSIFY_LIMIT_KEYWORDS_PER_DETECTOR",
            maxBytes: 256) ?? []
        let negativeKeywords = try r.strings(
            "negative_keywords", max: Limits.keywordsPerDetector, limitName: "CLASSIFY_LIMIT_KEYWORDS_PER_DETECTOR",
            maxBytes: 128) ?? []
        let negativeDistance = try r.integer(
            "negative_distance", in: 1...Limits.keywordDistance, limitName: "CLASSIFY_LIMIT_KEYWORD_DISTANCE") ?? 16
        let levelRank = try level(try r.string("level", maxBytes: 64), levels, at: p + "/level") ?? 0
        let detectorFrameworks = try r.strings("frameworks", max: Limits.frameworks, limitName: "256 frameworks") ?? []
        try checkFrameworks(detectorFrameworks, frameworks, at: p + "/frameworks")

        guard let ev = r.value("examples") else {
            throw fail("missing required field \"examples\" (at least one \"match\" example)", p)
        }
        var er = try PackReader(ev, at: p + "/examples", what: "\"examples\"", fail: self.fail)
        let match = try er.strings(
            "match", required: true, max: Limits.examplesPerDetector, limitName: "CLASSIFY_LIMIT_EXAMPLES_PER_DETECTOR")!
        let noMatch = try er.strings(
            "no_match", max: Limits.examplesPerDetector, limitName: "CLASSIFY_LIMIT_EXAMPLES_PER_DETECTOR") ?? []
        guard !match.isEmpty else { throw fail("a detector needs at least one \"match\" example", p + "/examples/match") }
        guard match.count + noMatch.count <= Limits.examplesPerDetector else {
            var e = fail(
                "\(match.count + noMatch.count) examples; the limit is \(Limits.examplesPerDetector) (CLASSIFY_LIMIT_EXAMPLES_PER_DETECTOR)",
                p + "/examples")
            e.code = .limit
            throw e
        }
        try er.finish()
        let redaction = try decodeRedaction(r.value("redaction"), at: p + "/redaction")
        try r.finish()

        var spec = DetectorSpec(
            id: id, type: type, category: category, description: description, countries: countries,
            patterns: patterns, caseless: caseless, validator: validator, minEntropy: minEntropy,
            confidence: confidence, keywords: keywords, maxDistance: maxDistance,
            keywordConfidence: keywordConfidence, keywordRequired: keywordRequired, ignoreWords: ignoreWords,
            negativeKeywords: negativeKeywords, negativeDistance: negativeDistance, levelRank: levelRank,
            frameworks: detectorFrameworks, examples: .init(match: match, noMatch: noMatch), index: index,
            origin: PackOrigin(packID: packName, locator: locator))
        spec.redaction = redaction
        return spec
    }

    private func decodePolicy(
        _ v: JSONValue, index: Int, levels: [String], frameworks: Set<String>, detectors: [String: Int],
        overlay: Bool = false
    ) throws(ClassifyError) -> Policy {
        let p = "/policies/\(index)"
        var r = try PackReader(v, at: p, what: "a policy", fail: self.fail)
        let id = try r.string("id", required: true, maxBytes: 128)!
        let description = try r.string("description") ?? ""
        let ds = try r.strings("detectors", max: Limits.detectors, limitName: "CLASSIFY_LIMIT_DETECTORS") ?? []
        for (i, d) in ds.enumerated() where detectors[d] == nil && !overlay {
            throw fail("policy names detector \"\(d)\", which the pack does not have", p + "/detectors/\(i)")
        }
        let types = try r.strings("types", max: Limits.detectors, limitName: "CLASSIFY_LIMIT_DETECTORS") ?? []
        var categories: Set<Category> = []
        for (i, c) in (try r.strings("categories", max: 8, limitName: "8 categories") ?? []).enumerated() {
            guard let cat = Category(rawValue: c) else {
                throw fail("unknown category \"\(c)\"", p + "/categories/\(i)")
            }
            categories.insert(cat)
        }
        guard !ds.isEmpty || !types.isEmpty || !categories.isEmpty else {
            throw fail("a policy must name \"detectors\", \"types\" or \"categories\"", p)
        }
        let levelRank = try level(try r.string("level", maxBytes: 64), levels, at: p + "/level")
        let fws = try r.strings("frameworks", max: Limits.frameworks, limitName: "256 frameworks") ?? []
        try checkFrameworks(fws, frameworks, at: p + "/frameworks")
        guard levelRank != nil || !fws.isEmpty else {
            throw fail("a policy must set a \"level\" or \"frameworks\"", p)
        }
        func date(_ key: String) throws(ClassifyError) -> CivilDate? {
            guard let text = try r.string(key, maxBytes: 32) else { return nil }
            guard let d = CivilDate(iso: text) else {
                throw fail("\"\(key)\" must be a date written YYYY-MM-DD, not \"\(text)\"", p + "/" + key)
            }
            return d
        }
        let from = try date("effective_from")
        let until = try date("effective_until")
        if let from, let until, until <= from {
            throw fail("\"effective_until\" (\(until)) must be after \"effective_from\" (\(from))", p + "/effective_until")
        }
        try r.finish()
        return Policy(
            id: id, description: description, detectors: Set(ds), types: Set(types), categories: categories,
            levelRank: levelRank, frameworks: fws, effectiveFrom: from, effectiveUntil: until, index: index)
    }
}
