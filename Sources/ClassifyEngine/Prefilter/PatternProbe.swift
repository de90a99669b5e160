// SPDX-License-Identifier: Apache-2.0
// Before a pack is accepted, every pattern is run against adversarial inputs built from
// its own character classes ("aaaa…", "a0a0…", its literal prefix followed by filler).
// PCRE2's match limit bounds the work of one match attempt; during the probe it is set
// low, so a pattern that backtracks exponentially or re-reads the input from every start
// position (the shapes behind Presidio's and detect-secrets' hangs) hits it and the pack
// is refused, naming the detector, the pattern and the input that exposed it.

import RulePacks

extension Ruleset {
    /// The most match steps one attempt may take on a probe input, at least: ordinary
    /// patterns need a few hundred, catastrophic ones millions. A bounded pattern that scans
    /// forward (a lazy `[\s\S]{16,32768}?` up to an END line) may take up to four steps per
    /// byte it can match.
    static let probeStepLimit: UInt32 = 2_000

    /// Above this many milliseconds for a 16 KiB probe, and 8 times the time of a 4 KiB
    /// one, an unbounded pattern's time is taken to grow faster than its input.
    static let superlinearFloorMs = 2.0
    /// The size of each probe input: long enough that an attempt which re-reads the rest
    /// of the input exceeds the step limit.
    static let probeBytes = 4 * 1024

    /// Runs every pattern over its probe inputs and throws for the first that exceeds the
    /// probe's step limit.
    func probePatterns() throws(ClassifyError) {
        guard let scratch = MatchScratch(matchLimit: Ruleset.probeStepLimit) else {
            throw ClassifyError(.noMemory, "cannot allocate PCRE2 match state")
        }
        let jit = detectors.first?.patterns.first?.jitted ?? true
        let reference = Ruleset.referenceCost(jit: jit, scratch)
        for d in detectors {
            for (pi, pattern) in d.patterns.enumerated() {
                let analysis = PatternAnalysis(pattern: d.spec.patterns[pi], caseless: d.spec.caseless)
                let reach = prefilter.reach(detector: d.index, pattern: pi)
                let limit = max(Ruleset.probeStepLimit, UInt32(clamping: 4 * (reach ?? 0)))
                scratch.setMatchLimit(limit)
                for probe in Ruleset.probes(for: analysis, size: Ruleset.probeBytes) {
                    if Ruleset.exceedsLimit(pattern, probe.bytes, scratch) {
                        throw d.spec.error(
                            .pattern,
                            "pattern backtracks too much: one match attempt needs more than \(limit) steps on \(probe.name), so its time grows faster than the input; bound its repetitions (e.g. {1,64} instead of +) and avoid nested or overlapping quantifiers",
                            at: "/patterns/\(pi)")
                    }
                }
                // An unbounded pattern can re-read the rest of the input from every start
                // position without backtracking (one step per run): time it at two sizes.
                if reach == nil, let slow = Ruleset.superlinear(pattern, analysis, scratch) {
                    throw d.spec.error(
                        .pattern,
                        "pattern time grows faster than its input: \(slow); bound its repetitions (e.g. {1,64} instead of + or *)",
                        at: "/patterns/\(pi)")
                }
                // A bounded pattern is linear, but a long bound read again from every start
                // ([a-z0-9]{1,5000}@ on "aaaa…") can still cost seconds per MiB.
                if let slow = Ruleset.tooCostly(pattern, analysis, reach: reach, referenceNsPerByte: reference, scratch) {
                    throw d.spec.error(
                        .pattern,
                        "pattern costs too much per byte of input: \(slow); shorten its bounded repetitions or make them stop at a byte the value cannot contain",
                        at: "/patterns/\(pi)")
                }
            }
        }
    }

    /// A description of the probe on which time grows faster than the input, or nil.
    static func superlinear(_ pattern: PCRE2Pattern, _ a: PatternAnalysis, _ scratch: MatchScratch) -> String? {
        scratch.setMatchLimit(MatchScratch.matchLimit)
        let small = probes(for: a, size: 4 * 1024)
        let large = probes(for: a, size: 16 * 1024)
        for (s, l) in zip(small, large) {
            func time(_ input: [UInt8]) -> Double {
                var best = Double.infinity
                for _ in 0..<3 {
                    let t0 = monotonicNanoseconds()
                    _ = exceedsLimit(pattern, input, scratch)
                    best = min(best, Double(monotonicNanoseconds() - t0) / 1e6)
                    if best < superlinearFloorMs / 8 { break }
                }
                return best
            }
            let tl = time(l.bytes)
            guard tl > superlinearFloorMs else { continue }
            let ts = time(s.bytes)
            if tl > 8 * ts {
                return "\(Int(ts * 1000)) µs on 4 KiB but \(Int(tl * 1000)) µs on 16 KiB (\(l.name))"
            }
        }
        return nil
    }

    /// The most CPU time any pattern may take per MiB of input with default settings.
    static let maxMillisecondsPerMiB = 100.0

    /// The bound is calibrated: the cost of a reference pattern that reads 64 bytes from
    /// every start position (`[a-z]{1,64}@` on "aaaa…") is measured with the same matcher
    /// (JIT or interpreter) on the same machine, and a pattern may cost at most
    /// `referenceMultiple` times as much, and never less than `maxMillisecondsPerMiB`. On
    /// the project's reference machine (2 × AMD EPYC) the reference costs about 54 ms per MiB
    /// with the JIT, so the bound is 100 ms per MiB there; under the interpreter (about 105
    /// ms per MiB), on a slower machine or under valgrind the bound scales with the
    /// reference instead of refusing every pack.
    static let referenceMultiple = 1.85
    /// Under the interpreter the relative cost of pattern shapes varies more (a long literal
    /// alternative costs 7 times the reference there, under the JIT less than the reference),
    /// so the multiple is looser; a hostile bound such as {1,20000} still costs hundreds of
    /// times the reference.
    static let interpreterReferenceMultiple = 10.0
    static let referencePattern = "[a-z]{1,64}@"

    /// CPU nanoseconds per byte the reference pattern costs here (best of three).
    static func referenceCost(jit: Bool, _ scratch: MatchScratch) -> Double? {
        guard let reference = try? PCRE2Pattern(referencePattern, caseless: false, jit: jit) else { return nil }
        scratch.setMatchLimit(MatchScratch.matchLimit)
        // The '@' it requires is there (so PCRE2 cannot give up at once), after a newline.
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 64 * 1024 - 2) + Array("\n@".utf8)
        var best = Double.infinity
        for _ in 0..<3 {
            let t0 = threadCPUNanoseconds()
            _ = fullScan(reference, bytes, scratch)
            best = min(best, Double(threadCPUNanoseconds() &- t0))
        }
        return best / Double(bytes.count)
    }

    /// A description of the probe on which a full scan of the pattern costs more than its
    /// bound, or nil. Probes are at least as long as the pattern's reach (up to 64 KiB), so
    /// an attempt can read as far as it would in a real scan. `referenceNsPerByte` is
    /// `referenceCost`; the bound is the larger of `maxMillisecondsPerMiB` and
    /// `referenceMultiple` times the reference.
    static func tooCostly(_ pattern: PCRE2Pattern, _ a: PatternAnalysis, reach: Int?, referenceNsPerByte: Double?,
                          _ scratch: MatchScratch) -> String?
    {
        scratch.setMatchLimit(MatchScratch.matchLimit)
        let size = min(64 * 1024, max(8 * 1024, reach ?? 16 * 1024))
        let nominalNsPerByte = maxMillisecondsPerMiB * 1e6 / Double(1 << 20)
        let multiple = pattern.jitted ? referenceMultiple : interpreterReferenceMultiple
        let boundNsPerByte = max(nominalNsPerByte, multiple * (referenceNsPerByte ?? 0))
        let budgetNs = boundNsPerByte * Double(size)
        // Every printable byte once at the end: PCRE2 gives up at once when a byte the
        // pattern requires is missing from the subject, which a real input would contain.
        let tail = Array(UInt8(0x20)...UInt8(0x7E)) + [0x0A]
        for probe in probes(for: a, size: size, withMismatches: false) {
            let bytes = probe.bytes.dropLast(tail.count) + tail
            // CPU time of this thread: a busy machine slows the wall clock, not this.
            var matches = 0
            func cost() -> Double {
                let t0 = threadCPUNanoseconds()
                matches = fullScan(pattern, bytes, scratch).matches
                return Double(threadCPUNanoseconds() &- t0)
            }
            var best = cost()
            // A probe the pattern matches over and over ("z0" on "0z0z…") measures how many
            // findings the input holds (bounded by max_findings), not the work of a search.
            if matches > size / 256 { continue }
            // Only a probe near the bound is timed again (the best of three counts).
            if best > budgetNs / 2 { best = min(best, cost(), cost()) }
            if best > budgetNs {
                let perMiB = best / 1e6 * Double(1 << 20) / Double(size)
                let bound = boundNsPerByte * Double(1 << 20) / 1e6
                return "about \(Int(perMiB)) ms per MiB on \(probe.name) then every printable byte (the bound is \(Int(bound)) ms per MiB here)"
            }
        }
        return nil
    }

    /// Whether a full scan of `input` makes some attempt hit the match limit.
    static func exceedsLimit(_ pattern: PCRE2Pattern, _ input: [UInt8], _ scratch: MatchScratch) -> Bool {
        fullScan(pattern, input, scratch).limit
    }

    /// Every match of `pattern` in `input`, as a scan finds them (at most 20,000): whether
    /// an attempt hit the match limit (the scan stops there), and how many matched.
    static func fullScan(_ pattern: PCRE2Pattern, _ input: [UInt8], _ scratch: MatchScratch)
        -> (limit: Bool, matches: Int)
    {
        input.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return (false, 0) }
            var from = 0
            var matches = 0
            while from <= buf.count, matches < 20_000 {
                switch pattern.match(base, end: buf.count, from: from, scratch: scratch) {
                case .limit: return (true, matches)
                case .noMatch, .failure: return (false, matches)
                case .match(let whole, _):
                    matches += 1
                    from = whole.upperBound > whole.lowerBound ? whole.upperBound : whole.upperBound + 1
                }
            }
            return (false, matches)
        }
    }

    /// The adversarial inputs for one pattern.
    static func probes(for a: PatternAnalysis, size n: Int, withMismatches: Bool = true) -> [(name: String, bytes: [UInt8])] {
        let kib = "\(n / 1024) KiB of "
        var reps = a.probeBytes
        for b in Array("a0 .\n".utf8) where reps.count < 10 && !reps.contains(b) { reps.append(b) }
        func show(_ b: [UInt8]) -> String {
            let s = String(decoding: b.map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
            return "'" + s + "…'"
        }
        // A byte outside every class of the pattern ends runs with a mismatch; the byte after
        // it supplies what PCRE2's "required character" check looks for, so the attempt
        // cannot be skipped.
        let stop: UInt8 = (UInt8(1)...UInt8(127)).first { !reps.contains($0) && !(0x20...0x7E).contains($0) } ?? 1
        var out: [(String, [UInt8])] = []
        let own = Array(reps.prefix(6))
        for r in reps {
            out.append((kib + show([r, r, r, r]), [UInt8](repeating: r, count: n)))
            for y in own where withMismatches {
                var bytes = [UInt8](repeating: r, count: n - 2)
                bytes += [stop, y]
                out.append((kib + show([r, r, r, r]) + " then a mismatch", bytes))
            }
        }
        // Two long runs around a separator ("aaaa@aaaa"): every start in the first run may
        // read through the second.
        for r in own.prefix(3) {
            for sep in own where sep != r {
                var bytes = [UInt8](repeating: r, count: n / 2 - 1)
                bytes.append(sep)
                bytes += [UInt8](repeating: r, count: n / 2 - 2)
                bytes.append(stop)
                out.append((kib + show([r, r, sep, r, r]), bytes))
            }
        }
        let head = Array(reps.prefix(4))
        for x in head {
            for y in head where x != y {
                let unit = [x, y]
                var bytes = Array((0..<(n / 2 - 1)).flatMap { _ in unit })
                bytes += [stop, x]
                out.append((kib + show(unit + unit), bytes))
            }
        }
        for lit in (a.prefixLiterals ?? []).prefix(2) {
            // The literal back to back: every position of it starts an attempt.
            var dense: [UInt8] = []
            while dense.count < n { dense += lit }
            out.append((kib + show(lit + lit), Array(dense.prefix(n))))
            for r in head.prefix(2) {
                var bytes: [UInt8] = []
                while bytes.count < n { bytes += lit + [UInt8](repeating: r, count: 256) }
                out.append((kib + show(lit + [r, r, r]), bytes))
            }
        }
        return out
    }
}
