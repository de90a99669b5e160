// SPDX-License-Identifier: Apache-2.0

import CBuiltinPacks

/// The packs compiled into the library (packs/*.json, embedded at build time).
public enum BuiltinPacks {
    /// The names of the built-in packs, in layering order.
    public static let names: [String] = (0..<cbuiltin_pack_count()).compactMap { i in
        cbuiltin_pack_at(i).map { String(cString: $0.pointee.name) }
    }

    /// The JSON text of a built-in pack, or nil for an unknown name.
    public static func bytes(named name: String) -> [UInt8]? {
        guard let i = names.firstIndex(of: name), let e = cbuiltin_pack_at(i) else { return nil }
        return Array(UnsafeBufferPointer(start: e.pointee.bytes, count: e.pointee.length))
    }

    /// Loads one built-in pack.
    public static func load(_ name: String) throws(ClassifyError) -> RulePack {
        guard let bytes = bytes(named: name) else {
            throw ClassifyError(
                .invalidArgument,
                "no built-in pack named '\(name)'; built-in packs: \(names.joined(separator: ", ")), default")
        }
        var pack = try RulePack.load(bytes: bytes, name: "builtin:\(name)")
        pack.signer = "builtin"  // part of the library: trusted as it is
        return pack
    }
}
