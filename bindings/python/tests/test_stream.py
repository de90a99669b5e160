"""Streams through the binding: every chunking of one input gives exactly the findings of
a whole scan, with byte offsets from the start of the stream; redacting streams give the
whole redaction."""

from __future__ import annotations

import random

import pytest

import classify

ENTITIES = [
    b"SSN: 536-22-8726",
    b"card number 4111 1111 1111 1111",
    b"email jane.doe@example.com",
    b"phone (415) 555-0132",
    b"iban DE89370400440532013000",
    b"aws key AKIAZ3MHJXQ2EMPLV7AB",
    b"version 10.2.3.4",
    b"client 203.0.113.7",
    b"customerSSN=401617023",
    b"ssn 536228726",
]
FILLERS = [b"lorem ipsum dolor sit amet", b"caf\xc3\xa9 \xe2\x98\x95", b"\n", b",", b"order 4111 1111 1111 1112", b"\x00\xff"]


def make_input(size: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    out = bytearray()
    while len(out) < size:
        out += rng.choice(ENTITIES) if rng.random() < 0.35 else rng.choice(FILLERS)
        out += b" "
    return bytes(out)


@pytest.fixture(scope="module")
def rules() -> classify.Ruleset:
    with classify.Ruleset.default() as rs:
        yield rs


def spans(findings) -> list[tuple[int, int, str, float, str]]:
    return [(f.start, f.end, f.detector, f.confidence, f.level) for f in findings]


def stream_cut(rules: classify.Ruleset, data: bytes, cuts: list[int], **options) -> classify.Result:
    with classify.Stream(rules, **options) as st:
        at = 0
        reported = []
        for c in [*cuts, len(data)]:
            if c < at:
                continue
            reported += st.write(data[at:c])
            at = c
        result = st.finish()
        assert spans(reported + [f for f in result.findings[len(reported):]]) == spans(result.findings)
        assert list(st) == result.findings
        assert st.offset == len(data)
        return result


def test_every_chunking_gives_the_whole_scan(rules: classify.Ruleset) -> None:
    data = make_input(3000)
    whole = rules.classify(data)
    assert len(whole.findings) >= 10
    chunkings = [list(range(1, len(data)))]  # one byte at a time
    for size in (2, 7, 64, 1000):
        chunkings.append(list(range(size, len(data), size)))
    rng = random.Random(5)
    for maxpiece in (8, 64, 512):
        cuts, at = [], 0
        while (at := at + 1 + rng.randrange(maxpiece)) < len(data):
            cuts.append(at)
        chunkings.append(cuts)
    for cuts in chunkings:
        r = stream_cut(rules, data, cuts)
        assert spans(r.findings) == spans(whole.findings)
        assert (r.level, r.frameworks, r.needs_review, r.confidence) == (
            whole.level,
            whole.frameworks,
            whole.needs_review,
            whole.confidence,
        )


def test_boundaries_at_every_offset_around_each_entity(rules: classify.Ruleset) -> None:
    data = make_input(900, seed=3)
    whole = spans(rules.classify(data).findings)
    assert len(whole) >= 4
    tried = set()
    for start, end, *_ in whole:
        for cut in range(max(1, start - 24), min(len(data), end + 4)):
            if cut in tried:
                continue
            tried.add(cut)
            assert spans(stream_cut(rules, data, [cut]).findings) == whole, f"cut at {cut}"


def test_offsets_are_absolute_and_findings_span_writes(rules: classify.Ruleset) -> None:
    with rules.stream() as st:
        assert st.write(b"x" * 70000 + b" mail jane.doe@exa") == []
        st.write(b"mple.com ok")
        result = st.finish()
    [f] = result.findings
    assert (f.start, f.end, f.type) == (70006, 70026, "EMAIL_ADDRESS")
    assert result.level == "internal"
    assert rules.max_window > 8192


def test_finish_is_final_and_str_is_refused(rules: classify.Ruleset) -> None:
    st = classify.Stream(rules)
    with pytest.raises(TypeError):
        st.write("text")
    first = st.finish()
    assert st.finish() is first
    with pytest.raises(classify.InvalidArgumentError):
        st.write(b"more")
    st.close()
    st.close()
    with pytest.raises(ValueError):
        st.write(b"x")
    assert repr(st) == "<classify.Stream (closed)>"


def test_stream_outlives_a_closed_ruleset() -> None:
    rs = classify.Ruleset.default()
    st = classify.Stream(rs, max_findings=1)
    rs.close()
    st.write(b"jane@example.com and john@example.com ")
    result = st.finish()
    assert len(result.findings) == 1
    assert not result.complete and "max_findings" in result.incomplete_reasons
    assert result.incomplete_detectors == ("email_address",)
    st.close()


def test_redacting_stream_equals_whole_redaction(rules: classify.Ruleset) -> None:
    data = make_input(2500, seed=9)
    expected = rules.redact(data, mode="type")
    for size in (1, 5, 300):
        with classify.Stream(rules, redact={"mode": "type"}) as st:
            out = bytearray()
            for i in range(0, len(data), size):
                st.write(data[i : i + size])
                out += st.redacted()
            st.finish()
            out += st.redacted()
        assert bytes(out) == expected
    with pytest.raises(ValueError):
        classify.Stream(rules).redacted()
    with pytest.raises(classify.InvalidArgumentError):
        classify.Stream(rules, redact="hash")  # a hash needs a key
