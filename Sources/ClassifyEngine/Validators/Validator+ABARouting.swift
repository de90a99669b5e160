// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// ABA routing transit number: Federal Reserve prefix and the 3-7-1 checksum.
    static let abaRouting = Validator(
        name: "aba_routing",
        summary: "US ABA routing number: 9 digits, prefix 00-12, 21-32, 61-72 or 80, 3-7-1 weighted sum mod 10 == 0; all-zero rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 9), d.count == 9 else { return false }
        switch decimal(d, 0, 2) {
        case 0...12, 21...32, 61...72, 80: break
        default: return false
        }
        guard d.contains(where: { $0 != 0 }) else { return false }
        return weightedSum(d, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 == 0
    }
}
