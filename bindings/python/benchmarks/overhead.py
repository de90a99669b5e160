"""What a classify call costs through Python, and how much of it is the binding.

    cd bindings/python
    CLASSIFY_LIBRARY=$PWD/../../build/lib/libclassify.so PYTHONPATH=src python3 benchmarks/overhead.py

For each pack: the bare C scan through ctypes (no result read: the floor), then
Ruleset.classify() on the same ~200-byte record as bytes (also reading .findings, which
makes the Finding objects), as an ASCII str, as a non-ASCII str (offsets converted), with
explain=True, through an Engine, and a record without findings. The best of
several timeit repeats, in microseconds per call, of this thread's CPU time by default
(steady on a shared, loaded machine; --wall for wall-clock time).
"""

from __future__ import annotations

import argparse
import time
import timeit

import classify
from classify import _core

RECORD = (
    '{"id": 4411, "name": "Jane Doe", "email": "jane.doe@example.org", '
    '"card": "4111 1111 1111 1111", "note": "called back about the invoice, '
    'ip 192.168.10.24", "city": "Lyon", "ok": true}'
)
NON_ASCII = RECORD.replace("Lyon", "Zürich 😀 北京")
CLEAN = (
    '{"id": 4411, "name": "Jane Doe", "note": "called back about the invoice, nothing to '
    'see here at all", "city": "Lyon", "ok": true, "padding": "xxxxxxxxxxxxxxxxxxxxxxxxxx"}'
)


TIMER = time.thread_time


def best(fn: object, number: int, repeat: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat, timer=TIMER)) / number * 1e6  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", nargs="*", default=["core", "default"])
    parser.add_argument("--number", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--wall", action="store_true", help="wall-clock instead of thread CPU time")
    args = parser.parse_args()
    global TIMER
    if args.wall:
        TIMER = time.perf_counter
    raw = RECORD.encode()
    print(f"libclassify {classify.library_version()} at {classify.library_path()}")
    clock = "wall-clock" if args.wall else "thread CPU"
    print(f"record: {len(raw)} bytes; {args.number} calls x {args.repeat} repeats, best, {clock} time")
    for name in args.packs:
        with classify.Ruleset.builtin(name) as rules:
            findings = len(rules.classify(raw).findings)
            native = _core._NativeScanner()
            ptr = rules._acquire()
            try:
                floor = best(lambda: _core._scan_fn(native.ptr, ptr, raw, len(raw), None), args.number, args.repeat)
            finally:
                rules._release()
                native.free()
            engine = classify.Engine(rules)
            cases = {
                "bytes": lambda: rules.classify(raw),
                "bytes, .findings": lambda: rules.classify(raw).findings,
                "bytes, Engine": lambda: engine.classify(raw),
                "str (ASCII)": lambda: rules.classify(RECORD),
                "str (non-ASCII)": lambda: rules.classify(NON_ASCII),
                "bytes, explain=True": lambda: rules.classify(raw, explain=True),
                "bytes, as_of": lambda: rules.classify(raw, as_of="2027-01-01"),
                "no findings": lambda: rules.classify(CLEAN),
            }
            print(f"\npack {name} ({len(rules.detectors)} detectors, {findings} findings in the record)")
            print(f"  {'C scan only (ctypes)':24s} {floor:8.1f} us")
            for label, fn in cases.items():
                t = best(fn, args.number, args.repeat)
                print(f"  {label:24s} {t:8.1f} us   (+{t - floor:.1f} over the C scan)")
            # The binding alone, steadier than a difference of two noisy times: the scan is
            # replaced by a no-op, so each call re-reads the result the scanner already holds.
            real = _core._scan_fast
            try:
                rules.classify(raw)
                _core._scan_fast = lambda *a: 0
                alone = best(lambda: rules.classify(raw), args.number, args.repeat)
                alone_findings = best(lambda: rules.classify(raw).findings, args.number, args.repeat)
            finally:
                _core._scan_fast = real
            print(f"  {'binding alone (no scan)':24s} {alone:8.1f} us   ({alone_findings:.1f} us with .findings)")
            engine.close()


if __name__ == "__main__":
    main()
