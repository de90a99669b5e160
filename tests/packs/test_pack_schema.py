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


# Overlays, lifecycle rules and bundles (the worked example in examples/regulation-change).
EXAMPLE = ROOT / "examples" / "regulation-change"
BUNDLE_SCHEMA = json.loads((ROOT / "docs" / "bundle.schema.json").read_text())


@pytest.mark.parametrize("name", ["base.json", "update-2027.json"])
def test_example_pack_matches_schema(name):
    jsonschema.Draft202012Validator(SCHEMA).validate(json.loads((EXAMPLE / name).read_text()))


def test_example_bundle_matches_bundle_schema():
    jsonschema.Draft202012Validator.check_schema(BUNDLE_SCHEMA)
    jsonschema.Draft202012Validator(BUNDLE_SCHEMA).validate(json.loads((EXAMPLE / "bundle.json").read_text()))
    bad = json.loads((EXAMPLE / "bundle.json").read_text())
    bad["packs"][1]["digest"] = "md5:1234"
    assert not jsonschema.Draft202012Validator(BUNDLE_SCHEMA).is_valid(bad)


def test_schema_checks_layer_and_lifecycle():
    v = jsonschema.Draft202012Validator(SCHEMA)
    update = json.loads((EXAMPLE / "update-2027.json").read_text())
    assert v.is_valid(update)
    for change in (
        lambda p: p["layer"].update(remove=["x"]),  # unknown key
        lambda p: p["layer"].update(end_policies=[{"id": "x"}]),  # no date
        lambda p: p["lifecycle"][0].pop("raise_to") and p["lifecycle"][0].pop("review"),  # no effect
        lambda p: p["lifecycle"][0].update(lower_to="public"),  # raises and lowers
        lambda p: [p["lifecycle"][0].pop(k) for k in ("older_than", "effective_from")],  # no condition
        lambda p: p["lifecycle"][0]["older_than"].update(weeks=2),
    ):
        doc = json.loads(json.dumps(update))
        change(doc)
        assert not v.is_valid(doc)
