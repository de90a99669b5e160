# SPDX-License-Identifier: Apache-2.0
"""Walking directories: binary and large files, FIFOs, symbolic links and their loops,
excludes, unreadable files, version-control directories, --jobs determinism."""

import json
import os

from clihelp import CARD, EMAIL, run, run_json


def skipped(doc):
    return {os.path.basename(s["path"]): s["reason"] for s in doc["skipped"]}


def test_binary_and_large_files_are_skipped_with_reasons(corpus):
    (corpus / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + CARD.encode())
    (corpus / "big.txt").write_text(("x" * 99 + "\n") * 30 + f"{CARD}\n")  # 3,017 bytes
    p, doc = run_json("--max-file-size", "2K", corpus)
    assert p.returncode == 1  # the card in payment.log
    s = skipped(doc)
    assert s["image.bin"].startswith("binary file")
    assert s["big.txt"].startswith("larger than --max-file-size")
    assert "2,048" in s["big.txt"]
    assert doc["summary"]["files_skipped"] == 2
    assert all(not f["path"].endswith(("image.bin", "big.txt")) for f in doc["files"])
    # Suffixes: 1M lets it through.
    _, doc = run_json("--max-file-size", "1M", corpus)
    assert "big.txt" not in skipped(doc)


def test_fifo_socket_and_symlinks_are_skipped_not_followed(corpus, tmp_path):
    os.mkfifo(corpus / "pipe")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"card {CARD}\n")
    os.symlink(outside, corpus / "link-to-dir")
    os.symlink(corpus / "payment.log", corpus / "link-to-file")
    os.symlink(corpus / "nowhere", corpus / "dangling")
    p, doc = run_json(corpus, timeout=20)
    s = skipped(doc)
    assert s["pipe"] == "FIFO (named pipe)"
    assert "not followed" in s["link-to-dir"] and "not followed" in s["link-to-file"]
    assert "not followed" in s["dangling"]
    assert not any("secret.txt" in f["path"] for f in doc["files"])
    assert doc["errors"] == []


def test_follow_reaches_linked_files_and_stops_at_loops(corpus, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"card {CARD}\n")
    os.symlink(outside, corpus / "link-to-dir")
    os.symlink(corpus, corpus / "sub" / "loop")          # sub/loop -> corpus: a cycle
    os.symlink(corpus / "nowhere", corpus / "dangling")
    p, doc = run_json("--follow", corpus, timeout=20)
    paths = [f["path"] for f in doc["files"]]
    assert str(corpus / "link-to-dir" / "secret.txt") in paths
    assert len(paths) == len(set(paths)) == 5
    s = skipped(doc)
    assert "loop" in s["loop"]
    assert s["dangling"] == "broken symbolic link"


def test_unreadable_file_is_an_error_and_the_scan_goes_on(corpus):
    # Root reads any mode-000 file, so the unreadable file is a link to /proc/self/mem,
    # whose read(2) at offset 0 fails with EIO for every user.
    os.symlink("/proc/self/mem", corpus / "unreadable")
    (corpus / "blob.bin").write_bytes(b"\x00\x01\x02" * 100)
    p, doc = run_json("--follow", corpus, timeout=20)
    assert p.returncode == 2
    errs = {os.path.basename(e["path"]): e["message"] for e in doc["errors"]}
    assert errs["unreadable"].startswith("cannot read: ")
    assert skipped(doc)["blob.bin"].startswith("binary file")
    assert len(doc["files"]) == 4
    assert b"unreadable: cannot read: " in p.stderr


def test_path_arguments_that_fail(tmp_path):
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling")
    p, doc = run_json(tmp_path / "dangling", tmp_path / "missing")
    assert p.returncode == 2
    msgs = {os.path.basename(e["path"]): e["message"] for e in doc["errors"]}
    assert msgs["dangling"].startswith("broken symbolic link")
    assert msgs["missing"] == "No such file or directory"


def test_excludes_match_names_and_relative_paths(corpus):
    (corpus / "node_modules" / "pkg").mkdir(parents=True)
    (corpus / "node_modules" / "pkg" / "a.js").write_text(f"// {EMAIL}\n")
    (corpus / "app.min.js").write_text(f"x='{EMAIL}'\n")
    _, doc = run_json("--exclude", "node_modules", "--exclude", "*.min.js", "--exclude", "sub/*", corpus)
    paths = sorted(os.path.relpath(f["path"], corpus) for f in doc["files"])
    assert paths == ["clean.txt", "contacts.txt", "payment.log"]
    assert doc["summary"]["files_excluded"] == 3
    # A file named on the command line is scanned even if a glob matches it.
    _, doc = run_json("--exclude", "*.log", corpus / "payment.log")
    assert len(doc["files"]) == 1


def test_version_control_directories_are_skipped_unless_asked(corpus):
    (corpus / ".git").mkdir()
    (corpus / ".git" / "config").write_text(f"email = {EMAIL}\n")
    (corpus / ".env").write_text(f"ADMIN_EMAIL={EMAIL}\n")  # hidden files are scanned
    _, doc = run_json(corpus)
    assert "version-control" in skipped(doc)[".git"]
    paths = [os.path.basename(f["path"]) for f in doc["files"]]
    assert ".env" in paths and "config" not in paths
    _, doc = run_json("--include-vcs", corpus)
    assert str(corpus / ".git" / "config") in [f["path"] for f in doc["files"]]


def test_jobs_do_not_change_the_output(tmp_path):
    d = tmp_path / "many"
    d.mkdir()
    for i in range(60):
        sub = d / f"dir{i % 7}"
        sub.mkdir(exist_ok=True)
        body = "filler line\n" * (i * 37 % 400)
        (sub / f"f{i:03d}.txt").write_text(body + (f"mail u{i}@example.com card {CARD}\n" if i % 3 else "clean\n"))
    outs = []
    for jobs in ("1", "2", "5"):
        p = run("scan", "--format", "ndjson", "--jobs", jobs, d)
        assert p.returncode == 1
        outs.append(p.stdout)
    assert outs[0] == outs[1] == outs[2]
    a = run_json("--jobs", "1", d)[1]
    b = run_json("--jobs", "2", d)[1]
    a["summary"].pop("elapsed_seconds")
    b["summary"].pop("elapsed_seconds")
    assert a == b


def test_duplicate_arguments_are_scanned_once(corpus):
    _, doc = run_json(corpus / "payment.log", corpus / "payment.log", corpus)
    paths = [f["path"] for f in doc["files"]]
    assert paths.count(str(corpus / "payment.log")) == 1
