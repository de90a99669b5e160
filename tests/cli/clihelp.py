# SPDX-License-Identifier: Apache-2.0
"""Helpers for the `classify` CLI tests: the binary, a runner, synthetic values.

(A module of its own, not conftest.py, so that it never clashes with another suite's
conftest when several are collected together.)"""

import json
import os
import pathlib
import random
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"
TEST_PACK = FIXTURES / "test-pack.json"


def _binary():
    path = os.environ.get("CLASSIFY_BIN") or str(ROOT / "build" / "bin" / "classify")
    return str(pathlib.Path(path).resolve())


BIN = _binary()


def run(*args, input=None, cwd=None, env=None, timeout=60):
    """Runs classify with `args`; returns the CompletedProcess (stdout/stderr as bytes)."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    if env:
        full_env.update(env)
    return subprocess.run(
        [BIN, *[str(a) for a in args]],
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
        capture_output=True,
        cwd=cwd,
        env=full_env,
        timeout=timeout,
    )


def run_json(*args, **kw):
    """Runs `classify scan --format json ...` and returns (process, parsed document)."""
    p = run("scan", "--format", "json", *args, **kw)
    assert p.stdout, p.stderr.decode(errors="replace")
    return p, json.loads(p.stdout)


def ndjson(stdout):
    return [json.loads(line) for line in stdout.decode().splitlines() if line.strip()]


# Synthetic values that pass their validators.

def luhn_complete(body):
    """Appends the Luhn check digit to a digit string."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def card(prefix="4", length=16, seed=1):
    rng = random.Random(seed)
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return luhn_complete(body)


CARD = card("4", 16, seed=3)            # a Visa-range number with a valid check digit
CARD2 = card("51", 16, seed=4)          # Mastercard range
SSN = "536-22-8726"                      # from the core pack's own examples
IBAN = "DE89370400440532013000"          # the ISO 13616 documentation example
EMAIL = "jane.doe@example.com"
AWS_KEY_ID = "AKIAZ3MHJXQ2EMPLV7AB"      # from the core pack's examples (no EXAMPLE marker)
TOKEN = "TKN-Q7X2M9K4P1Z8"               # test pack detector


# Interrupting a scan.

SLOW_CORPUS_FILES = 400


def make_slow_corpus(directory):
    """Enough files for a scan of several seconds with --jobs 1."""
    line = f"mail {EMAIL} card {CARD} lorem ipsum dolor sit amet\n"
    for i in range(SLOW_CORPUS_FILES):
        (directory / f"f{i:04}.txt").write_text(line * 1500)
    return directory


def bytes_read(proc):
    """What `proc` has read so far (/proc/PID/io rchar), or None."""
    try:
        with open(f"/proc/{proc.pid}/io") as f:
            fields = dict(line.split(": ") for line in f.read().splitlines())
        return int(fields["rchar"])
    except (FileNotFoundError, KeyError, ValueError, ProcessLookupError):
        return None


def wait_until_read(proc, at_least, timeout=60.0):
    """Waits until `proc` has read `at_least` bytes; False if it ended first or never did."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        n = bytes_read(proc)
        if n is not None and n >= at_least:
            return True
        time.sleep(0.01)
    return False


def interrupt_mid_scan(args, sig, at_least=1_000_000):
    """Starts `classify scan --jobs 1 ARGS`, sends `sig` once it has read `at_least` bytes
    (a dozen files of the slow corpus: well under way and far from done). Returns
    (process, stdout, stderr, seconds from the signal to the exit)."""
    import time

    import pytest

    proc = subprocess.Popen(
        [BIN, "scan", "--jobs", "1", *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )
    if not wait_until_read(proc, at_least):
        proc.kill()
        proc.communicate()
        pytest.fail("the scan never got under way (or ended before it could be interrupted)")
    sent = time.monotonic()
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    return proc, out, err, time.monotonic() - sent
