#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Deterministic benchmark corpora for classify (seeded, offline, no dependencies).

    python3 benchmarks/gen_corpus.py [--out benchmarks/corpus] [--seed 5] [--sparse-mb 30]
                                     [--dense-mb 10] [--csv-mb 4] [--records 20000]

Writes four files and a manifest into --out:

  sparse.txt     English prose, about one sensitive value per 5 KB (emails, phone numbers,
                 card numbers, IBANs, SSNs, ...), with the numbers prose has anyway (years,
                 amounts, times, section numbers) as decoys.
  dense.log      application logs, about one sensitive value per 130 bytes: timestamps,
                 levels, request ids, IPs, emails, cards, tokens, UUIDs, hashes, with
                 realistic decoys (masked cards, UUID trace ids, SHA digests, Luhn-failing
                 order numbers, epoch timestamps, version strings).
  customers.csv  a customer export (names, emails, phones, dates of birth, addresses,
                 IBANs, cards, SSNs, IPs, free-text notes); most columns sensitive.
  records.txt    one record of about 200 bytes per line (JSON objects, half of them with
                 one or two sensitive values, half without).
  manifest.json  the parameters, sizes, line counts, planted value counts and SHA-256 of
                 each file.

The same seed and sizes always give byte-identical files (random.Random with a fixed seed;
nothing depends on the clock, the locale or the environment). Values are synthetic: card
numbers pass Luhn, IBANs pass mod-97, GitHub tokens carry their CRC-32, and so on, so that
validators do their full work; no value belongs to a real person or account.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import random
import string
import sys
import zlib

# --------------------------------------------------------------------------------------
# Word pools
# --------------------------------------------------------------------------------------

FIRST = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony "
    "Betty Mark Sandra Paul Ashley Steven Emily Andrew Donna Joshua Michelle Kenneth Carol "
    "Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Rebecca Jason Laura "
    "Edward Sharon Jeffrey Cynthia Ryan Kathleen Jacob Amy Gary Angela Nicholas Shirley Eric "
    "Anna Jonathan Brenda Stephen Pamela Larry Emma Justin Nicole Scott Helen Brandon Samantha "
    "Benjamin Katherine Samuel Christine Gregory Debra Alexander Rachel Frank Carolyn Patrick "
    "Janet Raymond Catherine Jack Maria Dennis Heather Jerry Diane Tyler Ruth Aaron Julie "
    "Jose Olivia Adam Joyce Nathan Virginia Henry Victoria Douglas Kelly Zachary Lauren Peter "
    "Christina Kyle Joan Ethan Evelyn Walter Judith Noah Megan Jeremy Andrea Christian Cheryl "
    "Keith Hannah Roger Jacqueline Terry Martha Gerald Gloria Harold Teresa Sean Ann Austin "
    "Sophie Lucas Chloe Hugo Lea Mateo Ines Luca Giulia Jan Anja Lars Ingrid Pierre Camille "
    "Sven Freya Diego Lucia Mehmet Ayse Wei Mei Hiroshi Yuki Arjun Priya Kwame Amara"
).split()

LAST = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White "
    "Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres "
    "Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts "
    "Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales "
    "Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos "
    "Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes "
    "Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Dubois Moreau Laurent "
    "Schmidt Schneider Fischer Weber Rossi Russo Bianchi Jansen Visser Nielsen Hansen Larsen "
    "Andersson Johansson Kowalski Nowak Novak Horvat Yilmaz Kaya Wang Li Zhang Chen Tanaka "
    "Suzuki Sato Sharma Singh Okafor Mensah Mwangi"
).split()

CITIES = (
    "Springfield Riverside Fairview Madison Georgetown Franklin Clinton Salem Arlington "
    "Ashland Burlington Dover Hudson Kingston Lexington Milton Newport Oxford Portland "
    "Richmond Winchester Bristol Leeds Lyon Bordeaux Munich Hamburg Rotterdam Utrecht Porto "
    "Valencia Seville Turin Bologna Krakow Gdansk Aarhus Bergen Uppsala Tampere Graz Basel"
).split()

STREETS = (
    "Main Oak Pine Maple Cedar Elm Washington Lake Hill Park Church High Mill Station "
    "River Spring Chestnut Walnut Willow Meadow Forest Sunset Highland Bridge Market"
).split()

STREET_KINDS = ["Street", "Avenue", "Road", "Lane", "Drive", "Court", "Way", "Place"]

COUNTRIES = ["US", "US", "US", "GB", "DE", "FR", "NL", "ES", "IT", "CA", "IE", "SE"]

ORGS = (
    "Northwind Contoso Fabrikam Initech Globex Umbrella Hooli Vandelay Acme Stark Wayne "
    "Tyrell Cyberdyne Soylent Wonka Gringotts Oscorp Aperture Massive Dynamic"
).split()

DOMAINS = [
    "example.com", "example.org", "example.net", "mail.example.com", "corp.example.org",
    "northwind-traders.com", "contoso-mail.net", "fabrikam.io", "initech.co.uk",
    "globex-corp.de", "vandelay-industries.com", "acme-widgets.fr", "hooli.dev",
]

NOUNS = (
    "report project meeting customer account invoice schedule budget proposal contract "
    "system network policy process team office manager partner supplier shipment order "
    "warehouse quarter forecast review decision committee strategy market product service "
    "platform application update release campaign audience survey analysis result figure "
    "question answer problem solution approach method framework standard guideline record "
    "request response letter message document agenda minute summary chapter section draft "
    "garden river mountain village harbour bridge station library museum festival season "
    "morning afternoon evening weekend holiday journey road window kitchen table chair "
    "family neighbour friend colleague student teacher doctor nurse driver engineer artist"
).split()

VERBS_PAST = (
    "reviewed approved discussed prepared delivered completed postponed announced explained "
    "described considered requested received shared updated submitted published confirmed "
    "organised reported noticed suggested recommended accepted rejected scheduled finished "
    "started visited walked carried painted repaired cleaned opened closed moved measured "
    "collected compared checked tested improved simplified documented summarised outlined"
).split()

VERBS_PRESENT = (
    "requires includes supports describes explains covers reflects affects improves reduces "
    "increases changes provides suggests shows contains follows depends replaces extends"
).split()

ADJECTIVES = (
    "new old large small early late important careful detailed brief clear simple complex "
    "quiet busy bright dark warm cold green quick slow final initial annual monthly weekly "
    "regional local national central northern southern eastern western public private "
    "common rare useful practical formal informal recent previous following remarkable "
    "steady gradual sudden modest generous narrow wide heavy light fresh ordinary"
).split()

ADVERBS = (
    "quickly carefully slowly quietly finally eventually recently usually often rarely "
    "clearly simply gradually suddenly briefly formally nearly almost already still"
).split()

CONNECTORS = [
    "However,", "Meanwhile,", "In the end,", "As a result,", "For now,", "Later that week,",
    "By contrast,", "In practice,", "At the same time,", "Afterwards,", "Still,",
    "On balance,", "In the meantime,", "To be fair,", "Even so,",
]

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

SERVICES = [
    "api-gateway", "auth-service", "billing", "checkout", "orders", "inventory", "search",
    "notifier", "payments", "user-profile", "reporting", "scheduler", "ingest", "webhooks",
]

PATHS = [
    "/v1/orders", "/v1/orders/{id}", "/v2/users/{id}", "/v1/payments", "/v1/cart/{id}/items",
    "/healthz", "/metrics", "/v1/search", "/v1/invoices/{id}", "/v2/sessions", "/login",
    "/v1/customers/{id}/addresses", "/static/app.{hex}.js", "/v1/reports/{id}/export",
]

USER_AGENTS = [
    "Mozilla/5.0 (X11; Linux x86_64)", "curl/8.4.0", "okhttp/4.12.0", "python-requests/2.31",
    "Go-http-client/2.0", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1)",
]

LEVELS = ["INFO"] * 12 + ["DEBUG"] * 5 + ["WARN"] * 2 + ["ERROR"]

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"


# --------------------------------------------------------------------------------------
# Synthetic values (valid where a validator checks them)
# --------------------------------------------------------------------------------------


class Values:
    """Generators of sensitive values and of decoys; every choice comes from `rng`."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    # -- helpers -----------------------------------------------------------------------

    def digits(self, n: int) -> str:
        return "".join(self.r.choice(string.digits) for _ in range(n))

    def chars(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def hexs(self, n: int) -> str:
        return self.chars(HEX, n)

    def first(self) -> str:
        return self.r.choice(FIRST)

    def last(self) -> str:
        return self.r.choice(LAST)

    def name(self) -> str:
        return f"{self.first()} {self.last()}"

    # -- PII ---------------------------------------------------------------------------

    def email(self, first: str | None = None, last: str | None = None) -> str:
        f = (first or self.first()).lower()
        l = (last or self.last()).lower()
        local = self.r.choice([f"{f}.{l}", f"{f[0]}{l}", f"{f}_{l}", f"{f}{self.r.randint(1, 99)}", f"{l}.{f[0]}"])
        return f"{local}@{self.r.choice(DOMAINS)}"

    def phone_us(self) -> str:
        a = f"{self.r.randint(2, 9)}{self.digits(2)}"
        b = f"{self.r.randint(2, 9)}{self.digits(2)}"
        c = self.digits(4)
        fmt = self.r.randrange(4)
        if fmt == 0:
            return f"({a}) {b}-{c}"
        if fmt == 1:
            return f"{a}-{b}-{c}"
        if fmt == 2:
            return f"+1 {a} {b} {c}"
        return f"{a}.{b}.{c}"

    def phone_intl(self) -> str:
        return self.r.choice([
            lambda: f"+44 20 7{self.digits(3)} {self.digits(4)}",
            lambda: f"+49 30 {self.digits(8)}",
            lambda: f"+33 1 {self.digits(2)} {self.digits(2)} {self.digits(2)} {self.digits(2)}",
            lambda: f"+31 20 {self.digits(3)} {self.digits(4)}",
            lambda: f"+34 91 {self.digits(3)} {self.digits(2)} {self.digits(2)}",
        ])()

    def phone(self) -> str:
        return self.phone_us() if self.r.random() < 0.6 else self.phone_intl()

    def ssn(self) -> str:
        while True:
            area = self.r.randint(1, 899)
            if area != 666:
                break
        return f"{area:03d}-{self.r.randint(1, 99):02d}-{self.r.randint(1, 9999):04d}"

    def dob(self) -> str:
        y, m, d = self.r.randint(1940, 2004), self.r.randint(1, 12), self.r.randint(1, 28)
        return self.r.choice([f"{y}-{m:02d}-{d:02d}", f"{m:02d}/{d:02d}/{y}", f"{d:02d}.{m:02d}.{y}"])

    def uk_nino(self) -> str:
        first = self.r.choice("ABCEGHJKLMNOPRSTWXYZ")
        second = self.r.choice("ABCEGHJKLMNPRSTWXYZ")
        return f"{first}{second}{self.digits(6)}{self.r.choice('ABCD')}"

    def address(self) -> str:
        return f"{self.r.randint(1, 9999)} {self.r.choice(STREETS)} {self.r.choice(STREET_KINDS)}"

    # -- financial ---------------------------------------------------------------------

    @staticmethod
    def luhn_digit(body: str) -> str:
        total = 0
        for i, ch in enumerate(reversed(body)):
            d = int(ch)
            if i % 2 == 0:
                d *= 2
                if d > 9:
                    d -= 9
            total += d
        return str((10 - total % 10) % 10)

    def card_digits(self) -> str:
        kind = self.r.randrange(10)
        if kind < 5:
            prefix, n = "4" + self.digits(5), 16
        elif kind < 8:
            prefix, n = str(self.r.randint(51, 55)) + self.digits(4), 16
        elif kind < 9:
            prefix, n = self.r.choice(["34", "37"]) + self.digits(4), 15
        else:
            prefix, n = "6011" + self.digits(2), 16
        body = prefix + self.digits(n - 1 - len(prefix))
        return body + self.luhn_digit(body)

    def card(self) -> str:
        d = self.card_digits()
        style = self.r.randrange(3)
        if style == 0:
            return d
        sep = " " if style == 1 else "-"
        if len(d) == 15:
            return sep.join([d[:4], d[4:10], d[10:]])
        return sep.join(d[i:i + 4] for i in range(0, 16, 4))

    def card_failing_luhn(self) -> str:
        d = self.card_digits()
        last = (int(d[-1]) + self.r.randint(1, 9)) % 10
        return d[:-1] + str(last)

    def masked_card(self) -> str:
        d = self.card_digits()
        return self.r.choice([f"{d[:6]}******{d[-4:]}", f"**** **** **** {d[-4:]}", f"XXXX-XXXX-XXXX-{d[-4:]}"])

    @staticmethod
    def iban_check(country: str, bban: str) -> str:
        rearranged = bban + country + "00"
        num = "".join(str(int(c, 36)) for c in rearranged)
        return f"{98 - int(num) % 97:02d}"

    def iban(self, grouped: bool | None = None) -> str:
        country = self.r.choice(["DE", "GB", "FR", "NL", "ES", "IT"])
        if country == "DE":
            bban = self.digits(18)
        elif country == "GB":
            bban = self.chars(string.ascii_uppercase, 4) + self.digits(14)
        elif country == "FR":
            bban = self.digits(23)
        elif country == "NL":
            bban = self.chars(string.ascii_uppercase, 4) + self.digits(10)
        elif country == "ES":
            bban = self.digits(20)
        else:
            bban = self.r.choice(string.ascii_uppercase) + self.digits(10) + self.digits(12)
        iban = country + self.iban_check(country, bban) + bban
        if grouped is None:
            grouped = self.r.random() < 0.5
        if grouped:
            return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
        return iban

    # -- network -----------------------------------------------------------------------

    def ipv4(self) -> str:
        kind = self.r.randrange(4)
        if kind == 0:
            return f"10.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"
        if kind == 1:
            return f"192.168.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"
        return f"{self.r.randint(11, 223)}.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"

    def ipv6(self) -> str:
        groups = [f"{self.r.randint(0, 0xFFFF):x}" for _ in range(8)]
        if self.r.random() < 0.5:
            return "2001:db8:" + ":".join(groups[2:5]) + "::" + groups[7]
        return ":".join(groups)

    def mac(self) -> str:
        sep = self.r.choice([":", "-"])
        return sep.join(f"{self.r.randint(0, 255):02X}" for _ in range(6))

    # -- credentials -------------------------------------------------------------------

    def aws_key_id(self) -> str:
        return self.r.choice(["AKIA", "ASIA"]) + self.chars(string.ascii_uppercase + "234567", 16)

    def aws_secret(self) -> str:
        return self.chars(ALNUM + "+/", 40)

    @staticmethod
    def b64url(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    def jwt(self) -> str:
        header = self.b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        payload = {
            "sub": self.digits(8), "name": self.name(), "iat": 1700000000 + self.r.randint(0, 9999999),
            "scope": self.r.choice(["read", "read write", "admin"]),
        }
        body = self.b64url(json.dumps(payload, separators=(",", ":")).encode())
        sig = self.b64url(bytes(self.r.randrange(256) for _ in range(32)))
        return f"{header}.{body}.{sig}"

    @staticmethod
    def base62(n: int, width: int) -> str:
        out = []
        while n:
            n, rem = divmod(n, 62)
            out.append(B62[rem])
        return "".join(reversed(out)).rjust(width, "0")

    def github_token(self) -> str:
        prefix = self.r.choice(["ghp_", "gho_", "ghu_"])
        body = self.chars(ALNUM, 30)
        return prefix + body + self.base62(zlib.crc32(body.encode()), 6)

    def slack_token(self) -> str:
        return f"xoxb-{self.digits(12)}-{self.digits(13)}-{self.chars(ALNUM, 24)}"

    def stripe_key(self) -> str:
        return "sk_live_" + self.chars(ALNUM, 24)

    def password(self) -> str:
        word = self.r.choice(NOUNS).capitalize()
        return f"{word}{self.r.randint(10, 9999)}{self.r.choice('!#%&*?')}{self.chars(ALNUM, 4)}"

    def connection_string(self) -> str:
        scheme = self.r.choice(["postgres", "postgresql", "mysql", "mongodb", "redis", "amqp"])
        host = self.r.choice(["db", "pg-primary", "cache", "mq", "mongo-0"]) + "." + self.r.choice(
            ["internal", "prod.local", "svc.cluster.local", "eu-west-1.rds.amazonaws.com"])
        port = {"postgres": 5432, "postgresql": 5432, "mysql": 3306, "mongodb": 27017, "redis": 6379, "amqp": 5672}[scheme]
        return f"{scheme}://{self.r.choice(['app', 'svc_orders', 'readonly', 'admin'])}:{self.password()}@{host}:{port}/{self.r.choice(NOUNS)}"

    # -- decoys ------------------------------------------------------------------------

    def uuid(self) -> str:
        h = self.hexs(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.r.choice('89ab')}{h[17:20]}-{h[20:]}"

    def sha(self, n: int = 64) -> str:
        return self.hexs(n)

    def version(self) -> str:
        return f"{self.r.randint(0, 9)}.{self.r.randint(0, 40)}.{self.r.randint(0, 20)}"

    def amount(self) -> str:
        return f"{self.r.randint(1, 99999)}.{self.r.randint(0, 99):02d}"


# --------------------------------------------------------------------------------------
# Sparse prose
# --------------------------------------------------------------------------------------


class Prose:
    def __init__(self, rng: random.Random, values: Values) -> None:
        self.r = rng
        self.v = values

    def w(self, pool: list[str]) -> str:
        return self.r.choice(pool)

    def a(self, pool: list[str]) -> str:
        """A word from `pool` with its indefinite article ("a bridge", "an order")."""
        word = self.r.choice(pool)
        vowel = word[0] in "aeiou" and not word.startswith(("use", "uni", "usu"))
        return ("an " if vowel else "a ") + word

    def number_phrase(self) -> str:
        r = self.r
        return r.choice([
            lambda: f"in {r.randint(1950, 2024)}",
            lambda: f"by {r.randint(3, 95)} percent",
            lambda: f"about ${r.randint(2, 950)},{r.randint(0, 999):03d}",
            lambda: f"at {r.randint(7, 11)}:{r.choice(['00', '15', '30', '45'])} in the morning",
            lambda: f"on {self.w(MONTHS)} {r.randint(1, 28)}",
            lambda: f"in section {r.randint(1, 12)}.{r.randint(1, 9)}",
            lambda: f"for {r.randint(2, 40)} days",
            lambda: f"on page {r.randint(2, 480)}",
        ])()

    def sentence(self) -> str:
        r = self.r
        w = self.w
        templates = [
            lambda: f"The {w(ADJECTIVES)} {w(NOUNS)} was {w(VERBS_PAST)} by the {w(NOUNS)} before the {w(ADJECTIVES)} {w(NOUNS)}.",
            lambda: f"{self.v.first()} {w(VERBS_PAST)} the {w(NOUNS)} {w(ADVERBS)}, and the {w(NOUNS)} {w(VERBS_PAST)} it {self.number_phrase()}.",
            lambda: f"Every {w(NOUNS)} {w(VERBS_PRESENT)} {self.a(ADJECTIVES)} {w(NOUNS)}, which is why the {w(NOUNS)} matters.",
            lambda: f"{w(CONNECTORS)} the {w(NOUNS)} in {w(CITIES)} {w(VERBS_PAST)} {self.a(ADJECTIVES)} {w(NOUNS)} {self.number_phrase()}.",
            lambda: f"We {w(VERBS_PAST)} the {w(ADJECTIVES)} {w(NOUNS)} with {self.v.name()} and the {w(NOUNS)} from {w(ORGS)}.",
            lambda: f"It was {self.a(ADJECTIVES)} {w(NOUNS)}, and nobody {w(VERBS_PAST)} the {w(NOUNS)} until {w(DAYS)}.",
            lambda: f"The {w(NOUNS)} {w(VERBS_PRESENT)} the {w(NOUNS)} only when the {w(NOUNS)} is {w(ADJECTIVES)}.",
            lambda: f"{w(CONNECTORS)} {self.v.first()} and {self.v.first()} {w(VERBS_PAST)} the {w(NOUNS)} near the {w(NOUNS)}.",
            lambda: f"Our {w(ADJECTIVES)} {w(NOUNS)} {w(VERBS_PAST)} {self.number_phrase()}, {w(ADVERBS)} ahead of the {w(NOUNS)}.",
            lambda: f"If the {w(NOUNS)} {w(VERBS_PRESENT)} more {w(NOUNS)}s, the {w(ADJECTIVES)} {w(NOUNS)} will follow.",
            lambda: f"The {w(NOUNS)} at {w(ORGS)} had been {w(VERBS_PAST)} twice, {w(ADVERBS)} and without much {w(NOUNS)}.",
            lambda: f"She {w(VERBS_PAST)} that the {w(NOUNS)} and the {w(NOUNS)} were both {w(ADJECTIVES)}.",
            lambda: f"{self.a(ADJECTIVES).capitalize()} {w(NOUNS)} of the {w(NOUNS)} {w(VERBS_PRESENT)} the rest of the {w(NOUNS)}.",
            lambda: f"They {w(ADVERBS)} {w(VERBS_PAST)} the {w(NOUNS)} in {w(CITIES)} and {w(VERBS_PAST)} the {w(NOUNS)} {self.number_phrase()}.",
            lambda: f"Why the {w(NOUNS)} was {w(VERBS_PAST)} is still {self.a(ADJECTIVES)} question for the {w(NOUNS)}.",
            lambda: f"He {w(VERBS_PAST)} {self.a(NOUNS)}, then {self.a(NOUNS)}, and finally the {w(ADJECTIVES)} {w(NOUNS)} itself.",
        ]
        return r.choice(templates)()

    def entity_sentence(self) -> tuple[str, str]:
        """A sentence carrying one sensitive value, and the value's kind."""
        v = self.v
        r = self.r
        kind = r.choice([
            "email", "email", "email", "phone", "phone", "card", "card", "iban", "ssn", "ip",
            "dob", "nino", "aws", "github", "jwt", "password",
        ])
        n = v.name()
        first, last = n.split(" ", 1)
        if kind == "email":
            s = r.choice([
                f"You can reach {first} at {v.email(first, last)} if the {self.w(NOUNS)} changes.",
                f"Please send the {self.w(ADJECTIVES)} {self.w(NOUNS)} to {v.email(first, last)} before {self.w(DAYS)}.",
                f"{n} ({v.email(first, last)}) {self.w(VERBS_PAST)} the {self.w(NOUNS)}.",
            ])
        elif kind == "phone":
            s = r.choice([
                f"Call {first} on {v.phone()} about the {self.w(NOUNS)}.",
                f"The {self.w(NOUNS)} desk in {self.w(CITIES)} answers at {v.phone()} most mornings.",
            ])
        elif kind == "card":
            s = r.choice([
                f"{first} paid with the card {v.card()}, which the {self.w(NOUNS)} {self.w(VERBS_PAST)}.",
                f"The refund went back to card number {v.card()} on {self.w(DAYS)}.",
            ])
        elif kind == "iban":
            s = f"Transfers for the {self.w(NOUNS)} go to IBAN {v.iban()} at the {self.w(ORGS)} bank."
        elif kind == "ssn":
            s = f"On the form, {n} wrote the social security number {v.ssn()} in the wrong box."
        elif kind == "ip":
            s = f"The {self.w(NOUNS)} server at {v.ipv4()} {self.w(VERBS_PAST)} the {self.w(NOUNS)} overnight."
        elif kind == "dob":
            s = f"{n}, date of birth {v.dob()}, {self.w(VERBS_PAST)} the {self.w(NOUNS)}."
        elif kind == "nino":
            s = f"Her National Insurance number, {v.uk_nino()}, was on the {self.w(ADJECTIVES)} {self.w(NOUNS)}."
        elif kind == "aws":
            s = f"Someone pasted the access key {v.aws_key_id()} into the {self.w(NOUNS)} notes."
        elif kind == "github":
            s = f"The old token {v.github_token()} still worked for the {self.w(NOUNS)} repository."
        elif kind == "jwt":
            s = f"The browser kept sending the session token {v.jwt()} with every {self.w(NOUNS)}."
        else:
            s = f"The {self.w(NOUNS)} config still said password = \"{v.password()}\" in plain text."
        return s, kind

    def generate(self, target: int, per_entity: int) -> tuple[str, dict[str, int]]:
        parts: list[str] = []
        size = 0
        counts: dict[str, int] = {}
        next_entity = int(self.r.expovariate(1 / per_entity))
        while size < target:
            sentences = []
            for _ in range(self.r.randint(3, 8)):
                if size >= next_entity:
                    s, kind = self.entity_sentence()
                    counts[kind] = counts.get(kind, 0) + 1
                    next_entity = size + max(200, int(self.r.expovariate(1 / per_entity)))
                else:
                    s = self.sentence()
                sentences.append(s)
                size += len(s) + 1
            paragraph = " ".join(sentences) + "\n\n"
            size += 1
            parts.append(paragraph)
        return "".join(parts), counts


# --------------------------------------------------------------------------------------
# Dense logs
# --------------------------------------------------------------------------------------


class Logs:
    def __init__(self, rng: random.Random, values: Values) -> None:
        self.r = rng
        self.v = values
        self.t = 1_714_000_000_000  # ms since the epoch; only advances

    def timestamp(self) -> str:
        self.t += self.r.randint(0, 40)
        s, ms = divmod(self.t, 1000)
        days, rem = divmod(s, 86400)
        hh, rem = divmod(rem, 3600)
        mm, ss = divmod(rem, 60)
        # 2024-04-25 is day 19838 after the epoch; keep the calendar simple and valid.
        day = 25 + (days - 19838)
        month, day = 4 + (day - 1) // 30, (day - 1) % 30 + 1
        return f"2024-{month:02d}-{day:02d}T{hh:02d}:{mm:02d}:{ss:02d}.{ms:03d}Z"

    def path(self) -> str:
        p = self.r.choice(PATHS)
        return p.replace("{id}", str(self.r.randint(1000, 9999999))).replace("{hex}", self.v.hexs(8))

    def line(self) -> tuple[str, list[str]]:
        r, v = self.r, self.v
        ts = self.timestamp()
        lvl = r.choice(LEVELS)
        svc = r.choice(SERVICES)
        req = v.hexs(16)
        head = f"{ts} {lvl:<5} {svc}[{r.randint(100, 32000)}] req={req}"
        kind = r.randrange(26)
        if kind < 5:
            body = f"{r.choice(['GET', 'GET', 'POST', 'PUT'])} {self.path()} {r.choice([200, 200, 201, 204, 404])} {r.randint(1, 900)}ms ip={v.ipv4()}"
            ents = ["ipv4"]
            if r.random() < 0.4:
                body += f" user={v.email()}"
                ents.append("email")
        elif kind < 8:
            body = f"login ok user={v.email()} ip={v.ipv4()} mfa={r.choice(['totp', 'sms', 'none'])}"
            ents = ["email", "ipv4"]
        elif kind < 10:
            body = f"payment authorised order={v.digits(9)} card={v.card_digits()} amount={v.amount()} {r.choice(['EUR', 'USD', 'GBP'])}"
            ents = ["card"]
        elif kind < 11:
            body = f"payment declined order={v.digits(9)} card={v.masked_card()} reason=insufficient_funds"
            ents = []
        elif kind < 12:
            body = f"order {v.card_failing_luhn()} shipped carrier={r.choice(['ups', 'dhl', 'fedex'])} trace={v.uuid()}"
            ents = []
        elif kind < 13:
            body = f"customer updated phone={v.phone()} email={v.email()}"
            ents = ["phone", "email"]
        elif kind < 14:
            body = f"payout scheduled iban={v.iban(grouped=False)} amount={v.amount()}"
            ents = ["iban"]
        elif kind < 15:
            body = f"kyc check passed ssn={v.ssn()} score={r.randint(300, 850)}"
            ents = ["ssn"]
        elif kind < 16:
            body = f"deploy {svc}@{v.version()} commit={v.sha(40)} image=sha256:{v.sha(64)[:32]}"
            ents = []
        elif kind < 17:
            body = f"outbound call Authorization: Bearer {v.jwt()}"
            ents = ["jwt"]
        elif kind < 18:
            body = r.choice([
                f"loaded credentials aws_access_key_id={v.aws_key_id()} region=eu-west-1",
                f"git clone with token {v.github_token()} ok",
                f"slack notify token={v.slack_token()} channel=#ops",
                f"stripe client init key={v.stripe_key()}",
            ])
            ents = ["secret"]
        elif kind < 19:
            body = f"db connect url={v.connection_string()} pool={r.randint(2, 64)}"
            ents = ["connection_string"]
        elif kind < 20:
            body = f"span trace_id={v.uuid()} parent={v.hexs(16)} dur_us={r.randint(10, 999999)} ts={self.t}"
            ents = []
        elif kind < 21:
            body = f"device registered mac={v.mac()} ipv6={v.ipv6()}"
            ents = ["mac", "ipv6"]
        elif kind < 22:
            body = f"cache {r.choice(['hit', 'miss'])} key=user:{r.randint(1, 9999999)} ttl={r.randint(10, 3600)}s size={r.randint(100, 99999)}"
            ents = []
        elif kind < 23:
            body = f"config reload password=\"{v.password()}\" from vault ok"
            ents = ["password"]
        elif kind < 24:
            body = f"profile view user={v.name()} email={v.email()}"
            ents = ["email"]
        elif kind < 25:
            body = f"gc pause {r.randint(1, 300)}ms heap={r.randint(100, 4000)}MB build={v.version()} ua=\"{r.choice(USER_AGENTS)}\""
            ents = []
        else:
            body = f"address change uk_nino={v.uk_nino()} postcode verified phone={v.phone()}"
            ents = ["nino", "phone"]
        return f"{head} {body}\n", ents

    def generate(self, target: int) -> tuple[str, dict[str, int], int]:
        parts: list[str] = []
        size = 0
        counts: dict[str, int] = {}
        lines = 0
        while size < target:
            line, ents = self.line()
            for e in ents:
                counts[e] = counts.get(e, 0) + 1
            parts.append(line)
            size += len(line)
            lines += 1
        return "".join(parts), counts, lines


# --------------------------------------------------------------------------------------
# CSV customer export and 200-byte records
# --------------------------------------------------------------------------------------

CSV_HEADER = (
    "customer_id,first_name,last_name,email,phone,date_of_birth,street,city,postcode,country,"
    "iban,card_number,ssn,last_login_ip,created_at,notes"
)

NOTES = [
    "", "", "", "prefers email", "VIP", "asked for a callback", "address verified",
    "duplicate of an older account", "paper invoices", "moved in March",
    "\"late payer, reminder sent\"", "gift card customer",
]


def csv_rows(rng: random.Random, v: Values, target: int) -> tuple[str, dict[str, int], int]:
    parts = [CSV_HEADER + "\n"]
    size = len(parts[0])
    counts: dict[str, int] = {}
    rows = 0

    def count(kind: str) -> None:
        counts[kind] = counts.get(kind, 0) + 1

    cid = 100000
    while size < target:
        cid += rng.randint(1, 7)
        first, last = v.first(), v.last()
        country = rng.choice(COUNTRIES)
        email = v.email(first, last)
        count("email")
        phone = v.phone() if rng.random() < 0.8 else ""
        if phone:
            count("phone")
        dob = v.dob() if rng.random() < 0.7 else ""
        if dob:
            count("dob")
        iban = v.iban(grouped=False) if country != "US" and rng.random() < 0.6 else ""
        if iban:
            count("iban")
        card = v.card_digits() if rng.random() < 0.3 else ""
        if card:
            count("card")
        ssn = v.ssn() if country == "US" and rng.random() < 0.4 else ""
        if ssn:
            count("ssn")
        ip = v.ipv4()
        count("ipv4")
        postcode = v.digits(5)
        created = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        row = ",".join([
            str(cid), first, last, email, phone, dob, v.address(), rng.choice(CITIES), postcode, country,
            iban, card, ssn, ip, created, rng.choice(NOTES),
        ])
        parts.append(row + "\n")
        size += len(row) + 1
        rows += 1
    return "".join(parts), counts, rows


def records(rng: random.Random, v: Values, n: int, width: int = 200) -> tuple[str, dict[str, int]]:
    out: list[str] = []
    counts: dict[str, int] = {}
    for i in range(n):
        first, last = v.first(), v.last()
        fields: list[tuple[str, str]] = [("id", str(rng.randint(1, 9999999))), ("name", f"{first} {last}")]
        kind = rng.randrange(10)
        if kind == 0:
            fields += [("email", v.email(first, last)), ("card", v.card())]
            ks = ["email", "card"]
        elif kind == 1:
            fields += [("email", v.email(first, last))]
            ks = ["email"]
        elif kind == 2:
            fields += [("phone", v.phone()), ("ip", v.ipv4())]
            ks = ["phone", "ipv4"]
        elif kind == 3:
            fields += [("iban", v.iban())]
            ks = ["iban"]
        elif kind == 4:
            fields += [("ssn", v.ssn()), ("dob", v.dob())]
            ks = ["ssn", "dob"]
        else:
            fields += [("order", v.digits(8)), ("status", rng.choice(["shipped", "pending", "returned"])),
                       ("total", v.amount())]
            ks = []
        for k in ks:
            counts[k] = counts.get(k, 0) + 1
        fields.append(("city", rng.choice(CITIES)))
        body = ", ".join(f'"{k}": "{val}"' for k, val in fields)
        # Pad with a free-text note so every record is close to `width` bytes.
        prefix = "{" + body + ', "note": "'
        suffix = '"}'
        room = width - len(prefix) - len(suffix)
        words: list[str] = []
        while room > 0 and len(" ".join(words)) < room:
            words.append(rng.choice(NOUNS + ADJECTIVES + VERBS_PAST))
        note = " ".join(words)[:max(room, 0)].rstrip()
        out.append(prefix + note + suffix + "\n")
    return "".join(out), counts


# --------------------------------------------------------------------------------------


def write(path: str, text: str) -> dict[str, object]:
    data = text.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return {"file": os.path.basename(path), "bytes": len(data), "lines": data.count(b"\n"),
            "sha256": hashlib.sha256(data).hexdigest()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus"))
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--sparse-mb", type=float, default=30.0, help="sparse prose size in MB (10^6 bytes)")
    ap.add_argument("--dense-mb", type=float, default=10.0, help="dense log size in MB")
    ap.add_argument("--csv-mb", type=float, default=4.0, help="CSV customer export size in MB")
    ap.add_argument("--records", type=int, default=20000, help="number of ~200-byte records")
    ap.add_argument("--sparse-every", type=int, default=5000, help="mean bytes between sensitive values in prose")
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    params = {k: getattr(args, k) for k in ("seed", "sparse_mb", "dense_mb", "csv_mb", "records", "sparse_every")}
    files: dict[str, object] = {}

    # One generator per corpus, each seeded from the main seed and its name, so that changing
    # one corpus's size does not change the others.
    def rng_for(name: str) -> random.Random:
        return random.Random(f"{args.seed}:{name}")

    rng = rng_for("sparse")
    text, counts = Prose(rng, Values(rng)).generate(int(args.sparse_mb * 1e6), args.sparse_every)
    files["sparse"] = write(os.path.join(args.out, "sparse.txt"), text) | {"planted": counts,
                                                                           "planted_total": sum(counts.values())}
    rng = rng_for("dense")
    text, counts, _ = Logs(rng, Values(rng)).generate(int(args.dense_mb * 1e6))
    files["dense"] = write(os.path.join(args.out, "dense.log"), text) | {"planted": counts,
                                                                         "planted_total": sum(counts.values())}
    rng = rng_for("csv")
    text, counts, _ = csv_rows(rng, Values(rng), int(args.csv_mb * 1e6))
    files["csv"] = write(os.path.join(args.out, "customers.csv"), text) | {"planted": counts,
                                                                           "planted_total": sum(counts.values())}
    rng = rng_for("records")
    text, counts = records(rng, Values(rng), args.records)
    files["records"] = write(os.path.join(args.out, "records.txt"), text) | {"planted": counts,
                                                                             "planted_total": sum(counts.values())}
    for f in files.values():
        f["bytes_per_planted"] = round(f["bytes"] / max(1, f["planted_total"]), 1)  # type: ignore[index,operator]
    manifest = {"generator": "benchmarks/gen_corpus.py", "params": params, "files": files}
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
        f.write("\n")
    for name, f in files.items():
        print(f"{name:8s} {f['file']:14s} {f['bytes']:>11,d} bytes {f['lines']:>9,d} lines "  # type: ignore[index]
              f"{f['planted_total']:>8,d} planted values (one per {f['bytes_per_planted']} bytes)")  # type: ignore[index]
    return 0


if __name__ == "__main__":
    sys.exit(main())
