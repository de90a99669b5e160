// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Chile's RUT/RUN.
    static let clRUT = Validator(
        name: "cl_rut",
        summary: "Chile RUT/RUN: 7-8 digit body + check digit 0-9 or K; weights 2,3,4,5,6,7 from the right, 11 - (sum mod 11), 11 -> 0, 10 -> K."
    ) { bytes in
        guard let c = compact(bytes, limit: 9), c.count == 8 || c.count == 9 else { return false }
        let body = c.dropLast()
        guard body.allSatisfy(isDigitByte), let last = c.last else { return false }
        var s = 0
        for (i, ch) in body.reversed().enumerated() { s += Int(ch - 0x30) * (2 + i % 6) }
        let check = 11 - s % 11
        let expected: UInt8 = check == 11 ? 0x30 : check == 10 ? 0x4B : UInt8(0x30 + check)
        return last == expected
    }
}
