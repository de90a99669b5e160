// SPDX-License-Identifier: Apache-2.0
// `classify pack info FILE | --builtin NAME`: what a pack holds.

import ArgumentParser
import ClassifyEngine
import RulePacks

struct PackInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a pack: id, version, digest, levels, frameworks, detectors by category, policies.",
        discussion: """
            Examples:
              classify pack info my-pack.json
              classify pack info --builtin core
              classify pack info --builtin default --json
              classify pack info --bundle bundle.json
            """)

    @Argument(help: ArgumentHelp("A pack file (JSON).", valueName: "file"))
    var file: String?

    @Option(name: .customLong("builtin"), help: ArgumentHelp("A built-in pack, or 'default'.", valueName: "name"))
    var builtin: String?

    @Option(
        name: .customLong("bundle"),
        help: ArgumentHelp("A bundle manifest: show the effect of layering its packs.", valueName: "file"))
    var bundle: String?

    @Flag(name: .customLong("json"), help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        if [file, builtin, bundle].compactMap({ $0 }).count != 1 {
            throw ValidationError("give either a pack file, --builtin NAME or --bundle FILE")
        }
    }

    func run() throws {
        let pack: RulePack
        if let file {
            do {
                pack = try PackLoading.compile(file: file).pack
            } catch {
                throw CLIError(PackLoading.describe(error, file: file))
            }
        } else if let bundle {
            pack = try DocumentLoading.ruleset(bundle: bundle, packFiles: [], builtin: nil).pack
        } else {
            pack = try PackLoading.ruleset(packFiles: [], builtin: builtin).pack
        }
        Console.out(json ? PackInfoCommand.json(pack) : PackInfoCommand.text(pack))
    }

    static func policyScope(_ p: Policy) -> String {
        var parts: [String] = []
        if !p.detectors.isEmpty { parts.append("detectors " + p.detectors.sorted().joined(separator: ", ")) }
        if !p.types.isEmpty { parts.append("types " + p.types.sorted().joined(separator: ", ")) }
        if !p.categories.isEmpty {
            parts.append("categories " + p.categories.sorted().map(\.rawValue).joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }

    static func policyDates(_ p: Policy) -> String {
        switch (p.effectiveFrom, p.effectiveUntil) {
        case (nil, nil): return "always in force"
        case (let f?, nil): return "from \(f)"
        case (nil, let u?): return "until \(u) (exclusive)"
        case (let f?, let u?): return "from \(f) until \(u) (exclusive)"
        }
    }

    static func text(_ pack: RulePack) -> String {
        let label = 13
        func row(_ k: String, _ v: String) -> String { "  " + Text.pad(k, label) + v + "\n" }
        var s = "\(pack.id) \(pack.version.text)\n"
        s += row("digest", pack.digest)
        s += row("source", pack.source)
        if !pack.description.isEmpty { s += row("description", pack.description) }
        s += row("levels", pack.levels.joined(separator: " < "))
        s += row("review", "a finding with confidence below \(Text.decimal(pack.review.confidenceBelow)) needs review")
        s += row("frameworks", pack.frameworks.isEmpty ? "none" : String(pack.frameworks.count))
        let fw = pack.frameworks.map(\.id.count).max() ?? 0
        for f in pack.frameworks { s += "    " + Text.pad(f.id, fw) + "  " + f.name + "\n" }
        s += row("detectors", String(pack.detectors.count))
        for c in Category.allCases {
            let ds = pack.detectors.filter { $0.category == c }
            guard !ds.isEmpty else { continue }
            s += "    " + Text.pad(c.rawValue, 10) + " " + Text.padLeft(String(ds.count), 4) + "  "
            s += ds.map(\.id).joined(separator: ", ") + "\n"
        }
        s += row("policies", String(pack.policies.count))
        for p in pack.policies {
            var effect: [String] = []
            if let r = p.levelRank { effect.append("level \(pack.levels[r])") }
            if !p.frameworks.isEmpty { effect.append("frameworks " + p.frameworks.joined(separator: ", ")) }
            s += "    \(p.id): \(policyDates(p)); \(policyScope(p)) -> \(effect.joined(separator: ", "))\n"
            if !p.description.isEmpty { s += "      \(p.description)\n" }
        }
        s += layeringText(pack)
        return s
    }

    static func json(_ pack: RulePack) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("id", pack.id)
        w.field("version", pack.version.text)
        w.field("digest", pack.digest)
        w.field("source", pack.source)
        w.field("description", pack.description)
        w.field("levels", pack.levels)
        w.field("review_confidence_below", pack.review.confidenceBelow)
        w.key("frameworks")
        w.beginArray()
        for f in pack.frameworks {
            w.beginObject()
            w.field("id", f.id)
            w.field("name", f.name)
            w.endObject()
        }
        w.endArray()
        w.key("detectors_by_category")
        w.beginObject()
        for c in Category.allCases { w.field(c.rawValue, pack.detectors.filter { $0.category == c }.count) }
        w.endObject()
        w.key("detectors")
        w.beginArray()
        for d in pack.detectors {
            w.beginObject()
            w.field("id", d.id)
            w.field("type", d.type)
            w.field("category", d.category.rawValue)
            w.field("countries", d.countries)
            w.field("validator", d.validator)
            w.field("level", pack.levels[d.levelRank])
            w.field("frameworks", d.frameworks)
            w.field("description", d.description)
            w.endObject()
        }
        w.endArray()
        w.key("policies")
        w.beginArray()
        for p in pack.policies {
            w.beginObject()
            w.field("id", p.id)
            w.field("description", p.description)
            w.field("detectors", p.detectors.sorted())
            w.field("types", p.types.sorted())
            w.field("categories", p.categories.sorted().map(\.rawValue))
            w.field("level", p.levelRank.map { pack.levels[$0] })
            w.field("frameworks", p.frameworks)
            w.field("effective_from", p.effectiveFrom?.description)
            w.field("effective_until", p.effectiveUntil?.description)
            w.endObject()
        }
        w.endArray()
        writeLayering(pack, to: &w)
        w.endObject()
        return w.string + "\n"
    }
}
