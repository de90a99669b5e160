// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Payment card magnetic-stripe data (ISO/IEC 7813 track 1 or track 2).
    static let cardTrack = Validator(
        name: "card_track",
        summary: "Magnetic-stripe track data (ISO/IEC 7813): track 1 [%]B PAN ^ NAME (2-26 chars of ASCII 0x20-0x5F) ^ YYMM service-code ... or track 2 [;] PAN = YYMM service-code ...; the PAN must pass credit_card and the expiry month be 01-12."
    ) { bytes in
        guard bytes.count >= 20, bytes.count <= 120 else { return false }
        var i = 0
        if bytes[i] == 0x25 { i += 1 }  // '%'
        var track1 = false
        if i < bytes.count, bytes[i] == 0x42 || bytes[i] == 0x62 { track1 = true; i += 1 }  // 'B'
        if !track1, i < bytes.count, bytes[i] == 0x3B { i += 1 }  // ';'
        let panStart = i
        while i < bytes.count, isDigitByte(bytes[i]) || (track1 && bytes[i] == 0x20) { i += 1 }
        guard i < bytes.count else { return false }
        let pan = UnsafeBufferPointer(rebasing: bytes[panStart..<i])
        guard creditCard.check(pan) else { return false }
        if track1 {
            guard bytes[i] == 0x5E else { return false }  // '^'
            i += 1
            var nameLength = 0
            while i < bytes.count, bytes[i] != 0x5E {
                // The name is in the 6-bit track 1 character set: printable ASCII 0x20-0x5F.
                guard bytes[i] >= 0x20, bytes[i] <= 0x5F else { return false }
                nameLength += 1
                guard nameLength <= 26 else { return false }
                i += 1
            }
            guard nameLength >= 2, i < bytes.count else { return false }
        } else {
            guard bytes[i] == 0x3D || bytes[i] == 0x44 else { return false }  // '=' (or 'D' in some dumps)
        }
        i += 1
        guard i + 7 <= bytes.count else { return false }
        let ymm = UnsafeBufferPointer(rebasing: bytes[i..<(i + 7)])
        guard ymm.allSatisfy(isDigitByte) else { return false }
        let month = Int(ymm[2] - 0x30) * 10 + Int(ymm[3] - 0x30)
        return month >= 1 && month <= 12
    }
}
