# SPDX-License-Identifier: Apache-2.0
"""On a terminal (a pseudo-terminal made by script(1)): the table is the default format,
coloured unless NO_COLOR, and a progress line is drawn in place on standard error."""

import os
import re
import shlex
import shutil
import subprocess

import pytest

from clihelp import BIN, CARD, EMAIL

pytestmark = pytest.mark.skipif(shutil.which("script") is None, reason="script(1) is not installed")


def on_terminal(command, env=None, timeout=120):
    """Runs `command` (a list) with stdin, stdout and stderr on a pseudo-terminal."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR",)}
    full_env["TERM"] = "xterm"
    full_env.update(env or {})
    line = " ".join(shlex.quote(str(c)) for c in command)
    p = subprocess.run(["script", "-qec", line, "/dev/null"], capture_output=True, env=full_env,
                       stdin=subprocess.DEVNULL, timeout=timeout)
    return p.returncode, p.stdout


def test_table_and_colour_by_default(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(f"card {CARD}\n")
    status, out = on_terminal([BIN, "scan", f])
    assert status == 1
    assert b"Summary" in out and b"CREDIT_CARD" in out
    assert b"\x1b[1;31mrestricted" in out
    status, out = on_terminal([BIN, "scan", f], env={"NO_COLOR": "1"})
    # No colour (SGR sequences); on a slow machine the progress line may still be drawn
    # and erased (\r ESC[K), which is not colour.
    assert b"Summary" in out and re.search(rb"\x1b\[[0-9;]*m", out) is None


def test_no_path_on_a_terminal_is_an_error():
    status, out = on_terminal([BIN, "scan"])
    assert status == 2
    assert b"nothing to scan" in out


def test_progress_line_is_drawn_in_place(tmp_path):
    d = tmp_path / "big"
    d.mkdir()
    body = "".join(f"row {i}: {EMAIL} {CARD}\n" for i in range(1500))
    for i in range(40):
        (d / f"part{i:03d}.log").write_text(body)
    out_file = tmp_path / "r.ndjson"
    status, out = on_terminal([BIN, "scan", "--jobs", "1", "--output", out_file, d])
    assert status == 1
    assert b"\r\x1b[Kscanning: " in out
    assert b" files, " in out and b"/s, " in out and b" findings" in out
    assert out.endswith(b"\r\x1b[K")  # erased at the end
    status, out = on_terminal([BIN, "scan", "--quiet", "--jobs", "1", "--output", out_file, d])
    assert b"scanning" not in out
