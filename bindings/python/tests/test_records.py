"""Records (field names as context), column profiles and redaction through the binding."""

from __future__ import annotations

import random

import pytest

import classify


@pytest.fixture(scope="module")
def rules() -> classify.Ruleset:
    with classify.Ruleset.default() as rs:
        yield rs


def test_flatten_paths() -> None:
    record = {"customer": {"ssn": "1", "tags": ["a", {"card": 2}]}, "empty": {}, "n": None}
    assert classify.flatten(record) == [
        ("customer.ssn", "1"),
        ("customer.tags[0]", "a"),
        ("customer.tags[1].card", 2),
        ("n", None),
    ]


def test_field_path_is_context(rules: classify.Ruleset) -> None:
    assert rules.classify("536228726").findings == []
    r = rules.classify_record({"customer": {"ssn": "536228726", "name": "Zoë"}, "order_id": "536228726"})
    [f] = r.findings
    assert isinstance(f, classify.FieldFinding)
    assert (f.field, f.type, f.start, f.end, f.keyword_boosted) == ("customer.ssn", "US_SSN", 0, 9, True)
    assert r.level == "restricted"
    # A negative keyword in the path.
    assert rules.classify_record({"build": {"version": "10.2.3.4"}}).findings == []
    assert [f.type for f in rules.classify_record({"client": {"ip": "203.0.113.7"}}).findings] == ["IP_ADDRESS"]
    # The engine's document names the field.
    assert r.to_dict()["findings"][0]["field"] == "customer.ssn"


def test_str_offsets_in_values_and_pairs(rules: classify.Ruleset) -> None:
    r = rules.classify_record([("note", "Zoë → jane.doe@example.com"), ("items", [{"card": "4111 1111 1111 1111"}])])
    email, card = r.findings
    assert email.field == "note" and "Zoë → jane.doe@example.com"[email.start : email.end] == "jane.doe@example.com"
    assert card.field == "items[0].card" and (card.start, card.end) == (0, 19)
    with pytest.raises(TypeError):
        rules.classify_record("ssn 536228726")


def test_profile_predicts_column_types(rules: classify.Ruleset) -> None:
    rng = random.Random(3)
    rows = [
        {
            "email": f"user{i}@example.com",
            "card": "4111 1111 1111 1111",
            "ssn": "536-22-8726",
            "note": "mail me at a@example.org" if i % 10 == 0 else "ok",
            "order_id": f"ORD-{rng.randrange(10**6):06d}",
        }
        for i in range(150)
    ]
    p = classify.profile(rows, rules)
    assert p.records == 150 and p.complete
    assert [c.name for c in p.columns] == ["email", "card", "ssn", "note", "order_id"]
    assert p.column("email").type == "EMAIL_ADDRESS"
    assert p.column("card").type == "CREDIT_CARD" and "PCI_DSS" in p.column("card").frameworks
    assert p.column("ssn").type == "US_SSN" and p.column("ssn").level == "restricted"
    note = p.column("note")
    assert note.type is None and note.types[0].type == "EMAIL_ADDRESS" and note.types[0].share == pytest.approx(0.1)
    assert p.column("order_id").type is None
    assert "example.com" not in p.to_json()
    with pytest.raises(KeyError):
        p.column("missing")
    low = classify.profile(rows, rules, min_share=0.05)
    assert low.column("note").type == "EMAIL_ADDRESS"
    with pytest.raises(ValueError):
        classify.Profiler(rules, min_share=0)


def test_redact_modes(rules: classify.Ruleset) -> None:
    text = "mail jane.doe@example.com, card 4111 1111 1111 1111."
    assert rules.redact(text) == "mail ****************.com, card ***************1111."
    assert rules.redact(text, mode="type") == "mail [EMAIL_ADDRESS], card [CREDIT_CARD]."
    assert rules.redact(text.encode(), mode="remove") == b"mail , card ."
    assert rules.redact(text, keep=0) == "mail ********************, card *******************."
    hashed = rules.redact(text, mode="hash", key=b"secret")
    token = hashed[5:37]
    assert token.startswith("[EMAIL_ADDRESS:") and token.endswith("]")
    assert rules.redact("jane.doe@example.com", mode="hash", key="secret") == token
    assert rules.redact("jane.doe@example.com", mode="hash", key="other") != token
    assert rules.redact(text, overrides={"CREDIT_CARD": "type", "email_address": {"mode": "mask", "keep": 0}}) == (
        "mail ********************, card [CREDIT_CARD]."
    )
    assert rules.redact(text, mode="type", mask_char="#", overrides={"CREDIT_CARD": "mask"}).endswith(
        "card ###############1111."
    )
    with pytest.raises(classify.InvalidArgumentError):
        rules.redact(text, mode="hash")
    with pytest.raises(classify.InvalidArgumentError):
        rules.redact(text, mode="blur")
    with pytest.raises(classify.InvalidArgumentError):
        rules.redact(text, keep=65)


def test_redacted_text_has_nothing_left(rules: classify.Ruleset) -> None:
    rng = random.Random(11)
    pieces = [
        "SSN 536-22-8726",
        "card 4111 1111 1111 1111",
        "jane.doe@example.com",
        "(415) 555-0132",
        "IBAN DE89370400440532013000",
        "AKIAZ3MHJXQ2EMPLV7AB",
        "password=hunter2hunter2",
        "mongodb+srv://app:s3cr3tPassw0rd@cluster0.example.net/db",
    ]
    text = " ".join(rng.choice(pieces) if rng.random() < 0.5 else "the quick brown fox" for _ in range(400))
    for mode in ("mask", "type", "hash", "remove"):
        clean = rules.redact(text, mode=mode, key=b"k")
        left = [f for f in rules.classify(clean).findings if f.level != "public"]
        assert left == [], (mode, left)
