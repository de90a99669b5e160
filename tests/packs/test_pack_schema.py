"""Every built-in pack validates against docs/rule-pack.schema.json, and the schema rejects
what the loader rejects for the same reason (typos, wrong types)."""
import json
import pathlib

import jsonschema
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "rule-pack.schema.json").read_text())
PACKS = sorted((ROOT / "packs").glob("*.json"))


def test_schema_is_a_valid_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_builtin_pack_matches_schema(path):
    jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(path.read_text()))


def test_schema_rejects_typos_and_wrong_types():
    v = jsonschema.Draft202012Validator(SCHEMA)
    pack = json.loads((ROOT / "packs" / "core.json").read_text())
    pack["detectors"][0]["keyword"] = ["x"]
    assert not v.is_valid(pack)
    pack = json.loads((ROOT / "packs" / "core.json").read_text())
    pack["detectors"][0]["confidence"] = 2
    assert not v.is_valid(pack)
    pack = json.loads((ROOT / "packs" / "core.json").read_text())
    pack["schema"] = "classify.pack/2"
    assert not v.is_valid(pack)
