// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Argentina's CUIT/CUIL.
    static let arCUIT = Validator(
        name: "ar_cuit",
        summary: "Argentina CUIT/CUIL: 11 digits, type 20,23,24,27,30,33,34, weights 5,4,3,2,7,6,5,4,3,2, check = 11 - (sum mod 11), 11 -> 0, 10 invalid (AFIP reassigns the type)."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 11), d.count == 11 else { return false }
        switch decimal(d, 0, 2) {
        case 20, 23, 24, 27, 30, 33, 34: break
        default: return false
        }
        let check = 11 - weightedSum(d, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11
        return check != 10 && (check == 11 ? 0 : check) == Int(d[10])
    }
}
