// SPDX-License-Identifier: Apache-2.0
// What a detector's findings lead to under a pack on a day, computed from the pack alone
// (for tools that compare packs; the engine's Ruleset precomputes the same per detector).

extension RulePack {
    /// The level rank and frameworks a finding of `detector` leads to on `day`: the highest
    /// of its own level and the level of every policy in force that applies to it, and the
    /// union of the frameworks. Also the ids of those policies.
    public func mapping(of detector: DetectorSpec, on day: CivilDate) -> (rank: Int, frameworks: [String], policies: [String]) {
        var rank = detector.levelRank
        var frameworks = detector.frameworks
        var applied: [String] = []
        for p in policies where p.applies(to: detector) && p.isInForce(on: day) {
            applied.append(p.id)
            if let r = p.levelRank, r > rank { rank = r }
            for f in p.frameworks where !frameworks.contains(f) { frameworks.append(f) }
        }
        return (rank, frameworks.sorted(), applied)
    }
}

extension PackDocument {
    /// What a document says it is - "pack" or "bundle", its id and version - after checking
    /// it (a pack is fully validated; a bundle's manifest is, not its members). For signing.
    public static func identify(bytes: [UInt8], name: String) throws(ClassifyError)
        -> (kind: String, id: String, version: SemanticVersion)
    {
        let (root, locator) = try RulePack.parseDocument(bytes, name: name)
        if case .object(let members) = root, case .string(let schema)? = members.last(where: { $0.key == "schema" })?.value,
            schema == BundleManifest.schema
        {
            let m = try BundleManifest.decode(root, locator: locator, bytes: bytes, name: name)
            return ("bundle", m.id, m.version)
        }
        let p = try RulePack.load(root: root, locator: locator, bytes: bytes, name: name)
        return ("pack", p.id, p.version)
    }
}
