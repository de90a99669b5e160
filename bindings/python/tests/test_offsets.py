"""str offsets: text[f.start:f.end] is exactly the finding, whatever the text around it."""

from __future__ import annotations

import random
import time

import pytest
from conftest import CARD

import classify
from classify import _offsets

# Pieces of text with 1-, 2-, 3- and 4-byte characters, combining marks, ZWJ sequences,
# right-to-left text, NUL and lone surrogates (which a str may hold but UTF-8 may not).
PIECES = [
    "a", "Zoë ", "e\u0301", "n\u0303\u0323", "中文", "日本語 ", "😀", "👩\u200d👩\u200d👧", "🇫🇷",
    "\u0000", "\ud800", "\udcff", "\U0010ffff", "\u200b", "שלום ", "\t", "\r\n", " ", "·", "ﬁ",
]
VALUES = {
    "card": CARD,
    "email": "jane.doe@example.org",
}


def _random_text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(PIECES) for _ in range(n))


def test_str_spans_against_a_brute_force_count() -> None:
    rng = random.Random(1)
    for _ in range(300):
        text = _random_text(rng, rng.randrange(0, 30))
        raw = _offsets.encode(text)
        boundaries = [len(_offsets.encode(text[:i])) for i in range(len(text) + 1)]
        spans = []
        for _ in range(5):
            a, b = rng.choice(boundaries), rng.choice(boundaries)
            spans.append((min(a, b), max(a, b)))
        spans.sort()
        got = _offsets.str_spans(raw, spans)
        for (start, end), (s, e) in zip(spans, got):
            assert (s, e) == (boundaries.index(start), boundaries.index(end))
            assert len(raw[:start].decode("utf-8", "surrogatepass")) == s


def test_the_one_pass_conversion_agrees_with_the_general_one() -> None:
    # str_spans() counts ordered, non-overlapping spans between characters (what a scan
    # gives) in one pass of decoding; anything else falls back to counting lead bytes.
    rng = random.Random(2)
    pieces = PIECES + ["\ud83d\ude00"]  # a surrogate pair spelt as two lone surrogates
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40)))
        raw = _offsets.encode(text)
        boundaries = sorted({len(_offsets.encode(text[:i])) for i in range(len(text) + 1)})
        points = sorted(rng.choice(boundaries) for _ in range(2 * rng.randrange(0, 6)))
        spans = list(zip(points[::2], points[1::2]))  # ordered, not overlapping
        if rng.random() < 0.3 and raw:  # and sometimes not: overlapping, or inside a character
            spans.append((rng.randrange(len(raw)), len(raw)))
        assert _offsets.str_spans(raw, spans) == _offsets._str_spans_general(raw, spans), (text, spans)


def test_offsets_inside_a_character_round_outwards() -> None:
    text = "a😀b中c"
    raw = _offsets.encode(text)  # a F0 9F 98 80 b E4 B8 AD c
    assert _offsets.str_spans(raw, [(2, 3)]) == [(1, 2)]  # inside the emoji: the emoji
    assert _offsets.str_spans(raw, [(1, 7)]) == [(1, 4)]  # from the emoji into 中: through 中
    assert _offsets.str_spans(raw, [(0, 0), (10, 10)]) == [(0, 0), (5, 5)]


def test_random_text_around_findings(text_rules: classify.Ruleset) -> None:
    rng = random.Random(20261129)
    for case in range(1500):
        detector, value = rng.choice(list(VALUES.items()))
        before = _random_text(rng, rng.randrange(0, 12))
        after = _random_text(rng, rng.randrange(0, 12))
        text = f"{before} {value} {after}"
        result = text_rules.classify(text)
        hits = [f for f in result.findings if f.detector == detector]
        assert len(hits) == 1, (case, ascii(text))
        assert text[hits[0].start : hits[0].end] == value, (case, ascii(text))
        for f in result.findings:
            assert 0 <= f.start < f.end <= len(text)


def test_values_touching_multibyte_characters(text_rules: classify.Ruleset) -> None:
    never_word = ("😀", "\ud800", "\udcff", "\u0000", "🇫🇷")
    for left in ("中", "e\u0301", "ë", *never_word):
        for right in ("中", "\u0301", "ë", *never_word):
            text = f"{left}{CARD}{right}"
            findings = text_rules.classify(text).findings
            # Whether a letter next to the number is a word boundary is the engine's call;
            # what it finds, the slice must be exactly.
            for f in findings:
                assert text[f.start : f.end] == CARD, ascii(text)
            if left in never_word and right in never_word:
                assert len(findings) == 1, ascii(text)


def test_bytes_offsets_are_byte_offsets(text_rules: classify.Ruleset) -> None:
    text = "😀中 card " + CARD
    raw = text.encode()
    [from_bytes] = text_rules.classify(raw).findings
    [from_str] = text_rules.classify(text).findings
    assert raw[from_bytes.start : from_bytes.end] == CARD.encode()
    assert text[from_str.start : from_str.end] == CARD
    assert from_bytes.start - from_str.start == len(raw) - len(text)


def test_many_findings_in_a_large_text_convert_in_linear_time(text_rules: classify.Ruleset) -> None:
    # 5,000 findings in about 1 MB of non-ASCII text. A conversion that re-counts from the
    # start for each finding would walk about 2.5 GB; a linear one walks 1 MB.
    unit = "中文 😀 e\u0301 " * 10 + " jane.doe@example.org "
    text = unit * 5000
    started = time.perf_counter()
    result = text_rules.classify(text, max_findings=10_000)
    elapsed = time.perf_counter() - started
    emails = [f for f in result.findings if f.detector == "email"]
    assert len(emails) == 5000
    assert all(text[f.start : f.end] == "jane.doe@example.org" for f in emails)
    assert elapsed < 20, elapsed

    raw = _offsets.encode(text)
    spans = [(i, i + 1) for i in range(0, len(raw) - 1, 97)]
    started = time.perf_counter()
    _offsets.str_spans(raw, spans)
    assert time.perf_counter() - started < 2  # ~15,000 offsets over 1.2 MB


@pytest.mark.parametrize("text", ["", "😀", "\ud800", "a\u0000b"])
def test_texts_without_findings(text_rules: classify.Ruleset, text: str) -> None:
    result = text_rules.classify(text)
    assert result.findings == [] and result.to_dict()["input"]["length"] == len(text)
