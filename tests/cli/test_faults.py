# SPDX-License-Identifier: Apache-2.0
"""`classify scan` under I/O and environment faults (T5 of the reliability test plan).

Each case must end in a documented state (docs/cli.md, "Faults", "Interrupted scans" and
"Exit status"): a per-path error (listed, printed on standard error, exit 2) while the scan
goes on with the other paths; a skip (listed with its reason; for a path named on the
command line and over a limit, incomplete coverage: exit 2); a fatal error (exit 2, the
report not written); or, on a signal, the partial report marked incomplete (exit 128 + the
signal). Never a hang, a crash or a silent skip: every wait has a timeout here.

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
import stat
import subprocess
import tempfile
import threading
import time

import pytest

from clihelp import (
    BIN, CARD, EMAIL, SLOW_CORPUS_FILES, interrupt_mid_scan, make_slow_corpus, run, run_json, wait_until_read,
)


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


def test_dev_zero_named_on_the_command_line_is_skipped_as_binary():
    t0 = time.monotonic()
    p, doc = scan_json("/dev/zero", timeout=60)
    assert time.monotonic() - t0 < 30
    assert skipped_paths(doc)["/dev/zero"] == "binary file (NUL byte in the first 8 KiB)"
    assert p.returncode == 0


def _endless_writer(fifo):
    """Writes text into `fifo` until its reader goes away."""
    def feed():
        try:
            with open(fifo, "wb") as w:
                while True:
                    w.write(b"lorem ipsum dolor sit amet\n" * 1000)
        except BrokenPipeError:
            pass

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    return t


def test_an_endless_fifo_is_not_scanned_past_the_limit_and_the_run_is_incomplete(tmp_path):
    """A stream that does not end: reading stops at --max-file-size. Named on the command
    line, it is listed as skipped, said on standard error, and the run is incomplete (exit
    2, 0 with --allow-incomplete)."""
    fifo = tmp_path / "endless.fifo"
    os.mkfifo(fifo)
    t0 = time.monotonic()
    writer = _endless_writer(fifo)
    p, doc = scan_json("--max-file-size", "1M", fifo, timeout=60)
    writer.join(10)
    assert time.monotonic() - t0 < 30
    assert "--max-file-size" in skipped_paths(doc)[str(fifo)]
    assert doc["summary"]["incomplete"] == [str(fifo)] and doc["summary"]["complete"] is False
    assert p.returncode == 2
    assert f"classify: {fifo}: not scanned: larger than --max-file-size".encode() in p.stderr
    writer = _endless_writer(fifo)
    p, doc = scan_json("--max-file-size", "1M", "--allow-incomplete", fifo, timeout=60)
    writer.join(10)
    assert p.returncode == 0 and "--max-file-size" in skipped_paths(doc)[str(fifo)]


def test_a_named_file_over_the_limit_makes_the_run_incomplete(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(("x" * 99 + "\n") * 30)  # 3,000 bytes
    small = tmp_path / "small.txt"
    small.write_text(f"mail {EMAIL}\n")
    p, doc = scan_json("--max-file-size", "2K", big, small)
    assert p.returncode == 2
    assert skipped_paths(doc)[str(big)] == "larger than --max-file-size (3,000 bytes > 2,048 bytes)"
    assert doc["summary"]["incomplete"] == [str(big)] and doc["summary"]["complete"] is False
    assert f"classify: {big}: not scanned: larger than --max-file-size".encode() in p.stderr
    assert str(small) in scanned(doc)
    # SARIF: a warning, not a note.
    p = run("scan", "--format", "sarif", "--max-file-size", "2K", big)
    notes = json.loads(p.stdout)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [(n["level"], "--max-file-size" in n["message"]["text"]) for n in notes] == [("warning", True)]
    # Accepted with --allow-incomplete; --quiet with it says nothing.
    p = run("scan", "--format", "json", "--max-file-size", "2K", "--allow-incomplete", "--quiet", big, small)
    assert p.returncode == 0 and p.stderr == b""
    # Met in a walk, a large file is only listed: its directory was what was asked for.
    p, doc = scan_json("--max-file-size", "2K", tmp_path)
    assert p.returncode == 0 and str(big) in skipped_paths(doc)
    assert doc["summary"]["incomplete"] == [] and doc["summary"]["complete"] is True
    assert p.stderr == b""


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


def test_a_named_fifo_is_waited_for_without_blocking_and_read_when_its_writer_comes(tmp_path):
    """Opening a FIFO with no writer does not block (it is opened non-blocking); its
    writer is waited for, and what it writes is scanned as a stream."""
    fifo = tmp_path / "a.fifo"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [BIN, "scan", "--format", "json", str(fifo)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )
    _wait_until_reading(proc, fifo)  # open() returned although nobody writes yet
    time.sleep(0.5)
    assert proc.poll() is None, "a FIFO without a writer yet is waited for, not taken as empty"
    with open(fifo, "w") as w:
        w.write("x" * 100_000 + f" card {CARD}\n")
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 1, err
    (f,) = json.loads(out)["files"]
    assert f["bytes"] == 100_000 + len(f" card {CARD}\n")
    assert [(x["type"], x["start"]) for x in f["findings"]] == [("CREDIT_CARD", 100_006)]


def test_a_named_fifo_that_never_gets_a_writer_ends_on_sigint(tmp_path):
    fifo = tmp_path / "a.fifo"
    os.mkfifo(fifo)
    later = tmp_path / "b.txt"
    later.write_text(f"mail {EMAIL}\n")
    proc = subprocess.Popen(
        [BIN, "scan", "--jobs", "1", "--format", "json", str(fifo), str(later)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )
    _wait_until_reading(proc, fifo)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)  # a hang fails here
    assert proc.returncode == 130, err
    doc = json.loads(out)
    (f,) = doc["files"]
    assert f["path"] == str(fifo) and f["bytes"] == 0
    assert f["decision"]["incomplete_reasons"] == ["cancelled"]
    assert doc["summary"]["files_not_scanned"] == 1


def test_a_terminal_named_on_the_command_line_ends_on_sigint(tmp_path):
    """A character device that never ends (a terminal nobody types on) is read as a
    stream, and an interrupt still stops it."""
    master, slave = os.openpty()
    try:
        name = os.ttyname(slave)
        proc = subprocess.Popen(
            [BIN, "scan", "--format", "json", name],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        )
        _wait_until_reading(proc, name)
        os.write(master, f"card {CARD}\n".encode())
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        os.close(master)
        os.close(slave)
    assert proc.returncode == 130, err
    (f,) = json.loads(out)["files"]
    assert f["decision"]["incomplete_reasons"] == ["cancelled"]
    assert [x["type"] for x in f["findings"]] == ["CREDIT_CARD"], "what was typed is scanned"


def test_sockets_and_block_devices_named_on_the_command_line_are_skipped(tmp_path):
    block = next(
        (e.path for e in os.scandir("/dev") if stat.S_ISBLK(e.stat(follow_symlinks=False).st_mode)), None)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(tmp_path / "sock"))
    try:
        args = [tmp_path / "sock"] + ([block] if block else [])
        p, doc = scan_json(*args, timeout=30)
    finally:
        sock.close()
    skipped = skipped_paths(doc)
    assert skipped[str(tmp_path / "sock")] == "socket"
    if block:
        assert skipped[block] == "block device"
    assert doc["files"] == [] and p.returncode == 0


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
# Documented (docs/cli.md, "Interrupted scans"): the first SIGINT, SIGTERM or SIGHUP stops
# the scan - no file is started after it, the scans in flight are cancelled - the report of
# what was scanned is written in the chosen format and marked incomplete, one line goes to
# standard error, and the exit status is 128 + the signal. A second signal kills at once.


@pytest.fixture(scope="module")
def slow_corpus(tmp_path_factory):
    return make_slow_corpus(tmp_path_factory.mktemp("slow"))


def _one_line_saying_interrupted(err, name):
    lines = err.decode(errors="replace").splitlines()
    assert len(lines) == 1, lines
    assert f"classify: interrupted by {name}:" in lines[0]
    assert EMAIL not in lines[0] and CARD not in lines[0]


def test_sigint_writes_a_partial_json_report_marked_incomplete(slow_corpus):
    proc, out, err, took = interrupt_mid_scan(["--format", "json", slow_corpus], signal.SIGINT)
    assert proc.returncode == 130, err
    assert took < 10, f"{took:.1f} s from SIGINT to exit"
    _one_line_saying_interrupted(err, "SIGINT")
    doc = json.loads(out)
    s = doc["summary"]
    assert s["interrupted"] == "SIGINT" and s["complete"] is False and s["exit_code"] == 130
    assert 0 < s["files_scanned"] < SLOW_CORPUS_FILES, "interrupted well before the end"
    assert s["files_scanned"] + s["files_not_scanned"] == SLOW_CORPUS_FILES
    # The files first in path order: every one before the last scanned in full; the last
    # one, if the signal came while it was scanned, cut short and marked so.
    every = sorted(str(p) for p in slow_corpus.iterdir())
    assert [f["path"] for f in doc["files"]] == every[: s["files_scanned"]]
    assert all(f["decision"]["complete"] for f in doc["files"][:-1])
    last = doc["files"][-1]
    if not last["decision"]["complete"]:
        assert last["decision"]["incomplete_reasons"] == ["cancelled"]
        assert s["incomplete"] == [last["path"]]
    assert s["findings"] == sum(len(f["findings"]) for f in doc["files"])


def test_sigterm_ends_with_143_and_the_report_says_sigterm(slow_corpus):
    proc, out, err, _ = interrupt_mid_scan(["--format", "json", slow_corpus], signal.SIGTERM)
    assert proc.returncode == 143, err
    _one_line_saying_interrupted(err, "SIGTERM")
    s = json.loads(out)["summary"]
    assert s["interrupted"] == "SIGTERM" and s["exit_code"] == 143 and s["complete"] is False


def test_sigint_ends_ndjson_with_an_interrupted_record(slow_corpus):
    proc, out, err, _ = interrupt_mid_scan(["--format", "ndjson", slow_corpus], signal.SIGINT)
    assert proc.returncode == 130, err
    *findings, last = [json.loads(line) for line in out.decode().splitlines()]
    assert findings and all("path" in r and "start" in r for r in findings)
    assert last["interrupted"] == "SIGINT" and last["complete"] is False and last["exit_code"] == 130
    assert "path" not in last
    assert last["files_scanned"] + last["files_not_scanned"] == SLOW_CORPUS_FILES
    assert len({r["path"] for r in findings}) <= last["files_scanned"]


def test_sigint_marks_the_sarif_invocation_unsuccessful(slow_corpus):
    proc, out, err, _ = interrupt_mid_scan(["--format", "sarif", slow_corpus], signal.SIGINT)
    assert proc.returncode == 130, err
    run0 = json.loads(out)["runs"][0]
    inv = run0["invocations"][0]
    assert inv["executionSuccessful"] is False and inv["exitCode"] == 130
    assert inv["exitSignalName"] == "SIGINT" and inv["exitSignalNumber"] == signal.SIGINT
    first = inv["toolExecutionNotifications"][0]
    assert first["level"] == "error" and "interrupted by SIGINT" in first["message"]["text"]
    assert run0["results"], "the findings of the files scanned are kept"


def test_sigint_with_csv_and_table_ends_the_output_cleanly(slow_corpus):
    """CSV has no place for a marker: the rows of the files scanned, whole, and the exit
    status. The table says it in its summary."""
    proc, out, err, _ = interrupt_mid_scan(["--format", "csv", slow_corpus], signal.SIGINT)
    assert proc.returncode == 130, err
    rows = out.decode().split("\r\n")
    assert rows[0].startswith("path,start,end") and rows[-1] == ""
    assert all(r.count(",") == 10 for r in rows[1:-1])
    proc, out, err, _ = interrupt_mid_scan(["--format", "table", "--color", "never", slow_corpus], signal.SIGINT)
    assert proc.returncode == 130, err
    text = out.decode()
    assert "interrupted by SIGINT" in text and "exit 130" in text


def test_sigint_replaces_the_output_file_with_the_partial_report(slow_corpus, tmp_path):
    report = tmp_path / "report.json"
    report.write_text('{"old": true}\n')
    summaries = tmp_path / "summaries.ndjson"
    proc, out, err, _ = interrupt_mid_scan(
        ["--format", "json", "--output", report, "--summary", summaries, slow_corpus], signal.SIGINT)
    assert proc.returncode == 130, err
    assert out == b""
    _one_line_saying_interrupted(err, "SIGINT")
    assert str(report).encode() in err
    s = json.loads(report.read_text())["summary"]
    assert s["interrupted"] == "SIGINT" and s["complete"] is False
    # One summary per file in the report, and no temporary file left.
    assert len(summaries.read_text().splitlines()) == s["files_scanned"]
    assert sorted(os.listdir(tmp_path)) == ["report.json", "summaries.ndjson"]


def test_a_second_sigint_kills_at_once_and_removes_temporary_files(slow_corpus, tmp_path):
    """The report goes to a FIFO nobody reads: after the first SIGINT, classify blocks
    writing it; the second one ends it (it dies of the signal), and the --summary file is
    left as it was."""
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # lets classify open it, never read
    summaries = tmp_path / "summaries.ndjson"
    summaries.write_text("old\n")
    try:
        proc = subprocess.Popen(
            [BIN, "scan", "--jobs", "1", "--format", "ndjson", "--output", str(fifo), "--summary", str(summaries),
             str(slow_corpus)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        )
        assert wait_until_read(proc, 1_000_000)
        proc.send_signal(signal.SIGINT)
        time.sleep(1.0)
        assert proc.poll() is None, "blocked writing the report to a full FIFO"
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    finally:
        os.close(reader)
    assert proc.returncode == -signal.SIGINT
    assert summaries.read_text() == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["report.fifo", "summaries.ndjson"]


def _text_file(path, mib):
    """`mib` MiB of text with an email every 20 lines."""
    filler = "the quick brown fox jumps over the lazy dog, again and again\n"
    block = filler * 19 + f"mail {EMAIL}\n"
    data = (block * (mib * 1048576 // len(block) + 1))[: mib * 1048576]
    path.write_text(data)
    return data.count(EMAIL)


@pytest.mark.parametrize("stream", [False, True], ids=["read-whole", "streamed"])
def test_a_scan_in_flight_is_cancelled_and_reported_incomplete(tmp_path, stream):
    big = tmp_path / "big.txt"
    total = _text_file(big, 24)
    (tmp_path / "later.txt").write_text(f"card {CARD}\n")
    args = ["--format", "json", big, tmp_path / "later.txt"]
    if stream:
        args = ["--stream-above", "1M", *args]
    proc = subprocess.Popen(
        [BIN, "scan", "--jobs", "1", *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )
    # Read whole: wait until all of it is read (it is being scanned); streamed: a part.
    assert wait_until_read(proc, (24 if not stream else 2) * 1048576), "never got under way"
    time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    doc = json.loads(out)
    (f,) = doc["files"]
    assert f["path"] == str(big)
    assert f["decision"]["complete"] is False and f["decision"]["incomplete_reasons"] == ["cancelled"]
    assert f["decision"]["needs_review"] is True
    assert len(f["findings"]) < total, "a partial result: what was found before the stop"
    if stream:
        assert f["findings"], "2 MiB and more were scanned before the stop"
    assert doc["summary"]["files_not_scanned"] == 1
    assert doc["summary"]["incomplete"] == [str(big)]


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
