// SPDX-License-Identifier: Apache-2.0
// Overlays (`"layer"`) and bundles: disable, override, end_policies, references to the
// packs below, manifests with pinned digests and built-in members.

import Testing
@testable import RulePacks

#if canImport(Glibc)
import Glibc
#endif

func detectorJSON(_ id: String, level: String = "internal", pattern: String = "x\\\\d+") -> String {
    #"{"id":"\#(id)","type":"T_\#(id.uppercased())","category":"pii","patterns":["\#(pattern)"],"level":"\#(level)","examples":{"match":["x1"]}}"#
}

func packText(_ id: String, version: String = "1.0.0", detectors: [String], extra: String = "") -> String {
    #"{"schema":"classify.pack/1","id":"\#(id)","version":"\#(version)","frameworks":[{"id":"GDPR"}],"detectors":[\#(detectors.joined(separator: ","))]\#(extra)}"#
}

func load(_ text: String, _ name: String = "t.json") throws(ClassifyError) -> RulePack {
    try RulePack.load(bytes: Array(text.utf8), name: name)
}

/// A fresh temporary directory.
func temporaryDirectory() -> String {
    var template = Array("/tmp/classify-test-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
}

func write(_ path: String, _ text: String) { write(path, Array(text.utf8)) }

func write(_ path: String, _ bytes: [UInt8]) {
    let f = fopen(path, "wb")!
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
}

@Suite struct LayeringTests {
    let base = packText(
        "base", detectors: [detectorJSON("a"), detectorJSON("b", level: "confidential"), detectorJSON("c")],
        extra: #","policies":[{"id":"pa","detectors":["a"],"level":"restricted","effective_from":"2026-01-01"}]"#)

    @Test func plainPacksLayerAsBefore() throws {
        let one = try load(base)
        #expect(try RulePack.layered([one], id: "x", version: SemanticVersion("9.9.9")!).digest == one.digest)
        let two = try RulePack.layered([one, try load(packText("more", detectors: [detectorJSON("d")]))], id: "x", version: SemanticVersion("2.0.0")!)
        #expect(two.detectors.map(\.id) == ["a", "b", "c", "d"])
        #expect(two.members.map(\.id) == ["base", "more"])
        #expect(throws: ClassifyError.self) {
            try RulePack.layered([one, try load(packText("dup", detectors: [detectorJSON("a")]))], id: "x", version: SemanticVersion("2.0.0")!)
        }
    }

    @Test func overlayDisablesOverridesAndEndsPolicies() throws {
        let overlay = try load(
            packText(
                "overlay", version: "1.1.0", detectors: [detectorJSON("b", level: "restricted", pattern: "y\\\\d+"), detectorJSON("e")],
                extra: #","layer":{"disable":["c"],"override":["b"],"end_policies":[{"id":"pa","effective_until":"2027-01-01"}]},"policies":[{"id":"pe","detectors":["a","e"],"frameworks":["GDPR"]}]"#))
        #expect(overlay.layer?.disable == ["c"])
        let out = try RulePack.layered([try load(base), overlay], id: "bundle", version: SemanticVersion("3.0.0")!)
        #expect(out.detectors.map(\.id) == ["a", "b", "e"])  // b replaced in place, c gone, e added
        #expect(out.detectors[1].patterns == ["y\\d+"] && out.detectors[1].levelRank == 3)
        #expect(out.policies.first { $0.id == "pa" }?.effectiveUntil == CivilDate(iso: "2027-01-01"))
        #expect(out.policies.map(\.id) == ["pa", "pe"])
        #expect(out.layer == nil)
        #expect(out.layerActions.map(\.description) == [
            "detector c disabled by overlay", "detector b replaced by overlay", "policy pa ended on 2027-01-01 by overlay",
        ])
    }

    @Test func unresolvedReferencesAreErrorsAtTheirPointer() throws {
        let baseP = try load(base)
        func error(_ extra: String, detectors: [String] = [detectorJSON("z")]) -> ClassifyError? {
            do {
                _ = try RulePack.layered([baseP, try load(packText("ov", detectors: detectors, extra: extra))], id: "x", version: SemanticVersion("1.0.0")!)
                return nil
            } catch { return error }
        }
        #expect(error(#","layer":{"disable":["nope"]}"#)?.jsonPointer == "/layer/disable/0")
        #expect(error(#","layer":{"override":["z"]}"#)?.jsonPointer == "/layer/override/0")
        #expect(error(#","layer":{"end_policies":[{"id":"nope","effective_until":"2027-01-01"}]}"#)?.jsonPointer == "/layer/end_policies/0/id")
        #expect(error(#","layer":{},"policies":[{"id":"q","detectors":["nope"],"level":"restricted"}]"#)?.jsonPointer == "/policies/0/detectors")
        #expect(error(#","layer":{},"policies":[{"id":"q","detectors":["c"],"level":"restricted"}]"#) == nil)
        // Disabled, then named: no longer there.
        #expect(error(#","layer":{"disable":["c"]},"policies":[{"id":"q","detectors":["c"],"level":"restricted"}]"#) != nil)
        // Without "layer", a pack may not name detectors it does not define, nor redefine one.
        #expect(throws: ClassifyError.self) {
            try load(packText("ov", detectors: [detectorJSON("z")], extra: #","policies":[{"id":"q","detectors":["a"],"level":"restricted"}]"#))
        }
        #expect(error("", detectors: [detectorJSON("a")])?.reason.contains("override") == true)
        // An overlay at the bottom has nothing to act on.
        #expect(throws: ClassifyError.self) {
            try RulePack.layered([try load(packText("ov", detectors: [detectorJSON("z")], extra: #","layer":{"disable":["q"]}"#))], id: "x", version: SemanticVersion("1.0.0")!)
        }
    }

    @Test func layerIsCheckedWhenLoaded() throws {
        func pointer(_ extra: String) -> String? {
            do { _ = try load(packText("ov", detectors: [detectorJSON("z")], extra: extra)); return nil } catch { return error.jsonPointer }
        }
        #expect(pointer(#","layer":{"override":["a"]}"#) == "/layer/override/0")  // not defined here
        #expect(pointer(#","layer":{"disable":["a","a"]}"#) == "/layer/disable/1")
        #expect(pointer(#","layer":{"disable":["z"],"override":["z"]}"#) == "/layer/override/0")
        #expect(pointer(#","layer":{"end_policies":[{"id":"p","effective_until":"2027-13-01"}]}"#) == "/layer/end_policies/0/effective_until")
        #expect(pointer(#","layer":{"remove":[]}"#) == "/layer/remove")
    }

    @Test func bundlesLayerFilesAndBuiltinsAndCheckPinnedDigests() throws {
        let dir = temporaryDirectory()
        write(dir + "/base.json", base)
        let overlayText = packText("overlay", detectors: [detectorJSON("e")], extra: #","layer":{"disable":["c"]}"#)
        write(dir + "/overlay.json", overlayText)
        let digest = Array(overlayText.utf8).withUnsafeBufferPointer { Digest.label($0) }
        let manifest = #"{"schema":"classify.bundle/1","id":"acme","version":"2.0.0","packs":["base.json",{"pack":"overlay.json","digest":"\#(digest)"}],"min_library_version":"1.0.0","min_schema":"classify.pack/1"}"#
        write(dir + "/bundle.json", manifest)
        let v = SemanticVersion("1.0.0")!
        let b = try PackDocument.load(path: dir + "/bundle.json", libraryVersion: v, integrity: IntegrityPolicy())
        #expect(b.id == "acme" && b.version.text == "2.0.0")
        #expect(b.detectors.map(\.id) == ["a", "b", "e"])
        #expect(b.members.map(\.id) == ["base", "overlay"])
        let baseDigest = try load(base).digest
        #expect(b.digest.hasPrefix("sha256:") && b.digest != baseDigest)

        // A changed member no longer matches its pinned digest.
        write(dir + "/overlay.json", overlayText + " ")
        #expect(throws: ClassifyError.self) {
            try PackDocument.load(path: dir + "/bundle.json", libraryVersion: v, integrity: IntegrityPolicy())
        }
        do {
            _ = try PackDocument.load(path: dir + "/bundle.json", libraryVersion: v, integrity: IntegrityPolicy())
        } catch {
            #expect(error.code == .signature && error.jsonPointer == "/packs/1/digest")
        }
        // Newer library or schema needed.
        write(dir + "/new.json", #"{"schema":"classify.bundle/1","id":"n","version":"1.0.0","packs":["base.json"],"min_library_version":"9.0.0"}"#)
        #expect((try? PackDocument.load(path: dir + "/new.json", libraryVersion: v, integrity: IntegrityPolicy())) == nil)
        write(dir + "/builtin.json", #"{"schema":"classify.bundle/1","id":"n","version":"1.0.0","packs":["builtin:core","overlay2.json"]}"#)
        write(dir + "/overlay2.json", packText("o2", detectors: [detectorJSON("zz")], extra: #","layer":{"disable":["email_address"]}"#).replacing(#""frameworks":[{"id":"GDPR"}],"#, with: ""))
        let withCore = try PackDocument.load(path: dir + "/builtin.json", libraryVersion: v, integrity: IntegrityPolicy())
        #expect(!withCore.detectors.contains { $0.id == "email_address" } && withCore.detectors.contains { $0.id == "zz" })
        #expect(withCore.members.first?.signer == "builtin")
        // A bundle is not a pack.
        #expect((try? RulePack.load(path: dir + "/bundle.json"))?.id == nil)
    }
}
