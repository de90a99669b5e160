# SPDX-License-Identifier: Apache-2.0
"""Every output format parses back and agrees with the others."""

import csv
import io
import json

from clihelp import CARD, EMAIL, run, run_json, ndjson


def test_json_document_shape(corpus):
    p, doc = run_json("--builtin", "core", corpus)
    assert p.returncode == 1
    assert doc["schema"] == "classify.scan/1"
    assert doc["tool"]["name"] == "classify" and doc["tool"]["version"]
    assert doc["pack"]["id"] == "core" and doc["pack"]["digest"].startswith("sha256:")
    assert len(doc["as_of"]) == 10
    paths = [f["path"] for f in doc["files"]]
    assert paths == sorted(paths)
    assert paths == [str(corpus / n) for n in ("clean.txt", "contacts.txt", "payment.log", "sub/hr.txt")]
    by_path = {f["path"]: f for f in doc["files"]}
    clean = by_path[str(corpus / "clean.txt")]
    assert clean["findings"] == [] and clean["decision"]["level"] == "public"
    pay = by_path[str(corpus / "payment.log")]
    assert pay["decision"]["level"] == "restricted"
    assert "PCI_DSS" in pay["decision"]["frameworks"]
    assert [x["type"] for x in pay["findings"]] == ["CREDIT_CARD", "CREDIT_CARD"]
    first = pay["findings"][0]
    for key in ("start", "end", "line", "column", "column_chars", "end_line", "end_column", "detector",
                "type", "category", "confidence", "level", "frameworks", "preview", "explanation"):
        assert key in first, key
    assert first["line"] == 1 and first["column"] == len("charge ok card=") + 1
    assert pay["findings"][1]["line"] == 2
    s = doc["summary"]
    assert s["files_scanned"] == 4 and s["findings"] == 5
    assert s["findings_by_type"] == {"CREDIT_CARD": 2, "EMAIL_ADDRESS": 1, "IBAN_CODE": 1, "US_SSN": 1}
    assert s["highest_level"] == "restricted"
    assert s["files_by_level"]["public"] == 1
    assert s["exit_code"] == 1
    assert doc["skipped"] == [] and doc["errors"] == []


def test_ndjson_one_finding_per_line(corpus):
    p = run("scan", "--builtin", "core", "--format", "ndjson", corpus)
    assert p.returncode == 1
    rows = ndjson(p.stdout)
    assert len(rows) == 5
    for r in rows:
        for key in ("path", "start", "end", "line", "column", "column_chars", "detector", "type", "category",
                    "confidence", "level", "preview"):
            assert key in r
    assert p.stdout.endswith(b"\n")


def test_csv_rfc4180(corpus, tmp_path):
    # A path with a comma and a quote must be quoted.
    odd = corpus / 'we,ird "name".txt'
    odd.write_text(f"card {CARD}\n")
    p = run("scan", "--builtin", "core", "--format", "csv", corpus)
    assert p.returncode == 1
    text = p.stdout.decode()
    assert text.startswith("path,start,end,line,column,detector,type,category,confidence,level,preview\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["path", "start", "end", "line", "column", "detector", "type", "category", "confidence",
                       "level", "preview"]
    assert len(rows) == 1 + 6
    assert any(r[0] == str(odd) for r in rows[1:])
    nd = ndjson(run("scan", "--builtin", "core", "--format", "ndjson", corpus).stdout)
    assert [(r[0], int(r[1]), int(r[2])) for r in rows[1:]] == [(x["path"], x["start"], x["end"]) for x in nd]


def test_table_lists_files_types_and_totals(corpus):
    p = run("scan", "--builtin", "core", "--format", "table", corpus)
    assert p.returncode == 1
    out = p.stdout.decode()
    assert "\x1b[" not in out  # not a terminal: no colour
    assert str(corpus / "payment.log") in out
    assert "CREDIT_CARD" in out and "restricted" in out
    assert "no findings" in out
    assert "Findings by type" in out and "Summary" in out
    assert "4 files" in out
    assert "exit 1" in out


def test_color_flags(corpus):
    f = corpus / "payment.log"
    assert b"\x1b[" in run("scan", "--format", "table", "--color", "always", f).stdout
    assert b"\x1b[" in run("scan", "--format", "table", "--color", "always", f, env={"NO_COLOR": "1"}).stdout
    assert b"\x1b[" not in run("scan", "--format", "table", "--color", "never", f).stdout
    assert b"\x1b[" not in run("scan", "--format", "table", f).stdout
    # Colour never leaks into machine formats.
    assert b"\x1b[" not in run("scan", "--format", "json", "--color", "always", f).stdout


def test_default_format_is_json_when_not_a_terminal(corpus):
    p = run("scan", corpus / "contacts.txt")
    assert json.loads(p.stdout)["schema"] == "classify.scan/1"


def test_output_extension_picks_the_format(corpus, tmp_path):
    out = tmp_path / "r.sarif"
    run("scan", "--output", out, corpus)
    assert json.loads(out.read_text())["version"] == "2.1.0"
    out = tmp_path / "r.csv"
    run("scan", "--output", out, corpus)
    assert out.read_text().startswith("path,start,end")


def test_json_output_is_deterministic(corpus):
    def strip(doc):
        doc["summary"].pop("elapsed_seconds")
        return doc
    a = strip(run_json("--builtin", "core", corpus)[1])
    b = strip(run_json("--builtin", "core", corpus)[1])
    assert a == b


def test_min_confidence_drops_findings(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(f"{EMAIL}\n")
    assert run_json("--builtin", "core", f)[1]["summary"]["findings"] == 1
    assert run_json("--builtin", "core", "--min-confidence", "1", f)[1]["summary"]["findings"] == 0
