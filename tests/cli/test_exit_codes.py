# SPDX-License-Identifier: Apache-2.0
"""Exit statuses: 0 nothing at or above --fail-on, 1 findings at or above it, 2 errors
(which win over findings)."""

import json

from clihelp import CARD, EMAIL, SSN, TEST_PACK, run, run_json


def test_clean_file_exits_0(tmp_path):
    f = tmp_path / "clean.txt"
    f.write_text("hello world, nothing here\n")
    p = run("scan", "--builtin", "core", f)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["summary"]["findings"] == 0
    assert doc["summary"]["exit_code"] == 0


def test_internal_finding_is_below_default_fail_on(tmp_path):
    f = tmp_path / "mail.txt"
    f.write_text(f"write to {EMAIL}\n")
    assert run("scan", "--builtin", "core", f).returncode == 0
    assert run("scan", "--builtin", "core", "--fail-on", "internal", f).returncode == 1


def test_restricted_finding_exits_1_and_fail_on_none_exits_0(tmp_path):
    f = tmp_path / "card.txt"
    f.write_text(f"card {CARD}\n")
    assert run("scan", "--builtin", "core", f).returncode == 1
    assert run("scan", "--builtin", "core", "--fail-on", "restricted", f).returncode == 1
    assert run("scan", "--builtin", "core", "--fail-on", "none", f).returncode == 0


def test_fail_on_unknown_level_is_an_error_listing_levels(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("x\n")
    p = run("scan", "--fail-on", "secret", f)
    assert p.returncode == 2
    err = p.stderr.decode()
    assert "--fail-on 'secret'" in err and "restricted" in err and "none" in err


def test_bad_flags_exit_2_with_a_message():
    p = run("scan", "--no-such-flag")
    assert p.returncode == 2
    assert b"--no-such-flag" in p.stderr
    p = run("scan", "--as-of", "2026-02-30", "-")
    assert p.returncode == 2
    assert b"--as-of '2026-02-30'" in p.stderr
    p = run("scan", "--format", "yaml", "-")
    assert p.returncode == 2
    assert b"yaml" in p.stderr
    p = run("scan", "--max-file-size", "12Q", "-")
    assert p.returncode == 2
    p = run("scan", "--min-confidence", "1.5", "-")
    assert p.returncode == 2
    p = run("scan", "--jobs", "0", "-")
    assert p.returncode == 2
    p = run("scan", "--quiet", "--progress", "-")
    assert p.returncode == 2


def test_pack_that_does_not_load_exits_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "classify.pack/1", "id": "x"')
    f = tmp_path / "a.txt"
    f.write_text(f"card {CARD}\n")
    p = run("scan", "--pack", bad, f)
    assert p.returncode == 2
    assert str(bad).encode() in p.stderr
    assert p.stdout == b""
    p = run("scan", "--builtin", "no-such-pack", f)
    assert p.returncode == 2
    assert b"no-such-pack" in p.stderr


def test_read_error_wins_over_findings_and_the_scan_goes_on(tmp_path):
    f = tmp_path / "card.txt"
    f.write_text(f"card {CARD}\n")
    missing = tmp_path / "missing.txt"
    p, doc = run_json("--builtin", "core", missing, f)
    assert p.returncode == 2
    assert [e["path"] for e in doc["errors"]] == [str(missing)]
    assert "No such file or directory" in doc["errors"][0]["message"]
    assert [x["path"] for x in doc["files"]] == [str(f)]
    assert doc["files"][0]["findings"][0]["type"] == "CREDIT_CARD"
    assert f"{missing}: No such file or directory".encode() in p.stderr


def test_incomplete_scan_exits_2_unless_allowed(tmp_path):
    f = tmp_path / "many.txt"
    f.write_text(f"{SSN} and {CARD}\n")
    p, doc = run_json("--builtin", "core", "--max-findings", "1", f)
    assert p.returncode == 2
    assert doc["files"][0]["decision"]["complete"] is False
    assert doc["files"][0]["decision"]["incomplete_reasons"] == ["max_findings"]
    assert doc["summary"]["incomplete"] == [str(f)]
    assert doc["files"][0]["decision"]["incomplete_detectors"] in (["credit_card"], ["us_ssn"])
    dropped = doc["files"][0]["decision"]["incomplete_detectors"][0]
    assert f"scan incomplete (max_findings; detectors cut short: {dropped})".encode() in p.stderr
    p = run("scan", "--builtin", "core", "--max-findings", "1", "--allow-incomplete", f)
    assert p.returncode == 1


def test_help_and_version_exit_0():
    p = run("--help")
    assert p.returncode == 0
    assert b"Examples:" in p.stdout and b"classify scan" in p.stdout
    p = run("scan", "--help")
    assert p.returncode == 0
    assert b"--fail-on" in p.stdout and b"Exit status" in p.stdout
    p = run("--version")
    assert p.returncode == 0
    assert p.stdout.decode().startswith("classify ")


def test_as_of_applies_dated_policies(tmp_path):
    f = tmp_path / "hr.txt"
    f.write_text("employee E-1234567 joined\n")
    before = run("scan", "--pack", TEST_PACK, "--as-of", "2029-12-31", f)
    after = run("scan", "--pack", TEST_PACK, "--as-of", "2030-01-01", f)
    assert before.returncode == 0 and after.returncode == 1
    assert json.loads(before.stdout)["files"][0]["decision"]["level"] == "internal"
    doc = json.loads(after.stdout)
    assert doc["files"][0]["decision"]["level"] == "confidential"
    assert doc["files"][0]["findings"][0]["frameworks"] == ["TESTFW"]
    assert doc["as_of"] == "2030-01-01"
