// SPDX-License-Identifier: Apache-2.0
// Scans the targets on `--jobs` worker threads and hands the outcomes to the caller in
// target order (sorted by path), whatever order the workers finish in, so that the output
// is the same for any number of jobs. Each worker owns a Scanner and a read buffer; the
// Ruleset is immutable and shared. Outcomes are handed over as soon as every earlier one
// is, so streaming formats start writing before the scan ends. On SIGINT/SIGTERM/SIGHUP
// (Interrupts.swift) no further target is started, the scans in flight are cancelled
// through the engine's cancel flag, and what was done is still handed over.

import ClassifyEngine

struct ScanSettings: Sendable {
    var ruleset: Ruleset
    var options: ScanOptions
    var maxFileSize: Int
    var builder: ReportBuilder
    var jobs: Int
    /// Whether CSV, TSV, JSON and NDJSON files are read as records (Structured/).
    var structured: StructuredMode = .auto
    /// Regular files larger than this are scanned as a stream, not read whole.
    var streamAbove: Int = ScanSettings.defaultStreamAbove

    /// 128 MiB, above the default --max-file-size: by default every file is read whole and
    /// scanned with the prefilter (a stream does not use it yet and is several times
    /// slower); files over a raised --max-file-size are streamed with bounded memory. Memory
    /// stays below --jobs times this.
    static let defaultStreamAbove = 128 * 1_048_576
}

/// Counters for the progress line.
struct ProgressSnapshot {
    var filesDone: Int
    var filesTotal: Int
    var bytesDone: Int
    var findings: Int
}

final class ScanPipeline: @unchecked Sendable {
    private let targets: [ScanTarget]
    private let settings: ScanSettings
    private let monitor = Monitor()
    // Guarded by `monitor`:
    private var nextToClaim = 0
    private var outcomes: [FileOutcome?]
    private var stopping = false
    private var filesDone = 0
    private var bytesDone = 0
    private var findingsDone = 0

    init(targets: [ScanTarget], settings: ScanSettings) {
        self.targets = targets
        self.settings = settings
        outcomes = Array(repeating: nil, count: targets.count)
    }

    /// Runs the scan. `emit` gets every outcome in target order on the calling thread;
    /// `tick` is called about ten times a second while the caller waits. If `emit` throws,
    /// the workers stop after their current file and the error is rethrown once they have.
    /// Interrupted, it emits the outcomes of the targets started and returns how many were
    /// not (0 when the scan ran to its end).
    @discardableResult
    func run(
        emit: (FileOutcome) throws(OutputFailure) -> Void, tick: (ProgressSnapshot) -> Void
    ) throws(OutputFailure) -> Int {
        guard !targets.isEmpty else { return 0 }
        let count = min(max(settings.jobs, 1), targets.count)
        var threads: [WorkerThread] = []
        for _ in 0..<count {
            if case .success(let t) = WorkerThread.start({ [self] in work() }) { threads.append(t) }
        }
        // Not even one thread could be started: scan on this one.
        if threads.isEmpty { work() }
        var failure: OutputFailure?
        var notStarted = 0
        for i in 0..<targets.count {
            var ready: FileOutcome?
            while ready == nil && notStarted == 0 {
                var snapshot: ProgressSnapshot?
                let interrupted = Interrupts.stopSignal != nil
                monitor.withLock {
                    if interrupted { stopping = true }
                    if let o = outcomes[i] {
                        ready = o
                        outcomes[i] = nil
                    } else if stopping && i >= nextToClaim {
                        // Targets are claimed in order: none from here on will be.
                        notStarted = targets.count - i
                    } else {
                        monitor.wait(nanoseconds: 100_000_000)
                        snapshot = ProgressSnapshot(
                            filesDone: filesDone, filesTotal: targets.count, bytesDone: bytesDone,
                            findings: findingsDone)
                    }
                }
                if let snapshot { tick(snapshot) }
            }
            guard let ready else { break }
            do {
                try emit(ready)
            } catch {
                failure = error
                break
            }
        }
        if let failure {
            monitor.withLock { stopping = true }
            // A reader that went away wants us gone now, not after the current files.
            if case .brokenPipe = failure { throw failure }
            for t in threads { t.join() }
            throw failure
        }
        for t in threads { t.join() }
        return notStarted
    }

    private func work() {
        let scanner = try? Scanner()
        var buffer = ReadBuffer()
        let reader = FileReader(maxFileSize: settings.maxFileSize)
        while true {
            let claimed: Int? = monitor.withLock {
                guard !stopping, Interrupts.stopSignal == nil, nextToClaim < targets.count else { return nil }
                nextToClaim += 1
                return nextToClaim - 1
            }
            guard let i = claimed else { return }
            let outcome = process(targets[i], scanner: scanner, reader: reader, buffer: &buffer)
            monitor.withLock {
                outcomes[i] = outcome
                filesDone += 1
                if case .scanned(let r) = outcome {
                    bytesDone += r.byteCount
                    findingsDone += r.findings.count
                }
                monitor.broadcast()
            }
        }
    }

    private func process(_ target: ScanTarget, scanner: Scanner?, reader: FileReader, buffer: inout ReadBuffer)
        -> FileOutcome
    {
        guard let scanner else {
            return .failed(ErrorEntry(path: target.path, message: "cannot allocate a scanner (out of memory)"))
        }
        let input: OpenedInput
        switch reader.open(target) {
        case .skipped(let reason, let overLimit):
            return .skipped(SkippedEntry(path: target.path, reason: reason, incomplete: overLimit && target.named))
        case .failed(let message):
            return .failed(ErrorEntry(path: target.path, message: message))
        case .opened(let opened):
            input = opened
        }
        defer { input.close() }
        // Streams (standard input, FIFOs, devices) and large files are scanned as streams,
        // never held whole (Stream/StreamScan.swift).
        if !input.isRegular || input.size > settings.streamAbove {
            return StreamScan.process(target, input: input, scanner: scanner, settings: settings)
        }
        switch reader.readWhole(input, into: &buffer) {
        case .skipped(let reason, let overLimit):
            return .skipped(SkippedEntry(path: target.path, reason: reason, incomplete: overLimit && target.named))
        case .failed(let message):
            return .failed(ErrorEntry(path: target.path, message: message))
        case .data:
            let n = buffer.count
            return buffer.storage.withUnsafeBufferPointer { all in
                let data = UnsafeBufferPointer(rebasing: all[0..<n])
                // A structured file is scanned record by record, field names as context
                // (Structured/StructuredScan.swift); one that does not parse, as text.
                if let kind = StructuredScan.kind(of: target.path, mode: settings.structured),
                    let s = try? StructuredScan.scan(
                        data, kind: kind, scanner: scanner, ruleset: settings.ruleset, options: settings.options)
                {
                    return .scanned(settings.builder.build(path: target.path, data: data, result: s.result, fields: s.fields))
                }
                let result = scanner.scan(data, with: settings.ruleset, options: settings.options)
                return .scanned(settings.builder.build(path: target.path, data: data, result: result))
            }
        }
    }
}
