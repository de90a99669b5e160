// SPDX-License-Identifier: Apache-2.0

extension RulePack {
    /// Layers packs in order into one: detectors and policies are added pack by pack,
    /// frameworks are united, and the last pack's review settings apply. All packs must
    /// use the same levels, and a detector or policy id may appear only once.
    ///
    /// The result's provenance is the given `id` and `version`, and a digest over the
    /// member digests in order, so the same members give the same digest.
    public static func layered(_ packs: [RulePack], id: String, version: SemanticVersion) throws(ClassifyError)
        -> RulePack
    {
        guard var out = packs.first else {
            throw ClassifyError(.invalidArgument, "no packs to layer")
        }
        guard packs.count > 1 else { return out }
        out.id = id
        out.version = version
        out.source = packs.map(\.source).joined(separator: "+")
        out.description = "Layered: " + packs.map { "\($0.id)@\($0.version)" }.joined(separator: ", ")
        var detectorIDs = Set(out.detectors.map(\.id))
        var policyIDs = Set(out.policies.map(\.id))
        for pack in packs.dropFirst() {
            guard pack.levels == out.levels else {
                throw pack.error(
                    .invalidPack,
                    "levels \(pack.levels) differ from \(out.levels) of the packs layered before it", at: "/levels")
            }
            for f in pack.frameworks where !out.frameworks.contains(where: { $0.id == f.id }) {
                out.frameworks.append(f)
            }
            for d in pack.detectors {
                guard detectorIDs.insert(d.id).inserted else {
                    throw d.error(.invalidPack, "detector id \"\(d.id)\" is already defined by an earlier pack", at: "/id")
                }
                out.detectors.append(d)
            }
            for p in pack.policies {
                guard policyIDs.insert(p.id).inserted else {
                    throw pack.error(
                        .invalidPack, "policy id \"\(p.id)\" is already defined by an earlier pack",
                        at: "/policies/\(p.index)/id")
                }
                out.policies.append(p)
            }
            out.review = pack.review
        }
        guard out.detectors.count <= Limits.detectors else {
            throw ClassifyError(
                .limit, "the layered packs have \(out.detectors.count) detectors; the limit is \(Limits.detectors) (CLASSIFY_LIMIT_DETECTORS)",
                pack: id)
        }
        let joined = packs.map(\.digest).joined(separator: "\n")
        out.digest = Array(joined.utf8).withUnsafeBufferPointer { Digest.label($0) }
        return out
    }
}
