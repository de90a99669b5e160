"""Independent check-digit and format checks for the generated values.

The corpus labels a value as a true entity only when it is valid for its type, so that the
engine is not penalised for rejecting a Faker value whose check digit is wrong (or credited
for accepting it). These checks are written from the public specifications, not from the
engine's validators, so that the two can disagree and the disagreement shows up.
"""

from __future__ import annotations

import re


def digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def luhn_ok(number: str) -> bool:
    d = digits(number)
    if not d:
        return False
    total = 0
    for i, ch in enumerate(reversed(d)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


# Issuer ranges (IIN prefixes) and lengths of the major networks, from their public
# acceptance documentation: (first digits low, high, lengths).
CARD_IIN_RANGES = [
    ("4", "4", (13, 16, 19)),                       # Visa
    ("51", "55", (16,)), ("2221", "2720", (16,)),   # Mastercard
    ("34", "34", (15,)), ("37", "37", (15,)),       # American Express
    ("6011", "6011", tuple(range(16, 20))), ("644", "649", tuple(range(16, 20))),
    ("65", "65", tuple(range(16, 20))),             # Discover
    ("3528", "3589", tuple(range(16, 20))),         # JCB
    ("300", "305", tuple(range(14, 20))), ("3095", "3095", tuple(range(14, 20))),
    ("36", "36", tuple(range(14, 20))), ("38", "39", tuple(range(14, 20))),  # Diners Club
]


def credit_card_ok(number: str) -> bool:
    """Luhn, and an issuer range and length that a network actually uses."""
    d = digits(number)
    if not luhn_ok(d):
        return False
    return any(low <= d[:len(low)] <= high and len(d) in lengths
               for low, high, lengths in CARD_IIN_RANGES)


def luhn_check_digit(partial: str) -> str:
    """The digit that makes partial + digit pass Luhn."""
    for c in "0123456789":
        if luhn_ok(partial + c):
            return c
    raise AssertionError("unreachable")


# ISO 13616 registry lengths for the countries the corpus uses (and a few neighbours).
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BR": 29, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22,
    "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15,
    "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TR": 26,
}


def _iban_number(s: str) -> int:
    return int("".join(str(int(ch, 36)) for ch in s))


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s):
        return False
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    return _iban_number(s[4:] + s[:4]) % 97 == 1


def iban_from_bban(country: str, bban: str) -> str:
    check = 98 - _iban_number(bban + country + "00") % 97
    return f"{country}{check:02d}{bban}"


def aba_ok(s: str) -> bool:
    d = [int(c) for c in s]
    if len(d) != 9:
        return False
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 == 0


def us_ssn_ok(s: str) -> bool:
    d = digits(s)
    if len(d) != 9:
        return False
    area, group, serial = d[:3], d[3:5], d[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    # Numbers published in advertising or otherwise known to be invalid.
    if d in ("078051120", "219099999", "123456789"):
        return False
    return True


def fr_nir_ok(s: str) -> bool:
    s = s.replace(" ", "")
    if not re.fullmatch(r"[1-478]\d{2}(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2A|2B)\d{6}\d{2}", s):
        return False
    body = s[:13].replace("2A", "19").replace("2B", "18")
    return 97 - int(body) % 97 == int(s[13:])


_CF_ODD = {
    **dict(zip("0123456789", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21])),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
               [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10,
                22, 25, 24, 23])),
}


def it_codice_fiscale_ok(s: str) -> bool:
    s = s.upper()
    if not re.fullmatch(r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}"
                        r"[A-Z][0-9LMNPQRSTUV]{3}[A-Z]", s):
        return False
    total = 0
    for i, ch in enumerate(s[:15]):
        if i % 2 == 0:  # 1st, 3rd, ... (odd positions, 1-based)
            total += _CF_ODD[ch]
        else:
            total += int(ch) if ch.isdigit() else ord(ch) - ord("A")
    return chr(ord("A") + total % 26) == s[15]


_NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def es_nif_ok(s: str) -> bool:
    s = s.upper().replace("-", "")
    m = re.fullmatch(r"(\d{8})([A-Z])", s)
    return bool(m) and _NIF_LETTERS[int(m.group(1)) % 23] == m.group(2)


def es_nie_ok(s: str) -> bool:
    s = s.upper().replace("-", "")
    m = re.fullmatch(r"([XYZ])(\d{7})([A-Z])", s)
    if not m:
        return False
    n = int("XYZ".index(m.group(1)).__str__() + m.group(2))
    return _NIF_LETTERS[n % 23] == m.group(3)


def nl_bsn_ok(s: str) -> bool:
    d = digits(s)
    if len(d) != 9 or d == "000000000":
        return False
    total = sum(int(c) * w for c, w in zip(d[:8], range(9, 1, -1))) - int(d[8])
    return total % 11 == 0


def br_cpf_ok(s: str) -> bool:
    d = [int(c) for c in digits(s)]
    if len(d) != 11 or len(set(d)) == 1:
        return False
    for n in (9, 10):
        total = sum(d[i] * (n + 1 - i) for i in range(n))
        check = (total * 10) % 11 % 10
        if check != d[n]:
            return False
    return True


_VERHOEFF_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_VERHOEFF_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]


def verhoeff_ok(s: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(digits(s))):
        c = _VERHOEFF_D[c][_VERHOEFF_P[i % 8][int(ch)]]
    return c == 0


def in_aadhaar_ok(s: str) -> bool:
    d = digits(s)
    return len(d) == 12 and d[0] not in "01" and verhoeff_ok(d)


UK_NINO_BAD_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def uk_nino_ok(s: str) -> bool:
    s = s.replace(" ", "").upper()
    m = re.fullmatch(r"([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])(\d{6})([A-D])", s)
    return bool(m) and (m.group(1) + m.group(2)) not in UK_NINO_BAD_PREFIXES


CHECKS = {
    "CREDIT_CARD": credit_card_ok,
    "IBAN_CODE": iban_ok,
    "US_BANK_ROUTING": aba_ok,
    "US_SSN": us_ssn_ok,
    "FR_NIR": fr_nir_ok,
    "IT_FISCAL_CODE": it_codice_fiscale_ok,
    "ES_DNI": es_nif_ok,
    "ES_NIE": es_nie_ok,
    "NL_BSN": nl_bsn_ok,
    "BR_CPF": br_cpf_ok,
    "IN_AADHAAR": in_aadhaar_ok,
    "UK_NINO": uk_nino_ok,
}


def is_valid(entity_type: str, value: str) -> bool:
    check = CHECKS.get(entity_type)
    return True if check is None else check(value)
