# SPDX-License-Identifier: Apache-2.0
"""--output writes atomically; write errors (a full disk) are errors."""

import json
import os
import signal
import subprocess
import time

from clihelp import BIN, CARD, run


def leftovers(directory):
    return [n for n in os.listdir(directory) if ".tmp-" in n]


def test_output_file_is_written_and_replaced_atomically(corpus, tmp_path):
    out = tmp_path / "report.json"
    out.write_text("previous report\n")
    os.chmod(out, 0o640)
    inode = os.stat(out).st_ino
    p = run("scan", "--output", out, corpus)
    assert p.returncode == 1
    assert p.stdout == b""
    doc = json.loads(out.read_text())
    assert doc["summary"]["files_scanned"] == 4
    st = os.stat(out)
    assert st.st_ino != inode              # a new file renamed over the old one
    assert st.st_mode & 0o777 == 0o640      # keeps the old file's mode
    assert leftovers(tmp_path) == []


def test_failed_run_leaves_the_previous_report(corpus, tmp_path):
    out = tmp_path / "report.json"
    out.write_text("previous report\n")
    p = run("scan", "--output", out, "--pack", tmp_path / "missing-pack.json", corpus)
    assert p.returncode == 2
    assert out.read_text() == "previous report\n"
    assert leftovers(tmp_path) == []


def test_output_into_a_missing_directory_fails_before_scanning(corpus, tmp_path):
    p = run("scan", "--output", tmp_path / "no" / "such" / "dir" / "r.json", corpus)
    assert p.returncode == 2
    assert b"cannot create a file in" in p.stderr and b"No such file or directory" in p.stderr


def test_full_disk_is_an_error(corpus):
    # /dev/full fails every write with ENOSPC; a device is written in place, not replaced.
    p = run("scan", "--output", "/dev/full", corpus)
    assert p.returncode == 2
    assert b"No space left on device" in p.stderr
    with open("/dev/full", "wb") as full:
        p = subprocess.run([BIN, "scan", "--format", "ndjson", str(corpus)], stdout=full,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=30)
    assert p.returncode == 2
    assert b"cannot write to standard output: No space left on device" in p.stderr


def test_interrupted_run_leaves_no_partial_report(tmp_path):
    d = tmp_path / "big"
    d.mkdir()
    line = f"user{{}}@example.com paid with {CARD}\n"
    for i in range(40):
        (d / f"f{i:02d}.txt").write_text("".join(line.format(j) for j in range(4000)))
    out = tmp_path / "report.json"
    proc = subprocess.Popen([BIN, "scan", "--jobs", "1", "--output", str(out), str(d)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    # Either the run finished (a complete report) or it was interrupted (no report):
    # never a partial file, never a temporary file left behind.
    if out.exists():
        json.loads(out.read_text())
    else:
        assert proc.returncode == -signal.SIGINT
    assert leftovers(tmp_path) == []


def test_a_report_written_into_the_scanned_directory_is_not_scanned(corpus):
    out = corpus / "report.ndjson"
    assert run("scan", "--output", out, corpus).returncode == 1
    first = out.read_bytes()
    assert run("scan", "--output", out, corpus).returncode == 1
    # The old report and the temporary file are left out, so the report is the same.
    assert out.read_bytes() == first
    out = corpus / "report.json"
    run("scan", "--output", out, corpus)
    run("scan", "--output", out, corpus)
    doc = json.loads(out.read_text())
    skipped = {os.path.basename(s["path"]): s["reason"] for s in doc["skipped"]}
    assert skipped == {"report.json": "the report --output replaces"}
    assert not any(".tmp-" in f["path"] for f in doc["files"])
