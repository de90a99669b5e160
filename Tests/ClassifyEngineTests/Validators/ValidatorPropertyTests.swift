// SPDX-License-Identifier: Apache-2.0
// Differential properties of the allocation-free validator helpers: each is compared with a
// straightforward array-building reference (the form they had before) over seeded random and
// near-valid inputs, including inputs longer than a ByteList holds; and no validator traps on
// random bytes of any length up to 200.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import ClassifyEngine

/// References: the helpers as plain array code.
private enum Reference {
    static func compact(_ bytes: [UInt8], limit: Int, separator: (UInt8) -> Bool) -> [UInt8]? {
        var out: [UInt8] = []
        for b in bytes {
            switch b {
            case 0x30...0x39, 0x41...0x5A: out.append(b)
            case 0x61...0x7A: out.append(b &- 0x20)
            default:
                if separator(b) { continue }
                return nil
            }
            if out.count > limit { return nil }
        }
        return out
    }

    static func compactDigits(_ bytes: [UInt8], limit: Int, separator: (UInt8) -> Bool) -> [UInt8]? {
        var out: [UInt8] = []
        for b in bytes {
            if b >= 0x30 && b <= 0x39 {
                out.append(b - 0x30)
                if out.count > limit { return nil }
            } else if !separator(b) {
                return nil
            }
        }
        return out
    }

    static func trimmed(_ bytes: [UInt8], limit: Int) -> [UInt8]? {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        var s = bytes[...]
        while let f = s.first, isSpace(f) { s = s.dropFirst() }
        while let l = s.last, isSpace(l) { s = s.dropLast() }
        return s.count <= limit ? Array(s) : nil
    }

    static func luhn(_ d: [UInt8]) -> Bool {
        guard d.count >= 2 else { return false }
        var sum = 0
        for (i, x) in d.reversed().enumerated() {
            var v = Int(x)
            if i % 2 == 1 { v *= 2; if v > 9 { v -= 9 } }
            sum += v
        }
        return sum % 10 == 0
    }

    static func entropy(_ s: [UInt8]) -> Double {
        guard !s.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for b in s { counts[Int(b)] += 1 }
        let n = Double(s.count)
        var h = 0.0
        for c in counts where c > 0 {
            let p = Double(c) / n
            h -= p * log2(p)
        }
        return h
    }
}

/// Seeded inputs: digits with separators, letters of both cases, non-ASCII bytes, whitespace at
/// the ends, lengths 0...200 (so past `ByteList.capacity`).
private func randomInputs(count: Int, seed: UInt64) -> [[UInt8]] {
    var rng = ValidatorFuzzRNG(state: seed)
    let alphabet = Array("0123456789 -./\tABCXYZabcxyz\n\r+_".utf8)
    var out: [[UInt8]] = []
    for k in 0..<count {
        let length = k % 8 == 0 ? Int.random(in: 0...200, using: &rng) : Int.random(in: 0...40, using: &rng)
        var bytes: [UInt8] = []
        for _ in 0..<length {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: bytes.append(UInt8.random(in: 0...255, using: &rng))
            case 1...5: bytes.append(UInt8(0x30 + Int.random(in: 0..<10, using: &rng)))
            default: bytes.append(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)])
            }
        }
        out.append(bytes)
    }
    return out
}

@Suite("Validator helpers against array references")
struct ValidatorPropertyTests {
    static let inputs = randomInputs(count: 20_000, seed: 0x5EED_0005)
    static let limits = [0, 1, 9, 11, 20, 34, 63]

    @Test func compactMatchesTheReference() {
        let separators: [(UInt8) -> Bool] = [Validator.isSeparator, { $0 == 0x20 }, { _ in false }]
        for input in Self.inputs {
            for limit in Self.limits {
                for separator in separators {
                    let got = input.withUnsafeBufferPointer { Validator.compact($0, limit: limit, separator: separator).map { Array($0) } }
                    #expect(got == Reference.compact(input, limit: limit, separator: separator))
                    let digits = input.withUnsafeBufferPointer {
                        Validator.compactDigits($0, limit: limit, separator: separator).map { Array($0) }
                    }
                    #expect(digits == Reference.compactDigits(input, limit: limit, separator: separator))
                }
                let trimmed = input.withUnsafeBufferPointer { Validator.trimmed($0, limit: limit).map { Array($0) } }
                #expect(trimmed == Reference.trimmed(input, limit: limit))
            }
        }
    }

    @Test func readersCountFromTheStartOfASlice() {
        var rng = ValidatorFuzzRNG(state: 42)
        for _ in 0..<5000 {
            let n = Int.random(in: 0...40, using: &rng)
            let d = (0..<n).map { _ in UInt8.random(in: 0...10, using: &rng) }  // 10: not a digit value
            guard let list = ByteList(d) else { Issue.record("\(n) bytes do not fit"); continue }
            #expect(Array(list) == d)
            let from = Int.random(in: 0...n, using: &rng)
            let array = Array(d[from...])
            let start = Int.random(in: -1...22, using: &rng), count = Int.random(in: -1...20, using: &rng)
            #expect(Validator.decimal(list[from...], start, count) == Validator.decimal(array, start, count))
            #expect(Validator.decimal(list, start, count) == Validator.decimal(d, start, count))
            let ascii = array.map { $0 &+ 0x30 }
            #expect(Validator.asciiDecimal(ascii[...], start, count) == Validator.asciiDecimal(ascii, start, count))
            let weights = [3, 7, 1, 3, 7, 1, 3, 7, 1]
            #expect(Validator.weightedSum(list[from...], weights, from: 1) == Validator.weightedSum(array, weights, from: 1))
            let digits = d.map { $0 % 10 }
            #expect(Validator.luhnValid(ByteList(digits) ?? ByteList()) == Reference.luhn(digits))
            #expect(Validator.allSame(list[from...]) == (array.first.map { f in array.allSatisfy { $0 == f } } ?? false))
        }
    }

    @Test func byteListStopsAtItsCapacity() {
        var list = ByteList()
        for i in 0..<ByteList.capacity {
            let appended = list.append(UInt8(truncatingIfNeeded: i))
            #expect(appended)
        }
        let appendedPastCapacity = list.append(0)
        #expect(!appendedPastCapacity)
        #expect(list.count == ByteList.capacity)
        #expect(ByteList([UInt8](repeating: 1, count: ByteList.capacity + 1)) == nil)
        #expect(list.sublist(3..<6).elementsEqual([3, 4, 5]))
        #expect(list.withUnsafeBufferPointer { Array($0) } == Array(list))
    }

    @Test func entropyIsBitForBitTheReference() {
        for input in Self.inputs.prefix(5000) {
            let got = input.withUnsafeBufferPointer { shannonEntropy($0, 0..<$0.count) }
            #expect(got.bitPattern == Reference.entropy(input).bitPattern)
            if input.count > 4 {
                let sub = input.withUnsafeBufferPointer { shannonEntropy($0, 2..<($0.count - 1)) }
                #expect(sub.bitPattern == Reference.entropy(Array(input[2..<(input.count - 1)])).bitPattern)
            }
        }
    }

    /// The Luhn validator against the reference over digit strings with separators.
    @Test func luhnValidatorMatchesTheReference() throws {
        let luhn = try #require(Validator.named("luhn"))
        for input in Self.inputs {
            let expected: Bool = {
                guard let d = Reference.compactDigits(input, limit: 32, separator: Validator.isSeparator), d.count >= 2,
                      d.contains(where: { $0 != 0 })
                else { return false }
                return Reference.luhn(d)
            }()
            #expect(luhn.validate(input) == expected)
        }
    }

    /// Every validator on random bytes of every length 0...200, and on valid examples grown past
    /// a ByteList's capacity: no trap.
    @Test(arguments: Validator.all.map(\.name))
    func survivesEveryLengthTo200(_ name: String) throws {
        let v = try #require(Validator.named(name))
        var rng = ValidatorFuzzRNG(state: 0xA110C &+ UInt64(truncatingIfNeeded: name.utf8.count))
        for length in 0...200 {
            for _ in 0..<5 {
                var bytes: [UInt8] = []
                for _ in 0..<length { bytes.append(UInt8.random(in: 0...255, using: &rng)) }
                _ = v.validate(bytes)
                bytes = bytes.map { 0x30 + $0 % 10 }
                _ = v.validate(bytes)
            }
        }
        for example in validatorValidExamples[name] ?? [] {
            var grown = Array(example.utf8)
            while grown.count <= 200 {
                _ = v.validate(grown)
                grown += Array(example.utf8)
            }
        }
    }
}
