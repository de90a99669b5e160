// SPDX-License-Identifier: Apache-2.0
// `--exclude GLOB`, matched with fnmatch(3).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Exclusion globs. A walked entry is excluded when a glob matches its base name, its path
/// relative to the scanned directory, or its path as shown. `*` also matches `/`, so
/// `vendor/*` excludes everything below `vendor`, and `*.min.js` any such file at any depth.
struct ExcludeGlobs: Sendable {
    let patterns: [[CChar]]

    init(_ globs: [String]) { patterns = globs.map { Array($0.utf8CString) } }

    var isEmpty: Bool { patterns.isEmpty }

    func excludes(name: [UInt8], relative: [UInt8], shown: [UInt8]) -> Bool {
        guard !patterns.isEmpty else { return false }
        for candidate in [name, relative, shown] {
            let z = candidate.map { CChar(bitPattern: $0) } + [0]
            for p in patterns where fnmatch(p, z, 0) == 0 { return true }
        }
        return false
    }
}
