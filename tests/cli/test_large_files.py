# SPDX-License-Identifier: Apache-2.0
"""Inputs larger than 4 GiB through the CLI (T3.7): a sparse file of 4 GiB + 64 bytes (no
disk used) with text at its start and a card number beyond offset 2^32.

The CLI reads a file whole (docs/cli.md): by default a file over --max-file-size (100 MiB)
is skipped before it is read, with the reason naming the option; with the limit raised it
is read and scanned, and offsets past 2^32 must be exact. Reading it whole costs 4 GiB of
memory: the check that it is streamed instead (classify_stream_*/ScanStream) is expected
to fail until the CLI streams large files.
"""

import json
import os
import subprocess
import sys

import pytest

from clihelp import BIN, CARD, EMAIL

FOUR_GIB = 1 << 32
HEAD = b"plain text line with nothing sensitive in it, just words and more words\n"


@pytest.fixture
def sparse_file(tmp_path):
    path = tmp_path / "big.log"
    with open(path, "wb") as f:
        # More than the 8 KiB binary probe of text, then the email, then a hole of zeros.
        f.write(HEAD * (16384 // len(HEAD) + 1))
        email_at = f.tell() + len("mail ")
        f.write(f"mail {EMAIL}\n".encode())
        f.truncate(FOUR_GIB + 64)
        f.seek(FOUR_GIB + 10)
        f.write(f"card {CARD}\n".encode())
    card_at = FOUR_GIB + 10 + len("card ")
    try:
        yield path, email_at, card_at
    finally:
        path.unlink()


def _run_measured(*args, timeout):
    """Runs classify in a child of a fresh interpreter; returns (process, peak RSS in KiB)."""
    code = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "sys.stderr.buffer.write(p.stderr)\n"
        "sys.stdout.buffer.write(p.stdout)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode, file=sys.stderr)\n"
    )
    p = subprocess.run(
        [sys.executable, "-c", code, BIN, *map(str, args)],
        capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )
    *stderr, last = p.stderr.decode(errors="replace").strip().splitlines()
    rss, status = map(int, last.split())
    return subprocess.CompletedProcess(p.args, status, p.stdout, "\n".join(stderr)), rss


def test_over_4_gib_is_skipped_by_default_before_reading(sparse_file):
    path, _, _ = sparse_file
    p, rss = _run_measured("scan", "--format", "json", path, timeout=60)
    doc = json.loads(p.stdout)
    skipped = {s["path"]: s["reason"] for s in doc["skipped"]}
    reason = skipped[str(path)]
    assert "--max-file-size" in reason
    assert "4,294,967,360" in reason  # the size, so the user sees what to raise it to
    assert not doc["files"] and not doc["errors"]
    assert rss < 512 * 1024, f"the file was not supposed to be read: peak RSS {rss} KiB"


@pytest.mark.slow
def test_over_4_gib_with_the_limit_raised_has_exact_offsets(sparse_file):
    path, email_at, card_at = sparse_file
    p, rss = _run_measured("scan", "--format", "json", "--max-file-size", "8G", path, timeout=300)
    assert p.returncode in (0, 1), p.stderr
    doc = json.loads(p.stdout)
    files = {f["path"]: f for f in doc["files"]}
    report = files[str(path)]
    assert report["bytes"] == FOUR_GIB + 64
    spans = {(f["type"], f["start"], f["end"]) for f in report["findings"]}
    assert ("EMAIL_ADDRESS", email_at, email_at + len(EMAIL)) in spans
    assert ("CREDIT_CARD", card_at, card_at + len(CARD)) in spans, spans
    if rss > 1024 * 1024:
        pytest.xfail(
            f"the CLI reads the whole file (peak RSS {rss // 1024} MiB); it should stream files "
            "larger than a chunk through ScanStream (classify_stream_*) with the same offsets"
        )
