#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Throughput and per-record latency through the Python binding:
classify.Ruleset.default().classify(bytes).

    CLASSIFY_LIBRARY=build/lib/libclassify.so PYTHONPATH=bindings/python/src \\
        python3 benchmarks/bench_python.py scan FILE [--reps N] [--warmup N]
    ... bench_python.py records FILE [--calls N]
    ... bench_python.py open [--reps N]

scan     the whole file as bytes, --reps times after --warmup untimed calls; median seconds
         of this thread's CPU time (time.thread_time: the scan runs in the calling thread,
         ctypes only releases the GIL) and MB/s (10^6 bytes per second). The result's
         findings are built as Python objects, as a caller gets them.
records  each non-empty line as bytes, cycling through the lines for at least --calls
         calls (default 100000, whole passes) after one untimed pass, each call timed by
         wall clock (time.perf_counter_ns); median, p99, mean microseconds, and the CPU-time
         mean over the whole loop.
open     Ruleset.default() (every built-in pack) --reps times: CPU milliseconds.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

import classify

MAX_FINDINGS = 10_000_000


def percentile(sorted_xs: list[float], p: float) -> float:
    if not sorted_xs:
        return 0.0
    rank = max(1, min(len(sorted_xs), int(-(-p * len(sorted_xs) // 100))))
    return sorted_xs[rank - 1]


def cmd_scan(path: str, reps: int, warmup: int) -> dict[str, object]:
    with open(path, "rb") as f:
        data = f.read()
    c0 = time.thread_time()
    rules = classify.Ruleset.default()
    setup = time.thread_time() - c0
    result = None
    for _ in range(warmup):
        result = rules.classify(data, max_findings=MAX_FINDINGS)
    secs, walls = [], []
    for _ in range(reps):
        w0, c0 = time.perf_counter(), time.thread_time()
        result = rules.classify(data, max_findings=MAX_FINDINGS)
        secs.append(time.thread_time() - c0)
        walls.append(time.perf_counter() - w0)
    med = statistics.median(secs)
    assert result is not None
    return {
        "mode": "python_scan", "file": path, "bytes": len(data), "reps": reps, "warmup": warmup, "clock": "cpu",
        "median_s": round(med, 6), "min_s": round(min(secs), 6), "max_s": round(max(secs), 6),
        "mb_per_s": round(len(data) / med / 1e6, 2) if med > 0 else 0,
        "wall_median_s": round(statistics.median(walls), 6), "findings": len(result.findings),
        "incomplete": list(result.incomplete_reasons), "setup_s": round(setup, 6),
        "library": classify.library_version(),
    }


def cmd_records(path: str, min_calls: int) -> dict[str, object]:
    with open(path, "rb") as f:
        records = [line.rstrip(b"\r") for line in f.read().split(b"\n")]
    records = [r for r in records if r]
    if not records:
        raise SystemExit(f"{path}: no records")
    rules = classify.Ruleset.default()
    findings = sum(len(rules.classify(r).findings) for r in records)
    passes = max(1, -(-min_calls // len(records)))
    us: list[float] = []
    clock = time.perf_counter_ns
    call = rules.classify
    c0 = time.thread_time()
    for _ in range(passes):
        for r in records:
            t0 = clock()
            call(r)
            us.append((clock() - t0) / 1e3)
    cpu = time.thread_time() - c0
    us.sort()
    total = sum(len(r) for r in records)
    return {
        "mode": "python_records", "file": path, "records": len(records),
        "mean_record_bytes": round(total / len(records), 1), "calls": len(us),
        "median_us": round(statistics.median(us), 3), "p99_us": round(percentile(us, 99), 3),
        "mean_us": round(sum(us) / len(us), 3), "min_us": round(us[0], 3),
        "cpu_mean_us": round(cpu / len(us) * 1e6, 3), "findings_per_pass": findings,
        "library": classify.library_version(),
    }


def cmd_open(reps: int) -> dict[str, object]:
    ms = []
    for _ in range(reps):
        c0 = time.thread_time()
        rules = classify.Ruleset.default()
        ms.append((time.thread_time() - c0) * 1e3)
        rules.close()
    return {"mode": "python_open", "reps": reps, "clock": "cpu", "median_ms": round(statistics.median(ms), 3),
            "min_ms": round(min(ms), 3)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["scan", "records", "open"])
    ap.add_argument("file", nargs="?")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--calls", type=int, default=100_000)
    args = ap.parse_args()
    if args.mode != "open" and not args.file:
        ap.error("FILE is required")
    if args.mode == "scan":
        out = cmd_scan(args.file, max(1, args.reps), max(0, args.warmup))
    elif args.mode == "records":
        out = cmd_records(args.file, max(1, args.calls))
    else:
        out = cmd_open(max(1, args.reps))
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
