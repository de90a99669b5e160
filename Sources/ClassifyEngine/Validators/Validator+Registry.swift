// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Every validator a pack can name, in a stable order (generic algorithms, then payment
    /// and banking, then national identifiers by country, then health, vehicles, devices and
    /// crypto-currency addresses).
    public static let all: [Validator] = [
        // Generic check-digit algorithms.
        .luhn, .verhoeff,
        // Payment and banking.
        .creditCard, .ibanMod97, .swiftBIC, .abaRouting,
        // United States.
        .usSSN, .usITIN, .usNPI, .usDEA, .usMBI,
        // United Kingdom, Ireland.
        .ukNHS, .ukNINO, .iePPS,
        // Europe.
        .nlBSN, .beNationalNumber, .frINSEE, .deSteuerID, .atSVNR, .chAHV, .itCodiceFiscale,
        .esDNI, .esNIE, .esCIF, .ptNIF, .plPESEL, .dkCPR, .sePersonnummer, .noFodselsnummer,
        .fiHETU, .trTCKimlik,
        // Americas.
        .caSIN, .brCPF, .brCNPJ, .mxCURP, .mxRFC, .arCUIT, .clRUT, .coNIT,
        .ukDrivingLicence, .ukUTR, .deSVNR, .deIDDocument, .frNIF, .plNIP, .plREGON, .plIDCard, .ptCC, .esNSS, .brCNH, .brPIS, .euVAT,
        // Asia-Pacific, Africa.
        .aadhaar, .inPAN, .inGSTIN, .sgNRIC, .jpMyNumber, .krRRN, .auTFN, .auABN, .auMedicare,
        .nzIRD, .zaID,
        // Vehicles, devices, crypto-currency.
        .vin, .imei, .iccid, .btcAddress, .ethAddress,
        .base62CRC32Token, .crc32HexSuffix, .httpBasicAuth,  // credential tokens
        // Asia-Pacific IDs, health, banking, securities, crypto (pii-asia-pacific-africa, phi, financial packs).
        .auACN, .cnResidentID, .hkHKID, .twNationalID, .thNationalID, .nzNHI, .deKVNR, .frRIB, .esCCC, .itBBAN, .isin, .cusip, .lei, .cardTrack, .ltcAddress, .xrpAddress, .xmrAddress, .ethEIP55,
    ]

    /// `all` by name, built once. Names are unique (a test checks it); were two equal, the
    /// first would win.
    private static let byName: [String: Validator] = {
        var table: [String: Validator] = [:]
        table.reserveCapacity(all.count)
        for v in all where table[v.name] == nil { table[v.name] = v }
        return table
    }()

    /// The validator a pack names, or nil when there is none by that name.
    public static func named(_ name: String) -> Validator? { byName[name] }
}
