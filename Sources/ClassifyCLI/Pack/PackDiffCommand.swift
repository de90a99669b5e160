// SPDX-License-Identifier: Apache-2.0
// `classify pack diff OLD NEW`: what changes between two packs or bundles - detectors,
// policies and lifecycle rules added, removed and changed - and which detectors' levels
// change, as of today and as of a given date.

import ArgumentParser
import ClassifyEngine
import RulePacks

struct PackDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two packs or bundles: detectors, policies and lifecycle rules, and the levels that change.",
        discussion: """
            OLD and NEW are pack files, bundle manifests or builtin:NAME. A detector's level \
            is what one of its findings leads to under the policies in force on the date; \
            those are compared as of today and, with --as-of, as of that date too. Exit \
            status: 0 no differences, 1 differences, 2 an error.

            Examples:
              classify pack diff acme-1.2.0.json acme-1.3.0.json
              classify pack diff --as-of 2027-01-01 base.json bundle.json
              classify pack diff --json builtin:core my-core.json
            """)

    @Argument(help: ArgumentHelp("The old pack, bundle or builtin:NAME.", valueName: "old"))
    var old: String

    @Argument(help: ArgumentHelp("The new pack, bundle or builtin:NAME.", valueName: "new"))
    var new: String

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Also compare levels as of this date (UTC).", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Flag(name: .customLong("json"), help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        if let a = asOf, CivilDate(iso: a) == nil {
            throw ValidationError("--as-of '\(a)': not a valid date; use YYYY-MM-DD, e.g. 2027-01-01")
        }
    }

    struct Change {
        var id: String
        var what: String  // one line: the item, or the fields that changed
    }

    struct LevelChange {
        var detector: String
        var old: String
        var new: String
        var frameworksAdded: [String]
        var frameworksRemoved: [String]
        var policies: [String]
    }

    struct Section {
        var added: [Change] = []
        var removed: [Change] = []
        var changed: [Change] = []
        var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
    }

    func run() throws {
        let a = try DocumentLoading.pack(old)
        let b = try DocumentLoading.pack(new)
        let detectors = PackDiffCommand.section(
            a.detectors, b.detectors, id: \.id, describe: { d in "\(d.type), \(d.category.rawValue), level \(b.levels[safe: d.levelRank] ?? "?")" },
            fields: { PackDiffCommand.fields(of: $0, levels: b.levels) })
        let policies = PackDiffCommand.section(
            a.policies, b.policies, id: \.id, describe: { p in PackDiffCommand.describe(p, levels: b.levels) },
            fields: { PackDiffCommand.fields(of: $0, levels: b.levels) })
        let lifecycle = PackDiffCommand.section(
            a.lifecycle, b.lifecycle, id: \.id,
            describe: { r in "\(PackInfoCommand.lifecycleScope(r)), \(PackInfoCommand.lifecycleConditions(r)) -> \(PackInfoCommand.lifecycleEffect(r, b.levels))" },
            fields: { PackDiffCommand.fields(of: $0, levels: b.levels) })
        let today = CivilDate(unixSeconds: System.unixSeconds())
        var dates = [today]
        if let d = asOf.flatMap(CivilDate.init(iso:)), d != today { dates.append(d) }
        let levels = dates.map { (date: $0, changes: PackDiffCommand.levelChanges(a, b, on: $0)) }
        let different = !detectors.isEmpty || !policies.isEmpty || !lifecycle.isEmpty
            || levels.contains { !$0.changes.isEmpty } || a.levels != b.levels

        if json {
            var w = JSONWriter()
            w.beginObject()
            for (key, p) in [("old", a), ("new", b)] {
                w.key(key)
                w.beginObject()
                w.field("id", p.id)
                w.field("version", p.version.text)
                w.field("digest", p.digest)
                w.endObject()
            }
            for (key, s) in [("detectors", detectors), ("policies", policies), ("lifecycle", lifecycle)] {
                w.key(key)
                w.beginObject()
                for (k, list) in [("added", s.added), ("removed", s.removed), ("changed", s.changed)] {
                    w.key(k)
                    w.beginArray()
                    for c in list {
                        w.beginObject()
                        w.field("id", c.id)
                        w.field(k == "changed" ? "fields" : "summary", c.what)
                        w.endObject()
                    }
                    w.endArray()
                }
                w.endObject()
            }
            w.key("level_changes")
            w.beginArray()
            for (i, l) in levels.enumerated() {
                w.beginObject()
                w.field("as_of", l.date.description)
                w.field("today", i == 0)
                w.key("detectors")
                w.beginArray()
                for c in l.changes {
                    w.beginObject()
                    w.field("detector", c.detector)
                    w.field("old", c.old)
                    w.field("new", c.new)
                    w.field("frameworks_added", c.frameworksAdded)
                    w.field("frameworks_removed", c.frameworksRemoved)
                    w.field("policies", c.policies)
                    w.endObject()
                }
                w.endArray()
                w.endObject()
            }
            w.endArray()
            w.field("different", different)
            w.endObject()
            Console.out(w.string + "\n")
        } else {
            var s = "\(a.id) \(a.version.text) (\(old)) -> \(b.id) \(b.version.text) (\(new))\n"
            if a.levels != b.levels {
                s += "levels: \(a.levels.joined(separator: " < ")) -> \(b.levels.joined(separator: " < "))\n"
            }
            s += PackDiffCommand.text("detectors", detectors)
            s += PackDiffCommand.text("policies", policies)
            s += PackDiffCommand.text("lifecycle rules", lifecycle)
            for (i, l) in levels.enumerated() {
                let label = "levels as of \(l.date)" + (i == 0 ? " (today)" : "")
                if l.changes.isEmpty {
                    s += "\(label): no detector changes level\n"
                    continue
                }
                s += "\(label): \(Text.count(l.changes.count, "detector")) change\n"
                for c in l.changes {
                    var extra: [String] = []
                    if !c.frameworksAdded.isEmpty { extra.append("+" + c.frameworksAdded.joined(separator: " +")) }
                    if !c.frameworksRemoved.isEmpty { extra.append("-" + c.frameworksRemoved.joined(separator: " -")) }
                    if !c.policies.isEmpty { extra.append("policies in force: " + c.policies.joined(separator: ", ")) }
                    s += "  \(c.detector): \(c.old) -> \(c.new)" + (extra.isEmpty ? "" : " (" + extra.joined(separator: "; ") + ")") + "\n"
                }
            }
            if !different { s += "no differences\n" }
            Console.out(s)
        }
        if different { throw ExitCode(ExitStatus.findings) }
    }

    static func text(_ title: String, _ s: Section) -> String {
        var out = "\(title): \(s.added.count) added, \(s.removed.count) removed, \(s.changed.count) changed\n"
        for c in s.added { out += "  + \(c.id): \(c.what)\n" }
        for c in s.removed { out += "  - \(c.id): \(c.what)\n" }
        for c in s.changed { out += "  ~ \(c.id): \(c.what)\n" }
        return out
    }

    static func section<T>(
        _ old: [T], _ new: [T], id: (T) -> String, describe: (T) -> String, fields: (T) -> [(String, String)]
    ) -> Section {
        var s = Section()
        let oldByID = Dictionary(old.map { (id($0), $0) }, uniquingKeysWith: { a, _ in a })
        let newIDs = Set(new.map(id))
        for n in new {
            guard let o = oldByID[id(n)] else {
                s.added.append(Change(id: id(n), what: describe(n)))
                continue
            }
            let fo = fields(o), fn = fields(n)
            let changed = zip(fo, fn).filter { $0.0.1 != $0.1.1 }.map { "\($0.1.0) \($0.0.1) -> \($0.1.1)" }
            if !changed.isEmpty { s.changed.append(Change(id: id(n), what: changed.joined(separator: "; "))) }
        }
        for o in old where !newIDs.contains(id(o)) { s.removed.append(Change(id: id(o), what: describe(o))) }
        return s
    }

    static func list(_ a: [String]) -> String { "[" + a.joined(separator: ", ") + "]" }

    /// The first 8 hex digits of SHA-256 over strings joined by U+0001 (to show that long
    /// texts such as patterns changed, without printing them).
    static func short(_ parts: [String]) -> String {
        let bytes = Array(parts.joined(separator: "\u{1}").utf8)
        return Digest.hex(Array(bytes.withUnsafeBufferPointer { Digest.sha256($0) }.prefix(4)))
    }

    static func fields(of d: DetectorSpec, levels: [String]) -> [(String, String)] {
        [
            ("type", d.type), ("category", d.category.rawValue), ("description", "\"\(d.description)\""),
            ("countries", list(d.countries)), ("patterns", "\(d.patterns.count) pattern(s), sha256 " + short(d.patterns)),
            ("flags", d.caseless ? "caseless" : "none"), ("validator", d.validator ?? "none"),
            ("min_entropy", d.minEntropy.map(Text.decimal) ?? "none"), ("confidence", Text.decimal(d.confidence)),
            ("keywords", list(d.keywords)), ("max_distance", String(d.maxDistance)),
            ("keyword_confidence", Text.decimal(d.keywordConfidence)), ("keyword_required", String(d.keywordRequired)),
            ("ignore_words", list(d.ignoreWords)), ("negative_keywords", list(d.negativeKeywords)),
            ("negative_distance", String(d.negativeDistance)), ("level", levels[safe: d.levelRank] ?? "?"),
            ("frameworks", list(d.frameworks)),
            ("examples", "\(d.examples.match.count) match, \(d.examples.noMatch.count) no_match, sha256 " + short(d.examples.match + ["\u{0}"] + d.examples.noMatch)),
        ]
    }

    static func describe(_ p: Policy, levels: [String]) -> String {
        var effect: [String] = []
        if let r = p.levelRank { effect.append("level \(levels[safe: r] ?? "?")") }
        if !p.frameworks.isEmpty { effect.append("frameworks " + p.frameworks.joined(separator: ", ")) }
        return "\(PackInfoCommand.policyDates(p)); \(PackInfoCommand.policyScope(p)) -> \(effect.joined(separator: ", "))"
    }

    static func fields(of p: Policy, levels: [String]) -> [(String, String)] {
        [
            ("description", "\"\(p.description)\""), ("detectors", list(p.detectors.sorted())), ("types", list(p.types.sorted())),
            ("categories", list(p.categories.sorted().map(\.rawValue))), ("level", p.levelRank.map { levels[safe: $0] ?? "?" } ?? "none"),
            ("frameworks", list(p.frameworks)), ("effective_from", p.effectiveFrom?.description ?? "none"),
            ("effective_until", p.effectiveUntil?.description ?? "none"),
        ]
    }

    static func fields(of r: LifecycleRule, levels: [String]) -> [(String, String)] {
        [
            ("description", "\"\(r.description)\""), ("scope", PackInfoCommand.lifecycleScope(r)),
            ("conditions", PackInfoCommand.lifecycleConditions(r)), ("effect", PackInfoCommand.lifecycleEffect(r, levels)),
        ]
    }

    /// Detectors present in both packs whose level or frameworks differ on `day`.
    static func levelChanges(_ a: RulePack, _ b: RulePack, on day: CivilDate) -> [LevelChange] {
        let oldByID = Dictionary(a.detectors.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        var out: [LevelChange] = []
        for d in b.detectors {
            guard let o = oldByID[d.id] else { continue }
            let mo = a.mapping(of: o, on: day), mn = b.mapping(of: d, on: day)
            let oldLevel = a.levels[safe: mo.rank] ?? "?", newLevel = b.levels[safe: mn.rank] ?? "?"
            let added = mn.frameworks.filter { !mo.frameworks.contains($0) }
            let removed = mo.frameworks.filter { !mn.frameworks.contains($0) }
            guard oldLevel != newLevel || !added.isEmpty || !removed.isEmpty else { continue }
            out.append(LevelChange(detector: d.id, old: oldLevel, new: newLevel, frameworksAdded: added, frameworksRemoved: removed, policies: mn.policies))
        }
        return out
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
