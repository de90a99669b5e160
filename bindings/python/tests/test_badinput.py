"""Bad input is ordinary input: malformed UTF-8 of every kind, NUL bytes, empty input,
CRLF and CR-only text, binary data and one very long line scan without error, and the
entities planted around them are found at their exact offsets: byte offsets for bytes
(``data[start:end]`` is the planted value), ``str`` indices for ``str``.

The C side of the same cases is Tests/CAPI/badinput_test.c.
"""

from __future__ import annotations

import random
import resource
import time

import pytest

import classify

# Values that pass their validators, each with a word before it that the detectors use.
PLANTS = [
    ("mail ", "jane.doe@example.com", "EMAIL_ADDRESS"),
    ("card ", "4111 1111 1111 1111", "CREDIT_CARD"),
    ("IBAN ", "DE89 3704 0044 0532 0130 00", "IBAN_CODE"),
]

# Malformed UTF-8 (and some unusual but valid sequences), as bytes.
BAD_BYTES = {
    "overlong 2-byte '/'": b"\xc0\xaf",
    "overlong 2-byte NUL": b"\xc0\x80",
    "overlong 3-byte '/'": b"\xe0\x80\xaf",
    "overlong 4-byte '/'": b"\xf0\x80\x80\xaf",
    "surrogate U+D800": b"\xed\xa0\x80",
    "surrogate U+DFFF": b"\xed\xbf\xbf",
    "surrogate pair (CESU-8)": b"\xed\xa0\xbd\xed\xb8\x80",
    "U+110000": b"\xf4\x90\x80\x80",
    "F7 BF BF BF": b"\xf7\xbf\xbf\xbf",
    "5-byte form": b"\xf8\x88\x80\x80\x80",
    "6-byte form": b"\xfc\x84\x80\x80\x80\x80",
    "truncated 2-byte": b"\xc3",
    "truncated 3-byte": b"\xe2\x82",
    "truncated 4-byte": b"\xf0\x9f\x98",
    "lone continuation 0x80": b"\x80",
    "lone continuation 0xBF": b"\xbf",
    "continuation run": b"\x80\x81\x82\xbf",
    "0xFE": b"\xfe",
    "0xFF": b"\xff",
    "FE FF": b"\xfe\xff",
    "NUL": b"\x00",
    "NUL run": b"\x00\x00\x00",
    "UTF-8 BOM": b"\xef\xbb\xbf",
    "CR": b"\r",
    "CRLF": b"\r\n",
    "noncharacter U+FFFF": b"\xef\xbf\xbf",
    "emoji": "😀".encode(),
}

# The same idea for str: what a str can hold (lone surrogates included, as from
# surrogateescape decoding), whose UTF-8 form has 1 to 4 bytes per character.
ODD_STR = {
    "lone high surrogate": "\ud800",
    "lone low surrogate": "\udfff",
    "surrogateescape byte": b"\xff\xfe".decode("utf-8", "surrogateescape"),
    "NUL": "\x00",
    "BOM": "\ufeff",
    "U+FFFF": "\uffff",
    "U+10FFFF": "\U0010ffff",
    "emoji ZWJ sequence": "👩\u200d👩\u200d👧",
    "flag": "🇫🇷",
    "CJK": "日本語",
    "RTL": "שלום",
    "CR": "\r",
    "CRLF": "\r\n",
    "LS/PS": "\u2028\u2029",
    "NEL": "\x85",
    "replacement char": "\ufffd",
}


def _planted(sep: object, adjacent: bool) -> tuple[object, list[tuple[int, str, str]]]:
    """Builds bytes or str with the plants separated by `sep`; returns it and the
    expected (start, value, type) of each plant."""
    is_bytes = isinstance(sep, bytes)
    parts: list = []
    expected = []
    pos = 0

    def put(piece) -> None:
        nonlocal pos
        parts.append(piece)
        pos += len(piece)

    put(sep)
    for context, value, typ in PLANTS:
        ctx = context.encode() if is_bytes else context
        val = value.encode() if is_bytes else value
        space = b" " if is_bytes else " "
        put(ctx)
        if adjacent:
            put(sep)
        else:
            put(space)
        expected.append((pos, value, typ))
        put(val)
        if not adjacent:
            put(space)
        put(sep)
    joined = (b"" if is_bytes else "").join(parts)
    return joined, expected


def _check(rules: classify.Ruleset, data, expected, what: str) -> None:
    result = rules.classify(data)
    assert result.complete, what
    n = len(data)
    for f in result.findings:
        assert 0 <= f.start < f.end <= n, (what, f)
    for start, value, typ in expected:
        want = value.encode() if isinstance(data, bytes) else value
        hits = [f for f in result.findings if f.start == start and f.type == typ]
        assert len(hits) == 1, (what, typ, start, [(f.type, f.start, f.end) for f in result.findings])
        f = hits[0]
        assert f.end == start + len(want), (what, typ, f)
        assert data[f.start : f.end] == want, (what, typ)


@pytest.mark.parametrize("name", list(BAD_BYTES))
def test_bad_utf8_bytes_between_words(default_rules: classify.Ruleset, name: str) -> None:
    data, expected = _planted(BAD_BYTES[name], adjacent=False)
    _check(default_rules, data, expected, name)


@pytest.mark.parametrize("name", list(BAD_BYTES))
def test_bad_utf8_bytes_right_against_the_values(default_rules: classify.Ruleset, name: str) -> None:
    data, expected = _planted(BAD_BYTES[name], adjacent=True)
    _check(default_rules, data, expected, name)


@pytest.mark.parametrize("name", list(BAD_BYTES))
def test_bad_bytes_alone_are_no_error(default_rules: classify.Ruleset, name: str) -> None:
    result = default_rules.classify(BAD_BYTES[name] * 100)
    assert result.complete
    assert not result.findings


@pytest.mark.parametrize("name", list(ODD_STR))
def test_str_offsets_are_indices_around_odd_characters(default_rules: classify.Ruleset, name: str) -> None:
    for adjacent in (False, True):
        text, expected = _planted(ODD_STR[name], adjacent=adjacent)
        _check(default_rules, text, expected, f"{name} (adjacent={adjacent})")


def test_empty_input(default_rules: classify.Ruleset) -> None:
    for data in (b"", "", bytearray(), memoryview(b"")):
        result = default_rules.classify(data)
        assert not result.findings
        assert result.complete
        assert result.level == "public"


def test_every_single_byte(default_rules: classify.Ruleset) -> None:
    for b in range(256):
        result = default_rules.classify(bytes([b]))
        assert result.complete and not result.findings


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r", "\n\r", "\r\r\n"])
def test_line_endings_do_not_move_offsets(default_rules: classify.Ruleset, ending: str) -> None:
    for as_bytes in (False, True):
        sep = ending.encode() if as_bytes else ending
        data, expected = _planted(sep * 2, adjacent=False)
        _check(default_rules, data, expected, repr(ending))


def test_binary_data_around_values(default_rules: classify.Ruleset) -> None:
    rng = random.Random(20261129)
    for _ in range(5):
        noise = bytes(rng.getrandbits(8) for _ in range(2000))
        data, expected = _planted(b" \n" + noise + b" \n", adjacent=False)
        _check(default_rules, data, expected, "binary")


def test_random_bad_bytes_keep_str_and_bytes_offsets(default_rules: classify.Ruleset) -> None:
    """Random mixes of the bad sequences: bytes offsets, and the same data decoded with
    surrogateescape as a str, give the same findings at corresponding positions."""
    rng = random.Random(7)
    pieces = list(BAD_BYTES.values())
    for _ in range(60):
        sep = b"".join(rng.choice(pieces) for _ in range(rng.randrange(1, 4)))
        data, expected = _planted(sep, adjacent=rng.random() < 0.5)
        _check(default_rules, data, expected, repr(sep))
        text = data.decode("utf-8", "surrogateescape")
        str_expected = [(len(data[:s].decode("utf-8", "surrogateescape")), v, t) for s, v, t in expected]
        _check(default_rules, text, str_expected, repr(sep) + " as str")


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def test_one_line_of_100_mib(default_rules: classify.Ruleset) -> None:
    """100 MiB without a newline, values at the start, the middle and the end: seconds,
    not minutes (the bound is on CPU time; the machine may be shared)."""
    size = 100 * 1024 * 1024
    filler = b"lorem ipsum dolor sit amet, consectetur adipiscing elit; sed do eiusmod tempor "
    parts = []
    expected = []
    pos = 0
    for i, (context, value, typ) in enumerate(PLANTS):
        piece = context.encode()
        parts.append(piece)
        pos += len(piece)
        expected.append((pos, value, typ))
        parts.append(value.encode() + b" ")
        pos += len(value) + 1
        target = size // 2 if i == 0 else size - 64 if i == 1 else size
        n = max(0, (target - pos) // len(filler))
        parts.append(filler * n)
        pos += len(filler) * n
    data = b"".join(parts)
    assert b"\n" not in data
    c0, w0 = _cpu(), time.monotonic()
    _check(default_rules, data, expected, "100 MiB line")
    cpu, wall = _cpu() - c0, time.monotonic() - w0
    print(f"\n100 MiB line: {cpu:.2f} s CPU, {wall:.2f} s wall")
    assert cpu < 30, f"one line of 100 MiB took {cpu:.1f} s of CPU"


def test_long_str_line_with_wide_characters(default_rules: classify.Ruleset) -> None:
    """A 4M-character str line of 1- to 4-byte characters: str indices stay exact far
    into the line."""
    unit = "aé日😀 "  # 1 + 2 + 3 + 4 + 1 bytes
    text, expected = _planted(unit * 400_000, adjacent=False)
    _check(default_rules, text, expected, "long str line")
