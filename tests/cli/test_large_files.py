# SPDX-License-Identifier: Apache-2.0
"""Large inputs through the CLI (T3.7).

A file larger than --stream-above (128 MiB) is scanned as a stream (ScanStream, as standard
input is), never read whole (docs/cli.md, "Large files"): its report must be the one a scan
of the whole file gives. Checked here on a few MiB with the threshold lowered, and (slow)
on a sparse file of 4 GiB + 64 bytes (no disk used) with text at its start and a card
number beyond offset 2^32: offsets, lines and columns exact, memory bounded.
"""

import json
import os
import subprocess
import sys

import pytest

from clihelp import BIN, CARD, EMAIL, run

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
def test_over_4_gib_with_the_limit_raised_is_streamed_with_exact_offsets(sparse_file):
    """10 to 15 minutes with a release build: the stream runs every pattern over the 4 GiB
    of zeros (the engine's stream has no prefilter yet)."""
    path, email_at, card_at = sparse_file
    p, rss = _run_measured("scan", "--format", "json", "--max-file-size", "8G", path, timeout=3600)
    assert p.returncode == 1, p.stderr
    doc = json.loads(p.stdout)
    files = {f["path"]: f for f in doc["files"]}
    report = files[str(path)]
    assert report["bytes"] == FOUR_GIB + 64
    assert report["decision"]["complete"] is True
    found = {f["type"]: f for f in report["findings"]}
    assert (found["EMAIL_ADDRESS"]["start"], found["EMAIL_ADDRESS"]["end"]) == (email_at, email_at + len(EMAIL))
    card = found["CREDIT_CARD"]
    assert (card["start"], card["end"]) == (card_at, card_at + len(CARD))
    # Lines and columns past 2^32: the card follows the email's line and 4 GiB of zeros.
    with open(path, "rb") as f:
        head = f.read(email_at + 100)
    newlines = head.count(b"\n")
    line_start = head.rindex(b"\n") + 1
    assert card["line"] == newlines + 1
    assert card["column"] == card["column_chars"] == card_at - line_start + 1
    assert card["column"] > FOUR_GIB - 100_000
    assert rss < 256 * 1024, f"streamed, memory stays bounded: peak RSS {rss // 1024} MiB"


# --- the stream path on a few MiB (threshold lowered) -------------------------------------

CHUNK = 65536


def _mixed_text(size):
    """`size` bytes of text with findings throughout, multi-byte characters, and an email
    that straddles each 64 KiB boundary (the stream's piece and step size)."""
    import random

    rng = random.Random(7)
    out = bytearray()
    boundary = CHUNK
    while len(out) < size:
        if len(out) + 200 > boundary:
            # Pad so that the email starts 9 bytes before the boundary.
            pad = boundary - 9 - len(out) - len("mail ")
            out += b"." * max(pad, 0) + f"mail {EMAIL} ok\n".encode()
            boundary += CHUNK
            continue
        r = rng.random()
        if r < 0.05:
            out += f"card {CARD} paid\n".encode()
        elif r < 0.10:
            out += f"contact {EMAIL}, héllo wörld 👋\n".encode()
        else:
            out += b"the quick brown fox jumps over the lazy dog " * rng.randrange(1, 4) + b"\n"
    return bytes(out[:size])


def _comparable(doc):
    for f in doc["files"]:
        yield f["path"], f["bytes"], f["decision"], f["findings"]


def test_a_file_above_stream_above_is_streamed_with_the_report_of_a_whole_read(tmp_path):
    data = _mixed_text(3 * 1048576 + 12345)
    path = tmp_path / "big.log"
    path.write_bytes(data)
    whole = run("scan", "--format", "json", path)
    streamed = run("scan", "--format", "json", "--stream-above", "1M", path)
    assert whole.returncode == streamed.returncode == 1, streamed.stderr
    a, b = json.loads(whole.stdout), json.loads(streamed.stdout)
    assert list(_comparable(a)) == list(_comparable(b))
    findings = a["files"][0]["findings"]
    assert len(findings) > 1000
    # The emails across the 64 KiB boundaries are found whole, where they are.
    starts = {f["start"] for f in findings if f["type"] == "EMAIL_ADDRESS"}
    for k in range(1, len(data) // CHUNK):
        at = k * CHUNK - 9
        if data[at:at + len(EMAIL)] == EMAIL.encode():
            assert at in starts, f"email across the boundary at {k * CHUNK}"
    # Positions agree with the bytes.
    for f in findings[:200]:
        before = data[: f["start"]]
        assert f["line"] == before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        assert f["column"] == f["start"] - line_start + 1
        assert f["column_chars"] == len(data[line_start: f["start"]].decode()) + 1
    # SARIF (fingerprints hash each finding's line) and the table agree too.
    sw = run("scan", "--format", "sarif", path).stdout
    ss = run("scan", "--format", "sarif", "--stream-above", "1M", path).stdout
    assert json.loads(sw)["runs"][0]["results"] == json.loads(ss)["runs"][0]["results"]


def test_the_binary_check_and_the_size_limit_apply_to_streamed_files(tmp_path):
    binary = tmp_path / "image.dat"
    binary.write_bytes(b"x" * 8000 + b"\0" + b"y" * 3_000_000)
    late_nul = tmp_path / "late.txt"
    late_nul.write_bytes(b"x" * 9000 + b"\0" + f" card {CARD}\n".encode() + b"z" * 3_000_000)
    p, doc = _scan(tmp_path, "--stream-above", "1M")
    skipped = {s["path"]: s["reason"] for s in doc["skipped"]}
    assert skipped[str(binary)] == "binary file (NUL byte in the first 8 KiB)"
    (f,) = doc["files"]
    assert f["path"] == str(late_nul) and f["findings"][0]["start"] == 9000 + 1 + len(" card ")
    # A file growing past --max-file-size while streamed is skipped like one read whole.
    p, doc = _scan(tmp_path, "--stream-above", "1M", "--max-file-size", "2M")
    assert all("--max-file-size" in r for r in {s["reason"] for s in doc["skipped"]})


def _scan(*args):
    p = run("scan", "--format", "json", *args)
    return p, json.loads(p.stdout)


def test_structured_files_above_stream_above_are_scanned_as_text(tmp_path):
    rows = ["id,ssn"] + [f"{i},536-22-{8000 + i % 1000:04}" for i in range(80_000)]
    path = tmp_path / "people.csv"
    path.write_text("\n".join(rows) + "\n")
    p, doc = _scan("--builtin", "core", path)
    assert all(f.get("field") == "ssn" for f in doc["files"][0]["findings"])
    p, doc = _scan("--builtin", "core", "--stream-above", "1M", path)
    assert all("field" not in f for f in doc["files"][0]["findings"])


def test_stream_above_is_a_size(tmp_path):
    p = run("scan", "--stream-above", "lots", tmp_path)
    assert p.returncode == 2 and b"--stream-above" in p.stderr
