"""Generates the labelled evaluation corpus.

Three kinds of documents, in several Faker locales:

- prose: short messages and notes, sentences around entities, with natural context words
  ("My card number is", "SSN:", "call me at") and also without any keyword;
- logs: application log lines (ISO, syslog and JSON-lines styles) full of realistic decoys
  (timestamps, request ids, UUIDs, hashes, version strings, durations, ports, user agents)
  and with the occasional leaked value;
- csv: exports with a header row and data rows, where the column header is the only context.

Every document is UTF-8 bytes with a ground truth: the true entities as
(type, start_byte, end_byte, variant) and the decoys as (kind, start_byte, end_byte). A decoy
is a value that looks like an entity but is not one, and that no detector should report.

The corpus is a pure function of (seed, size): Faker instances are seeded per locale and all
other choices come from one random.Random(seed).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import ipaddress
import json
import random
import re
import string
from dataclasses import dataclass, field

from faker import Faker

import keys
import validity

# The entity types the corpus labels, named as the engine names them (see score.TYPE_ALIASES
# for engine names that differ).
LABELLED_TYPES = [
    "CREDIT_CARD", "IBAN_CODE", "US_SSN", "EMAIL_ADDRESS", "PHONE_NUMBER", "IP_ADDRESS",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "PRIVATE_KEY", "JWT", "US_BANK_ROUTING",
    "DATE_OF_BIRTH", "US_PASSPORT",
    # National identifiers with a Faker provider.
    "FR_NIR", "IT_FISCAL_CODE", "ES_DNI", "ES_NIE", "NL_BSN", "BR_CPF", "IN_AADHAAR", "UK_NINO",
    # Values that occur next to the others and that the packs detect: labelled so that a
    # correct finding of them is not mistaken for a false positive.
    "BANK_ACCOUNT_NUMBER", "CREDIT_CARD_EXPIRATION", "MAC_ADDRESS",
]

LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR", "en_IN",
           "ja_JP"]
LOCALE_WEIGHTS = [30, 10, 9, 9, 8, 8, 7, 7, 7, 5]
# Locales used only for IBANs (bban-derived).
IBAN_EXTRA_LOCALES = {"de_AT": "AT", "de_CH": "CH", "pl_PL": "PL", "fi_FI": "FI", "pt_PT": "PT",
                      "en_IE": "IE", "nl_BE": "BE"}
IBAN_LOCALES = ["en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR"]

NATIONAL_ID_BY_LOCALE = {
    "fr_FR": "FR_NIR", "it_IT": "IT_FISCAL_CODE", "es_ES": "ES_DNI", "nl_NL": "NL_BSN",
    "pt_BR": "BR_CPF", "en_IN": "IN_AADHAAR", "en_GB": "UK_NINO",
}

# "Today" for dates of birth and other dates: fixed, so that the corpus does not change with
# the day it is generated on.
REFERENCE_DATE = datetime.date(2025, 6, 1)

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
B64 = string.ascii_letters + string.digits + "/+"


@dataclass
class Entity:
    type: str
    start: int
    end: int
    variant: str
    # Where the context comes from: "keyword" (a context word in the sentence), "none"
    # (a sentence without one), "log_field" (key=value in a log line), "csv_column" (only the
    # column header), "pem" (a key block).
    context: str = ""


@dataclass
class Decoy:
    kind: str
    start: int
    end: int


@dataclass
class Document:
    id: str
    kind: str
    locale: str
    data: bytes
    entities: list[Entity] = field(default_factory=list)
    decoys: list[Decoy] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "id": self.id, "kind": self.kind, "locale": self.locale,
            "text": self.data.decode("utf-8"),
            "entities": [[e.type, e.start, e.end, e.variant, e.context] for e in self.entities],
            "decoys": [[d.kind, d.start, d.end] for d in self.decoys],
        }


# A slot value: ("ENT", type, value, variant) or ("DECOY", kind, value) or plain text.
_PLACEHOLDER = re.compile(r"<<(\w+)>>")


class DocBuilder:
    def __init__(self):
        self.parts: list[bytes] = []
        self.pos = 0
        self.entities: list[Entity] = []
        self.decoys: list[Decoy] = []
        self.context = ""

    def text(self, s: str) -> None:
        b = s.encode("utf-8")
        self.parts.append(b)
        self.pos += len(b)

    def slot(self, value) -> None:
        if isinstance(value, tuple) and value and value[0] == "ENT":
            _, etype, v, variant = value
            start = self.pos
            self.text(v)
            self.entities.append(Entity(etype, start, self.pos, variant, self.context))
        elif isinstance(value, tuple) and value and value[0] == "SEQ":
            for part in value[1:]:
                self.slot(part)
        elif isinstance(value, tuple) and value and value[0] == "DECOY":
            _, kind, v = value
            start = self.pos
            self.text(v)
            self.decoys.append(Decoy(kind, start, self.pos))
        else:
            self.text(str(value))

    def emit(self, template: str, context: str | None = None, **slots) -> None:
        """Writes `template`, replacing each <<name>> by slots[name]."""
        if context is not None:
            self.context = context
        last = 0
        for m in _PLACEHOLDER.finditer(template):
            self.text(template[last:m.start()])
            self.slot(slots[m.group(1)])
            last = m.end()
        self.text(template[last:])

    def build(self, doc_id: str, kind: str, locale: str) -> Document:
        return Document(doc_id, kind, locale, b"".join(self.parts), self.entities, self.decoys)


def ENT(etype, value, variant=""):
    return ("ENT", etype, value, variant)


def DECOY(kind, value):
    return ("DECOY", kind, value)


class Generator:
    """Values (entities and decoys) and documents, all from one seed."""

    def __init__(self, seed: int):
        self.seed = seed
        self.rng = random.Random(seed)
        self.fakers: dict[str, Faker] = {}
        self.stats = {"faker_invalid_rejected": {}, "repaired": {}}
        self._key_pool: list[tuple[str, str]] = []
        self._rsa_for_jwt = None

    # -- helpers -------------------------------------------------------------------------

    def fk(self, locale: str) -> Faker:
        f = self.fakers.get(locale)
        if f is None:
            f = Faker(locale)
            # A stable per-locale seed derived from the corpus seed.
            f.seed_instance(self.seed * 1009 + sum(ord(c) * (i + 1) for i, c in enumerate(locale)))
            self.fakers[locale] = f
        return f

    def choice(self, seq):
        return self.rng.choice(seq)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def digits(self, n: int, first_nonzero=True) -> str:
        s = "".join(self.rng.choice(string.digits) for _ in range(n))
        if first_nonzero and s[0] == "0":
            s = str(self.rng.randint(1, 9)) + s[1:]
        return s

    def hexs(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def _count(self, bucket: str, key: str) -> None:
        d = self.stats[bucket]
        d[key] = d.get(key, 0) + 1

    def _valid(self, etype: str, make, label: str, tries: int = 20) -> str:
        """Draws values from `make` until one passes the independent validity check."""
        for _ in range(tries):
            v = make()
            if validity.is_valid(etype, v):
                return v
            self._count("faker_invalid_rejected", label)
        raise RuntimeError(f"no valid {etype} from {label} after {tries} tries")

    # -- entities ------------------------------------------------------------------------

    # Faker's "jcb15" (prefixes 2131/1800) is left out: those legacy ranges are no longer
    # issued. Faker's "jcb16" uses the prefix 35, of which only 3528-3589 is JCB's: values
    # outside it are rejected by validity.credit_card_ok and drawn again.
    CARD_BRANDS = ["visa16", "visa13", "mastercard", "amex", "discover", "jcb16", "diners"]
    CARD_WEIGHTS = [30, 3, 25, 12, 10, 8, 7]

    def credit_card(self, allow_bare=True):
        brand = self.rng.choices(self.CARD_BRANDS, self.CARD_WEIGHTS)[0]
        f = self.fk("en_US")
        num = self._valid("CREDIT_CARD", lambda: f.credit_card_number(card_type=brand),
                          f"en_US.credit_card_number({brand})")
        fmt = self.rng.choices(["contiguous", "spaces", "dashes"], [40, 40, 20])[0]
        if len(num) == 13:
            fmt = "contiguous"
        if fmt != "contiguous":
            sep = " " if fmt == "spaces" else "-"
            if len(num) == 15 and num[0] == "3":      # amex: 4-6-5
                groups = [num[:4], num[4:10], num[10:]]
            elif len(num) == 14:                       # diners: 4-6-4
                groups = [num[:4], num[4:10], num[10:]]
            else:                                      # 4-4-4-4 (and 4-4-4-3 for jcb15)
                groups = [num[i:i + 4] for i in range(0, len(num), 4)]
            num = sep.join(groups)
        return ENT("CREDIT_CARD", num, f"{brand}/{fmt}")

    def iban(self):
        if self.chance(0.75):
            loc = self.choice(IBAN_LOCALES)
            f = self.fk(loc)
            v = self._valid("IBAN_CODE", f.iban, f"{loc}.iban")
            src = loc
        else:
            loc = self.choice(sorted(IBAN_EXTRA_LOCALES))
            f = self.fk(loc)
            cc = IBAN_EXTRA_LOCALES[loc]
            v = self._valid("IBAN_CODE", lambda: validity.iban_from_bban(cc, f.bban()),
                            f"{loc}.bban")
            src = loc + "/bban"
        if self.chance(0.45):
            v = " ".join(v[i:i + 4] for i in range(0, len(v), 4))
            fmt = "grouped"
        else:
            fmt = "contiguous"
        return ENT("IBAN_CODE", v, f"{v[:2]}/{fmt}" + ("/bban" if src.endswith("bban") else ""))

    def ssn(self, allow_bare: bool):
        f = self.fk("en_US")
        v = self._valid("US_SSN", f.ssn, "en_US.ssn")
        fmt = self.rng.choices(["dashes", "spaces", "bare"], [75, 10, 15 if allow_bare else 0])[0]
        if fmt == "spaces":
            v = v.replace("-", " ")
        elif fmt == "bare":
            v = v.replace("-", "")
        return ENT("US_SSN", v, fmt)

    def email(self, locale: str):
        f = self.fk(locale)
        kind = self.rng.choices(["email", "free_email", "company_email", "name_dot", "plus_tag"],
                                [30, 25, 20, 15, 10])[0]
        if kind == "email":
            v = f.email()
        elif kind == "free_email":
            v = f.free_email()
        elif kind == "company_email":
            v = f.company_email()
        elif kind == "name_dot":
            en = self.fk("en_US")
            v = f"{en.first_name().lower()}.{en.last_name().lower()}@{f.domain_name()}"
        else:
            local, dom = f.free_email().split("@")
            v = f"{local}+{self.choice(['news', 'billing', 'test', 'shop'])}@{dom}"
        return ENT("EMAIL_ADDRESS", v, kind)

    E164 = {"US": ("1", 10), "GB": ("44", 10), "DE": ("49", 11), "FR": ("33", 9),
            "ES": ("34", 9), "IT": ("39", 10), "NL": ("31", 9), "BR": ("55", 11),
            "IN": ("91", 10), "JP": ("81", 10)}
    PHONE_LOCALES = ["en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR", "en_IN",
                     "ja_JP"]

    def phone(self, locale: str, with_keyword: bool):
        """A phone number. Numbers that are bare digit strings are only used with a keyword."""
        while True:
            r = self.rng.random()
            if r < 0.5:
                v = self.fk("en_US").phone_number()
                variant = "en_US"
            elif r < 0.75:
                cc = self.choice(sorted(self.E164))
                code, n = self.E164[cc]
                if cc == "US":
                    nat = (str(self.rng.randint(2, 9)) + self.digits(2, False)
                           + str(self.rng.randint(2, 9)) + self.digits(6, False))
                else:
                    nat = str(self.rng.randint(1, 9)) + self.digits(n - 1, False)
                v = f"+{code}{nat}"
                variant = f"e164/{cc}"
            else:
                loc = locale if locale in self.PHONE_LOCALES and self.chance(0.6) else \
                    self.choice(self.PHONE_LOCALES)
                v = self.fk(loc).phone_number()
                variant = loc
                if loc == "ja_JP" and not v.startswith(("0", "+")):
                    # Faker's ja_JP format '##-####-####' has no trunk prefix 0, which every
                    # Japanese national number has: not a phone number, draw again.
                    self._count("faker_invalid_rejected", "ja_JP.phone_number (no leading 0)")
                    continue
            formatted = not re.fullmatch(r"\d+", v)
            if with_keyword or formatted:
                return ENT("PHONE_NUMBER", v, variant + ("" if formatted else "/bare"))

    def ip(self):
        r = self.rng.random()
        f = self.fk("en_US")
        if r < 0.45:
            return ENT("IP_ADDRESS", f.ipv4_public(), "ipv4/public")
        if r < 0.7:
            return ENT("IP_ADDRESS", f.ipv4_private(), "ipv4/private")
        if r < 0.85:
            return ENT("IP_ADDRESS", f.ipv6(), "ipv6/full")
        # Compressed IPv6 with a run of zero groups, as real addresses have.
        prefix = self.choice(["2001:db8", "2a02:c7f", "fe80:", "2600:1f18", "2001:4860"])
        groups = prefix.rstrip(":").split(":") + ["0"] * 2
        groups += [format(self.rng.getrandbits(16), "x") for _ in range(8 - len(groups))]
        if prefix == "fe80:":
            groups = ["fe80", "0", "0", "0"] + [format(self.rng.getrandbits(16), "x")
                                                for _ in range(4)]
        v = ipaddress.IPv6Address(":".join(groups)).compressed
        return ENT("IP_ADDRESS", v, "ipv6/compressed")

    def aws_key_id(self):
        prefix = self.rng.choices(["AKIA", "ASIA"], [80, 20])[0]
        return ENT("AWS_ACCESS_KEY_ID", prefix + "".join(self.choice(B32) for _ in range(16)),
                   prefix)

    def aws_secret(self):
        return ENT("AWS_SECRET_ACCESS_KEY", "".join(self.choice(B64) for _ in range(40)), "b64")

    def private_key(self, json_escaped=False):
        pem, kind = keys.private_key_pem(self.rng)
        if json_escaped:
            return ENT("PRIVATE_KEY", pem.replace("\n", "\\n"), kind + "/json_escaped")
        return ENT("PRIVATE_KEY", pem, kind)

    def jwt(self):
        f = self.fk(self.choice(LOCALES))
        alg = self.rng.choices(["HS256", "RS256", "none"], [60, 30, 10])[0]
        header = {"alg": alg, "typ": "JWT"}
        if alg == "RS256" and self.chance(0.5):
            header["kid"] = self.hexs(16)
        iat = 1_700_000_000 + self.rng.randrange(0, 50_000_000)
        payload = {"sub": str(self.rng.randrange(10 ** 6, 10 ** 9)), "name": f.name(),
                   "iat": iat, "exp": iat + self.choice([900, 3600, 86400])}
        if self.chance(0.5):
            payload["email"] = f.email()
            payload["iss"] = "https://" + f.domain_name()
        if self.chance(0.3):
            payload["roles"] = self.rng.sample(["admin", "user", "billing", "read", "write"], 2)

        def b64u(b: bytes) -> str:
            return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

        signing_input = (b64u(json.dumps(header, separators=(",", ":")).encode()) + "." +
                         b64u(json.dumps(payload, separators=(",", ":")).encode()))
        if alg == "HS256":
            sig = b64u(hmac.new(self.hexs(32).encode(), signing_input.encode(),
                                hashlib.sha256).digest())
        elif alg == "RS256":
            if self._rsa_for_jwt is None:
                self._rsa_for_jwt = keys.rsa_key(random.Random(self.seed + 17))
            sig = b64u(keys.rs256_sign(self._rsa_for_jwt, signing_input.encode()))
        else:
            sig = ""
        return ENT("JWT", signing_input + "." + sig, alg)

    def routing(self):
        f = self.fk("en_US")
        return ENT("US_BANK_ROUTING", self._valid("US_BANK_ROUTING", f.aba, "en_US.aba"), "aba")

    DOB_FORMATS = {
        "iso": "%Y-%m-%d", "us": "%m/%d/%Y", "eu_slash": "%d/%m/%Y", "eu_dot": "%d.%m.%Y",
        "long_us": "%B {d}, %Y", "long_eu": "{d} %B %Y", "short_month": "%d %b %Y",
    }
    DOB_BY_LOCALE = {"en_US": ["us", "iso", "long_us"], "de_DE": ["eu_dot", "iso"],
                     "en_GB": ["eu_slash", "long_eu", "short_month"],
                     "nl_NL": ["eu_slash", "iso"], "ja_JP": ["iso"]}

    def dob(self, locale: str):
        f = self.fk(locale)
        # Not Faker's date_of_birth, which counts back from the current time and would make
        # the corpus depend on when it is generated.
        d = REFERENCE_DATE - datetime.timedelta(days=self.rng.randint(18 * 365, 90 * 365))
        fmts = self.DOB_BY_LOCALE.get(locale, ["eu_slash", "iso", "eu_dot"])
        if self.chance(0.25):
            fmts = list(self.DOB_FORMATS)
        fmt = self.choice(fmts)
        # Month names in English whatever the process locale.
        months = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"]
        pattern = self.DOB_FORMATS[fmt].replace("{d}", str(d.day))
        pattern = pattern.replace("%B", months[d.month - 1]).replace("%b", months[d.month - 1][:3])
        return ENT("DATE_OF_BIRTH", d.strftime(pattern), fmt)

    def passport(self):
        v = self.fk("en_US").passport_number()
        return ENT("US_PASSPORT", v, "letter+8" if v[0].isalpha() else "9digits")

    def national_id(self, locale: str):
        etype = NATIONAL_ID_BY_LOCALE[locale]
        f = self.fk(locale)
        if etype == "FR_NIR":
            v = self._valid(etype, f.ssn, "fr_FR.ssn")
            if self.chance(0.4):  # printed form: 1 23 45 67 890 123 45
                v = " ".join([v[0], v[1:3], v[3:5], v[5:7], v[7:10], v[10:13], v[13:]])
                return ENT(etype, v, "spaced")
            return ENT(etype, v, "contiguous")
        if etype == "IT_FISCAL_CODE":
            return ENT(etype, self._valid(etype, f.ssn, "it_IT.ssn"), "faker")
        if etype == "ES_DNI":
            if self.chance(0.35):
                return ENT("ES_NIE", self._valid("ES_NIE", f.nie, "es_ES.nie"), "faker")
            return ENT(etype, self._valid(etype, f.nif, "es_ES.nif"), "faker")
        if etype == "NL_BSN":
            return ENT(etype, self._valid(etype, f.ssn, "nl_NL.ssn"), "faker")
        if etype == "BR_CPF":
            v = self._valid(etype, f.cpf, "pt_BR.cpf")
            if self.chance(0.3):
                return ENT(etype, validity.digits(v), "bare")
            return ENT(etype, v, "formatted")
        if etype == "IN_AADHAAR":
            # Faker's aadhaar_id does not compute the Verhoeff check digit (most of its values
            # are invalid): keep its first 11 digits and compute the 12th.
            raw = f.aadhaar_id()
            base = raw[:11]
            if base[0] in "01":
                base = str(self.rng.randint(2, 9)) + base[1:]
            v = next(base + c for c in "0123456789" if validity.in_aadhaar_ok(base + c))
            if v != raw:
                self._count("repaired", "en_IN.aadhaar_id (Verhoeff check digit)")
            if self.chance(0.5):
                return ENT(etype, f"{v[:4]} {v[4:8]} {v[8:]}", "spaced")
            return ENT(etype, v, "contiguous")
        if etype == "UK_NINO":
            # Faker's en_GB ssn always uses the prefix ZZ, which HMRC never issues: replace it
            # with a valid prefix drawn at random.
            raw = f.ssn()
            compact = raw.replace(" ", "")
            while True:
                prefix = self.choice("ABCEGHJKLMNOPRSTWXYZ") + self.choice("ABCEGHJKLMNPRSTWXYZ")
                if prefix not in validity.UK_NINO_BAD_PREFIXES:
                    break
            suffix = self.choice("ABCD")
            compact = prefix + compact[2:8] + suffix
            self._count("repaired", "en_GB.ssn (ZZ prefix, suffix)")
            if " " in raw:
                return ENT(etype, " ".join([compact[:2], compact[2:4], compact[4:6],
                                            compact[6:8], compact[8]]), "spaced")
            return ENT(etype, compact, "contiguous")
        raise KeyError(etype)

    # -- decoys --------------------------------------------------------------------------

    def luhn_failing(self, n: int) -> str:
        while True:
            v = self.digits(n)
            if not validity.luhn_ok(v):
                return v

    def decoy_order_id(self):
        return DECOY("order_id_16_luhn_fail", self.luhn_failing(16))

    def decoy_nine_digits(self):
        return DECOY("random_9_digits", self.digits(9))

    def decoy_zip4(self):
        return DECOY("zip_plus4", self.fk("en_US").zipcode_plus4())

    def decoy_version4(self):
        v = ".".join(str(x) for x in [self.rng.randint(1, 12), self.rng.randint(0, 20),
                                      self.rng.randint(0, 40), self.rng.randint(0, 250)])
        return DECOY("version_4part", v)

    def decoy_build(self):
        return DECOY("build_number", f"10.0.{self.rng.randint(17000, 22631)}.{self.rng.randint(1, 3000)}")

    def decoy_uuid(self):
        return DECOY("uuid", str(self.fk("en_US").uuid4()))

    def decoy_git_sha(self):
        return DECOY("git_sha", self.hexs(40))

    def decoy_sha256(self):
        return DECOY("sha256_hex", self.hexs(64))

    def decoy_price(self):
        return DECOY("price", self.choice(["$", "EUR ", "£"]) +
                     f"{self.rng.randint(1, 99999):,}.{self.rng.randint(0, 99):02d}")

    def decoy_product_code(self):
        a, b, c = self.digits(3), self.digits(3), self.digits(4)
        return DECOY("product_code_phone_like",
                     self.choice([f"{a}-{b}-{c}-{self.choice(['BLK', 'WHT', 'XL', 'A2'])}",
                                  f"PN-{a}-{b}-{c}", f"{a}.{b}.{c}.{self.digits(2, False)}"]))

    def decoy_aws_example_id(self):
        return DECOY("aws_example_key_id", "AKIAIOSFODNN7EXAMPLE")

    def decoy_aws_example_secret(self):
        return DECOY("aws_example_secret", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")

    def decoy_bad_iban(self):
        ent = self.iban()
        v = ent[2]
        # Change one digit after the check digits: fails mod-97.
        idx = [i for i, ch in enumerate(v) if ch.isdigit() and i > 4]
        i = self.choice(idx)
        w = v[:i] + str((int(v[i]) + self.rng.randint(1, 9)) % 10) + v[i + 1:]
        if validity.iban_ok(w):
            w = v[:i] + str((int(v[i]) + 5) % 10) + v[i + 1:]
        return DECOY("iban_bad_checksum", w)

    def decoy_masked_card(self):
        return DECOY("masked_card", self.choice(["**** **** **** ", "XXXX-XXXX-XXXX-",
                                                 "************"]) + self.digits(4, False))

    def decoy_masked_ssn(self):
        return DECOY("masked_ssn", self.choice(["XXX-XX-", "***-**-"]) + self.digits(4, False))

    def decoy_timestamp(self):
        return DECOY("timestamp", f"2025-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
                     f"T{self.rng.randint(0, 23):02d}:{self.rng.randint(0, 59):02d}:"
                     f"{self.rng.randint(0, 59):02d}.{self.digits(3, False)}Z")

    def mac(self):
        return ENT("MAC_ADDRESS", ":".join(format(self.rng.getrandbits(8), "02X")
                                           for _ in range(6)), "colon")

    def account_number(self):
        return ENT("BANK_ACCOUNT_NUMBER", self.digits(self.rng.randint(8, 12)), "us_digits")

    def card_expiry(self):
        return ENT("CREDIT_CARD_EXPIRATION",
                   f"{self.rng.randint(1, 12):02d}/{self.rng.randint(26, 31)}", "mm/yy")

    def decoy_oid(self):
        return DECOY("oid", "1.3.6.1.4.1." + ".".join(str(self.rng.randint(1, 40000))
                                                      for _ in range(self.rng.randint(2, 4))))

    def decoy_date(self):
        d = REFERENCE_DATE - datetime.timedelta(days=self.rng.randint(0, 3 * 365))
        return DECOY("date_not_dob", d.strftime(self.choice(["%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y"])))

    def decoy_isbn(self):
        return DECOY("isbn", self.fk("en_US").isbn13())

    def decoy_public_key(self):
        return DECOY("public_key_pem", keys.public_key_pem(self.rng))

    def decoy_certificate(self):
        return DECOY("certificate_pem", keys.certificate_pem(self.rng, self.fk("en_US").domain_name()))

    def decoy_chrome_ua(self):
        major = self.rng.randint(100, 131)
        return ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                f"Chrome/{major}.0.0.0 Safari/537.36", DECOY("user_agent_version", f"{major}.0.0.0"))


# ------------------------------------------------------------------------------------------
# Prose

PROSE_TEMPLATES = {
    # type: (with keyword, without keyword)
    "CREDIT_CARD": ([
        "My card number is <<v>>, expiry <<exp>>.",
        "Please charge the Visa ending in the number below: <<v>>.",
        "Card: <<v>> (exp <<exp>>, CVV on the back).",
        "I paid with my credit card <<v>> but the order never shipped.",
        "Can you refund it to the card <<v>>?",
        "Mastercard <<v>> was declined twice today.",
        "payment method: card <<v>>",
    ], [
        "Use <<v>> for the renewal, same as last year.",
        "<<name>> sent <<v>> in the chat by mistake.",
        "Here it is: <<v>> - let me know if it works.",
        "It's <<v>>, exp <<exp>>.",
    ]),
    "IBAN_CODE": ([
        "Please transfer the deposit to IBAN <<v>>.",
        "My bank account: <<v>> (<<name>>).",
        "IBAN: <<v>>",
        "The refund goes to account number <<v>>.",
        "Kontonummer / IBAN <<v>>",
    ], [
        "Beneficiary <<name>>, <<v>>, reference <<ref>>.",
        "Wire to <<v>> by Friday.",
        "<<v>> is the one we use for salaries.",
    ]),
    "US_SSN": ([
        "SSN: <<v>>",
        "My social security number is <<v>>.",
        "Employee <<name>>, SS# <<v>>, started on Monday.",
        "For the tax form, my SSN is <<v>>.",
        "social security no. <<v>>",
    ], [
        "<<name>> - <<v>> - <<city>>",
        "Can you check <<v>> against the W-2?",
        "Added <<v>> to the payroll record of <<name>>.",
    ]),
    "EMAIL_ADDRESS": ([
        "You can email me at <<v>>.",
        "Contact: <<v>>",
        "Please send the invoice to <<v>> instead.",
        "My e-mail changed to <<v>> last week.",
    ], [
        "<<name>> <<<v>>> wrote:",
        "cc <<v>>",
        "Forwarding to <<v>>, who owns this now.",
        "Reply-To: <<v>>",
    ]),
    "PHONE_NUMBER": ([
        "Call me at <<v>> after 5pm.",
        "Phone: <<v>>",
        "My mobile number is <<v>>.",
        "Tel.: <<v>>",
        "You can reach <<name>> on <<v>>.",
        "Please text (SMS) <<v>> when you arrive.",
        "Fax <<v>>",
    ], [
        "<<name>>, <<v>>, <<city>>",
        "Reception <<v>> is open from 9 to 5.",
        "If it is urgent: <<v>>.",
    ]),
    "IP_ADDRESS": ([
        "The server IP is <<v>>.",
        "Login from IP address <<v>> was blocked.",
        "Please whitelist host <<v>> on the firewall.",
    ], [
        "It resolves to <<v>> now.",
        "SSH to <<v>> and restart nginx.",
        "Traffic from <<v>> spiked at noon.",
    ]),
    "AWS_ACCESS_KEY_ID": ([
        "The AWS access key id is <<v>>.",
        "aws key: <<v>>",
    ], [
        "I think <<v>> was committed to the repo.",
        "Rotate <<v>> please, it leaked.",
    ]),
    "AWS_SECRET_ACCESS_KEY": ([
        "aws_secret_access_key = <<v>>",
        "The AWS secret access key is <<v>>",
    ], []),
    "US_BANK_ROUTING": ([
        "Routing number: <<v>>, account <<acct>>.",
        "ABA <<v>> / acct <<acct>>",
        "Our bank routing number is <<v>>.",
    ], []),
    "DATE_OF_BIRTH": ([
        "DOB: <<v>>",
        "Date of birth: <<v>>",
        "<<name>> was born on <<v>> in <<city>>.",
        "Birthday <<v>>, please add to the calendar.",
        "D.O.B. <<v>>",
    ], []),
    "US_PASSPORT": ([
        "Passport number: <<v>>",
        "US passport no. <<v>>, expires <<exp_date>>.",
        "Passport # <<v>>",
    ], []),
    "PRIVATE_KEY": ([
        "Here is the deploy key, keep it safe:\n<<v>>\n",
        "ssh key for the bastion host:\n\n<<v>>\n",
    ], [
        "\n<<v>>\n",
    ]),
    "JWT": ([
        "Here's the token: <<v>>",
        "Authorization: Bearer <<v>>",
    ], [
        "Try again with <<v>>",
    ]),
}

LOCAL_DOB_KEYWORDS = {
    "de_DE": "Geburtsdatum: <<v>>", "fr_FR": "Date de naissance : <<v>>",
    "es_ES": "Fecha de nacimiento: <<v>>", "it_IT": "Data di nascita: <<v>>",
    "nl_NL": "Geboortedatum: <<v>>", "pt_BR": "Data de nascimento: <<v>>",
    "ja_JP": "生年月日: <<v>>",
}

NATIONAL_ID_TEMPLATES = {
    "FR_NIR": (["Numéro de sécurité sociale : <<v>>", "N° INSEE <<v>>", "NIR: <<v>>",
                "Mon numéro de sécu est le <<v>>."], []),
    "IT_FISCAL_CODE": (["Codice fiscale: <<v>>", "C.F. <<v>>", "Il mio codice fiscale è <<v>>."],
                       ["<<name>>, <<v>>, <<city>>"]),
    "ES_DNI": (["NIF: <<v>>", "DNI <<v>>", "Mi DNI es <<v>>."], ["<<name>> (<<v>>)"]),
    "ES_NIE": (["NIE: <<v>>", "Número de identidad de extranjero <<v>>"], ["<<name>> (<<v>>)"]),
    "NL_BSN": (["BSN: <<v>>", "Burgerservicenummer <<v>>", "Mijn BSN is <<v>>."], []),
    "BR_CPF": (["CPF: <<v>>", "Meu CPF é <<v>>.", "CPF nº <<v>>"], ["<<name>> - <<v>>"]),
    "IN_AADHAAR": (["Aadhaar: <<v>>", "My Aadhaar number is <<v>>.", "UIDAI / Aadhaar no. <<v>>"],
                   []),
    "UK_NINO": (["National Insurance number: <<v>>", "NI number <<v>>", "NINO: <<v>>"],
                ["<<name>>, <<v>>, <<city>>"]),
}

# Decoy sentences: (template, {slot: decoy method name}).
PROSE_DECOYS = [
    ("Your order #<<d>> has shipped.", {"d": "decoy_order_id"}),
    ("Order number <<d>> - please keep it for your records.", {"d": "decoy_order_id"}),
    ("Tracking id <<d>>, expected delivery tomorrow.", {"d": "decoy_order_id"}),
    ("We upgraded to version <<d>> yesterday.", {"d": "decoy_version4"}),
    ("Windows build <<d>> fixed it.", {"d": "decoy_build"}),
    ("Reference <<d>> in the subject line, please.", {"d": "decoy_nine_digits"}),
    ("Ticket <<d>> was closed.", {"d": "decoy_nine_digits"}),
    ("The total is <<d>> including VAT.", {"d": "decoy_price"}),
    ("Part <<d>> is back in stock.", {"d": "decoy_product_code"}),
    ("Invoice date <<d>>, due in 30 days.", {"d": "decoy_date"}),
    ("The book is ISBN <<d>>.", {"d": "decoy_isbn"}),
    ("Mail it to <<street>>, <<city>> <<d>>.", {"d": "decoy_zip4"}),
    ("The card on file is <<d>>.", {"d": "decoy_masked_card"}),
    ("SSN on record: <<d>>", {"d": "decoy_masked_ssn"}),
    ("The docs use <<d>> as the example access key.", {"d": "decoy_aws_example_id"}),
    ("Wrong IBAN <<d>> bounced, please double-check it.", {"d": "decoy_bad_iban"}),
    ("Commit <<d>> broke the build.", {"d": "decoy_git_sha"}),
]


def _fill(g: Generator, locale: str) -> dict:
    f = g.fk(locale)
    return {
        "name": f.name(), "city": f.city(), "street": g.fk("en_US").street_address(),
        "exp": g.card_expiry(),
        "exp_date": f"{g.rng.randint(2027, 2035)}-{g.rng.randint(1, 12):02d}-{g.rng.randint(1, 28):02d}",
        "ref": g.digits(8), "acct": g.account_number(),
    }


PROSE_WEIGHTS = {
    "CREDIT_CARD": 12, "IBAN_CODE": 9, "US_SSN": 10, "EMAIL_ADDRESS": 10, "PHONE_NUMBER": 14,
    "IP_ADDRESS": 6, "AWS_ACCESS_KEY_ID": 2, "AWS_SECRET_ACCESS_KEY": 2, "US_BANK_ROUTING": 4,
    "DATE_OF_BIRTH": 6, "US_PASSPORT": 4, "JWT": 2, "PRIVATE_KEY": 1, "NATIONAL_ID": 16,
    "DECOY": 16, "FILLER": 14,
}


def _entity_for(g: Generator, etype: str, locale: str, with_kw: bool):
    if etype == "CREDIT_CARD":
        return g.credit_card()
    if etype == "IBAN_CODE":
        return g.iban()
    if etype == "US_SSN":
        return g.ssn(allow_bare=with_kw)
    if etype == "EMAIL_ADDRESS":
        return g.email(locale)
    if etype == "PHONE_NUMBER":
        return g.phone(locale, with_kw)
    if etype == "IP_ADDRESS":
        return g.ip()
    if etype == "AWS_ACCESS_KEY_ID":
        return g.aws_key_id()
    if etype == "AWS_SECRET_ACCESS_KEY":
        return g.aws_secret()
    if etype == "US_BANK_ROUTING":
        return g.routing()
    if etype == "DATE_OF_BIRTH":
        return g.dob(locale)
    if etype == "US_PASSPORT":
        return g.passport()
    if etype == "JWT":
        return g.jwt()
    if etype == "PRIVATE_KEY":
        return g.private_key()
    raise KeyError(etype)


def prose_document(g: Generator, doc_id: str) -> Document:
    locale = g.rng.choices(LOCALES, LOCALE_WEIGHTS)[0]
    f = g.fk(locale)
    b = DocBuilder()
    greeting = g.choice(["Hi", "Hello", "Dear", "Hey"])
    b.text(f"{greeting} {f.first_name()},\n\n")
    kinds = list(PROSE_WEIGHTS)
    weights = [PROSE_WEIGHTS[k] for k in kinds]
    for _ in range(g.rng.randint(4, 10)):
        kind = g.rng.choices(kinds, weights)[0]
        fill = _fill(g, locale)
        if kind == "FILLER":
            b.text(g.choice([f.sentence(), f.sentence(), f"Thanks, {f.name()}.",
                             f"The meeting is at {g.rng.randint(8, 17)}:{g.choice(['00', '30'])} "
                             f"in {f.city()}.", f"Our office: {f.address().replace(chr(10), ', ')}."]))
        elif kind == "DECOY":
            template, slots = g.choice(PROSE_DECOYS)
            b.emit(template, **{k: getattr(g, m)() for k, m in slots.items()},
                   **{k: v for k, v in fill.items() if k not in slots})
        elif kind == "NATIONAL_ID":
            nid_locale = locale if locale in NATIONAL_ID_BY_LOCALE else \
                g.choice(sorted(NATIONAL_ID_BY_LOCALE))
            ent = g.national_id(nid_locale)
            kw, nokw = NATIONAL_ID_TEMPLATES[ent[1]]
            fill = _fill(g, nid_locale)
            # A bare digit string (CPF without its dots) is only a CPF where the text says so.
            with_kw = not nokw or ent[3] == "bare" or g.chance(0.7)
            template = g.choice(kw if with_kw else nokw)
            b.emit(template, context="keyword" if with_kw else "none", v=ent, **fill)
        elif kind == "DATE_OF_BIRTH" and locale in LOCAL_DOB_KEYWORDS and g.chance(0.5):
            b.emit(LOCAL_DOB_KEYWORDS[locale], context="keyword/local", v=g.dob(locale))
        else:
            kw, nokw = PROSE_TEMPLATES[kind]
            with_kw = not nokw or g.chance(0.6)
            template = g.choice(kw if with_kw else nokw)
            b.emit(template, context="keyword" if with_kw else "none",
                   v=_entity_for(g, kind, locale, with_kw), **fill)
        b.text(g.choice([" ", " ", "\n", "\n\n"]))
    b.text(f"\n{g.choice(['Best', 'Cheers', 'Regards', 'Thanks'])},\n{f.name()}\n")
    return b.build(doc_id, "prose", locale)


# ------------------------------------------------------------------------------------------
# Logs

class LogClock:
    def __init__(self, g: Generator):
        self.g = g
        self.t = 1_735_000_000 + g.rng.randrange(0, 30_000_000)

    def tick(self) -> tuple[str, str]:
        self.t += self.g.rng.randint(0, 5)
        ms = self.g.rng.randint(0, 999)
        dt = datetime.datetime.fromtimestamp(self.t, datetime.timezone.utc)
        return dt.strftime("%Y-%m-%dT%H:%M:%S") + f".{ms:03d}Z", dt.strftime("%b %d %H:%M:%S")


def _log_line(g: Generator, locale: str):
    """Picks one log line body (after the timestamp and level): (template, slots)."""
    f = g.fk(locale)
    options = [
        # (weight, template, slots factory)
        (10, 'request_id=<<rid>> method=GET path=<<path>> status=<<status>> duration=<<dur>> '
             'client=<<ip>>',
         lambda: {"rid": DECOY("request_id", g.hexs(32) if g.chance(0.5) else str(f.uuid4())),
                  "ip": g.ip()}),
        (8, '<<ip>> - - "GET <<path>> HTTP/1.1" <<status>> <<bytes>> "-" "<<ua_a>><<uav>><<ua_b>>"',
         lambda: _ua_slots(g, {"ip": g.ip(), "bytes": g.rng.randint(100, 90000)})),
        (6, 'user login succeeded email=<<e>> src_ip=<<ip>> session=<<u>>',
         lambda: {"e": g.email(locale), "ip": g.ip(), "u": g.decoy_uuid()}),
        (3, 'password reset requested for <<e>>', lambda: {"e": g.email(locale)}),
        (5, 'payment authorized card=<<cc>> amount=<<price>> order_id=<<oid>>',
         lambda: {"cc": g.credit_card(), "price": g.decoy_price(), "oid": g.decoy_order_id()}),
        (3, 'payment declined order_id=<<oid>> amount=<<price>> reason=insufficient_funds',
         lambda: {"oid": g.decoy_order_id(), "price": g.decoy_price()}),
        (4, 'sms notification sent to=<<ph>> template=otp_v2 provider=twilio',
         lambda: {"ph": g.phone(locale, True)}),
        (4, 'connecting to postgres host=<<ip>> port=5432 db=app_<<n>> pool=<<pool>>',
         lambda: {"ip": g.ip(), "n": g.rng.randint(1, 9), "pool": g.rng.randint(5, 50)}),
        (4, 'service started version=<<ver>> build=<<build>> commit=<<sha>> pid=<<pid>>',
         lambda: {"ver": g.decoy_version4(), "build": g.decoy_build(), "sha": g.decoy_git_sha(),
                  "pid": g.rng.randint(1000, 65000)}),
        (4, 'cache miss key=user:<<n9>> ttl=300s took <<dur>>',
         lambda: {"n9": g.decoy_nine_digits()}),
        (3, 'upload complete object=s3://bucket/<<u>>.bin sha256=<<h>> size=<<bytes>>',
         lambda: {"u": g.decoy_uuid(), "h": g.decoy_sha256(),
                  "bytes": g.rng.randint(10 ** 3, 10 ** 9)}),
        (4, 'trace_id=<<t>> span_id=<<s>> upstream=<<hostport>> latency=<<dur>>',
         lambda: {"t": DECOY("trace_id", g.hexs(32)), "s": DECOY("span_id", g.hexs(16)),
                  "hostport": _host_port(g)}),
        (2, 'dhcp lease mac=<<mac>> ip=<<ip>> lease=86400',
         lambda: {"mac": g.mac(), "ip": g.ip()}),
        (1, 'snmp poll oid=<<oid>> value=<<n>>',
         lambda: {"oid": g.decoy_oid(), "n": g.rng.randint(0, 10 ** 6)}),
        (2, 'deprecated config loaded aws_access_key_id=<<ak>> region=us-east-1',
         lambda: {"ak": g.aws_key_id()}),
        (2, 'loaded credentials profile=default aws_access_key_id=<<ak>> '
            'aws_secret_access_key=<<sk>>',
         lambda: {"ak": g.aws_key_id(), "sk": g.aws_secret()}),
        (1, 'using example credentials aws_access_key_id=<<ak>> aws_secret_access_key=<<sk>> '
            '(test mode)',
         lambda: {"ak": g.decoy_aws_example_id(), "sk": g.decoy_aws_example_secret()}),
        (2, 'incoming request headers: Authorization: Bearer <<jwt>>', lambda: {"jwt": g.jwt()}),
        (2, 'token refresh ok token=<<jwt>> expires_in=3600', lambda: {"jwt": g.jwt()}),
        (2, 'shipping label created zip=<<zip>> carrier=UPS tracking=1Z<<trk>>',
         lambda: {"zip": g.decoy_zip4(), "trk": g.rng.randint(10 ** 15, 10 ** 16 - 1)}),
        (3, 'inventory sync sku=<<pc>> qty=<<n>> warehouse=<<city>>',
         lambda: {"pc": g.decoy_product_code(), "n": g.rng.randint(0, 500), "city": f.city()}),
        (3, 'batch job finished processed=<<n>> failed=0 elapsed=<<dur>>',
         lambda: {"n": g.rng.randint(0, 10 ** 7)}),
        (2, 'job scheduled at=<<ts>> queue=default', lambda: {"ts": g.decoy_timestamp()}),
        (3, 'customer profile updated id=<<n9>> fields=[phone,email] new_phone=<<ph>>',
         lambda: {"n9": g.decoy_nine_digits(), "ph": g.phone(locale, True)}),
        (2, 'kyc check passed customer=<<name>> dob=<<dob>> ssn=<<ssn>>',
         lambda: {"name": f.name(), "dob": g.dob(locale), "ssn": g.ssn(allow_bare=True)}),
        (2, 'ach transfer queued routing=<<rt>> account=<<acct>> amount=<<price>>',
         lambda: {"rt": g.routing(), "acct": g.account_number(), "price": g.decoy_price()}),
        (2, 'sepa payout created iban=<<iban>> amount=<<price>> ref=<<ref>>',
         lambda: {"iban": g.iban(), "price": g.decoy_price(), "ref": g.digits(10)}),
        (2, 'tls handshake ok peer=[<<ip6>>]:443 cipher=TLS_AES_128_GCM_SHA256',
         lambda: {"ip6": g.ip()}),
    ]
    _, template, make = g.rng.choices(options, [w for w, _, _ in options])[0]
    slots = make()
    slots.setdefault("path", g.choice(["/api/v1/users", "/api/v2/orders", "/login", "/checkout",
                                       "/health", "/api/v1/payments", "/graphql"]))
    slots.setdefault("status", g.choice([200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 500]))
    slots.setdefault("dur", g.choice([f"{g.rng.randint(1, 2000)}ms",
                                      f"{g.rng.uniform(0.001, 9):.3f}s"]))
    return template, slots


def _host_port(g: Generator):
    """host:port, with an IPv6 host in brackets (RFC 3986)."""
    ip = g.ip()
    port = g.rng.randint(1024, 65535)
    if ":" in ip[2]:
        return ("SEQ", "[", ip, f"]:{port}")
    return ("SEQ", ip, f":{port}")


def _ua_slots(g: Generator, slots: dict) -> dict:
    ua, ua_decoy = g.decoy_chrome_ua()
    a, _, rest = ua.partition(ua_decoy[2])
    slots.update({"ua_a": a, "uav": ua_decoy, "ua_b": rest})
    return slots


def log_document(g: Generator, doc_id: str) -> Document:
    locale = g.rng.choices(LOCALES, LOCALE_WEIGHTS)[0]
    b = DocBuilder()
    clock = LogClock(g)
    style = g.choice(["iso", "syslog", "jsonl"])
    app = g.choice(["api-gateway", "billing", "auth-svc", "checkout", "worker", "ingest"])
    host = f"ip-10-{g.rng.randint(0, 255)}-{g.rng.randint(0, 255)}-{g.rng.randint(0, 255)}"
    n_lines = g.rng.randint(12, 35)
    key_line_at = g.rng.randrange(n_lines) if g.chance(0.25) else -1
    for i in range(n_lines):
        iso, sys_ts = clock.tick()
        level = g.rng.choices(["INFO", "DEBUG", "WARN", "ERROR"], [70, 15, 10, 5])[0]
        if i == key_line_at:
            # A private key dumped into a log (raw or JSON-escaped, as in service-account JSON).
            escaped = style == "jsonl" or g.chance(0.3)
            ent = g.private_key(json_escaped=escaped)
            if escaped:
                b.context = "log_field"
                b.emit('{"ts":"<<ts>>","level":"ERROR","msg":"failed to parse credentials",'
                       '"credentials":{"type":"service_account","private_key":"<<k>>\\n",'
                       '"client_email":"<<e>>"}}\n', ts=iso, k=ent, e=g.email(locale))
            else:
                b.emit(f"{iso} ERROR [{app}] could not load key from env; value was:\n<<k>>\n",
                       context="log_field", k=ent)
            continue
        template, slots = _log_line(g, locale)
        b.context = "log_field"
        if style == "iso":
            b.text(f"{iso} {level:<5} [{app}] ")
            b.emit(template, **slots)
        elif style == "syslog":
            b.text(f"{sys_ts} {host} {app}[{g.rng.randint(100, 9999)}]: ")
            b.emit(template, **slots)
        else:
            # JSON lines: escape the quotes of the text parts, keep the slots verbatim.
            b.text(f'{{"ts":"{iso}","level":"{level.lower()}","service":"{app}","msg":"')
            tpl = template.replace('"', '\\"')
            b.emit(tpl, **slots)
            b.text('"}')
        b.text("\n")
    if g.chance(0.15):
        decoy = g.decoy_public_key() if g.chance(0.5) else g.decoy_certificate()
        b.emit(f"{iso} INFO  [{app}] peer certificate / public key:\n<<d>>\n", d=decoy)
    return b.build(doc_id, "log", locale)


# ------------------------------------------------------------------------------------------
# CSV exports

def _ua_csv(g: Generator):
    ua, decoy = g.decoy_chrome_ua()
    a, _, rest = ua.partition(decoy[2])
    return ("SEQ", '"' + a, decoy, rest + '"')


def _csv_value(b: DocBuilder, value) -> None:
    if isinstance(value, tuple) and value[0] == "SEQ":
        b.slot(value)
        return
    raw = value[2] if isinstance(value, tuple) else str(value)
    quote = any(c in raw for c in ',"\n')
    if quote:
        b.text('"')
        if isinstance(value, tuple):
            assert '"' not in raw
            b.slot(value)
        else:
            b.text(raw.replace('"', '""'))
        b.text('"')
    else:
        b.slot(value)


def csv_document(g: Generator, doc_id: str) -> Document:
    locale = g.rng.choices(LOCALES, LOCALE_WEIGHTS)[0]
    f = g.fk(locale)
    nid_locale = locale if locale in NATIONAL_ID_BY_LOCALE else None
    schemas = {
        "customers": [
            ("customer_id", lambda: g.rng.randint(10000, 99999)),
            ("name", lambda: f.name()),
            ("email", lambda: g.email(locale)),
            ("phone", lambda: g.phone(locale, True)),
            ("date_of_birth", lambda: g.dob(locale)),
            ("address", lambda: f.address().replace("\n", ", ")),
            ("signup_ip", lambda: g.ip()),
        ],
        "payments": [
            ("txn_id", lambda: g.decoy_uuid()),
            ("order_id", lambda: g.decoy_order_id()),
            ("cardholder", lambda: f.name()),
            ("card_number", lambda: g.credit_card()),
            ("exp", lambda: g.card_expiry()),
            ("amount", lambda: g.decoy_price()),
            ("created_at", lambda: g.decoy_timestamp()),
        ],
        "payroll": [
            ("employee_id", lambda: g.decoy_nine_digits()),
            ("full_name", lambda: g.fk("en_US").name()),
            ("ssn", lambda: g.ssn(allow_bare=True)),
            ("routing_number", lambda: g.routing()),
            ("account_number", lambda: g.account_number()),
            ("dob", lambda: g.dob("en_US")),
            ("passport_number", lambda: g.passport()),
        ],
        "sepa": [
            ("creditor", lambda: f.company()),
            ("iban", lambda: g.iban()),
            ("bic", lambda: g.fk(g.choice(IBAN_LOCALES)).swift()),
            ("amount", lambda: g.decoy_price()),
            ("due_date", lambda: g.decoy_date()),
            ("contact_email", lambda: g.email(locale)),
        ],
        "access_log": [
            ("timestamp", lambda: g.decoy_timestamp()),
            ("src_ip", lambda: g.ip()),
            ("dst_ip", lambda: g.ip()),
            ("dst_port", lambda: g.choice([22, 53, 80, 443, 3306, 5432, 8080, 8443])),
            ("bytes", lambda: g.rng.randint(40, 10 ** 7)),
            ("user_agent", lambda: _ua_csv(g)),
        ],
        "iam_keys": [
            ("user", lambda: f.user_name()),
            ("aws_access_key_id", lambda: g.aws_key_id()),
            ("aws_secret_access_key", lambda: g.aws_secret()),
            ("created", lambda: g.decoy_date()),
            ("last_commit", lambda: g.decoy_git_sha()),
        ],
        "contacts": [
            ("first_name", lambda: f.first_name()),
            ("last_name", lambda: f.last_name()),
            ("mobile", lambda: g.phone(locale, True)),
            ("work_email", lambda: g.email(locale)),
            ("company", lambda: f.company()),
            ("zip", lambda: g.decoy_zip4() if locale == "en_US" else f.postcode()),
        ],
    }
    if nid_locale:
        etype = NATIONAL_ID_BY_LOCALE[nid_locale]
        schemas["citizens"] = [
            ("name", lambda: f.name()),
            ({"FR_NIR": "numero_securite_sociale", "IT_FISCAL_CODE": "codice_fiscale",
              "ES_DNI": "nif", "NL_BSN": "bsn", "BR_CPF": "cpf", "IN_AADHAAR": "aadhaar",
              "UK_NINO": "ni_number"}[etype], lambda: g.national_id(nid_locale)),
            ("city", lambda: f.city()),
            ("email", lambda: g.email(locale)),
        ]
    name = g.choice(sorted(schemas))
    cols = schemas[name]
    b = DocBuilder()
    b.context = "csv_column"
    b.text(",".join(h for h, _ in cols) + "\n")
    for _ in range(g.rng.randint(5, 15)):
        for j, (_, make) in enumerate(cols):
            if j:
                b.text(",")
            _csv_value(b, make())
        b.text("\n")
    return b.build(doc_id, f"csv/{name}", locale)


# ------------------------------------------------------------------------------------------

def generate_corpus(seed: int = 1234, size: int = 500) -> tuple[list[Document], dict]:
    """`size` documents: about 45% prose, 30% logs, 25% CSV. Returns (documents, stats)."""
    g = Generator(seed)
    docs = []
    for i in range(size):
        r = g.rng.random()
        if r < 0.45:
            docs.append(prose_document(g, f"prose-{i:05d}"))
        elif r < 0.75:
            docs.append(log_document(g, f"log-{i:05d}"))
        else:
            docs.append(csv_document(g, f"csv-{i:05d}"))
    for d in docs:
        _check_document(d)
    return docs, g.stats


def _check_document(d: Document) -> None:
    """Internal consistency: spans inside the document, entities valid and not overlapping."""
    spans = sorted([(e.start, e.end, e.type) for e in d.entities] +
                   [(x.start, x.end, "decoy:" + x.kind) for x in d.decoys])
    for (s1, e1, t1), (s2, e2, t2) in zip(spans, spans[1:]):
        if s2 < e1:
            raise AssertionError(f"{d.id}: overlapping labels {t1} and {t2}")
    for e in d.entities:
        assert 0 <= e.start < e.end <= len(d.data), d.id
        value = d.data[e.start:e.end].decode("utf-8")
        if e.type == "PRIVATE_KEY":
            value = value.replace("\\n", "\n")
        if not validity.is_valid(e.type, value):
            raise AssertionError(f"{d.id}: invalid {e.type} label")
