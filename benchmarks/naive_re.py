#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""N-pass baseline in pure Python: every built-in pattern that Python's `re` can compile,
run over the whole text one pass per pattern, counting matches (no validation).

    python3 benchmarks/naive_re.py [--reps N] [--max-bytes N] [--json] FILE [PACK.json ...]

Packs default to packs/*.json. The PCRE2 patterns are translated where `re` has an
equivalent: (?<name>...) -> (?P<name>...), \\k<name> -> (?P=name), \\x{HH} -> \\uHHHH,
\\z -> \\Z, \\h -> [ \\t\\xa0]; possessive quantifiers and atomic groups are kept (Python
3.11+). The text is matched as str with re.ASCII, so \\d, \\w and \\s are ASCII as in the
engine (PCRE2 without PCRE2_UCP); a caseless detector gets re.IGNORECASE. Patterns that
still do not compile (Unicode properties, variable-length lookbehind, ...) are counted and
listed, and left out of the timing, which makes this baseline even more generous.

--max-bytes scans only the first N bytes (cut back to a line break); MB/s is over the
bytes scanned. Time is this thread's CPU time (time.thread_time), median of --reps.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import statistics
import sys
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def translate(p: str) -> str:
    """PCRE2 syntax -> Python re syntax, for the constructs with a direct equivalent."""
    out: list[str] = []
    i, n = 0, len(p)
    in_class = False
    while i < n:
        c = p[i]
        if c == "\\" and i + 1 < n:
            nxt = p[i + 1]
            if nxt == "k" and i + 2 < n and p[i + 2] in "<{'":
                close = {"<": ">", "{": "}", "'": "'"}[p[i + 2]]
                j = p.index(close, i + 3)
                out.append(f"(?P={p[i + 3:j]})")
                i = j + 1
                continue
            if nxt == "x" and i + 2 < n and p[i + 2] == "{":
                j = p.index("}", i + 3)
                cp = int(p[i + 3:j], 16)
                out.append(f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}")
                i = j + 1
                continue
            if nxt == "z" and not in_class:
                out.append("\\Z")
                i += 2
                continue
            if nxt == "h":
                out.append(" \\t\\xa0" if in_class else "[ \\t\\xa0]")
                i += 2
                continue
            out.append(p[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "]" and not (out and out[-1] in ("[", "[^")):
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            if p.startswith("[^", i):
                out.append("[^")
                i += 2
            else:
                out.append("[")
                i += 1
            if i < n and p[i] == "]":  # a leading ']' is a literal
                out.append("]")
                i += 1
            continue
        if p.startswith("(?<", i) and i + 3 < n and p[i + 3] not in "=!":
            out.append("(?P<")
            i += 3
            continue
        out.append(c)
        i += 1
    return "".join(out)


def load_patterns(packs: list[str]) -> list[tuple[str, int, str, bool]]:
    pats = []
    for path in packs:
        with open(path, encoding="utf-8") as f:
            pack = json.load(f)
        for d in pack["detectors"]:
            caseless = "caseless" in d.get("flags", [])
            for k, p in enumerate(d["patterns"]):
                pats.append((d["id"], k, p, caseless))
    return pats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("packs", nargs="*")
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--max-bytes", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="one JSON object instead of a summary")
    args = ap.parse_args()
    packs = args.packs or sorted(glob.glob(os.path.join(ROOT, "packs", "*.json")))

    compiled: list[tuple[str, int, re.Pattern[str]]] = []
    failed: list[dict[str, object]] = []
    for det, k, p, caseless in load_patterns(packs):
        flags = re.ASCII | (re.IGNORECASE if caseless else 0)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # e.g. "possible nested set": a PCRE-only class
                compiled.append((det, k, re.compile(translate(p), flags)))
        except (re.error, FutureWarning, ValueError) as e:
            failed.append({"detector": det, "pattern": k, "error": str(e)})

    with open(args.file, "rb") as f:
        data = f.read()
    if args.max_bytes and len(data) > args.max_bytes:
        cut = data.rfind(b"\n", 0, args.max_bytes)
        data = data[: cut + 1 if cut > 0 else args.max_bytes]
    text = data.decode("utf-8", errors="replace")

    secs: list[float] = []
    walls: list[float] = []
    matches = 0
    for _ in range(max(1, args.reps)):
        m = 0
        w0, c0 = time.perf_counter(), time.thread_time()
        for _det, _k, rx in compiled:
            for _ in rx.finditer(text):
                m += 1
        secs.append(time.thread_time() - c0)
        walls.append(time.perf_counter() - w0)
        matches = m
    med = statistics.median(secs)
    result = {
        "mode": "naive_re", "file": args.file, "bytes": len(data), "patterns": len(compiled) + len(failed),
        "compiled": len(compiled), "not_compiled": len(failed), "reps": len(secs), "clock": "cpu",
        "median_s": round(med, 6), "mb_per_s": round(len(data) / med / 1e6, 3) if med > 0 else 0,
        "wall_median_s": round(statistics.median(walls), 6), "matches": matches, "failures": failed,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{len(data):,} bytes, {len(compiled)} of {result['patterns']} patterns compiled by re, "
              f"median {med:.3f} s CPU = {result['mb_per_s']} MB/s, {matches:,} matches")
        for f_ in failed:
            print(f"  not compiled: {f_['detector']}[{f_['pattern']}]: {f_['error']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
