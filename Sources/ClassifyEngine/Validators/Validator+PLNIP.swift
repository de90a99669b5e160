// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Poland's tax identification number (NIP, numer identyfikacji podatkowej).
    static let plNIP = Validator(
        name: "pl_nip",
        summary: "Poland NIP: 10 digits (3-digit tax office code not starting with 0), check = weights 6,5,7,2,3,4,5,6,7 sum mod 11 (10 invalid); dashes and spaces ignored."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 10, separator: { $0 == 0x20 || $0 == 0x2D }), d.count == 10,
              d[0] != 0
        else { return false }
        let check = weightedSum(d, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11
        return check != 10 && check == Int(d[9])
    }
}
