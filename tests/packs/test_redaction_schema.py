"""The schema takes a detector's "redaction" the way the loader does (docs/redaction.md)."""
import json
import pathlib

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "rule-pack.schema.json").read_text())


def with_redaction(redaction):
    pack = json.loads((ROOT / "packs" / "core.json").read_text())
    pack["detectors"][0]["redaction"] = redaction
    return pack


def test_redaction_settings():
    v = jsonschema.Draft202012Validator(SCHEMA)
    assert v.is_valid(with_redaction({"mode": "mask", "keep": 4}))
    assert v.is_valid(with_redaction({"mode": "hash"}))
    assert v.is_valid(with_redaction({"mode": "remove", "x-note": "ours"}))
    assert not v.is_valid(with_redaction({"mode": "blur"}))
    assert not v.is_valid(with_redaction({"keep": 4}))
    assert not v.is_valid(with_redaction({"mode": "type", "keep": 2}))
    assert not v.is_valid(with_redaction({"mode": "mask", "keep": 65}))
    assert not v.is_valid(with_redaction({"mode": "mask", "kep": 4}))
