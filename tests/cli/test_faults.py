# SPDX-License-Identifier: Apache-2.0
"""`classify scan` under I/O and environment faults (T5 of the reliability test plan).

Each case must end in a documented state (docs/cli.md, "What is scanned" and "Exit
status"): a per-path error (listed, printed on standard error, exit 2) while the scan goes
on with the other paths; a skip (listed with its reason); or a fatal error (exit 2, the
report not written). Never a hang, a crash or a silent skip.

Races are made deterministic with a FIFO: with --jobs 1 the files are scanned one at a
time in path order, so while `classify` blocks reading the FIFO (named to sort first) the
test changes the next file, then lets the FIFO end.

CI runs as root, for whom chmod 000 does not deny anything: permission errors are tested
as the user nobody (setpriv), and an I/O error that stops root too comes from reading
/proc/self/mem at offset 0 (EIO).
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

import pytest

from clihelp import BIN, CARD, EMAIL, run, run_json


def scan_json(*args, **kw):
    p = run("scan", "--format", "json", *args, **kw)
    assert p.stdout, p.stderr.decode(errors="replace")
    return p, json.loads(p.stdout)


def error_paths(doc):
    return {e["path"]: e["message"] for e in doc["errors"]}


def skipped_paths(doc):
    return {s["path"]: s["reason"] for s in doc["skipped"]}


def scanned(doc):
    return {f["path"]: f for f in doc["files"]}


# --- unreadable paths ---------------------------------------------------------------------


def test_io_error_is_a_per_file_error_and_the_scan_goes_on(tmp_path):
    ok = tmp_path / "ok.txt"
    ok.write_text(f"mail {EMAIL}\n")
    p, doc = scan_json("/proc/self/mem", ok)
    assert p.returncode == 2
    errors = error_paths(doc)
    assert "Input/output error" in errors["/proc/self/mem"]
    assert b"/proc/self/mem" in p.stderr
    assert scanned(doc)[str(ok)]["findings"], "the readable file is still scanned"


def _as_nobody():
    """The command prefix that runs classify as an unprivileged user, or a skip reason."""
    if os.geteuid() != 0:
        return [], None
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None, "running as root without setpriv: chmod 000 cannot deny root"
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    probe = subprocess.run(prefix + [BIN, "--version"], capture_output=True, timeout=30)
    if probe.returncode != 0:
        return None, f"nobody cannot run {BIN}: {probe.stderr.decode(errors='replace')[:200]}"
    return prefix, None


def test_permission_denied_files_and_directories():
    prefix, reason = _as_nobody()
    if prefix is None:
        pytest.skip(reason)
    d = tempfile.mkdtemp(prefix="classify-perm-")
    try:
        os.chmod(d, 0o755)
        ok = os.path.join(d, "ok.txt")
        secret = os.path.join(d, "secret.txt")
        locked = os.path.join(d, "locked")
        with open(ok, "w") as f:
            f.write(f"mail {EMAIL}\n")
        os.chmod(ok, 0o644)
        with open(secret, "w") as f:
            f.write(f"card {CARD}\n")
        os.chmod(secret, 0)
        os.mkdir(locked)
        with open(os.path.join(locked, "inner.txt"), "w") as f:
            f.write(f"card {CARD}\n")
        os.chmod(locked, 0)
        p = subprocess.run(
            prefix + [BIN, "scan", "--format", "json", d], capture_output=True, timeout=60,
            stdin=subprocess.DEVNULL,
        )
        doc = json.loads(p.stdout)
        assert p.returncode == 2, p.stderr
        errors = error_paths(doc)
        assert "Permission denied" in errors[secret]
        assert "Permission denied" in errors[locked]
        assert scanned(doc)[ok]["findings"]
        assert secret.encode() in p.stderr and locked.encode() in p.stderr
    finally:
        os.chmod(os.path.join(d, "locked"), 0o755)
        shutil.rmtree(d)


def test_missing_path_is_an_error(tmp_path):
    ok = tmp_path / "ok.txt"
    ok.write_text("nothing\n")
    p, doc = scan_json(tmp_path / "missing.txt", ok)
    assert p.returncode == 2
    assert "No such file or directory" in error_paths(doc)[str(tmp_path / "missing.txt")]
    assert str(ok) in scanned(doc)


# --- files that change while the scan runs ------------------------------------------------


def _wait_until_reading(proc, path, timeout=20.0):
    """Waits until `proc` has `path` open (it then blocks reading the FIFO)."""
    target = os.path.realpath(path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            for fd in os.listdir(f"/proc/{proc.pid}/fd"):
                try:
                    if os.readlink(f"/proc/{proc.pid}/fd/{fd}") == target:
                        return
                except OSError:
                    pass
        except FileNotFoundError:
            pass
        time.sleep(0.02)
    proc.kill()
    pytest.fail(f"classify never opened {path}")


def _race(tmp_path, change, extra_args=()):
    """Scans [a.fifo, b.txt] one at a time; `change(b)` runs while classify blocks on the
    FIFO, after it has listed b.txt. Returns (process, report)."""
    fifo = tmp_path / "a.fifo"
    os.mkfifo(fifo)
    b = tmp_path / "b.txt"
    b.write_text("x" * 4096 + f" mail {EMAIL}\n")
    proc = subprocess.Popen(
        [BIN, "scan", "--jobs", "1", "--format", "json", *extra_args, str(fifo), str(b)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )
    # Open the write end (this lets classify's open of the read end return), then wait
    # until classify holds the FIFO: it has walked both paths and is on the first one.
    w = os.open(fifo, os.O_WRONLY)
    try:
        _wait_until_reading(proc, fifo)
        change(b)
        os.write(w, f"card {CARD}\n".encode())
    finally:
        os.close(w)
    out, err = proc.communicate(timeout=60)
    return proc, json.loads(out), err


def test_file_removed_after_listing_is_an_error(tmp_path):
    proc, doc, err = _race(tmp_path, lambda b: b.unlink())
    assert proc.returncode == 2, err
    assert "No such file or directory" in error_paths(doc)[str(tmp_path / "b.txt")]
    assert scanned(doc)[str(tmp_path / "a.fifo")]["findings"], "the FIFO's text is scanned"


def test_file_truncated_after_listing_is_scanned_as_it_now_is(tmp_path):
    proc, doc, err = _race(tmp_path, lambda b: os.truncate(b, 100))
    assert proc.returncode in (0, 1), err
    report = scanned(doc)[str(tmp_path / "b.txt")]
    assert report["bytes"] == 100
    assert not report["findings"], "nothing past the new end is reported"


def test_file_replaced_by_a_fifo_after_listing_is_skipped_not_waited_for(tmp_path):
    def replace(b):
        b.unlink()
        os.mkfifo(b)  # nobody will ever write to it: opening it must not block

    proc, doc, err = _race(tmp_path, replace)
    assert proc.returncode in (0, 1), err
    assert "no longer a regular file" in skipped_paths(doc)[str(tmp_path / "b.txt")]


def test_file_growing_past_the_limit_after_listing_is_skipped(tmp_path):
    def grow(b):
        with open(b, "ab") as f:
            f.write(b"y" * 200_000)

    proc, doc, err = _race(tmp_path, grow, extra_args=("--max-file-size", "100K"))
    assert "--max-file-size" in skipped_paths(doc)[str(tmp_path / "b.txt")]


# --- FIFOs, sockets, devices --------------------------------------------------------------


def test_fifos_sockets_and_devices_met_in_a_walk_are_skipped(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(tmp_path / "sock"))
    try:
        os.symlink("/dev/zero", tmp_path / "zero-link")
        (tmp_path / "ok.txt").write_text(f"mail {EMAIL}\n")
        p, doc = scan_json("--follow", tmp_path, timeout=30)
    finally:
        sock.close()
    skipped = skipped_paths(doc)
    assert "FIFO" in skipped[str(tmp_path / "pipe")]
    assert "socket" in skipped[str(tmp_path / "sock")]
    assert "character device" in skipped[str(tmp_path / "zero-link")]
    assert str(tmp_path / "ok.txt") in scanned(doc)
    assert p.returncode in (0, 1)


def test_dev_zero_named_on_the_command_line_is_skipped_at_the_size_limit():
    """A device has no end: reading stops at --max-file-size and the path is skipped."""
    t0 = time.monotonic()
    p, doc = scan_json("--max-file-size", "4M", "/dev/zero", timeout=60)
    assert time.monotonic() - t0 < 30
    assert "--max-file-size" in skipped_paths(doc)["/dev/zero"]
    assert p.returncode == 0
    # With the default limit (100 MiB) too: bounded, not forever.
    p, doc = scan_json("/dev/zero", timeout=120)
    assert "--max-file-size" in skipped_paths(doc)["/dev/zero"]


def test_dev_null_and_a_finished_fifo_named_on_the_command_line_are_read(tmp_path):
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "w") as f:
            f.write(f"card {CARD}\n")

    t = threading.Thread(target=feed)
    t.start()
    p, doc = scan_json("/dev/null", fifo, timeout=60)
    t.join(10)
    files = scanned(doc)
    assert files["/dev/null"]["bytes"] == 0
    assert files[str(fifo)]["findings"]


# --- symbolic link loops ------------------------------------------------------------------


def test_symbolic_link_loops_end(tmp_path):
    (tmp_path / "self").symlink_to("self")
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    sub = tmp_path / "dir"
    sub.mkdir()
    (sub / "up").symlink_to("..")
    (sub / "f.txt").write_text(f"mail {EMAIL}\n")

    # Named on the command line: an error.
    p, doc = scan_json(tmp_path / "self", timeout=30)
    assert p.returncode == 2
    assert "loop" in error_paths(doc)[str(tmp_path / "self")]

    # Met in a walk: skipped, not followed.
    p, doc = scan_json(tmp_path, timeout=30)
    skipped = skipped_paths(doc)
    assert "not followed" in skipped[str(tmp_path / "self")]
    assert p.returncode in (0, 1)

    # Followed: loops are recognised and the walk ends.
    p, doc = scan_json("--follow", tmp_path, timeout=30)
    skipped = skipped_paths(doc)
    assert "loop" in skipped[str(tmp_path / "a")]
    assert "loop" in skipped[str(sub / "up")]
    assert list(scanned(doc)) == [str(sub / "f.txt")]


# --- a report that cannot be written ------------------------------------------------------


def test_report_to_a_full_device_is_a_fatal_error(tmp_path):
    (tmp_path / "ok.txt").write_text(f"mail {EMAIL}\n")
    p = run("scan", "--format", "json", "--output", "/dev/full", tmp_path / "ok.txt")
    assert p.returncode == 2
    assert b"No space left on device" in p.stderr


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A 64 KiB tmpfs (needs root and mount); skipped where it cannot be mounted."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode(errors='replace').strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


def test_disk_full_while_writing_the_report_keeps_the_old_one(tmp_path, tiny_tmpfs):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(300):  # a report of several hundred KiB: more than the disk holds
        (corpus / f"f{i:03}.txt").write_text(f"mail jane.doe{i}@example.com card {CARD}\n")
    report = tiny_tmpfs / "report.json"
    report.write_text('{"old": true}\n')
    p = run("scan", "--format", "json", "--output", report, corpus, timeout=120)
    assert p.returncode == 2
    assert b"No space left on device" in p.stderr
    assert report.read_text() == '{"old": true}\n', "the previous report is left as it was"
    assert sorted(os.listdir(tiny_tmpfs)) == ["report.json"], "no temporary file is left"


# --- interrupted scans --------------------------------------------------------------------


@pytest.fixture(scope="module")
def slow_corpus(tmp_path_factory):
    """Enough files for a scan of several seconds with --jobs 1."""
    d = tmp_path_factory.mktemp("slow")
    line = f"mail {EMAIL} card {CARD} lorem ipsum dolor sit amet\n"
    for i in range(400):
        (d / f"f{i:04}.txt").write_text(line * 1500)
    return d


def _wait_until_scanning(proc, at_least=1_000_000, timeout=60.0):
    """Waits until `proc` has read `at_least` bytes (/proc/PID/io rchar): a dozen files of
    the corpus, so the scan is well under way and far from done."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with open(f"/proc/{proc.pid}/io") as f:
                fields = dict(line.split(": ") for line in f.read().splitlines())
            if int(fields["rchar"]) >= at_least:
                return
        except (FileNotFoundError, KeyError, ValueError):
            pass
        time.sleep(0.01)
    pytest.fail("the scan never got under way (or ended before it could be interrupted)")


def _interrupt_mid_scan(args, corpus, sig=signal.SIGINT):
    proc = subprocess.Popen(
        [BIN, "scan", "--jobs", "1", *map(str, args), str(corpus)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )
    _wait_until_scanning(proc)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    return proc, out, err


def test_sigint_kills_the_scan_with_the_signal(slow_corpus):
    """Documented (docs/cli.md, "Exit status"): interrupted by a signal, classify dies of
    that signal (130 in a shell); NDJSON lines written so far are whole lines."""
    proc, out, err = _interrupt_mid_scan(["--format", "ndjson"], slow_corpus)
    assert proc.returncode == -signal.SIGINT
    for line in out.decode().splitlines()[:-1]:
        json.loads(line)


def test_sigint_leaves_the_output_file_as_it_was(slow_corpus, tmp_path):
    report = tmp_path / "report.json"
    report.write_text('{"old": true}\n')
    proc = subprocess.Popen(
        [BIN, "scan", "--jobs", "1", "--format", "json", "--output", str(report), str(slow_corpus)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )
    # Wait until the temporary report exists (writing has begun).
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not [n for n in os.listdir(tmp_path) if n.startswith(".report")]:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGINT
    assert report.read_text() == '{"old": true}\n'
    assert sorted(os.listdir(tmp_path)) == ["report.json"], "the temporary file is removed"


@pytest.mark.xfail(
    strict=False,
    reason="not implemented: on SIGINT classify dies at once; the plan (T5) asks for the report "
    "so far to be flushed, closed as valid JSON and marked incomplete (reason 'interrupted'), "
    "with exit status 130",
)
def test_sigint_flushes_a_partial_report_marked_incomplete(slow_corpus):
    proc, out, err = _interrupt_mid_scan(["--format", "json"], slow_corpus)
    doc = json.loads(out)
    assert doc["summary"]["exit_code"] == 130 or proc.returncode == 130
    assert "interrupted" in json.dumps(doc["summary"]["incomplete"]) or doc.get("interrupted") is True


def test_closed_standard_output_stops_quietly(slow_corpus):
    """`classify scan ... | head -c 1`: EPIPE ends the scan with the status of what was
    scanned, no error message, not killed by SIGPIPE."""
    proc = subprocess.Popen(
        [BIN, "scan", "--jobs", "1", "--format", "ndjson", str(slow_corpus)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )
    proc.stdout.read(1)
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert proc.returncode in (0, 1), (proc.returncode, err)
    assert b"error" not in err.lower()
