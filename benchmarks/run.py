#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs the classify benchmark suite and writes benchmarks/results/latest.{md,json}.

    python3 benchmarks/run.py            # what `make bench` runs (after `make lib cli`)
    python3 benchmarks/run.py --quick    # small corpora, fewer rounds: a smoke test

Steps (benchmarks/README.md explains every number):

 1. builds what is missing: build/lib/libclassify.so and build/bin/classify (make lib / make
    cli), and always the C tools into build/bench/ (bench_c, naive_pcre2, malloc_count.so);
 2. generates the corpora (benchmarks/gen_corpus.py, seeded) unless benchmarks/corpus/ already
    holds them with the same parameters;
 3. measures, in --rounds interleaved rounds (each round runs every throughput measurement
    once, in a fresh process, so that a slow spell of the shared machine hits one round
    rather than one measurement): opening all built-in packs and MB/s over each corpus
    through the C ABI, the CLI (the Swift API) and the Python binding;
 4. once: microseconds per ~200-byte record (C ABI >= 100,000 calls, Python, CLI --lines),
    allocations per scan (LD_PRELOAD malloc counter), the baselines on the first
    --naive-bytes of each corpus (naive PCRE2 N-pass in C, the engine's own naive strategy,
    and the prefiltered engine on the same bytes), Python's re N-pass on --re-bytes, and,
    when valgrind is installed, callgrind instruction counts of the engine vs the naive
    PCRE2 baseline on identical bytes (the noise-free ratio);
 5. writes the table, the ratios, the targets and the machine (nproc, CPU model, PCRE2
    version, load average, git commit) to benchmarks/results/latest.md and latest.json.

A value reported for a throughput measurement is the median over rounds of each round's
median; the spread column is (max - min) / median of the round medians. Times are CPU time
of the scanning thread (other processes on the machine do not inflate them); per-record
latencies are wall clock per call (see README). One thread throughout.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TOOLS = os.path.join(ROOT, "build", "bench")

CORPORA = [("sparse", "sparse.txt", "sparse prose"), ("dense", "dense.log", "dense logs"),
           ("csv", "customers.csv", "CSV export")]

TARGETS = {
    "sparse_mb_s": 1000.0, "dense_mb_s": 150.0, "ratio_sparse": 20.0, "ratio_dense": 5.0,
    "record_c_us": 2.0, "record_python_us": 10.0, "open_ms": 100.0, "allocs_per_scan": 0.0,
    "ruleset_mib": 64.0,
}

# ----------------------------------------------------------------------------------------


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run(cmd: list[str], env: dict[str, str] | None = None, capture: bool = True, timeout: float | None = None) -> str:
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    p = subprocess.run(cmd, cwd=ROOT, env=full_env, text=True, timeout=timeout,
                       stdout=subprocess.PIPE if capture else None, stderr=subprocess.PIPE if capture else None)
    if p.returncode != 0:
        sys.stderr.write(f"command failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr or ''}\n")
        raise SystemExit(2)
    return p.stdout or ""


def run_json(cmd: list[str], env: dict[str, str] | None = None) -> dict:
    out = run(cmd, env=env)
    lines = [l for l in out.splitlines() if l.strip().startswith("{")]
    if not lines:
        sys.stderr.write(f"no JSON from: {' '.join(cmd)}\n{out}\n")
        raise SystemExit(2)
    return json.loads(lines[-1])


def sh(cmd: str) -> str:
    try:
        return subprocess.run(cmd, shell=True, cwd=ROOT, text=True, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, timeout=60).stdout.strip()
    except Exception:  # noqa: BLE001 - machine info is best effort
        return ""


# ----------------------------------------------------------------------------------------
# Building


def build(args: argparse.Namespace) -> dict[str, str]:
    lib = args.lib or os.path.join(ROOT, "build", "lib", "libclassify.so")
    cli = args.classify or os.path.join(ROOT, "build", "bin", "classify")
    if not os.path.exists(lib):
        log("build/lib/libclassify.so is missing: make lib")
        run(["make", "--no-print-directory", "lib"], capture=False)
    if not os.path.exists(cli):
        log("build/bin/classify is missing: make cli")
        run(["make", "--no-print-directory", "cli"], capture=False)
    os.makedirs(TOOLS, exist_ok=True)
    cc = os.environ.get("CC", "cc")
    libdir = os.path.dirname(os.path.realpath(lib))
    pc = sh("pkg-config --cflags --libs libpcre2-8 json-c").split()
    if not pc:
        pc = ["-I/usr/include/json-c", "-lpcre2-8", "-ljson-c"]
    tools = {
        "bench_c": [cc, "-O2", "-g", "-Wall", "-I", os.path.join(ROOT, "include"), "-o", os.path.join(TOOLS, "bench_c"),
                    os.path.join(HERE, "bench_c.c"), "-L", libdir, "-l:" + os.path.basename(os.path.realpath(lib)),
                    "-ldl", f"-Wl,-rpath,{libdir}"],
        "naive_pcre2": [cc, "-O2", "-g", "-Wall", "-o", os.path.join(TOOLS, "naive_pcre2"),
                        os.path.join(HERE, "naive_pcre2.c"), *pc],
        "malloc_count.so": [cc, "-O2", "-Wall", "-shared", "-fPIC", "-o", os.path.join(TOOLS, "malloc_count.so"),
                            os.path.join(HERE, "malloc_count.c")],
    }
    for name, cmd in tools.items():
        run(cmd)
    log(f"built {', '.join(tools)} in {os.path.relpath(TOOLS, ROOT)}/")
    return {"lib": lib, "cli": cli, "bench_c": os.path.join(TOOLS, "bench_c"),
            "naive_pcre2": os.path.join(TOOLS, "naive_pcre2"), "malloc_count": os.path.join(TOOLS, "malloc_count.so")}


# ----------------------------------------------------------------------------------------
# Corpora


def corpus(args: argparse.Namespace) -> tuple[str, dict]:
    params = {"seed": args.seed, "sparse_mb": args.sparse_mb, "dense_mb": args.dense_mb, "csv_mb": args.csv_mb,
              "records": args.records, "sparse_every": 5000}
    out = args.corpus
    manifest_path = os.path.join(out, "manifest.json")
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            manifest = json.load(f)
        files_ok = all(os.path.exists(os.path.join(out, f["file"])) and os.path.getsize(os.path.join(out, f["file"])) == f["bytes"]
                       for f in manifest["files"].values())
        if manifest.get("params") == params and files_ok:
            log(f"corpus up to date in {os.path.relpath(out, ROOT)}/")
            return out, manifest
    log(f"generating the corpus in {os.path.relpath(out, ROOT)}/ (seed {args.seed})")
    run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--out", out, "--seed", str(args.seed),
         "--sparse-mb", str(args.sparse_mb), "--dense-mb", str(args.dense_mb), "--csv-mb", str(args.csv_mb),
         "--records", str(args.records)], capture=False)
    with open(manifest_path) as f:
        return out, json.load(f)


def slice_file(src: str, dst: str, nbytes: int) -> str:
    """The first nbytes of src, cut back to a line break (rewritten only when it changes)."""
    with open(src, "rb") as f:
        data = f.read(nbytes)
    cut = data.rfind(b"\n")
    if cut > 0:
        data = data[: cut + 1]
    if not (os.path.exists(dst) and os.path.getsize(dst) == len(data)):
        with open(dst, "wb") as f:
            f.write(data)
    return dst


# ----------------------------------------------------------------------------------------
# Machine


def machine(paths: dict[str, str]) -> dict[str, object]:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    commit = sh("git rev-parse HEAD")
    dirty = sh("git --no-optional-locks status --porcelain --untracked-files=no")
    return {
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
        "nproc": os.cpu_count(), "cpu_model": cpu, "kernel": platform.release(),
        "pcre2_version": sh("pcre2-config --version") or sh("pkg-config --modversion libpcre2-8"),
        "json_c_version": sh("pkg-config --modversion json-c"),
        "swift_version": sh("swift --version 2>&1 | head -1"),
        "cc_version": sh(f"{os.environ.get('CC', 'cc')} --version | head -1"),
        "python_version": platform.python_version(),
        "git_commit": commit, "git_dirty": bool(dirty),
        "git_dirty_files": len(dirty.splitlines()) if dirty else 0,
        "loadavg_start": sh("cut -d' ' -f1-3 /proc/loadavg"),
        "library": os.path.realpath(paths["lib"]), "cli": paths["cli"],
    }


# ----------------------------------------------------------------------------------------
# Measurements


class Suite:
    def __init__(self, args: argparse.Namespace, paths: dict[str, str], corpus_dir: str) -> None:
        self.a = args
        self.p = paths
        self.dir = corpus_dir
        self.py_env = {"CLASSIFY_LIBRARY": paths["lib"],
                       "PYTHONPATH": os.path.join(ROOT, "bindings", "python", "src")}
        self.rounds: dict[str, list[dict]] = {}  # measurement -> one result per round
        self.reps: dict[str, int] = {}
        self.once: dict[str, dict] = {}

    def f(self, name: str) -> str:
        return os.path.join(self.dir, name)

    def next_reps(self, key: str) -> int:
        """1 repetition in the first round; later, enough for ~--rep-seconds of CPU (1..9)."""
        done = self.rounds.get(key)
        if not done:
            return 1
        t = statistics.median(r["median_s"] for r in done)
        return max(1, min(9, int(self.a.rep_seconds / max(t, 1e-6))))

    def add(self, key: str, result: dict) -> None:
        self.rounds.setdefault(key, []).append(result)

    def round(self, i: int) -> None:
        log(f"round {i + 1}/{self.a.rounds}")
        self.add("open_c", run_json([self.p["bench_c"], "open", "--reps", "5"]))
        for key, fname, _ in CORPORA:
            path = self.f(fname)
            k = f"c_{key}"
            self.add(k, run_json([self.p["bench_c"], "scan", path, "--reps", str(self.next_reps(k))]))
            k = f"cli_{key}"
            self.add(k, run_json([self.p["cli"], "bench", "--json", "--reps", str(self.next_reps(k)), path]))
            if not self.a.no_python:
                k = f"py_{key}"
                self.add(k, run_json([sys.executable, os.path.join(HERE, "bench_python.py"), "scan", path,
                                      "--reps", str(self.next_reps(k))], env=self.py_env))

    def records(self) -> None:
        rec = self.f("records.txt")
        log(f"records: C ABI ({self.a.record_calls:,} calls)")
        self.once["records_c"] = run_json([self.p["bench_c"], "records", rec, "--calls", str(self.a.record_calls)])
        if not self.a.no_python:
            log(f"records: Python ({self.a.python_calls:,} calls)")
            self.once["records_py"] = run_json([sys.executable, os.path.join(HERE, "bench_python.py"), "records", rec,
                                                "--calls", str(self.a.python_calls)], env=self.py_env)
            self.once["open_py"] = run_json([sys.executable, os.path.join(HERE, "bench_python.py"), "open",
                                             "--reps", "5"], env=self.py_env)
        log("records: CLI --lines")
        self.once["records_cli"] = run_json([self.p["cli"], "bench", "--json", "--lines", "--reps", "2", rec])

    def allocations(self) -> None:
        log("allocations per scan (LD_PRELOAD malloc counter)")
        env = {"LD_PRELOAD": self.p["malloc_count"]}
        for key, fname, _ in CORPORA:
            self.once[f"allocs_{key}"] = run_json([self.p["bench_c"], "scan", self.f(fname), "--reps", "1",
                                                   "--warmup", "1", "--alloc-scans", "2"], env=env)
        self.once["allocs_records"] = run_json([self.p["bench_c"], "records", self.f("records.txt"), "--calls", "1"],
                                               env=env)

    def baselines(self, packs: list[str]) -> None:
        for key, fname, _ in CORPORA[:2] if not self.a.baseline_csv else CORPORA:
            src = self.f(fname)
            sl = slice_file(src, self.f(f"{key}.naive-slice"), self.a.naive_bytes)
            log(f"baselines on the first {os.path.getsize(sl):,} bytes of {fname}: naive PCRE2 (C), engine naive, "
                "engine prefiltered")
            self.once[f"naive_pcre2_{key}"] = run_json([self.p["naive_pcre2"], "--reps", "3", sl, *packs])
            self.once[f"cli_naive_{key}"] = run_json([self.p["cli"], "bench", "--json", "--naive", "--reps", "3", sl])
            self.once[f"cli_slice_{key}"] = run_json([self.p["cli"], "bench", "--json", "--reps", "5", sl])
            self.once[f"c_slice_{key}"] = run_json([self.p["bench_c"], "scan", sl, "--reps", "5"])
            # The portable code of the one pass, on any CPU (classify.h, "Environment").
            self.once[f"c_slice_portable_{key}"] = run_json([self.p["bench_c"], "scan", sl, "--reps", "3"],
                                                            env={"CLASSIFY_NO_AVX2": "1"})
            if not self.a.no_re:
                rsl = slice_file(src, self.f(f"{key}.re-slice"), self.a.re_bytes)
                log(f"Python re N-pass on the first {os.path.getsize(rsl):,} bytes of {fname}")
                self.once[f"naive_re_{key}"] = run_json([sys.executable, os.path.join(HERE, "naive_re.py"), "--json",
                                                         rsl, *packs])

    def callgrind(self, packs: list[str]) -> None:
        if self.a.no_callgrind or not shutil.which("valgrind"):
            return
        for key, fname, _ in CORPORA[:2]:
            sl = slice_file(self.f(fname), self.f(f"{key}.callgrind-slice"), self.a.callgrind_bytes)
            log(f"callgrind: engine vs naive PCRE2 on the first {os.path.getsize(sl):,} bytes of {fname}")
            eng = callgrind_ir([self.p["bench_c"], "scan", sl, "--reps", "1", "--warmup", "1"], "classify_scanner_scan",
                               calls=2)
            nai = callgrind_ir([self.p["naive_pcre2"], "--reps", "1", "--top", "0", sl, *packs], "naive_pass", calls=1)
            self.once[f"callgrind_{key}"] = {
                "bytes": os.path.getsize(sl), "engine_ir_per_scan": eng, "naive_pcre2_ir": nai,
                "engine_ir_per_byte": round(eng / os.path.getsize(sl), 2) if eng else None,
                "naive_pcre2_ir_per_byte": round(nai / os.path.getsize(sl), 2) if nai else None,
                "ratio": round(nai / eng, 2) if eng and nai else None,
            }


def callgrind_ir(cmd: list[str], toggle: str, calls: int) -> int | None:
    """Instructions executed inside `toggle` (all calls), divided by `calls`."""
    out = os.path.join(TOOLS, f"callgrind.{toggle}.out")
    p = subprocess.run(["valgrind", "--tool=callgrind", "--smc-check=all-non-file", f"--callgrind-out-file={out}",
                        "--collect-atstart=no", f"--toggle-collect={toggle}", *cmd],
                       cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0 or not os.path.exists(out):
        sys.stderr.write(f"callgrind failed: {' '.join(cmd)}\n{p.stderr[-2000:]}\n")
        return None
    total = None
    with open(out) as f:
        for line in f:
            if line.startswith("totals:") or line.startswith("summary:"):
                total = int(line.split()[1])
    return total // calls if total is not None else None


# ----------------------------------------------------------------------------------------
# Summary and report


def summarize(results: list[dict], field: str = "mb_per_s") -> dict[str, float]:
    vals = [r[field] for r in results]
    med = statistics.median(vals)
    return {"median": med, "min": min(vals), "max": max(vals), "spread": (max(vals) - min(vals)) / med if med else 0,
            "n": len(vals)}


def fmt(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "n/a"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**met**" if ok else "**not met**")


def report(suite: Suite, mach: dict, manifest: dict, args: argparse.Namespace, packs: list[str],
           elapsed: float) -> tuple[str, dict]:
    R = suite.rounds
    O = suite.once
    S = {k: summarize(v) for k, v in R.items() if k != "open_c"}
    open_ms = summarize(R["open_c"], "median_ms")
    first_open = statistics.median(r["first_ms"] for r in R["open_c"])
    rss_first = statistics.median(r["rss_first_open_kib"] for r in R["open_c"])
    rss_second = statistics.median(r["rss_second_open_kib"] for r in R["open_c"])
    detectors = R["open_c"][0]["detectors"]
    pack_detectors = sum(len(json.load(open(p))["detectors"]) for p in packs)
    files = manifest["files"]

    def ratio(a: float | None, b: float | None) -> float | None:
        return a / b if a and b else None

    rows = []
    for key, fname, label in CORPORA:
        f = files[key]
        rows.append((label, fname, f["bytes"], f.get("bytes_per_planted"), S.get(f"c_{key}"), S.get(f"cli_{key}"),
                     S.get(f"py_{key}"), R[f"c_{key}"][-1]["findings"]))

    base = {}
    for key in ("sparse", "dense", "csv"):
        if f"naive_pcre2_{key}" not in O:
            continue
        n = O[f"naive_pcre2_{key}"]
        en = O[f"cli_naive_{key}"]
        es = O[f"cli_slice_{key}"]
        cs = O[f"c_slice_{key}"]
        full = S[f"c_{key}"]["median"]
        base[key] = {
            "slice_bytes": n["bytes"], "patterns": n["patterns"], "naive_pcre2_mb_s": n["mb_per_s"],
            "naive_pcre2_matches": n["matches"], "engine_naive_mb_s": en["mb_per_s"],
            "engine_naive_findings": en["findings"], "engine_prefiltered_slice_mb_s": es["mb_per_s"],
            "engine_prefiltered_slice_findings": es["findings"], "c_slice_mb_s": cs["mb_per_s"],
            "ratio_vs_naive_pcre2": ratio(full, n["mb_per_s"]),
            "ratio_vs_naive_pcre2_same_bytes": ratio(cs["mb_per_s"], n["mb_per_s"]),
            "ratio_vs_engine_naive_same_bytes": ratio(es["mb_per_s"], en["mb_per_s"]),
            "same_findings_as_naive": en["findings"] == es["findings"],
        }
        if f"c_slice_portable_{key}" in O:
            cp = O[f"c_slice_portable_{key}"]
            base[key].update({"c_slice_portable_mb_s": cp["mb_per_s"],
                              "ratio_portable_vs_naive_pcre2_same_bytes": ratio(cp["mb_per_s"], n["mb_per_s"]),
                              "same_findings_portable": cp["findings"] == cs["findings"]})
        if f"naive_re_{key}" in O:
            r = O[f"naive_re_{key}"]
            base[key].update({"re_slice_bytes": r["bytes"], "naive_re_mb_s": r["mb_per_s"],
                              "naive_re_compiled": r["compiled"], "naive_re_not_compiled": r["not_compiled"],
                              "ratio_vs_naive_re": ratio(full, r["mb_per_s"])})
        if f"callgrind_{key}" in O:
            base[key]["callgrind"] = O[f"callgrind_{key}"]

    rc = O["records_c"]
    rp = O.get("records_py")
    rl = O["records_cli"]
    allocs = {k: O[f"allocs_{k}"].get("allocs_per_scan") for k in ("sparse", "dense", "csv", "records")}
    allocs_read = {k: O[f"allocs_{k}"].get("allocs_per_read") for k in ("sparse", "dense", "csv", "records")}
    max_allocs = max((v for v in allocs.values() if v is not None), default=None)

    sparse = S["c_sparse"]["median"]
    dense = S["c_dense"]["median"]
    targets = [
        ("sparse prose throughput (C ABI)", f"≥ {TARGETS['sparse_mb_s']:,.0f} MB/s", f"{fmt(sparse)} MB/s",
         sparse >= TARGETS["sparse_mb_s"]),
        ("dense logs throughput (C ABI)", f"≥ {TARGETS['dense_mb_s']:,.0f} MB/s", f"{fmt(dense)} MB/s",
         dense >= TARGETS["dense_mb_s"]),
    ]
    for key, tgt in (("sparse", "ratio_sparse"), ("dense", "ratio_dense")):
        b = base.get(key, {})
        r = b.get("ratio_vs_naive_pcre2_same_bytes")
        cg = (b.get("callgrind") or {}).get("ratio")
        got = f"{fmt(r)}× on the same {b.get('slice_bytes', 0):,} bytes (full-corpus MB/s ÷ slice: "
        got += f"{fmt(b.get('ratio_vs_naive_pcre2'))}×" + (f"; callgrind {fmt(cg)}×)" if cg else ")")
        targets.append((f"vs naive PCRE2 N-pass, {key} (C ABI ÷ naive_pcre2)", f"≥ {TARGETS[tgt]:.0f}×", got,
                        None if r is None else r >= TARGETS[tgt]))
    targets += [
        ("~200-byte record, C ABI, median", f"≤ {TARGETS['record_c_us']:.0f} µs", f"{fmt(rc['median_us'], 2)} µs",
         rc["median_us"] <= TARGETS["record_c_us"]),
        ("~200-byte record, Python, median", f"≤ {TARGETS['record_python_us']:.0f} µs",
         f"{fmt(rp['median_us'], 2)} µs" if rp else "n/a", None if not rp else rp["median_us"] <= TARGETS["record_python_us"]),
        ("open all built-in packs (median, warm)", f"≤ {TARGETS['open_ms']:.0f} ms",
         f"{fmt(open_ms['median'])} ms (first open {fmt(first_open)} ms)", open_ms["median"] <= TARGETS["open_ms"]),
        ("allocations per scan, steady state", "0",
         "n/a" if max_allocs is None else f"{fmt(max_allocs, 1)} (max over corpora)",
         None if max_allocs is None else max_allocs == 0),
        ("ruleset memory (RSS delta of a second open)", f"≤ {TARGETS['ruleset_mib']:.0f} MiB",
         f"{rss_second / 1024:.1f} MiB (first open {rss_first / 1024:.1f} MiB)", rss_second / 1024 <= TARGETS["ruleset_mib"]),
    ]

    # ---- Markdown ----
    L: list[str] = []
    L.append("# classify benchmarks: latest run\n")
    L.append(f"{mach['date_utc']} UTC, commit `{mach['git_commit'][:12]}`"
             + (f" with {mach['git_dirty_files']} modified tracked files" if mach["git_dirty"] else "")
             + f", {mach['nproc']} × {mach['cpu_model']}, PCRE2 {mach['pcre2_version']}, json-c {mach['json_c_version']}, "
             f"kernel {mach['kernel']}; load average {mach['loadavg_start']} at the start, {mach['loadavg_end']} at the end. "
             f"{detectors} detectors ({pack_detectors} in packs/*.json), {base.get('sparse', {}).get('patterns', '?')} patterns. "
             f"Suite time {elapsed / 60:.1f} min, {args.rounds} rounds.\n")
    L.append("Generated by `benchmarks/run.py` (`make bench`); `benchmarks/README.md` explains every figure. "
             "MB = 10^6 bytes; throughput is per CPU second of the scanning thread, one thread; "
             "median over rounds (spread = (max − min) / median of the round medians).\n")
    L.append("## Targets\n")
    L.append("| target | goal | measured | |\n|---|---|---|---|")
    for name, goal, got, ok in targets:
        L.append(f"| {name} | {goal} | {got} | {verdict(ok)} |")
    L.append("")
    L.append("## Throughput, full built-in ruleset, prefiltered (MB/s)\n")
    L.append("| corpus | file | bytes | bytes per planted value | C ABI | spread | CLI / Swift API | spread | Python | spread | findings |")
    L.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for label, fname, nbytes, bpp, c, cli, py, findings in rows:
        L.append(f"| {label} | `{fname}` | {nbytes:,} | {bpp} | {fmt(c['median'])} | {c['spread']:.0%} | "
                 f"{fmt(cli['median'])} | {cli['spread']:.0%} | {fmt(py['median']) if py else 'n/a'} | "
                 f"{py['spread']:.0%} | {findings:,} |" if py else
                 f"| {label} | `{fname}` | {nbytes:,} | {bpp} | {fmt(c['median'])} | {c['spread']:.0%} | "
                 f"{fmt(cli['median'])} | {cli['spread']:.0%} | n/a | | {findings:,} |")
    L.append("")
    L.append("## Baselines and ratios (same run, same detectors)\n")
    L.append("Baselines run on the first bytes of each corpus (the \"slice\"), because an N-pass scan of the "
             "whole corpus would not fit the time budget. An N-pass scan is linear in the input, so its MB/s does "
             "not depend on the size; the engine's should not either, but compare the \"same bytes\" ratio first "
             "(engine and baseline on the slice itself; the full-corpus ratio differs when the engine's MB/s "
             "depends on the input size). The callgrind ratio compares instructions executed on a smaller slice "
             "(deterministic, unaffected by load).\n")
    L.append("| corpus | slice bytes | naive PCRE2 N-pass (C) | engine naive strategy | engine prefiltered on slice (CLI / C) | "
             "prefiltered ÷ naive PCRE2 (full corpus / same bytes) | prefiltered ÷ engine naive (same bytes) | "
             "Python `re` N-pass | prefiltered ÷ `re` | callgrind Ir/byte engine vs naive PCRE2 (ratio) |")
    L.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for key, b in base.items():
        cg = b.get("callgrind") or {}
        cgs = (f"{fmt(cg.get('engine_ir_per_byte'))} vs {fmt(cg.get('naive_pcre2_ir_per_byte'))} "
               f"({fmt(cg.get('ratio'))}×, {cg.get('bytes', 0):,} B)") if cg.get("ratio") else "n/a"
        re_s = (f"{fmt(b['naive_re_mb_s'], 3)} ({b['naive_re_compiled']} of {b['patterns']} compiled; "
                f"{b['re_slice_bytes']:,} B)") if "naive_re_mb_s" in b else "n/a"
        L.append(f"| {key} | {b['slice_bytes']:,} | {fmt(b['naive_pcre2_mb_s'], 2)} | {fmt(b['engine_naive_mb_s'], 2)} | "
                 f"{fmt(b['engine_prefiltered_slice_mb_s'])} / {fmt(b['c_slice_mb_s'])} | "
                 f"{fmt(b['ratio_vs_naive_pcre2'])}× / {fmt(b['ratio_vs_naive_pcre2_same_bytes'])}× | "
                 f"{fmt(b['ratio_vs_engine_naive_same_bytes'])}×"
                 f"{'' if b['same_findings_as_naive'] else ' (findings differ!)'} | {re_s} | "
                 f"{fmt(b.get('ratio_vs_naive_re'))}× | {cgs} |")
    portable = [(k, b) for k, b in base.items() if "c_slice_portable_mb_s" in b]
    if portable:
        L.append("")
        L.append("Without AVX2 (`CLASSIFY_NO_AVX2=1`: the portable C code of the one pass), the C ABI on the same "
                 "slices: " + "; ".join(
                     f"{k} {fmt(b['c_slice_portable_mb_s'])} MB/s ({fmt(b['ratio_portable_vs_naive_pcre2_same_bytes'])}× "
                     f"the naive PCRE2 N-pass{'' if b['same_findings_portable'] else ', findings differ!'})"
                     for k, b in portable) + ".")
    L.append("")
    L.append("## Latency per ~200-byte record\n")
    L.append("| path | records | mean bytes | calls | median µs | p99 µs | mean µs | CPU mean µs |")
    L.append("|---|--:|--:|--:|--:|--:|--:|--:|")
    L.append(f"| C ABI (scan + decision + findings) | {rc['records']:,} | {rc['mean_record_bytes']} | {rc['calls']:,} | "
             f"{fmt(rc['median_us'], 2)} | {fmt(rc['p99_us'], 2)} | {fmt(rc['mean_us'], 2)} | {fmt(rc['cpu_mean_us'], 2)} |")
    if rp:
        L.append(f"| Python `Ruleset.default().classify(bytes)` | {rp['records']:,} | {rp['mean_record_bytes']} | "
                 f"{rp['calls']:,} | {fmt(rp['median_us'], 2)} | {fmt(rp['p99_us'], 2)} | {fmt(rp['mean_us'], 2)} | "
                 f"{fmt(rp['cpu_mean_us'], 2)} |")
    L.append(f"| CLI `bench --lines` (Swift API) | {rl['records']:,} | {rl['mean_record_bytes']:.1f} | "
             f"{rl['records'] * rl['reps']:,} | {fmt(rl['median_us'], 2)} | {fmt(rl['p99_us'], 2)} | {fmt(rl['mean_us'], 2)} | "
             f"{fmt(rl['median_s'] / rl['records'] * 1e6, 2)} |")
    L.append("")
    L.append("## Setup, memory, allocations\n")
    L.append(f"- Open all built-in packs through the C ABI (`classify_ruleset_open_builtin(NULL)`: parse, validate, "
             f"compile, JIT; examples are not run for built-in packs): median {fmt(open_ms['median'])} ms CPU "
             f"(rounds {fmt(open_ms['min'])}–{fmt(open_ms['max'])} ms), first open in the process {fmt(first_open)} ms"
             + (f"; Python `Ruleset.default()` {fmt(O['open_py']['median_ms'])} ms" if "open_py" in O else "")
             + f"; CLI setup {fmt(statistics.median(r['setup_s'] for r in R['cli_sparse']) * 1e3)} ms.")
    L.append(f"- Resident memory (`/proc/self/statm`): the first open adds {rss_first / 1024:.1f} MiB (library pages "
             f"and one-time runtime data included), a second ruleset opened while the first is held adds "
             f"{rss_second / 1024:.1f} MiB (the ruleset's own memory).")
    if max_allocs is None:
        L.append("- Allocations: the malloc counter was not active (LD_PRELOAD failed).")
    else:
        L.append("- Heap allocations per `classify_scanner_scan` after warm-up (malloc, calloc, realloc, memalign "
                 "family, counted by `malloc_count.so`): "
                 + ", ".join(f"{k} {fmt(v, 1)}" for k, v in allocs.items())
                 + "; per result read (decision + every finding): "
                 + ", ".join(f"{k} {fmt(v, 1)}" for k, v in allocs_read.items()) + ".")
    L.append("")
    L.append("## Machine\n")
    for k in ("nproc", "cpu_model", "kernel", "pcre2_version", "json_c_version", "swift_version", "cc_version",
              "python_version", "git_commit", "git_dirty", "loadavg_start", "loadavg_end", "library"):
        L.append(f"- {k}: {mach.get(k)}")
    L.append("")
    md = "\n".join(L) + "\n"
    data = {
        "machine": mach, "params": vars(args) | {"corpus_manifest": manifest}, "elapsed_s": round(elapsed, 1),
        "detectors": detectors, "pack_detectors": pack_detectors, "targets": TARGETS,
        "target_results": [{"target": n, "goal": g, "measured": m, "met": ok} for n, g, m, ok in targets],
        "throughput": {k: {"summary": S[k], "rounds": R[k]} for k in S},
        "open": {"summary_ms": open_ms, "first_open_ms": first_open, "rss_first_open_kib": rss_first,
                 "rss_second_open_kib": rss_second, "rounds": R["open_c"]},
        "baselines": base, "once": O,
    }
    return md, data


def rerender(args: argparse.Namespace) -> int:
    with open(args.rerender) as f:
        old = json.load(f)
    params = old["params"]
    manifest = params.pop("corpus_manifest")
    ns = argparse.Namespace(**params)
    suite = Suite.__new__(Suite)
    suite.rounds = {k: v["rounds"] for k, v in old["throughput"].items()}
    suite.rounds["open_c"] = old["open"]["rounds"]
    suite.once = old["once"]
    packs = sorted(os.path.join(ROOT, "packs", f) for f in os.listdir(os.path.join(ROOT, "packs")) if f.endswith(".json"))
    md, data = report(suite, old["machine"], manifest, ns, packs, old["elapsed_s"])
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "latest.md"), "w") as f:
        f.write(md)
    print(md)
    return 0


# ----------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rerender", metavar="JSON", help="rewrite latest.md from an earlier latest.json; measure nothing")
    ap.add_argument("--build-only", action="store_true", help="build the tools (and what is missing), then stop")
    ap.add_argument("--quick", action="store_true", help="small corpora, 2 rounds, fewer calls (a smoke test)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--budget-minutes", type=float, default=9.0,
                    help="fewer rounds (not below 2) when round 1 shows that --rounds would not fit")
    ap.add_argument("--rep-seconds", type=float, default=1.5,
                    help="after round 1, repetitions per measurement aim at this much CPU time (1..9 reps)")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--sparse-mb", type=float, default=30.0)
    ap.add_argument("--dense-mb", type=float, default=10.0)
    ap.add_argument("--csv-mb", type=float, default=4.0)
    ap.add_argument("--records", type=int, default=20000)
    ap.add_argument("--record-calls", type=int, default=100000)
    ap.add_argument("--python-calls", type=int, default=100000)
    ap.add_argument("--naive-bytes", type=int, default=1_000_000, help="slice scanned by the N-pass baselines")
    ap.add_argument("--re-bytes", type=int, default=200_000, help="slice scanned by Python's re N-pass")
    ap.add_argument("--callgrind-bytes", type=int, default=100_000, help="slice for the callgrind comparison")
    ap.add_argument("--baseline-csv", action="store_true", help="also run the baselines on the CSV corpus")
    ap.add_argument("--no-python", action="store_true")
    ap.add_argument("--no-re", action="store_true")
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--corpus", default=None, help="corpus directory (default benchmarks/corpus)")
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    ap.add_argument("--lib", default=None, help="libclassify.so to measure (default build/lib/libclassify.so)")
    ap.add_argument("--classify", default=None, help="classify CLI to measure (default build/bin/classify)")
    args = ap.parse_args()
    if args.quick:
        args.sparse_mb, args.dense_mb, args.csv_mb, args.records = 3.0, 2.0, 1.0, 2000
        args.rounds = min(args.rounds, 2)
        args.record_calls = args.python_calls = 20000
        args.naive_bytes, args.re_bytes, args.callgrind_bytes = 300_000, 50_000, 50_000
    if args.corpus is None:
        args.corpus = os.path.join(HERE, "corpus", "quick") if args.quick else os.path.join(HERE, "corpus")
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")

    if args.rerender:
        return rerender(args)

    started = time.monotonic()
    paths = build(args)
    if args.build_only:
        return 0
    corpus_dir, manifest = corpus(args)
    mach = machine(paths)
    packs = sorted(os.path.join(ROOT, "packs", f) for f in os.listdir(os.path.join(ROOT, "packs")) if f.endswith(".json"))

    suite = Suite(args, paths, corpus_dir)
    rounds = args.rounds
    i = 0
    while i < rounds:
        t0 = time.monotonic()
        suite.round(i)
        if i == 0 and rounds > 2:
            # A round costs about the same each time; keep the suite within --budget-minutes
            # (the part measured once costs about two rounds), with at least 2 rounds.
            per_round = time.monotonic() - t0
            spent = time.monotonic() - started
            fit = int((args.budget_minutes * 60 - spent - 2 * per_round) / per_round) + 1
            if fit < rounds:
                rounds = max(2, fit)
                log(f"a round takes {per_round:.0f} s: {rounds} rounds to stay within {args.budget_minutes} min")
        i += 1
    args.rounds = rounds
    suite.records()
    suite.allocations()
    suite.baselines(packs)
    suite.callgrind(packs)
    mach["loadavg_end"] = sh("cut -d' ' -f1-3 /proc/loadavg")

    md, data = report(suite, mach, manifest, args, packs, time.monotonic() - started)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "latest.md"), "w") as f:
        f.write(md)
    with open(os.path.join(args.out, "latest.json"), "w") as f:
        json.dump(data, f, indent=2, sort_keys=True, default=str)
        f.write("\n")
    print()
    print(md)
    log(f"wrote {os.path.relpath(os.path.join(args.out, 'latest.md'), ROOT)} and latest.json "
        f"in {(time.monotonic() - started) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
