# SPDX-License-Identifier: Apache-2.0
"""`classify pack validate|test|info|list-builtin|docs`, and scanning with --pack."""

import json
import re

from clihelp import CARD, ROOT, TEST_PACK, TOKEN, run, run_json

PACK = json.loads(TEST_PACK.read_text())


def write_pack(tmp_path, name, doc):
    p = tmp_path / name
    p.write_text(json.dumps(doc, indent=2) + "\n")
    return p


def test_validate_a_valid_pack():
    p = run("pack", "validate", TEST_PACK, ROOT / "packs" / "core.json")
    assert p.returncode == 0, p.stdout
    out = p.stdout.decode()
    assert f"{TEST_PACK}: valid: cli-test 2.3.4, 2 detectors, 1 policy, sha256:" in out
    assert "core.json: valid: core " in out


def test_validate_malformed_json_gives_line_and_column(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "schema": "classify.pack/1",\n  "id": "x",\n  "version": 1.0.0\n}\n')
    p = run("pack", "validate", bad)
    assert p.returncode == 2
    line = p.stdout.decode().strip()
    assert line.startswith(f"{bad}: (document) (line 4, column ")
    assert "not valid JSON" in line


def test_validate_broken_regex_gives_pointer_and_pattern_offset(tmp_path):
    doc = json.loads(json.dumps(PACK))
    doc["detectors"][1]["patterns"] = ["E-(\\d{7}"]
    bad = write_pack(tmp_path, "regex.json", doc)
    p = run("pack", "validate", bad, TEST_PACK)
    assert p.returncode == 2
    lines = p.stdout.decode().splitlines()
    assert len(lines) == 2  # both files reported
    m = re.match(re.escape(str(bad)) + r": /detectors/1/patterns/0 \(line (\d+), column (\d+)\): (.*)$", lines[0])
    assert m, lines[0]
    text = bad.read_text().splitlines()[int(m.group(1)) - 1]
    assert text[int(m.group(2)) - 1:].startswith('"E-(')
    assert 'detector "test_employee"' in m.group(3)
    assert "pattern does not compile" in m.group(3) and "(at offset 8)" in m.group(3)
    assert lines[1].startswith(f"{TEST_PACK}: valid")


def test_validate_unknown_field_and_validator(tmp_path):
    doc = json.loads(json.dumps(PACK))
    doc["detectors"][0]["keyword"] = ["typo"]
    p = run("pack", "validate", write_pack(tmp_path, "typo.json", doc))
    assert p.returncode == 2
    assert b"/detectors/0/keyword" in p.stdout
    doc = json.loads(json.dumps(PACK))
    doc["detectors"][0]["validator"] = "no_such_check"
    p = run("pack", "validate", write_pack(tmp_path, "val.json", doc))
    assert p.returncode == 2
    assert b"/detectors/0/validator" in p.stdout and b"no_such_check" in p.stdout


def test_validate_missing_file():
    p = run("pack", "validate", "/nonexistent/pack.json")
    assert p.returncode == 2
    assert b"/nonexistent/pack.json: " in p.stdout and b"No such file or directory" in p.stdout


def test_pack_test_reports_every_failing_example(tmp_path):
    doc = json.loads(json.dumps(PACK))
    doc["detectors"][0]["examples"]["match"].append("no token here")
    doc["detectors"][0]["examples"]["no_match"].append("TKN-ZZZZZZZZZZZZ")
    doc["detectors"][1]["examples"]["match"].append("E-12")
    bad = write_pack(tmp_path, "failing.json", doc)
    p = run("pack", "test", bad)
    assert p.returncode == 1
    out = p.stdout.decode()
    assert f"{bad}: /detectors/0/examples/match/2 (line " in out
    assert f"{bad}: /detectors/0/examples/no_match/3 (line " in out
    assert f"{bad}: /detectors/1/examples/match/1 (line " in out
    assert "example does not match" in out and "matches but must not" in out
    assert "3 failed" in out


def test_pack_test_passing_and_builtin():
    p = run("pack", "test", TEST_PACK)
    assert p.returncode == 0
    assert b"2 detectors, 8 examples: all hold" in p.stdout
    # Every built-in pack is tested; the status agrees with the failures printed (the
    # packs' own health is checked by the Swift suite, not here).
    p = run("pack", "test", "--builtin")
    out = p.stdout.decode()
    names = [l.split()[0] for l in run("pack", "list-builtin").stdout.decode().splitlines()[1:]
             if l and not l.startswith("total:")]
    for n in names:
        assert re.search(rf"^builtin:{re.escape(n)}: .*: (all hold|\d+ failed)$", out, re.M), n
    failed = re.findall(r": (\d+) failed$", out, re.M)
    assert p.returncode == (1 if failed else 0), out[-2000:]
    assert run("pack", "test").returncode == 2


def test_pack_test_load_error_exits_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    p = run("pack", "test", bad, TEST_PACK)
    assert p.returncode == 2
    assert str(bad).encode() in p.stdout and b"all hold" in p.stdout


def test_pack_info():
    p = run("pack", "info", TEST_PACK)
    assert p.returncode == 0
    out = p.stdout.decode()
    assert out.startswith("cli-test 2.3.4\n")
    assert "sha256:" in out and "public < internal < confidential < restricted" in out
    assert "credential" in out and "test_token" in out
    assert "employees-confidential-2030: from 2030-01-01" in out
    info = json.loads(run("pack", "info", "--builtin", "core", "--json").stdout)
    assert info["id"] == "core" and info["detectors_by_category"]["credential"] >= 1
    assert run("pack", "info").returncode == 2
    assert run("pack", "info", TEST_PACK, "--builtin", "core").returncode == 2


def test_list_builtin():
    p = run("pack", "list-builtin")
    assert p.returncode == 0
    out = p.stdout.decode()
    assert out.startswith("NAME ")
    assert re.search(r"^core\s+\S+\s+\d+\s", out, re.M)
    assert re.search(r"^total: \d+ packs?, \d+ detectors", out, re.M)
    p = run("pack", "list-builtin", "--detectors")
    assert p.returncode == 0
    assert re.search(rb"^  credit_card\s+CREDIT_CARD\s+financial\s+-\s+\S+\s+restricted$", p.stdout, re.M)


def test_docs_are_deterministic_and_cover_every_pack():
    a = run("pack", "docs").stdout
    assert a == run("pack", "docs").stdout
    text = a.decode()
    assert text.startswith("# Detectors\n")
    names = [l.split()[0] for l in run("pack", "list-builtin").stdout.decode().splitlines()[1:]
             if l and not l.startswith("total:")]
    for n in names:
        assert f"\n## {n}\n" in text
    assert "| `credit_card` |" in text


def test_scan_with_layered_packs(tmp_path):
    overlay = json.loads(json.dumps(PACK))
    overlay["id"] = "cli-overlay"
    overlay["version"] = "9.0.0"
    overlay["detectors"] = [dict(overlay["detectors"][0], id="test_token_2", type="OTHER_TOKEN",
                                 patterns=["(?<![A-Za-z0-9-])OTK-[0-9]{6}(?![0-9])"],
                                 examples={"match": ["OTK-123456"], "no_match": ["OTK-12"]})]
    overlay["policies"] = []
    ov = write_pack(tmp_path, "overlay.json", overlay)
    f = tmp_path / "a.txt"
    f.write_text(f"{TOKEN} OTK-654321 {CARD}\n")
    p, doc = run_json("--pack", TEST_PACK, "--pack", ov, f)
    assert doc["pack"]["id"] == "cli-overlay" and doc["pack"]["version"] == "9.0.0"
    assert [x["type"] for x in doc["files"][0]["findings"]] == ["TEST_TOKEN", "OTHER_TOKEN"]
    # --builtin with --pack: the built-in pack first, then the file.
    p, doc = run_json("--builtin", "core", "--pack", TEST_PACK, f)
    assert doc["pack"]["id"] == "cli-test"
    assert {x["type"] for x in doc["files"][0]["findings"]} == {"TEST_TOKEN", "CREDIT_CARD"}
    # The same detector id twice is an error naming it.
    p = run("scan", "--pack", TEST_PACK, "--pack", TEST_PACK, f)
    assert p.returncode == 2 and b"test_token" in p.stderr


def test_scan_refuses_a_pack_whose_examples_fail(tmp_path):
    doc = json.loads(json.dumps(PACK))
    doc["detectors"][0]["examples"]["match"].append("nothing")
    bad = write_pack(tmp_path, "failing.json", doc)
    p = run("scan", "--pack", bad, "-", input=b"x")
    assert p.returncode == 2
    assert b"/detectors/0/examples/match/2" in p.stderr
