# SPDX-License-Identifier: Apache-2.0
"""Byte offsets, lines and columns are exact: for every finding, data[start:end] is the
value, also after multibyte characters, CRLF line ends and NUL bytes."""

from clihelp import CARD, EMAIL, IBAN, SSN, TEST_PACK, TOKEN, ndjson, run


def check_offsets(path, *extra):
    data = path.read_bytes()
    p = run("scan", "--format", "ndjson", "--show-values", *extra, path)
    assert p.returncode in (0, 1), p.stderr
    rows = ndjson(p.stdout)
    assert rows, "expected findings"
    for r in rows:
        value = data[r["start"]:r["end"]]
        assert value.decode("utf-8", errors="replace") == r["preview"]
        # line and byte column
        line_start = data.rfind(b"\n", 0, r["start"]) + 1
        assert r["line"] == data.count(b"\n", 0, r["start"]) + 1
        assert r["column"] == r["start"] - line_start + 1
        # column in code points
        assert r["column_chars"] == len(data[line_start:r["start"]].decode("utf-8", errors="replace")) + 1
        end_line_start = data.rfind(b"\n", 0, r["end"]) + 1
        assert r["end_line"] == data.count(b"\n", 0, r["end"]) + 1
        assert r["end_column"] == r["end"] - end_line_start + 1
    return rows


def test_offsets_after_multibyte_text(tmp_path):
    f = tmp_path / "unicode.txt"
    f.write_text(
        f"emoji 😀👩‍👩‍👧 {EMAIL}\n"
        f"CJK 日本語テキスト card {CARD} 終わり\n"
        f"combining e\u0301e\u0301 SSN: {SSN}\n"
        f"mixed ÅÄÖ {IBAN} ✓\n",
        encoding="utf-8")
    rows = check_offsets(f, "--builtin", "core")
    assert {r["type"] for r in rows} == {"EMAIL_ADDRESS", "CREDIT_CARD", "US_SSN", "IBAN_CODE"}
    email = next(r for r in rows if r["type"] == "EMAIL_ADDRESS")
    assert email["column"] > email["column_chars"]  # bytes vs code points differ here


def test_offsets_with_crlf_and_invalid_utf8(tmp_path):
    f = tmp_path / "crlf.txt"
    f.write_bytes(b"first\r\nbad \xff\xfe bytes " + TOKEN.encode() + b"\r\n\r\nlast " + TOKEN.encode() + b"\r\n")
    rows = check_offsets(f, "--pack", TEST_PACK)
    assert [r["line"] for r in rows] == [2, 4]


def test_offsets_after_nul_bytes_past_the_binary_probe(tmp_path):
    # A NUL in the first 8 KiB makes a file binary; later ones are ordinary bytes.
    f = tmp_path / "late-nul.txt"
    head = ("padding line of text\n" * 400).encode()  # 8,400 bytes
    assert len(head) > 8192
    f.write_bytes(head + b"x\x00y\x00 " + TOKEN.encode() + b" \x00\x00\n" + b"z" * 10 + b" " + TOKEN.encode() + b"\n")
    rows = check_offsets(f, "--pack", TEST_PACK)
    assert len(rows) == 2
    assert rows[0]["line"] == 401


def test_offsets_of_a_multiline_value(tmp_path):
    f = tmp_path / "key.pem"
    f.write_text("config:\n  key: -----BEGIN RSA PRIVATE KEY-----\n"
                 "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
                 "-----END RSA PRIVATE KEY-----\n")
    rows = check_offsets(f, "--builtin", "core")
    key = next(r for r in rows if r["type"] == "PRIVATE_KEY")
    assert key["line"] == 2 and key["end_line"] == 4


def test_stdin_dash_and_no_path_equal_the_file(tmp_path):
    f = tmp_path / "in.txt"
    f.write_text(f"mail {EMAIL} card {CARD}\n")
    by_file = ndjson(run("scan", "--format", "ndjson", f).stdout)
    dash = run("scan", "--format", "ndjson", "-", input=f.read_bytes())
    none = run("scan", "--format", "ndjson", input=f.read_bytes())
    assert dash.returncode == none.returncode == 1
    for got in (ndjson(dash.stdout), ndjson(none.stdout)):
        assert [r["path"] for r in got] == ["-", "-"]
        assert [{k: v for k, v in r.items() if k != "path"} for r in got] == \
               [{k: v for k, v in r.items() if k != "path"} for r in by_file]


def test_stdin_binary_is_skipped(tmp_path):
    p = run("scan", "--format", "json", "-", input=b"\x00\x01" + CARD.encode())
    import json
    doc = json.loads(p.stdout)
    assert doc["skipped"][0]["path"] == "-" and doc["skipped"][0]["reason"].startswith("binary")
    assert p.returncode == 0
