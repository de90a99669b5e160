// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Brazil's driver's licence registration number (CNH, número de registro).
    static let brCNH = Validator(
        name: "br_cnh",
        summary: "Brazil CNH: 11 digits; DV1 = (weights 9..1) mod 11, 10 -> 0 with a -2 offset on DV2; DV2 = (weights 1..9) mod 11 + offset (+11 when negative), 10 -> 0 (DENATRAN); all-same-digit rejected."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 11), d.count == 11, !allSame(d) else { return false }
        var dv1 = weightedSum(d, [9, 8, 7, 6, 5, 4, 3, 2, 1]) % 11
        var offset = 0
        if dv1 >= 10 {
            dv1 = 0
            offset = -2
        }
        var dv2 = weightedSum(d, [1, 2, 3, 4, 5, 6, 7, 8, 9]) % 11 + offset
        if dv2 < 0 { dv2 += 11 }
        if dv2 >= 10 { dv2 = 0 }
        return dv1 == Int(d[9]) && dv2 == Int(d[10])
    }
}
