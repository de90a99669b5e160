"""Classifying: inputs, the decision, options, rulesets, the result document."""

from __future__ import annotations

import array
import dataclasses
import hashlib
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import CARD, CARD_TEXT, pack, pack_json

import classify
from classify import _core

RECORD = 'customer: Jane Doe, email jane.doe@example.org, card 4111 1111 1111 1111, ip 192.168.10.24'


def _summary(result: classify.Result) -> list[tuple[int, int, str]]:
    return [(f.start, f.end, f.detector) for f in result.findings]


def test_a_card_is_restricted_under_pci_dss(default_rules: classify.Ruleset) -> None:
    result = default_rules.classify(CARD_TEXT)
    assert result.level == "restricted"
    assert result.level_rank == 3
    assert "PCI_DSS" in result.frameworks and isinstance(result.frameworks, tuple)
    assert result.complete and result.incomplete_reasons == ()
    assert not result.needs_review
    assert result.pack == default_rules.pack
    [card] = [f for f in result.findings if f.type == "CREDIT_CARD"]
    assert CARD_TEXT[card.start : card.end] == CARD
    assert (card.category, card.level) == ("financial", "restricted")
    assert card.detector in {d.id for d in default_rules.detectors if d.type == "CREDIT_CARD"}
    assert card.validated and card.keyword_boosted
    assert result.confidence == card.confidence and 0.5 < card.confidence <= 1.0
    assert result.as_of in (datetime.now(timezone.utc).date(), date.today())


def test_decision_and_findings_of_a_known_pack(text_rules: classify.Ruleset) -> None:
    result = text_rules.classify(RECORD)
    assert (result.level, result.level_rank, result.frameworks) == ("restricted", 3, ("GDPR", "PCI_DSS"))
    assert [(f.detector, f.type, f.category, f.level, f.validated, f.keyword_boosted) for f in result.findings] == [
        ("email", "EMAIL_ADDRESS", "pii", "internal", False, True),
        ("card", "CREDIT_CARD", "financial", "restricted", True, True),
    ]
    assert [RECORD[f.start : f.end] for f in result.findings] == ["jane.doe@example.org", CARD]
    # keyword_confidence defaults to min(1, confidence + 0.35); the card's is 0.97.
    assert [f.confidence for f in result.findings] == [1.0, 0.97]
    assert result.confidence == 0.97  # the highest among the findings at the decided level


def test_findings_are_frozen_slotted_dataclasses(text_rules: classify.Ruleset) -> None:
    result = text_rules.classify(RECORD)
    finding = result.findings[0]
    assert dataclasses.is_dataclass(finding) and not hasattr(finding, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.start = 0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.level = "public"  # type: ignore[misc]
    assert [f.name for f in dataclasses.fields(finding)] == [
        "start", "end", "detector", "type", "category", "confidence", "level", "validated", "keyword_boosted",
    ]


def test_all_input_kinds_give_the_same_findings(text_rules: classify.Ruleset) -> None:
    raw = RECORD.encode()
    expected = _summary(text_rules.classify(raw))
    assert [d for _, _, d in expected] == ["email", "card"]
    big = raw + b" " * _core._IN_PLACE_MIN  # large enough to be scanned in place
    inputs: list[object] = [
        RECORD,
        bytearray(raw),
        memoryview(raw),
        memoryview(bytearray(raw)),
        memoryview(b"xx" + raw + b"yy")[2:-2],
        memoryview(bytearray(big))[: len(raw)],
        bytearray(big),
        memoryview(bytearray(big)),
        array.array("B", raw),
    ]
    for data in inputs:
        assert _summary(text_rules.classify(data)) == expected, type(data)  # type: ignore[arg-type]
    # A non-contiguous view is copied in order.
    strided = memoryview(bytes(b for c in raw for b in (c, 0)))[::2]
    assert _summary(text_rules.classify(strided)) == expected


def test_large_writable_buffers_are_scanned_in_place_and_released(text_rules: classify.Ruleset) -> None:
    buf = bytearray(CARD_TEXT.encode() + b" " * _core._IN_PLACE_MIN)
    arg, size = _core._buffer(buf)
    assert not isinstance(arg, bytes) and size == len(buf)  # a ctypes view, no copy
    del arg
    small, _ = _core._buffer(bytearray(b"abc"))
    assert small == b"abc"
    assert text_rules.classify(buf).level == "restricted"
    buf.extend(b"more")  # would raise BufferError if an export were still alive


def test_empty_input(default_rules: classify.Ruleset) -> None:
    for empty in (b"", "", bytearray(), memoryview(b"")):
        result = default_rules.classify(empty)
        assert result.findings == [] and result.level == "public" and result.level_rank == 0
        assert result.frameworks == () and result.confidence == 0.0 and result.complete


@pytest.mark.parametrize("pack", ["text_rules", "default_rules"])
def test_nul_bytes_and_invalid_utf8_are_ordinary_input(pack: str, request: pytest.FixtureRequest) -> None:
    rules: classify.Ruleset = request.getfixturevalue(pack)
    data = b"\x00\xff\xfe\xc3(card\x00 " + CARD.encode() + b" \xed\xa0\x80\x80\x00"
    result = rules.classify(data)
    [card] = [f for f in result.findings if f.type == "CREDIT_CARD"]
    assert data[card.start : card.end] == CARD.encode()
    assert card.start == data.index(CARD.encode())


def test_min_confidence_drops_findings(acme_rules: classify.Ruleset) -> None:
    plain = acme_rules.classify("ref E-1234567")  # no keyword: confidence 0.4
    boosted = acme_rules.classify("employee E-1234567")  # keyword: 0.9
    assert plain.findings[0].confidence == pytest.approx(0.4)
    assert plain.needs_review  # below the pack's review threshold (0.6)
    assert boosted.findings[0].confidence == pytest.approx(0.9) and boosted.findings[0].keyword_boosted
    assert acme_rules.classify("ref E-1234567", min_confidence=0.5).findings == []
    assert len(acme_rules.classify("employee E-1234567", min_confidence=0.5).findings) == 1
    assert acme_rules.classify("ref E-1234567", min_confidence=0).findings == plain.findings


def test_max_findings_makes_the_result_incomplete(text_rules: classify.Ruleset) -> None:
    result = text_rules.classify(RECORD, max_findings=1, explain=True)
    assert len(result.findings) == 1
    assert not result.complete and result.incomplete_reasons == ("max_findings",)
    assert result.needs_review
    decision = result.to_dict()["decision"]
    assert decision["complete"] is False and decision["incomplete_reasons"] == ["max_findings"]
    # The detectors whose findings were dropped are named; a complete scan names none.
    everything = text_rules.classify(RECORD)
    dropped = {f.detector for f in everything.findings[1:]}
    assert set(result.incomplete_detectors) == dropped and dropped
    assert set(decision["incomplete_detectors"]) == dropped
    assert everything.incomplete_detectors == ()
    assert "incomplete detectors: " in result.explain()


def test_deadline_is_accepted(text_rules: classify.Ruleset) -> None:
    result = text_rules.classify(RECORD, deadline_ms=60_000)
    assert result.complete and result == text_rules.classify(RECORD)


# --- as_of and dated policies -------------------------------------------------------------------


def test_as_of_applies_the_policies_in_force(acme_rules: classify.Ruleset) -> None:
    text = "employee E-1234567"
    before = acme_rules.classify(text, as_of=date(2026, 12, 31))
    after = acme_rules.classify(text, as_of=date(2027, 1, 1))
    assert (before.level, before.findings[0].level) == ("confidential", "confidential")
    assert (after.level, after.findings[0].level) == ("restricted", "restricted")
    assert before.frameworks == after.frameworks == ("GDPR",)
    assert before.as_of == date(2026, 12, 31) and after.as_of == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("as_of", "day", "level"),
    [
        ("2026-12-31", date(2026, 12, 31), "confidential"),
        ("2027-01-01", date(2027, 1, 1), "restricted"),
        ("2027-01-01T00:30:00+01:00", date(2026, 12, 31), "confidential"),  # 23:30 UTC
        ("2026-12-31T23:30:00-01:00", date(2027, 1, 1), "restricted"),  # 00:30 UTC
        ("2027-01-01T00:00:00Z", date(2027, 1, 1), "restricted"),
        (datetime(2026, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-2))), date(2027, 1, 1), "restricted"),
        (datetime(2027, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=5))), date(2026, 12, 31), "confidential"),
        (date(1970, 1, 1), date(1970, 1, 1), "confidential"),  # 0 s would mean "now" in C
        (date(1969, 7, 20), date(1969, 7, 20), "confidential"),
        ("2999-01-01", date(2999, 1, 1), "restricted"),
    ],
)
def test_as_of_forms(acme_rules: classify.Ruleset, as_of: object, day: date, level: str) -> None:
    result = acme_rules.classify("employee E-1234567", as_of=as_of)  # type: ignore[arg-type]
    assert (result.as_of, result.level) == (day, level)


def test_naive_datetime_is_local_time(acme_rules: classify.Ruleset) -> None:
    naive = datetime(2027, 1, 1, 12, 0)
    expected = naive.astimezone(timezone.utc).date()
    assert acme_rules.classify("x", as_of=naive).as_of == expected


# --- rulesets ----------------------------------------------------------------------------------


def test_builtin_packs() -> None:
    names = classify.builtin_packs()
    assert names[0] == "default" and "core" in names
    for name in names:
        with classify.Ruleset.builtin(name) as rules:
            assert rules.detectors and rules.digest.startswith("sha256:")


def test_ruleset_metadata_and_detectors(default_rules: classify.Ruleset, text_rules: classify.Ruleset) -> None:
    assert default_rules.id and default_rules.version.count(".") >= 2
    assert len(default_rules.digest) == len("sha256:") + 64
    assert default_rules.pack == classify.PackInfo(default_rules.id, default_rules.version, default_rules.digest)
    detectors = default_rules.detectors
    assert detectors is not default_rules.detectors  # a new list each time
    assert len({d.id for d in detectors}) == len(detectors) > 10
    assert {d.category for d in detectors} <= {"pii", "phi", "financial", "credential", "network"}
    assert any(d.type == "CREDIT_CARD" and d.validator for d in detectors)
    assert all(isinstance(d.description, str) for d in detectors)
    assert text_rules.detectors == [
        classify.Detector("card", "CREDIT_CARD", "financial", "luhn", ""),
        classify.Detector("email", "EMAIL_ADDRESS", "pii", None, ""),
    ]


def test_open_from_file_and_digest(tmp_path: Path) -> None:
    text = pack_json()
    path = tmp_path / "acme.json"
    path.write_text(text)
    expected = "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    for source in (path, str(path), bytes(path)):
        with classify.Ruleset.open(source) as rules:
            assert (rules.id, rules.version, rules.digest) == ("acme-hr", "1.2.0", expected)
    with classify.Ruleset.from_json(text) as a, classify.Ruleset.from_json(text.encode()) as b:
        assert a.digest == b.digest == expected
        assert a.detectors == [
            classify.Detector("acme_employee_id", "EMPLOYEE_ID", "pii", None, "ACME employee number")
        ]


def test_open_options(tmp_path: Path) -> None:
    with classify.Ruleset.default(jit=False, skip_examples=True) as rules:
        assert rules.classify(CARD_TEXT).level == "restricted"
    doc = pack()
    doc["detectors"][0]["examples"]["no_match"] = ["E-7654321"]  # fails: it does match
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(classify.PackError):
        classify.Ruleset.open(path)
    with classify.Ruleset.open(path, skip_examples=True, jit=False) as rules:
        assert rules.classify("employee E-1234567").findings


# --- the result document -------------------------------------------------------------------------


@pytest.mark.parametrize("pack", ["text_rules", "default_rules"])
def test_to_dict_matches_the_engine_document(pack: str, request: pytest.FixtureRequest) -> None:
    rules: classify.Ruleset = request.getfixturevalue(pack)
    fast = rules.classify(RECORD, as_of="2027-03-01")
    full = rules.classify(RECORD, as_of="2027-03-01", explain=True)
    assert fast == full  # the private document does not take part in equality
    built, engine = fast.to_dict(), full.to_dict()
    for finding in engine["findings"]:
        assert set(finding.pop("explanation")) >= {"pattern", "validator", "keyword"}
    assert built == engine
    assert engine["schema"] == "classify.result/1"
    assert engine["input"] == {"type": "str", "length": len(RECORD), "byte_length": len(RECORD)}
    assert engine["decision"]["as_of"] == "2027-03-01"
    assert json.loads(full.to_json()) == full.to_dict()


def test_to_dict_keeps_byte_offsets_and_adds_str_offsets(text_rules: classify.Ruleset) -> None:
    text = "Zoë 😀 " + CARD_TEXT
    for explain in (False, True):
        result = text_rules.classify(text, explain=explain)
        doc = result.to_dict()
        [entry] = doc["findings"]
        raw = text.encode()
        assert raw[entry["start"] : entry["end"]] == CARD.encode()
        assert text[entry["str_start"] : entry["str_end"]] == CARD
        assert (entry["str_start"], entry["str_end"]) == (result.findings[0].start, result.findings[0].end)
        assert doc["input"] == {"type": "str", "length": len(text), "byte_length": len(raw)}
    doc = text_rules.classify(text.encode()).to_dict()
    assert "str_start" not in doc["findings"][0] and doc["input"]["type"] == "bytes"


def test_explain(text_rules: classify.Ruleset) -> None:
    text = text_rules.classify(RECORD, explain=True).explain()
    assert text.startswith("level restricted (rank 3), GDPR, PCI_DSS, confidence 0.97, no review needed; 2 finding(s)")
    assert "card (CREDIT_CARD, financial)" in text
    assert "validator luhn accepted it, keyword 'card' nearby" in text
    short = text_rules.classify(RECORD).explain()
    assert "card (CREDIT_CARD, financial)" in short and "validator accepted it" in short
    # Offsets, never the data itself.
    for out in (text, short):
        assert CARD not in out and "jane.doe" not in out
