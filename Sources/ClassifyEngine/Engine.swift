// SPDX-License-Identifier: Apache-2.0
// An engine holds the current ruleset of a long-running process and swaps it atomically.
// A swap loads, verifies and compiles the new pack first, without any lock held; only the
// final pointer exchange is done under a pthread mutex, which readers also take just long
// enough to retain the current snapshot. So a scan never waits for a compile, an in-flight
// scan finishes on the ruleset it started with (it holds a strong reference), and a
// replaced ruleset is freed by ARC when its last user lets go. (A pthread mutex rather than
// Synchronization.Mutex: the latter draws false reports from TSan and helgrind, see
// research/swift-spike.md section 6.)

import RulePacks

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How an engine checks what it loads.
public struct EngineOptions: Sendable {
    /// Packs and bundles read by a swap must be signed by one of `trustedKeys`; the
    /// signature is verified over the bytes before they are parsed. Rulesets handed over
    /// ready-made must have been verified (or be built in).
    public var requireSignatures = false
    public var trustedKeys: [PublicKey] = []
    /// Accept a swap to an older version of the pack that is loaded (same id).
    public var allowDowngrade = false
    /// Run the detectors' examples of packs the engine opens.
    public var checkExamples = true
    /// Compile patterns with PCRE2's JIT.
    public var jit = true

    public init() {}

    var integrity: IntegrityPolicy { IntegrityPolicy(requireSignatures: requireSignatures, trustedKeys: trustedKeys) }
}

/// The current ruleset of an engine and its generation: what one scan pins.
public final class EngineSnapshot: @unchecked Sendable {
    public let ruleset: Ruleset
    /// 1 for the first ruleset, +1 for every successful swap.
    public let generation: UInt64
    /// What the owner attached to this ruleset (the C layer's handle with its C strings).
    public let attachment: AnyObject?

    init(ruleset: Ruleset, generation: UInt64, attachment: AnyObject?) {
        self.ruleset = ruleset
        self.generation = generation
        self.attachment = attachment
    }
}

/// Holds the current ruleset and replaces it atomically (the C object `classify_engine`).
/// Thread-safe: any number of threads may scan and swap at the same time.
public final class Engine: @unchecked Sendable {
    public let options: EngineOptions
    private let attach: (@Sendable (Ruleset) -> AnyObject?)?
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    // Guarded by `mutex`:
    private var current: EngineSnapshot?
    private var swapCount: UInt64 = 0
    private var failedSwapCount: UInt64 = 0

    /// - Parameters:
    ///   - ruleset: the first ruleset (generation 1), or nil to start empty (generation 0;
    ///     scans fail until the first swap).
    ///   - attach: makes the attachment of each new snapshot, outside the lock.
    /// - Throws: `.signature` if signatures are required and `ruleset` was not verified.
    public init(
        ruleset: Ruleset?, options: EngineOptions = EngineOptions(), attachment: AnyObject? = nil,
        attach: (@Sendable (Ruleset) -> AnyObject?)? = nil
    ) throws(ClassifyError) {
        self.options = options
        self.attach = attach
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        if let ruleset {
            try checkVerified(ruleset)  // on failure, deinit releases the mutex
            current = EngineSnapshot(ruleset: ruleset, generation: 1, attachment: attachment ?? attach?(ruleset))
            swapCount = 1
        }
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// The current ruleset and its generation, retained for the caller; nil before the
    /// first ruleset.
    public func snapshot() -> EngineSnapshot? { locked { current } }

    /// The generation of the current ruleset (0 before the first).
    public var generation: UInt64 { locked { current?.generation ?? 0 } }

    /// Successful and failed swaps so far.
    public var swapStatistics: (succeeded: UInt64, failed: UInt64) { locked { (swapCount, failedSwapCount) } }

    // MARK: Swapping

    /// Replaces the current ruleset with a compiled one (with `attachment`, if given, as its
    /// attachment). Returns the new generation.
    @discardableResult
    public func swap(to ruleset: Ruleset, attachment: AnyObject? = nil) throws(ClassifyError) -> UInt64 {
        try recordingFailure { () throws(ClassifyError) in
            try checkVerified(ruleset)
            return try commit(ruleset, attachment: attachment)
        }
    }

    /// Loads a pack or bundle file (its signature from FILE.sig), compiles it and swaps it in.
    @discardableResult
    public func swap(path: String) throws(ClassifyError) -> UInt64 {
        try recordingFailure { () throws(ClassifyError) in
            let pack = try PackDocument.load(
                path: path, libraryVersion: Engine.libraryVersion, integrity: options.integrity,
                beforeParse: { s throws(ClassifyError) in try self.checkDowngrade(id: s.id, version: s.version, name: path) })
            return try compileAndCommit(pack, name: path)
        }
    }

    /// Loads a pack or bundle held in memory (with its signature, if any), compiles it and
    /// swaps it in. A bundle's relative paths start at the directory of `name`.
    @discardableResult
    public func swap(bytes: [UInt8], signature: [UInt8]?, name: String) throws(ClassifyError) -> UInt64 {
        try recordingFailure { () throws(ClassifyError) in
            let pack = try PackDocument.load(
                bytes: bytes, name: name, signature: signature, baseDirectory: PackDocument.directory(of: name),
                libraryVersion: Engine.libraryVersion, integrity: options.integrity,
                beforeParse: { s throws(ClassifyError) in try self.checkDowngrade(id: s.id, version: s.version, name: name) })
            return try compileAndCommit(pack, name: name)
        }
    }

    static let libraryVersion = SemanticVersion(ClassifyVersion.string)!

    private func recordingFailure(_ body: () throws(ClassifyError) -> UInt64) throws(ClassifyError) -> UInt64 {
        do {
            return try body()
        } catch {
            locked { failedSwapCount += 1 }
            throw error
        }
    }

    private func compileAndCommit(_ pack: RulePack, name: String) throws(ClassifyError) -> UInt64 {
        try checkDowngrade(id: pack.id, version: pack.version.text, name: name)
        let ruleset = try Ruleset(pack: pack, checkExamples: options.checkExamples, jit: options.jit)
        return try commit(ruleset)
    }

    /// Publishes a compiled ruleset. The attachment is made and the old snapshot released
    /// outside the lock.
    private func commit(_ ruleset: Ruleset, attachment given: AnyObject? = nil) throws(ClassifyError) -> UInt64 {
        let attachment = given ?? attach?(ruleset)
        var old: EngineSnapshot?
        var refusal: ClassifyError?
        var generation: UInt64 = 0
        locked {
            if let refused = downgradeError(id: ruleset.pack.id, version: ruleset.pack.version, against: current, name: ruleset.pack.source) {
                refusal = refused
                return
            }
            generation = (current?.generation ?? 0) + 1
            old = current
            current = EngineSnapshot(ruleset: ruleset, generation: generation, attachment: attachment)
            swapCount += 1
        }
        if let refusal { throw refusal }
        withExtendedLifetime(old) {}  // the replaced snapshot is released here, unlocked
        return generation
    }

    private func checkVerified(_ ruleset: Ruleset) throws(ClassifyError) {
        guard options.requireSignatures else { return }
        guard let signer = ruleset.pack.signer,
            signer == "builtin" || signer.split(separator: ",").allSatisfy({ id in
                id == "builtin" || options.trustedKeys.contains(where: { $0.id == id })
            })
        else {
            throw ClassifyError(
                .signature,
                "ruleset '\(ruleset.id)' was not verified by a trusted key, and the engine requires signatures (swap the signed file instead)",
                pack: ruleset.id)
        }
    }

    private func checkDowngrade(id: String, version: String, name: String) throws(ClassifyError) {
        guard let v = SemanticVersion(version) else { return }  // the loader rejects it
        let snapshot = self.snapshot()
        if let e = downgradeError(id: id, version: v, against: snapshot, name: name) { throw e }
    }

    private func downgradeError(id: String, version: SemanticVersion, against snapshot: EngineSnapshot?, name: String)
        -> ClassifyError?
    {
        guard !options.allowDowngrade, let loaded = snapshot?.ruleset.pack, loaded.id == id, version < loaded.version
        else { return nil }
        return ClassifyError(
            .downgrade,
            "'\(name)' is \(id) \(version.text), older than the loaded \(loaded.version.text); refused (allow downgrades to accept it)",
            pack: id)
    }

    // MARK: Scanning

    /// Scans with the current ruleset; the result carries its generation.
    /// - Throws: `.invalidArgument` before the first ruleset.
    public func scan(_ data: UnsafeBufferPointer<UInt8>, with scanner: Scanner, options scanOptions: ScanOptions = ScanOptions())
        throws(ClassifyError) -> (result: ScanResult, snapshot: EngineSnapshot)
    {
        guard let snap = snapshot() else {
            throw ClassifyError(.invalidArgument, "the engine has no ruleset yet: swap one in first")
        }
        var result = scanner.scan(data, with: snap.ruleset, options: scanOptions)
        result.generation = snap.generation
        return (result, snap)
    }

    /// Re-decides a stored summary under the current ruleset.
    public func reclassify(_ summary: ResultSummary, asOf: CivilDate? = nil, dataCreated: Int64? = nil)
        throws(ClassifyError) -> (result: ScanResult, snapshot: EngineSnapshot)
    {
        guard let snap = snapshot() else {
            throw ClassifyError(.invalidArgument, "the engine has no ruleset yet: swap one in first")
        }
        var result = try snap.ruleset.reclassify(summary, asOf: asOf, dataCreated: dataCreated)
        result.generation = snap.generation
        return (result, snap)
    }
}
