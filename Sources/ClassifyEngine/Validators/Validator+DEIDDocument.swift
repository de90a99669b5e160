// SPDX-License-Identifier: Apache-2.0

/// The characters German identity documents use in their serial numbers (no vowels, no
/// B, D, Q, S, so that no word and no look-alike of a digit appears).
private let deDocumentAlphabet = Array("0123456789CFGHJKLMNPRTVWXYZ".utf8)
/// First characters: C F G H J K for passports, L M N P R T V W X Y for identity cards.
private let deDocumentFirst = Array("CFGHJKLMNPRTVWXY".utf8)
/// ICAO 9303 check digit weights, repeated.
private let icaoWeights = [7, 3, 1]

extension Validator {
    /// The serial number of a German identity card (Personalausweis, since November 2010)
    /// or passport (Reisepass), with or without its ICAO 9303 check digit.
    static let deIDDocument = Validator(
        name: "de_id_document",
        summary: "Germany Personalausweis/Reisepass serial: 9 chars from 0-9 and C,F,G,H,J,K,L,M,N,P,R,T,V,W,X,Y,Z, first a letter (C,F,G,H,J,K passports; L,M,N,P,R,T,V,W,X,Y ID cards), optionally a 10th char: the ICAO 9303 check digit (weights 7,3,1; A = 10); all-zero serials rejected."
    ) { bytes in
        guard let c = compact(bytes, limit: 10, separator: { $0 == 0x20 }), c.count == 9 || c.count == 10 else {
            return false
        }
        guard deDocumentFirst.contains(c[0]) else { return false }
        for i in 1..<9 where !deDocumentAlphabet.contains(c[i]) { return false }
        guard c[1..<9].contains(where: { $0 != 0x30 }) else { return false }
        if c.count == 9 { return true }
        guard isDigitByte(c[9]) else { return false }
        var sum = 0
        for i in 0..<9 {
            let ch = c[i]
            let v = isDigitByte(ch) ? Int(ch &- 0x30) : Int(ch &- 0x41) + 10
            sum += v * icaoWeights[i % 3]
        }
        return sum % 10 == Int(c[9] &- 0x30)
    }
}
