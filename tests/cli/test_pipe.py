# SPDX-License-Identifier: Apache-2.0
"""A reader that goes away (`classify scan big/ | head -1`) ends the scan quickly and
quietly; stderr stays silent when it is not a terminal."""

import subprocess
import time

import pytest

from clihelp import BIN, CARD, EMAIL, run


@pytest.fixture
def bigdir(tmp_path):
    d = tmp_path / "big"
    d.mkdir()
    body = "".join(f"row {i}: {EMAIL} {CARD}\n" for i in range(1500))
    for i in range(40):
        (d / f"part{i:03d}.log").write_text(body)
    return d


def test_closed_pipe_ends_quietly_and_quickly(bigdir):
    full = time.monotonic()
    complete = run("scan", "--format", "ndjson", "--jobs", "2", bigdir, timeout=120)
    full = time.monotonic() - full
    assert complete.returncode == 1
    start = time.monotonic()
    proc = subprocess.Popen([BIN, "scan", "--format", "ndjson", "--jobs", "2", str(bigdir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=30)
    elapsed = time.monotonic() - start
    assert first.startswith(b'{"path":')
    assert err == b""
    assert proc.returncode in (0, 1)   # the status of what was scanned, not a signal
    assert elapsed < max(1.0, full / 2), (elapsed, full)


def test_shell_pipe_to_head(bigdir):
    p = subprocess.run(["bash", "-c", f"set -o pipefail; '{BIN}' scan --format csv '{bigdir}' | head -2"],
                       capture_output=True, timeout=60)
    assert p.stdout.count(b"\n") == 2
    assert p.stderr == b""
    assert p.returncode == 1  # classify's status: findings at or above confidential


def test_no_progress_or_noise_on_stderr_when_piped(bigdir):
    p = run("scan", "--format", "json", bigdir, timeout=120)
    assert p.stderr == b""
    p = run("scan", "--format", "json", "--progress", "--jobs", "1", bigdir, timeout=120)
    assert p.stderr.startswith(b"scanning: ")
    assert b"files" in p.stderr and b"/s" in p.stderr
