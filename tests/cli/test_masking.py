# SPDX-License-Identifier: Apache-2.0
"""Matched values never appear in any output without --show-values."""

import json

import pytest

from clihelp import AWS_KEY_ID, CARD, EMAIL, IBAN, SSN, TEST_PACK, TOKEN, ndjson, run

VALUES = [CARD, SSN, IBAN, EMAIL, AWS_KEY_ID, TOKEN]


@pytest.fixture
def secrets_file(tmp_path):
    f = tmp_path / "leak.txt"
    f.write_text(f"card {CARD}\nSSN: {SSN}\nIBAN {IBAN}\nmail {EMAIL}\n"
                 f"aws_access_key_id = {AWS_KEY_ID}\ntoken {TOKEN}\n")
    return f


@pytest.mark.parametrize("fmt", ["table", "json", "ndjson", "sarif", "csv"])
def test_no_raw_value_without_show_values(secrets_file, fmt):
    p = run("scan", "--builtin", "core", "--pack", TEST_PACK, "--format", fmt, "--color", "always", secrets_file)
    assert p.returncode == 1
    out = p.stdout + p.stderr
    for v in VALUES:
        assert v.encode() not in out, (fmt, v)
        assert v[4:-4].encode() not in out, (fmt, v)


def test_previews_follow_the_masking_rules(secrets_file):
    rows = ndjson(run("scan", "--builtin", "core", "--pack", TEST_PACK, "--format", "ndjson", secrets_file).stdout)
    by_type = {r["type"]: r["preview"] for r in rows}
    assert by_type["CREDIT_CARD"] == CARD[:4] + "********" + CARD[-4:]
    assert by_type["US_SSN"] == "*********" + SSN[-2:]
    assert by_type["AWS_ACCESS_KEY_ID"] == AWS_KEY_ID[:4] + "*" * 16       # credential: first 4 only
    assert by_type["TEST_TOKEN"] == TOKEN[:4] + "*" * 12
    assert by_type["EMAIL_ADDRESS"] == EMAIL[:4] + "*" * 12 + EMAIL[-4:]
    for preview in by_type.values():
        assert sum(c != "*" for c in preview) <= 8


def test_show_values_prints_them(secrets_file):
    p = run("scan", "--builtin", "core", "--pack", TEST_PACK, "--format", "ndjson", "--show-values", secrets_file)
    previews = {r["preview"] for r in ndjson(p.stdout)}
    for v in VALUES:
        assert v in previews
    doc = json.loads(run("scan", "--builtin", "core", "--show-values", secrets_file).stdout)
    assert doc["options"]["show_values"] is True


def test_error_messages_never_quote_scanned_bytes(tmp_path):
    f = tmp_path / "x.txt"
    f.write_text(f"{CARD}\n")
    p = run("scan", "--max-findings", "0", f)  # a usage error
    assert p.returncode == 2 and CARD.encode() not in p.stderr
