// SPDX-License-Identifier: Apache-2.0
// Detached Ed25519 signatures: a flipped bit anywhere is rejected before the JSON is
// parsed; wrong keys, missing signatures, moved signatures are rejected; keys round-trip.

import Testing
@testable import RulePacks

@Suite struct SignatureTests {
    let key = try! SecretKey.generate()
    let v = SemanticVersion("1.0.0")!
    let small = Array(packText("signed", version: "1.2.0", detectors: [detectorJSON("a")]).utf8)

    func sign(_ bytes: [UInt8], kind: String = "pack", id: String = "signed", version: String = "1.2.0",
              with k: SecretKey? = nil) throws -> [UInt8] {
        Array(try PackSignature.sign(bytes, kind: kind, id: id, version: version, with: k ?? key).fileText.utf8)
    }

    func load(_ bytes: [UInt8], _ sig: [UInt8]?, trusted: [PublicKey]? = nil, required: Bool = true) throws(ClassifyError)
        -> RulePack
    {
        try PackDocument.load(
            bytes: bytes, name: "p.json", signature: sig, baseDirectory: ".", libraryVersion: v,
            integrity: IntegrityPolicy(requireSignatures: required, trustedKeys: trusted ?? [key.publicKey]))
    }

    @Test func aSignedPackLoadsAndNamesItsSigner() throws {
        let p = try load(small, try sign(small))
        #expect(p.id == "signed" && p.signer == key.publicKey.id)
        // Not required: not checked, not claimed.
        #expect(try load(small, nil, required: false).signer == nil)
    }

    @Test func everyFlippedBitOfThePackIsRejectedBeforeParsing() throws {
        let sig = try sign(small)
        var rejected = 0
        for i in small.indices {
            for bit in [0, 3, 7] as [UInt8] {
                var bytes = small
                bytes[i] ^= 1 << bit
                do {
                    _ = try load(bytes, sig)
                } catch {
                    // .signature, not .invalidPack: the bytes were refused before json-c saw them.
                    #expect(error.code == .signature, "byte \(i) bit \(bit): \(error)")
                    #expect(error.reason.contains("does not match its signature"))
                    rejected += 1
                }
            }
        }
        #expect(rejected == small.count * 3)
    }

    @Test func everyFlippedByteOfTheSignatureIsRejected() throws {
        let sig = try sign(small)
        for i in sig.indices {
            var s = sig
            s[i] ^= 0x01
            #expect(throws: ClassifyError.self, "signature byte \(i)") { try load(small, s) }
        }
    }

    @Test func wrongKeyUntrustedSignerAndMissingSignature() throws {
        let other = try SecretKey.generate()
        // Signed by a key that is not trusted.
        let e1 = #expect(throws: ClassifyError.self) { try load(small, try sign(small, with: other)) }
        #expect(e1?.code == .signature && e1?.reason.contains("not trusted") == true)
        // A signature that claims a trusted key id but was made by another key.
        var forged = try PackSignature.sign(small, kind: "pack", id: "signed", version: "1.2.0", with: other)
        forged.keyID = key.publicKey.id
        let e2 = #expect(throws: ClassifyError.self) { try load(small, Array(forged.fileText.utf8)) }
        #expect(e2?.reason.contains("does not verify") == true)
        // Unsigned when required.
        let e3 = #expect(throws: ClassifyError.self) { try load(small, nil) }
        #expect(e3?.code == .signature && e3?.reason.contains("not signed") == true)
        // No trusted keys at all.
        #expect(throws: ClassifyError.self) { try load(small, try sign(small), trusted: []) }
    }

    @Test func aSignatureCannotBeMovedToAnotherPackOrVersion() throws {
        let other = Array(packText("signed", version: "1.1.0", detectors: [detectorJSON("a")]).utf8)
        #expect(throws: ClassifyError.self) { try load(other, try sign(small)) }
        // A signature whose envelope lies about the version (signed by a trusted key) is
        // caught after parsing: the document is not what was signed.
        let e = #expect(throws: ClassifyError.self) { try load(small, try sign(small, version: "9.0.0")) }
        #expect(e?.code == .signature && e?.reason.contains("its signature is for pack signed@9.0.0") == true)
        #expect(throws: ClassifyError.self) { try load(small, try sign(small, kind: "bundle")) }
    }

    @Test func verificationHappensBeforeTheHookAndParsing() throws {
        // A correctly signed document that is not JSON: the signature passes, then the parser fails.
        let junk = Array("not json".utf8)
        var hooked: PackSignature?
        let e = #expect(throws: ClassifyError.self) {
            try PackDocument.load(
                bytes: junk, name: "j", signature: try sign(junk), baseDirectory: ".", libraryVersion: v,
                integrity: IntegrityPolicy(requireSignatures: true, trustedKeys: [key.publicKey]),
                beforeParse: { s throws(ClassifyError) in hooked = s })
        }
        #expect(e?.code == .invalidPack && hooked?.id == "signed")
        // The hook can refuse (e.g. a downgrade) before parsing.
        let refused = #expect(throws: ClassifyError.self) {
            try PackDocument.load(
                bytes: junk, name: "j", signature: try sign(junk), baseDirectory: ".", libraryVersion: v,
                integrity: IntegrityPolicy(requireSignatures: true, trustedKeys: [key.publicKey]),
                beforeParse: { _ throws(ClassifyError) in throw ClassifyError(.downgrade, "old") })
        }
        #expect(refused?.code == .downgrade)
    }

    @Test func keysRoundTripThroughTheirFiles() throws {
        let pub = try PublicKey(text: key.publicKey.fileText)
        #expect(pub == key.publicKey && pub.id.utf8.count == 16)
        #expect(try PublicKey(text: String(key.publicKey.fileText.split(separator: "\n")[2].dropFirst("public-key: ".count))) == pub)
        let sec = try SecretKey(text: key.fileText)
        #expect(sec.publicKey == key.publicKey)
        #expect(throws: ClassifyError.self) { try PublicKey(text: "classify-public-key/1\nkey-id: 0000000000000000\npublic-key: " + Base64.encode(key.publicKey.bytes)) }
        #expect(throws: ClassifyError.self) { try PublicKey(text: "AAAA") }
        #expect(throws: ClassifyError.self) { try SecretKey(text: key.publicKey.fileText) }
    }

    @Test func signedBundlesVerifyMembersByPinnedDigestOrOwnSignature() throws {
        let dir = temporaryDirectory()
        let basePack = packText("base", detectors: [detectorJSON("a")])
        let overlay = packText("ov", detectors: [detectorJSON("b")])
        write(dir + "/base.json", basePack)
        write(dir + "/ov.json", overlay)
        let digest = Array(basePack.utf8).withUnsafeBufferPointer { Digest.label($0) }
        let manifest = Array(#"{"schema":"classify.bundle/1","id":"acme","version":"1.0.0","packs":[{"pack":"base.json","digest":"\#(digest)"},"ov.json"]}"#.utf8)
        write(dir + "/b.json", manifest)
        write(dir + "/b.json.sig", try sign(manifest, kind: "bundle", id: "acme", version: "1.0.0"))
        let policy = IntegrityPolicy(requireSignatures: true, trustedKeys: [key.publicKey])
        // ov.json is neither pinned nor signed.
        let e = #expect(throws: ClassifyError.self) { try PackDocument.load(path: dir + "/b.json", libraryVersion: v, integrity: policy) }
        #expect(e?.code == .signature && e?.reason.contains("ov.json") == true)
        write(dir + "/ov.json.sig", try sign(Array(overlay.utf8), id: "ov", version: "1.0.0"))
        let b = try PackDocument.load(path: dir + "/b.json", libraryVersion: v, integrity: policy)
        #expect(b.signer == key.publicKey.id && b.members.allSatisfy { $0.signer == key.publicKey.id })
    }
}
