// SPDX-License-Identifier: Apache-2.0

extension RulePack {
    /// What an overlay pack does to the packs layered below it (`"layer"` in the pack,
    /// docs/rule-packs.md "Layering"). A pack that has one is an *overlay*: its policies and
    /// lifecycle rules may name detectors of the packs below it.
    public struct Layer: Sendable {
        /// Detector ids of packs below to remove.
        public var disable: [String] = []
        /// Detector ids this pack defines that replace the detector of the same id below.
        public var override: [String] = []
        /// Policies of packs below to end on a date.
        public var endPolicies: [PolicyEnd] = []
        /// Whether the overlay has its own `review` (else the one below stays).
        public var setsReview = false

        public init() {}

        public struct PolicyEnd: Sendable {
            public var id: String
            /// The first day the policy is no longer in force (exclusive, like `effective_until`).
            public var effectiveUntil: CivilDate
        }

        public var isEmpty: Bool { disable.isEmpty && override.isEmpty && endPolicies.isEmpty }
    }

    /// One pack a layered pack was made from (provenance).
    public struct Member: Sendable, Equatable {
        public var id: String
        public var version: SemanticVersion
        public var digest: String
        public var source: String
        public var signer: String?
    }

    /// One change an overlay made to the packs below it.
    public struct LayerAction: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable {
            case disabledDetector = "disable"
            case overriddenDetector = "override"
            case endedPolicy = "end_policy"
        }
        public var kind: Kind
        /// The detector or policy id.
        public var target: String
        /// The overlay pack that did it.
        public var by: String
        /// For an ended policy: the new `effective_until`.
        public var date: CivilDate?

        public var description: String {
            switch kind {
            case .disabledDetector: return "detector \(target) disabled by \(by)"
            case .overriddenDetector: return "detector \(target) replaced by \(by)"
            case .endedPolicy: return "policy \(target) ended on \(date?.description ?? "?") by \(by)"
            }
        }
    }

    /// Layers packs in order into one. Detectors, policies and lifecycle rules are added
    /// pack by pack; frameworks are united; the last pack's review settings apply. All packs
    /// must use the same levels, and an id may be defined only once, except that an overlay
    /// pack (one with `"layer"`) may:
    ///
    /// - `disable` detectors of the packs below it (they are removed);
    /// - `override` detectors of the packs below it: its own detector of that id replaces
    ///   theirs, in place;
    /// - end policies of the packs below it (`end_policies`: a new `effective_until`);
    /// - name detectors of the packs below it in its policies and lifecycle rules.
    ///
    /// Every such reference must resolve, or layering fails with the overlay's JSON pointer.
    /// A single plain pack is returned unchanged. The result's provenance is the given `id`
    /// and `version`, and a digest over the member digests in order, so the same members
    /// give the same digest.
    public static func layered(_ packs: [RulePack], id: String, version: SemanticVersion) throws(ClassifyError)
        -> RulePack
    {
        guard var out = packs.first else {
            throw ClassifyError(.invalidArgument, "no packs to layer")
        }
        guard packs.count > 1 || out.layer != nil else { return out }
        if let layer = out.layer {
            // An overlay at the bottom has nothing below it to act on.
            if let d = layer.disable.first {
                throw out.error(.invalidPack, "\"disable\" names detector \"\(d)\", but no pack is layered below this one", at: "/layer/disable/0")
            }
            if let d = layer.override.first {
                throw out.error(.invalidPack, "\"override\" names detector \"\(d)\", but no pack is layered below this one", at: "/layer/override/0")
            }
            if let e = layer.endPolicies.first {
                throw out.error(.invalidPack, "\"end_policies\" names policy \"\(e.id)\", but no pack is layered below this one", at: "/layer/end_policies/0/id")
            }
            try checkReferences(of: out, against: Set(out.detectors.map(\.id)))
            out.layer = nil
        }
        guard packs.count > 1 else { return out }
        out.id = id
        out.version = version
        out.source = packs.map(\.source).joined(separator: "+")
        out.description = "Layered: " + packs.map { "\($0.id)@\($0.version)" }.joined(separator: ", ")
        out.members = packs.map { Member(id: $0.id, version: $0.version, digest: $0.digest, source: $0.source, signer: $0.signer) }
        var detectorIDs = Set(out.detectors.map(\.id))
        var policyIDs = Set(out.policies.map(\.id))
        var lifecycleIDs = Set(out.lifecycle.map(\.id))
        var actions: [LayerAction] = []
        for pack in packs.dropFirst() {
            guard pack.levels == out.levels else {
                throw pack.error(
                    .invalidPack,
                    "levels \(pack.levels) differ from \(out.levels) of the packs layered before it", at: "/levels")
            }
            for f in pack.frameworks where !out.frameworks.contains(where: { $0.id == f.id }) {
                out.frameworks.append(f)
            }
            let layer = pack.layer ?? Layer()
            for (i, d) in layer.disable.enumerated() {
                guard let at = out.detectors.firstIndex(where: { $0.id == d }) else {
                    throw pack.error(
                        .invalidPack, "\"disable\" names detector \"\(d)\", which no pack below this one defines",
                        at: "/layer/disable/\(i)")
                }
                out.detectors.remove(at: at)
                detectorIDs.remove(d)
                actions.append(LayerAction(kind: .disabledDetector, target: d, by: pack.id))
            }
            let overrides = Set(layer.override)
            for d in pack.detectors {
                if overrides.contains(d.id) {
                    guard let at = out.detectors.firstIndex(where: { $0.id == d.id }) else {
                        let i = layer.override.firstIndex(of: d.id) ?? 0
                        throw pack.error(
                            .invalidPack,
                            "\"override\" names detector \"\(d.id)\", which no pack below this one defines (to add a detector, leave it out of \"override\")",
                            at: "/layer/override/\(i)")
                    }
                    out.detectors[at] = d
                    actions.append(LayerAction(kind: .overriddenDetector, target: d.id, by: pack.id))
                } else {
                    guard detectorIDs.insert(d.id).inserted else {
                        throw d.error(
                            .invalidPack,
                            "detector id \"\(d.id)\" is already defined by an earlier pack (an overlay replaces it by listing it in \"layer\": {\"override\": [...]})",
                            at: "/id")
                    }
                    out.detectors.append(d)
                }
            }
            for (i, e) in layer.endPolicies.enumerated() {
                guard let at = out.policies.firstIndex(where: { $0.id == e.id }) else {
                    throw pack.error(
                        .invalidPack, "\"end_policies\" names policy \"\(e.id)\", which no pack below this one defines",
                        at: "/layer/end_policies/\(i)/id")
                }
                out.policies[at].effectiveUntil = e.effectiveUntil
                actions.append(LayerAction(kind: .endedPolicy, target: e.id, by: pack.id, date: e.effectiveUntil))
            }
            for p in pack.policies {
                guard policyIDs.insert(p.id).inserted else {
                    throw pack.error(
                        .invalidPack, "policy id \"\(p.id)\" is already defined by an earlier pack",
                        at: "/policies/\(p.index)/id")
                }
                out.policies.append(p)
            }
            for r in pack.lifecycle {
                guard lifecycleIDs.insert(r.id).inserted else {
                    throw pack.error(
                        .invalidPack, "lifecycle rule id \"\(r.id)\" is already defined by an earlier pack",
                        at: "/lifecycle/\(r.index)/id")
                }
                out.lifecycle.append(r)
            }
            if pack.layer != nil { try checkReferences(of: pack, against: detectorIDs) }
            if pack.layer?.setsReview ?? true { out.review = pack.review }
        }
        guard out.detectors.count <= Limits.detectors else {
            throw ClassifyError(
                .limit, "the layered packs have \(out.detectors.count) detectors; the limit is \(Limits.detectors) (CLASSIFY_LIMIT_DETECTORS)",
                pack: id)
        }
        out.layer = nil
        out.layerActions = actions
        let signers = packs.map(\.signer)
        out.signer = signers.contains(where: { $0 == nil }) ? nil : Array(Set(signers.compactMap { $0 })).sorted().joined(separator: ",")
        let joined = packs.map(\.digest).joined(separator: "\n")
        out.digest = Array(joined.utf8).withUnsafeBufferPointer { Digest.label($0) }
        return out
    }

    /// An overlay's policies and lifecycle rules may name detectors of the packs below it;
    /// each name must be a detector present once the overlay is applied.
    static func checkReferences(of pack: RulePack, against detectors: Set<String>) throws(ClassifyError) {
        for p in pack.policies {
            for d in p.detectors.sorted() where !detectors.contains(d) {
                throw pack.error(
                    .invalidPack, "policy names detector \"\(d)\", which neither this pack nor a pack below it defines",
                    at: "/policies/\(p.index)/detectors")
            }
        }
        for r in pack.lifecycle {
            for d in r.detectors.sorted() where !detectors.contains(d) {
                throw pack.error(
                    .invalidPack,
                    "lifecycle rule names detector \"\(d)\", which neither this pack nor a pack below it defines",
                    at: "/lifecycle/\(r.index)/detectors")
            }
        }
    }
}
