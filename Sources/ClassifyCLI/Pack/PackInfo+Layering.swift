// SPDX-License-Identifier: Apache-2.0
// The parts of `classify pack info` about layering and lifecycle: the member packs of a
// bundle or layered pack, what their overlays changed, the lifecycle rules, the signer.

import ClassifyEngine
import RulePacks

extension PackInfoCommand {
    static func lifecycleScope(_ r: LifecycleRule) -> String {
        var parts: [String] = []
        if !r.detectors.isEmpty { parts.append("detectors " + r.detectors.sorted().joined(separator: ", ")) }
        if !r.types.isEmpty { parts.append("types " + r.types.sorted().joined(separator: ", ")) }
        if !r.categories.isEmpty { parts.append("categories " + r.categories.sorted().map(\.rawValue).joined(separator: ", ")) }
        return parts.isEmpty ? "all data" : parts.joined(separator: "; ")
    }

    static func lifecycleConditions(_ r: LifecycleRule) -> String {
        var parts: [String] = []
        if let o = r.olderThan { parts.append("older than \(o)") }
        if let y = r.youngerThan { parts.append("younger than \(y)") }
        if let f = r.effectiveFrom { parts.append("from \(f)") }
        if let u = r.effectiveUntil { parts.append("until \(u) (exclusive)") }
        return parts.joined(separator: ", ")
    }

    static func lifecycleEffect(_ r: LifecycleRule, _ levels: [String]) -> String {
        var parts: [String] = []
        if let l = r.raiseTo { parts.append("raise to \(levels[l])") }
        if let l = r.lowerTo { parts.append("lower to \(levels[l])") }
        if r.review { parts.append("review") }
        return parts.joined(separator: ", ")
    }

    static func layeringText(_ pack: RulePack) -> String {
        var s = ""
        func row(_ k: String, _ v: String) -> String { "  " + Text.pad(k, 13) + v + "\n" }
        if !pack.lifecycle.isEmpty {
            s += row("lifecycle", String(pack.lifecycle.count))
            for r in pack.lifecycle {
                s += "    \(r.id): \(lifecycleScope(r)), \(lifecycleConditions(r)) -> \(lifecycleEffect(r, pack.levels))\n"
                if !r.description.isEmpty { s += "      \(r.description)\n" }
            }
        }
        if !pack.members.isEmpty {
            s += row("layers", String(pack.members.count) + " (bottom first)")
            for m in pack.members {
                s += "    \(m.id) \(m.version.text)  \(m.digest)  \(m.source)\(m.signer.map { "  signed: \($0)" } ?? "")\n"
            }
        }
        if !pack.layerActions.isEmpty {
            s += row("changes", String(pack.layerActions.count))
            for a in pack.layerActions { s += "    \(a.description)\n" }
        }
        if let signer = pack.signer { s += row("signer", signer) }
        return s
    }

    static func writeLayering(_ pack: RulePack, to w: inout JSONWriter) {
        w.key("lifecycle")
        w.beginArray()
        for r in pack.lifecycle {
            w.beginObject()
            w.field("id", r.id)
            w.field("description", r.description)
            w.field("detectors", r.detectors.sorted())
            w.field("types", r.types.sorted())
            w.field("categories", r.categories.sorted().map(\.rawValue))
            w.field("older_than", r.olderThan?.description)
            w.field("younger_than", r.youngerThan?.description)
            w.field("effective_from", r.effectiveFrom?.description)
            w.field("effective_until", r.effectiveUntil?.description)
            w.field("raise_to", r.raiseTo.map { pack.levels[$0] })
            w.field("lower_to", r.lowerTo.map { pack.levels[$0] })
            w.field("review", r.review)
            w.endObject()
        }
        w.endArray()
        w.key("members")
        w.beginArray()
        for m in pack.members {
            w.beginObject()
            w.field("id", m.id)
            w.field("version", m.version.text)
            w.field("digest", m.digest)
            w.field("source", m.source)
            w.field("signer", m.signer)
            w.endObject()
        }
        w.endArray()
        w.key("layer_changes")
        w.beginArray()
        for a in pack.layerActions {
            w.beginObject()
            w.field("action", a.kind.rawValue)
            w.field("target", a.target)
            w.field("by", a.by)
            w.field("effective_until", a.date?.description)
            w.endObject()
        }
        w.endArray()
        w.field("signer", pack.signer)
    }
}
