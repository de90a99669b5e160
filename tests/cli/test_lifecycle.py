# SPDX-License-Identifier: Apache-2.0
"""Bundles, signatures, summaries and re-decisions from the command line:
`pack info --bundle`, `pack diff`, `pack keygen|sign|verify`, `scan --summary`,
`scan --data-created` and `reclassify`; and the worked example in examples/regulation-change."""

import json
import os
import shutil
import stat

from clihelp import ROOT, ndjson, run

EXAMPLE = ROOT / "examples" / "regulation-change"


def copy_example(tmp_path):
    """The worked example in a scratch directory (tests sign and change files)."""
    d = tmp_path / "example"
    shutil.copytree(EXAMPLE, d)
    return d


def summaries(d, *extra):
    p = run("scan", "--pack", "base.json", "--as-of", "2026-06-01", "--summary", "today.ndjson", "-q", *extra,
            "data/", cwd=d)
    assert p.returncode in (0, 1), p.stderr.decode()
    return ndjson((d / "today.ndjson").read_bytes())


def test_scan_writes_one_summary_per_file_without_values(tmp_path):
    d = copy_example(tmp_path)
    docs = summaries(d)
    assert [s["path"] for s in docs] == [
        "data/checkins.csv", "data/fleet.log", "data/newsletter.txt", "data/notes.txt", "data/orders.txt"]
    for s in docs:
        assert s["schema"] == "classify.summary/1" and s["pack"]["id"] == "acme-privacy"
        assert s["as_of"] == "2026-06-01" and s["generation"] == 0 and s["data_created"] is None
    checkins = docs[0]
    assert [r["id"] for r in checkins["detectors"]] == ["email_address", "precise_geolocation"]
    assert checkins["detectors"][1]["count"] == 2 and checkins["decision"]["level"] == "internal"
    text = (d / "today.ndjson").read_text()
    for value in ("avery.moss", "37.77493", "4111", "34.05223"):
        assert value not in text
    # --data-created is recorded.
    docs = summaries(d, "--data-created", "2024-06-01")
    assert docs[0]["data_created"] == 1717200000


def test_summary_path_must_be_writable(tmp_path):
    d = copy_example(tmp_path)
    p = run("scan", "--pack", "base.json", "--summary", str(tmp_path / "no" / "such" / "dir" / "s.ndjson"),
            "data/", cwd=d)
    assert p.returncode == 2 and b"--summary" in p.stderr


def test_reclassify_reports_what_changes_and_why(tmp_path):
    d = copy_example(tmp_path)
    summaries(d)
    before = run("reclassify", "--bundle", "bundle.json", "--as-of", "2026-12-31", "today.ndjson", cwd=d)
    assert before.returncode == 0, before.stderr.decode()
    assert before.stdout.decode().strip().endswith("0 change level (0 up, 0 down), 5 unchanged")
    after = run("reclassify", "--bundle", "bundle.json", "--as-of", "2027-01-01", "today.ndjson", cwd=d)
    assert after.returncode == 0, after.stderr.decode()
    out = after.stdout.decode()
    assert "data/checkins.csv: internal -> confidential (as of 2027-01-01; was internal as of 2026-06-01" in out
    assert ("  precise_geolocation (2 findings): internal -> confidential: policy precise-geolocation-is-sensitive"
            " (from 2027-01-01)") in out
    assert "data/fleet.log: internal -> confidential" in out
    assert "data/newsletter.txt" not in out  # unchanged, not listed without --all
    assert out.strip().endswith("2 change level (2 up, 0 down), 3 unchanged")
    everything = run("reclassify", "--bundle", "bundle.json", "--as-of", "2027-01-01", "--all", "today.ndjson", cwd=d)
    assert "data/newsletter.txt: internal (unchanged)" in everything.stdout.decode()
    # The same with the packs layered by --pack, and the data's age: the lifecycle rule fires.
    aged = run("reclassify", "--pack", "base.json", "--pack", "update-2027.json", "--as-of", "2027-01-01",
               "--data-created", "2024-06-01", "today.ndjson", cwd=d)
    out = aged.stdout.decode()
    assert "data/fleet.log: internal -> restricted" in out
    assert "lifecycle rule stale-location-data: raise to restricted, review" in out


def test_reclassify_ndjson_and_stdin(tmp_path):
    d = copy_example(tmp_path)
    summaries(d)
    p = run("reclassify", "--bundle", "bundle.json", "--as-of", "2027-01-01", "--format", "ndjson", "-",
            input=(d / "today.ndjson").read_bytes(), cwd=d)
    assert p.returncode == 0, p.stderr.decode()
    docs = ndjson(p.stdout)
    assert len(docs) == 5
    checkins = docs[0]
    assert checkins["schema"] == "classify.summary/1" and checkins["path"] == "data/checkins.csv"
    assert checkins["pack"]["id"] == "acme-privacy-bundle" and checkins["as_of"] == "2027-01-01"
    assert checkins["decision"]["level"] == "confidential" and checkins["changed"] is True
    assert checkins["previous"]["level"] == "internal" and checkins["previous"]["pack"]["id"] == "acme-privacy"
    assert checkins["decision"]["frameworks"] == ["CCPA", "US_STATE_SPI"]
    assert [x["changed"] for x in docs] == [True, True, False, False, False]
    # A re-decided summary can be re-decided again.
    again = run("reclassify", "--pack", "base.json", "--as-of", "2026-06-01", "--format", "ndjson", "-",
                input=p.stdout, cwd=d)
    assert ndjson(again.stdout)[0]["decision"]["level"] == "internal"


def test_reclassify_errors_name_the_line_and_go_on(tmp_path):
    d = copy_example(tmp_path)
    summaries(d)
    lines = (d / "today.ndjson").read_text().splitlines()
    broken = [lines[0], "{not json", '{"schema":"classify.summary/1"}', "", lines[1]]
    (d / "mixed.ndjson").write_text("\n".join(broken) + "\n")
    p = run("reclassify", "--pack", "base.json", "--all", "mixed.ndjson", cwd=d)
    assert p.returncode == 2
    err = p.stderr.decode()
    assert "classify: mixed.ndjson:2: " in err and "not valid JSON" in err
    assert 'classify: mixed.ndjson:3: (document) (line 1, column 1): summary: missing required field "pack"' in err
    out = p.stdout.decode()
    assert "data/checkins.csv: internal (unchanged)" in out and "data/fleet.log: internal (unchanged)" in out
    assert "2 summaries" in out and "2 errors" in out
    assert run("reclassify", "--pack", "no-such.json", "today.ndjson", cwd=d).returncode == 2
    assert run("reclassify", "--bundle", "bundle.json", "--pack", "base.json", "today.ndjson", cwd=d).returncode == 2
    assert run("reclassify", "--as-of", "2027-02-30", "--pack", "base.json", "today.ndjson", cwd=d).returncode == 2


def test_pack_info_bundle_shows_the_layering(tmp_path):
    d = copy_example(tmp_path)
    p = run("pack", "info", "--bundle", "bundle.json", cwd=d)
    assert p.returncode == 0, p.stderr.decode()
    out = p.stdout.decode()
    assert out.startswith("acme-privacy-bundle 1.1.0\n")
    assert "a finding with confidence below 0.6 needs review" in out  # the overlay keeps the base's review
    assert "precise-geolocation-is-sensitive: from 2027-01-01; detectors precise_geolocation -> level confidential" in out
    assert "stale-location-data: detectors precise_geolocation, older than 2 years, from 2027-01-01 -> raise to restricted, review" in out
    assert "layers       2 (bottom first)" in out and "acme-privacy-2027 1.1.0" in out
    info = json.loads(run("pack", "info", "--bundle", "bundle.json", "--json", cwd=d).stdout)
    assert [m["id"] for m in info["members"]] == ["acme-privacy", "acme-privacy-2027"]
    assert info["lifecycle"][0]["older_than"] == "2 years"
    # An overlay that disables and overrides: its changes are listed.
    overlay = json.loads((d / "update-2027.json").read_text())
    overlay["layer"] = {"disable": ["payment_card"], "end_policies": [{"id": "ccpa-personal-information",
                                                                       "effective_until": "2028-01-01"}]}
    (d / "update-2027.json").write_text(json.dumps(overlay))
    manifest = json.loads((d / "bundle.json").read_text())
    manifest["packs"][1] = "update-2027.json"
    (d / "bundle.json").write_text(json.dumps(manifest))
    out = run("pack", "info", "--bundle", "bundle.json", cwd=d).stdout.decode()
    assert "detector payment_card disabled by acme-privacy-2027" in out
    assert "policy ccpa-personal-information ended on 2028-01-01 by acme-privacy-2027" in out
    assert "ccpa-personal-information: until 2028-01-01 (exclusive)" in out


def test_a_bundle_with_a_changed_pinned_member_is_refused(tmp_path):
    d = copy_example(tmp_path)
    with open(d / "update-2027.json", "a") as f:
        f.write(" ")
    p = run("pack", "info", "--bundle", "bundle.json", cwd=d)
    assert p.returncode == 2
    assert b"/packs/1/digest" in p.stderr and b"but the bundle pins" in p.stderr


def test_pack_diff(tmp_path):
    d = copy_example(tmp_path)
    p = run("pack", "diff", "--as-of", "2027-01-01", "base.json", "bundle.json", cwd=d)
    assert p.returncode == 1, p.stderr.decode()  # differences
    out = p.stdout.decode()
    assert "detectors: 0 added, 0 removed, 0 changed" in out
    assert "policies: 1 added, 0 removed, 0 changed" in out
    assert "+ precise-geolocation-is-sensitive: from 2027-01-01" in out
    assert "lifecycle rules: 1 added" in out
    assert "(today): no detector changes level" in out
    assert "levels as of 2027-01-01: 1 detector change\n  precise_geolocation: internal -> confidential (+US_STATE_SPI" in out
    same = run("pack", "diff", "base.json", "base.json", cwd=d)
    assert same.returncode == 0 and same.stdout.decode().endswith("no differences\n")
    # Changed and removed detectors, as JSON.
    doc = json.loads((d / "base.json").read_text())
    doc["version"] = "1.0.1"
    doc["detectors"][0]["confidence"] = 0.8
    doc["detectors"][0]["patterns"] = ["[a-z]+@example\\.com"]
    del doc["detectors"][2]
    (d / "new.json").write_text(json.dumps(doc))
    out = json.loads(run("pack", "diff", "--json", "base.json", "new.json", cwd=d).stdout)
    assert [c["id"] for c in out["detectors"]["removed"]] == ["payment_card"]
    [changed] = out["detectors"]["changed"]
    assert changed["id"] == "email_address" and "confidence 0.9 -> 0.8" in changed["fields"]
    assert "patterns 1 pattern(s), sha256 " in changed["fields"]
    assert out["different"] is True and out["new"]["version"] == "1.0.1"
    assert run("pack", "diff", "base.json", "builtin:nope", cwd=d).returncode == 2


def test_keygen_sign_verify(tmp_path):
    d = copy_example(tmp_path)
    p = run("pack", "keygen", "--out", "keys", cwd=d)
    assert p.returncode == 0, p.stderr.decode()
    assert stat.S_IMODE(os.stat(d / "keys.key").st_mode) == 0o600
    assert (d / "keys.pub").read_text().startswith("classify-public-key/1\nkey-id: ")
    assert run("pack", "keygen", "--out", "keys", cwd=d).returncode == 2  # no overwrite without --force
    assert run("pack", "keygen", "--out", "keys", "--force", cwd=d).returncode == 0
    run("pack", "keygen", "--out", "other", cwd=d)

    p = run("pack", "sign", "--key", "keys.key", "base.json", "update-2027.json", "bundle.json", cwd=d)
    assert p.returncode == 0, p.stderr.decode()
    sig = (d / "base.json.sig").read_text().splitlines()
    assert sig[:4] == ["classify-signature/1", "kind: pack", "id: acme-privacy", "version: 1.0.0"]
    assert (d / "bundle.json.sig").read_text().splitlines()[1] == "kind: bundle"

    ok = run("pack", "verify", "--pub", "keys.pub", "base.json", "bundle.json", cwd=d)
    assert ok.returncode == 0, ok.stdout.decode()
    lines = ok.stdout.decode().splitlines()
    assert lines[0].startswith("base.json: signature valid: pack acme-privacy 1.0.0, sha256:")
    assert lines[1].startswith("bundle.json: signature valid: bundle of 2 packs acme-privacy-bundle 1.1.0")

    # Wrong key; a flipped byte; no signature.
    wrong = run("pack", "verify", "--pub", "other.pub", "base.json", cwd=d)
    assert wrong.returncode == 2 and b"not trusted" in wrong.stdout
    raw = bytearray((d / "base.json").read_bytes())
    raw[100] ^= 0x01
    (d / "base.json").write_bytes(bytes(raw))
    flipped = run("pack", "verify", "--pub", "keys.pub", "base.json", cwd=d)
    assert flipped.returncode == 2 and b"does not match its signature" in flipped.stdout
    (d / "notes.json").write_text((EXAMPLE / "base.json").read_text())
    unsigned = run("pack", "verify", "--pub", "keys.pub", "notes.json", cwd=d)
    assert unsigned.returncode == 2 and b"is not signed" in unsigned.stdout
    assert run("pack", "verify", "base.json", cwd=d).returncode == 2  # --pub is required
    assert run("pack", "sign", "--key", "keys.pub", "base.json", cwd=d).returncode == 2  # not a secret key


def test_help_lists_the_new_commands():
    top = run("--help").stdout.decode()
    assert "reclassify" in top
    pack = run("pack", "--help").stdout.decode()
    for name in ("diff", "keygen", "sign", "verify"):
        assert f"  {name}" in pack
    scan = run("scan", "--help").stdout.decode()
    assert "--summary <file>" in scan and "--data-created" in scan
