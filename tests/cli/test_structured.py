# SPDX-License-Identifier: Apache-2.0
"""Streams, structured files, column profiles and redaction from the command line:
`classify scan -` reads standard input as a stream, `classify scan data.csv` reports per
column, `classify profile` names each column's entity type, `classify redact` keeps CSV and
JSON valid and leaves nothing to find."""

import csv
import hashlib
import io
import json
import random
import resource
import subprocess
import time

import pytest

from clihelp import BIN, CARD, EMAIL, IBAN, SSN, luhn_complete, run

# --- generated data ---------------------------------------------------------------------


def iban_de(rng):
    bban = "".join(str(rng.randrange(10)) for _ in range(18))
    check = 98 - int(bban + "131400") % 97
    return f"DE{check:02d}{bban}"


def ssn(rng):
    while True:
        a, g, s = rng.randrange(1, 900), rng.randrange(1, 100), rng.randrange(1, 10000)
        if a != 666:
            return f"{a:03d}-{g:02d}-{s:04d}"


def card(rng):
    prefix, length = rng.choice([("4", 16), ("51", 16), ("37", 15)])
    return luhn_complete(prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1)))


COLUMNS = ["name", "email", "ssn", "card", "iban", "phone", "notes", "order_id", "amount"]
EXPECTED = {
    "name": None,
    "email": "EMAIL_ADDRESS",
    "ssn": "US_SSN",
    "card": "CREDIT_CARD",
    "iban": "IBAN_CODE",
    "phone": "PHONE_NUMBER",
    "notes": None,
    "order_id": None,
    "amount": None,
}


def customers(n, seed=7):
    """Rows like a customer export: six sensitive columns, three that only look alike."""
    rng = random.Random(seed)
    first = ["Jane", "John", "Ana", "Luis", "Mei", "Omar", "Sara", "Tom"]
    last = ["Doe", "Smith", "Lima", "Garcia", "Chen", "Haddad", "Berg", "Brown"]
    notes = ["no issue", "call back tomorrow", "prefers email", "VIP customer, handle with care", 'said "ok"']
    rows = []
    for i in range(n):
        fn, ln = rng.choice(first), rng.choice(last)
        note = rng.choice(notes) if i % 25 else f"reached at {fn.lower()}.{ln.lower()}@example.org"
        rows.append([
            f"{fn} {ln}",
            f"{fn.lower()}.{ln.lower()}{i}@example.com",
            ssn(rng),
            card(rng),
            iban_de(rng),
            f"({rng.randrange(201, 990)}) 555-{rng.randrange(100, 10000):04d}",
            note,
            f"ORD-{rng.randrange(100000, 1000000)}",
            f"{rng.randrange(1, 1000)}.{rng.randrange(100):02d}",
        ])
    return rows


def write_csv(path, rows, delimiter=","):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(rows)


# --- streams: classify scan - -----------------------------------------------------------


def text_corpus(lines, seed=1):
    rng = random.Random(seed)
    out = []
    for i in range(lines):
        kind = rng.randrange(6)
        if kind == 0:
            out.append(f"{i} contact {EMAIL} today")
        elif kind == 1:
            out.append(f"{i} charged card {CARD} ok")
        elif kind == 2:
            out.append(f"{i} SSN: {SSN}, IBAN {IBAN}")
        else:
            out.append(f"{i} the quick brown fox jumps over the lazy dog " * rng.randrange(1, 4))
    return ("\n".join(out) + "\n").encode()


def findings_of(doc):
    return [
        (f["start"], f["end"], f["line"], f["column"], f["column_chars"], f["type"], f["preview"], f["confidence"])
        for x in doc["files"]
        for f in x["findings"]
    ]


def test_standard_input_is_scanned_as_a_stream_with_the_findings_of_a_file(tmp_path):
    data = text_corpus(3000)
    path = tmp_path / "input.log"
    path.write_bytes(data)
    from_file = run("scan", "--format", "json", path)
    from_pipe = run("scan", "--format", "json", "-", input=data)
    assert from_file.returncode == from_pipe.returncode == 1
    a, b = json.loads(from_file.stdout), json.loads(from_pipe.stdout)
    assert len(findings_of(a)) > 1000
    assert findings_of(a) == findings_of(b)
    assert a["files"][0]["decision"] == b["files"][0]["decision"]
    assert b["files"][0]["bytes"] == len(data)
    # SARIF fingerprints hash the finding's whole line (trimmed): the stream works them out
    # as lines pass. Recomputed here from the input.
    sarif = json.loads(run("scan", "--format", "sarif", "-", input=data).stdout)
    lines = data.split(b"\n")
    seen = {}
    results = sarif["runs"][0]["results"]
    assert len(results) > 1000
    for r in results:
        loc = r["locations"][0]["physicalLocation"]
        line = lines[loc["region"]["startLine"] - 1].strip(b" \t\r")
        seed = f"{r['ruleId']}\0{loc['artifactLocation']['uri']}\0{hashlib.sha256(line).hexdigest()}".encode()
        base = hashlib.sha256(seed).hexdigest()[:32]
        seen[base] = seen.get(base, 0) + 1
        assert r["partialFingerprints"]["classify/v1"] == f"{base}:{seen[base]}"


@pytest.mark.slow
def test_standard_input_stream_keeps_memory_bounded(tmp_path):
    """64 MiB through standard input: a slurping scan would hold all of it. (Findings are
    kept for the report, so the text holds few: one per 16 KiB.)"""
    block = (b"the quick brown fox jumps over the lazy dog 2026-11-29 12:00 " * 270)[:16_000] + f" {EMAIL}\n".encode()
    total = 64 * 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.Popen([BIN, "scan", "--format", "json", "--max-findings", "10000000", "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sent = 0
    import threading

    out = {}
    reader = threading.Thread(target=lambda: out.update(stdout=proc.stdout.read(), stderr=proc.stderr.read()))
    reader.start()
    while sent < total:
        proc.stdin.write(block)
        sent += len(block)
    proc.stdin.close()
    reader.join(timeout=600)
    proc.wait(timeout=600)
    assert proc.returncode == 0, out.get("stderr")
    doc = json.loads(out["stdout"])
    assert doc["files"][0]["bytes"] == sent
    assert doc["summary"]["findings"] == sent // len(block)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kib < 48 * 1024 or peak_kib <= before, f"peak RSS {peak_kib} KiB for {sent >> 20} MiB of input"


def test_binary_standard_input_is_skipped():
    p = run("scan", "--format", "json", "-", input=b"abc\x00def " + CARD.encode())
    doc = json.loads(p.stdout)
    assert doc["files"] == [] and doc["skipped"][0]["reason"].startswith("binary file")


# --- structured scans ---------------------------------------------------------------------


def test_csv_scan_reports_per_column_with_header_context(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        "name,ssn,build_version,client_ip,note\n"
        'Jane,536228726,10.2.3.4,203.0.113.7,"says ""hi"", mail jane@example.com"\n'
    )
    p = run("scan", "--format", "json", path)
    doc = json.loads(p.stdout)
    found = [(f["field"], f["type"]) for f in doc["files"][0]["findings"]]
    assert found == [("ssn", "US_SSN"), ("client_ip", "IP_ADDRESS"), ("note", "EMAIL_ADDRESS")]
    raw = path.read_bytes()
    for f in doc["files"][0]["findings"]:
        assert f["line"] == 2
    email = doc["files"][0]["findings"][2]
    assert raw[email["start"]:email["end"]] == b"jane@example.com"
    # As text, the header is too far away and the version is an IP address.
    text = json.loads(run("scan", "--format", "json", "--structured", "never", path).stdout)
    assert "field" not in text["files"][0]["findings"][0]
    table = run("scan", "--format", "table", "--color", "never", path).stdout.decode()
    assert "US_SSN in ssn" in table


def test_json_and_ndjson_scan_name_paths(tmp_path):
    doc = [{"customer": {"ssn": "536228726", "name": "Zo\u00eb"}, "items": [{"card": CARD}]},
           {"build": {"version": "10.2.3.4"}, "note": f"mail {EMAIL}"}]
    path = tmp_path / "orders.json"
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False))
    out = json.loads(run("scan", "--format", "json", path).stdout)
    raw = path.read_bytes()
    found = [(f["field"], f["type"], raw[f["start"]:f["end"]].decode()) for f in out["files"][0]["findings"]]
    assert found == [("customer.ssn", "US_SSN", "536228726"), ("items[0].card", "CREDIT_CARD", CARD),
                     ("note", "EMAIL_ADDRESS", EMAIL)]
    nd = tmp_path / "orders.ndjson"
    nd.write_text("\n".join(json.dumps(d) for d in doc) + "\n")
    out = json.loads(run("scan", "--format", "json", nd).stdout)
    assert [f["field"] for f in out["files"][0]["findings"]] == ["customer.ssn", "items[0].card", "note"]
    # Invalid JSON is scanned as text.
    bad = tmp_path / "bad.json"
    bad.write_text('{"ssn": "536-22-8726",')
    out = json.loads(run("scan", "--format", "json", bad).stdout)
    assert [f["type"] for f in out["files"][0]["findings"]] == ["US_SSN"]


# --- column profiles ----------------------------------------------------------------------


def timed(*args):
    start = time.monotonic()
    p = run(*args, timeout=600)
    return p, time.monotonic() - start


@pytest.mark.slow
def test_profile_of_10000_rows_names_each_column_in_about_the_time_of_one_scan(tmp_path):
    path = tmp_path / "customers.csv"
    write_csv(path, customers(10_000))
    p, profile_s = timed("profile", "--format", "json", path)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["schema"] == "classify.profile/1" and doc["records"] == 10_000
    got = {c["name"]: c["type"] for c in doc["columns"]}
    assert got == EXPECTED
    for c in doc["columns"]:
        assert c["samples"] == 10_000
        if c["type"]:
            assert c["types"][0]["share"] > 0.95, c
    notes = next(c for c in doc["columns"] if c["name"] == "notes")
    assert notes["types"][0]["type"] == "EMAIL_ADDRESS" and notes["types"][0]["share"] == pytest.approx(0.04)
    assert b"@example.com" not in p.stdout
    scan, scan_s = timed("scan", "--format", "json", "--jobs", "1", path)
    text, text_s = timed("scan", "--format", "json", "--jobs", "1", "--structured", "never", path)
    print(f"\n10,000 rows ({path.stat().st_size} bytes): profile {profile_s:.2f} s, "
          f"structured scan {scan_s:.2f} s, text scan {text_s:.2f} s")
    assert scan.returncode == 1 and text.returncode == 1
    assert profile_s < 2.5 * max(scan_s, text_s) + 1.0
    table = run("profile", "--format", "table", path).stdout.decode()
    assert "EMAIL_ADDRESS" in table and "10,000 records" in table


def test_profile_formats_and_errors(tmp_path):
    nd = tmp_path / "events.jsonl"
    nd.write_text("".join(json.dumps({"user": {"email": f"u{i}@example.com"}, "n": i}) + "\n" for i in range(30)))
    doc = json.loads(run("profile", "--format", "json", nd).stdout)
    assert {c["name"]: c["type"] for c in doc["columns"]} == {"user.email": "EMAIL_ADDRESS", "n": None}
    piped = run("profile", "--format", "json", "--input-format", "ndjson", "-", input=nd.read_bytes())
    assert json.loads(piped.stdout)["columns"] == doc["columns"]
    assert run("profile", "-").returncode == 2
    unknown = tmp_path / "data.bin"
    unknown.write_text("x")
    assert run("profile", unknown).returncode == 2
    bad = tmp_path / "bad.json"
    bad.write_text("[{")
    p = run("profile", bad)
    assert p.returncode == 2 and b"not valid JSON" in p.stderr


# --- redaction ----------------------------------------------------------------------------


def nothing_left(path_or_bytes, *extra):
    if isinstance(path_or_bytes, bytes):
        p = run("scan", "--format", "json", *extra, "-", input=path_or_bytes)
    else:
        p = run("scan", "--format", "json", *extra, path_or_bytes)
    doc = json.loads(p.stdout)
    left = [(f["type"], f["level"], f.get("field")) for x in doc["files"] for f in x["findings"] if f["level"] != "public"]
    return left


@pytest.mark.parametrize("mode", ["mask", "type", "hash", "remove"])
def test_redacted_csv_stays_valid_and_clean(tmp_path, mode):
    src = tmp_path / "customers.csv"
    rows = customers(300, seed=3)
    rows[0][6] = 'tricky, "quoted"\nnote with jane@example.com'
    write_csv(src, rows)
    key = tmp_path / "key"
    key.write_bytes(b"0123456789abcdef0123456789abcdef\n")
    out = tmp_path / "clean.csv"
    p = run("redact", "--mode", mode, "--key-file", key, "--output", out, src)
    assert p.returncode == 0, p.stderr
    parsed = list(csv.reader(io.StringIO(out.read_text(), newline="")))
    assert parsed[0] == COLUMNS and len(parsed) == 301
    assert all(len(r) == len(COLUMNS) for r in parsed)
    # Columns without findings are unchanged.
    assert [r[0] for r in parsed[1:]] == [r[0] for r in rows]
    assert [r[7] for r in parsed[1:]] == [r[7] for r in rows]
    assert nothing_left(out) == []
    assert nothing_left(out, "--structured", "never") == []
    if mode == "hash":
        # The same value gives the same token, in any file.
        again = tmp_path / "again.csv"
        run("redact", "--mode", "hash", "--key-file", key, "--output", again, src)
        assert again.read_bytes() == out.read_bytes()
        assert parsed[1][1].startswith("[EMAIL_ADDRESS:") and len(parsed[1][1]) == 32


@pytest.mark.parametrize("mode", ["mask", "type", "remove"])
def test_redacted_json_and_ndjson_stay_valid_and_clean(tmp_path, mode):
    rng = random.Random(5)
    doc = [
        {"customer": {"name": "Jane", "ssn": ssn(rng), "contact": {"email": f"j{i}@example.com", "phone": "(415) 555-0132"}},
         "payment": {"card": card(rng), "card_number": int(luhn_complete("411111111111111")), "iban": iban_de(rng)},
         "note": f'line "one"\nand {EMAIL} \u00e9\u20ac', "count": i, "ok": True, "none": None}
        for i in range(50)
    ]
    src = tmp_path / "data.json"
    src.write_text(json.dumps(doc, indent=1, ensure_ascii=(mode == "mask")))
    out = tmp_path / "clean.json"
    assert run("redact", "--mode", mode, "--output", out, src).returncode == 0
    clean = json.loads(out.read_text())
    assert len(clean) == 50 and clean[3]["count"] == 3 and clean[3]["ok"] is True and clean[3]["none"] is None
    assert clean[3]["customer"]["name"] == "Jane"
    assert isinstance(clean[3]["payment"]["card_number"], str)  # a number with a finding became a string
    assert nothing_left(out) == []
    nd = tmp_path / "data.ndjson"
    nd.write_text("".join(json.dumps(d) + "\n" for d in doc))
    res = run("redact", "--mode", mode, nd)
    assert res.returncode == 0
    lines = res.stdout.decode().splitlines()
    assert len(lines) == 50 and all(json.loads(line)["count"] == i for i, line in enumerate(lines))
    assert nothing_left(res.stdout) == []


def test_redact_text_stream_and_options(tmp_path):
    data = text_corpus(2000, seed=4)
    p = run("redact", "--mode", "type", "-", input=data)
    assert p.returncode == 0
    assert b"[EMAIL_ADDRESS]" in p.stdout and EMAIL.encode() not in p.stdout
    assert nothing_left(p.stdout) == []
    src = tmp_path / "notes.txt"
    src.write_bytes(data)
    assert run("redact", "--mode", "type", src).stdout == p.stdout
    masked = run("redact", "-", input=f"card {CARD}.".encode()).stdout
    assert masked == b"card " + b"*" * (len(CARD) - 4) + CARD[-4:].encode() + b"."
    assert run("redact", "--keep", "0", "-", input=f"card {CARD}.".encode()).stdout == b"card " + b"*" * len(CARD) + b"."
    no_key = run("redact", "--mode", "hash", "-", input=b"x")
    assert no_key.returncode == 2 and b"--key-file" in no_key.stderr
    empty_key = tmp_path / "empty"
    empty_key.write_bytes(b"\n")
    assert run("redact", "--mode", "hash", "--key-file", empty_key, "-", input=b"x").returncode == 2
    assert run("redact", "--mode", "blur", "-", input=b"x").returncode == 2
    assert run("redact", tmp_path / "missing.txt").returncode == 2
