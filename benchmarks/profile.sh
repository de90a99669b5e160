#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Where scan time goes: callgrind over a small slice of a benchmark corpus, counting only the
# scan itself (not the ruleset open), then the top functions by instructions executed.
# Instruction counts do not depend on the load of the machine, so two profiles (before and
# after a change, or the engine and the baseline) compare exactly.
#
#   benchmarks/profile.sh [--target engine|engine-records|engine-naive|naive-pcre2]
#                         [--corpus dense|sparse|csv|records|FILE]
#                         [--bytes N] [--top N] [--inclusive] [--keep] [--lib PATH] [--classify PATH]
#
#   --target engine        the C driver: classify_scanner_scan (prefiltered) over the slice, default
#            engine-records  the C driver: each line of the slice as its own scan (per-call
#                          costs; use with --corpus records --bytes 20000)
#            engine-naive  the CLI, `classify bench --naive` (every pattern over the whole input)
#            naive-pcre2   the N-pass PCRE2 baseline (benchmarks/naive_pcre2.c)
#   --corpus NAME|FILE     a corpus of benchmarks/corpus/ (default dense) or any file
#   --bytes N              the first N bytes (cut back to a line break; default 200000)
#   --top N                functions listed (default 15)
#   --inclusive            sort by inclusive cost (callees included) instead of self cost
#   --keep                 keep the callgrind output file (build/bench/callgrind.<target>.out)
#   --lib PATH             the libclassify.so to link the C driver with (default build/lib/libclassify.so)
#   --classify PATH        the CLI for engine-naive (default build/bin/classify)
#
# Code that PCRE2's JIT generated has no symbols: callgrind shows it as ???:0x... addresses,
# summed here into one line, "[PCRE2 JIT code]". Swift names are demangled when
# `swift demangle` is available. Needs valgrind (apt-get install valgrind) and the corpus
# (python3 benchmarks/gen_corpus.py, or one run of benchmarks/run.py).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
tools=$root/build/bench
target=engine
corpus=dense
bytes=200000
top=15
inclusive=no
keep=no
lib=
cli=${CLASSIFY_BIN:-$root/build/bin/classify}

while [ $# -gt 0 ]; do
    case $1 in
        --target) target=$2; shift 2 ;;
        --corpus) corpus=$2; shift 2 ;;
        --bytes) bytes=$2; shift 2 ;;
        --top) top=$2; shift 2 ;;
        --inclusive) inclusive=yes; shift ;;
        --keep) keep=yes; shift ;;
        --lib) lib=$2; shift 2 ;;
        --classify) cli=$2; shift 2 ;;
        -h|--help) sed -n '3,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "profile.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done

command -v valgrind >/dev/null || { echo "profile.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
case $corpus in
    dense) file=$here/corpus/dense.log ;;
    sparse) file=$here/corpus/sparse.txt ;;
    csv) file=$here/corpus/customers.csv ;;
    records) file=$here/corpus/records.txt ;;
    *) file=$corpus ;;
esac
[ -f "$file" ] || { echo "profile.sh: $file not found: run python3 benchmarks/gen_corpus.py first" >&2; exit 2; }

# The C tools (and the library and CLI, when missing), built as run.py builds them.
python3 "$here/run.py" --build-only ${lib:+--lib "$lib"} >/dev/null

slice=$tools/profile-slice.$(basename "$file")
python3 - "$file" "$slice" "$bytes" <<'EOF'
import sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, "rb").read(n)
cut = data.rfind(b"\n")
open(dst, "wb").write(data[: cut + 1] if cut > 0 else data)
EOF
size=$(stat -c %s "$slice")
out=$tools/callgrind.$target.out

case $target in
    engine)
        # One warm-up scan and one timed scan: both are collected; the report divides by 2.
        toggle=classify_scanner_scan
        scans=2
        cmd=("$tools/bench_c" scan "$slice" --reps 1 --warmup 1) ;;
    engine-records)
        # bench_c records: one untimed pass and one timed pass over the lines: 2 calls per line.
        toggle=classify_scanner_scan
        scans=$((2 * $(grep -c . "$slice")))
        cmd=("$tools/bench_c" records "$slice" --calls 1) ;;
    engine-naive)
        # Scanner.scan(_: UnsafeBufferPointer<UInt8>, with:options:), which `bench` calls.
        toggle=$(nm "$cli" | awk '/ScannerC4scan_4with7options.*SRys5UInt8VG_/ && !found {print $3; found = 1}')
        [ -n "$toggle" ] || { echo "profile.sh: $cli has no 'bench' command (make cli)" >&2; exit 2; }
        scans=2
        # valgrind 3.19 cannot read the DWARF 5 that swift emits: profile a copy without it.
        cp -f "$cli" "$tools/classify.nodebug"
        strip --strip-debug "$tools/classify.nodebug"
        cmd=("$tools/classify.nodebug" bench --naive --reps 1 --warmup 1 "$slice") ;;
    naive-pcre2)
        toggle=naive_pass
        scans=1
        cmd=("$tools/naive_pcre2" --reps 1 --top 0 "$slice" "$root"/packs/*.json) ;;
    *) echo "profile.sh: --target must be engine, engine-records, engine-naive or naive-pcre2" >&2; exit 2 ;;
esac

echo "profile: $target over the first $size bytes of $(basename "$file"), collecting inside $toggle only" >&2
valgrind --tool=callgrind --smc-check=all-non-file --callgrind-out-file="$out" \
    --collect-atstart=no --toggle-collect="$toggle" "${cmd[@]}" >/dev/null 2>"$tools/callgrind.$target.log" || {
    echo "profile.sh: valgrind failed; see $tools/callgrind.$target.log" >&2; exit 2; }

annotate=(callgrind_annotate --threshold=100 --auto=no)
[ "$inclusive" = yes ] && annotate+=(--inclusive=yes)
"${annotate[@]}" "$out" >"$out.txt" 2>/dev/null
python3 - "$top" "$size" "$scans" "$inclusive" "$out.txt" <<'EOF'
import re, shutil, subprocess, sys
top, size, scans, inclusive = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "yes"
total = 0
rows = {}
jit = 0
for line in open(sys.argv[5]):
    m = re.match(r"\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)$", line)
    if not m:
        continue
    ir = int(m.group(1).replace(",", ""))
    what = m.group(2).strip()
    if what.startswith("PROGRAM TOTALS"):
        total = ir
        continue
    # "file:function [object]"
    fm = re.match(r"(.*?):(.*?)(?: \[(.*)\])?$", what)
    func, obj = (fm.group(2), fm.group(3) or "") if fm else (what, "")
    # JIT code: an address, with "'N" when callgrind saw it recurse.
    if re.fullmatch(r"0x[0-9a-fA-F]+('\d+)?", func) and (obj in ("", "???")):
        jit += ir
        continue
    key = (func, obj.rsplit("/", 1)[-1])
    rows[key] = rows.get(key, 0) + ir
if jit and not inclusive:
    rows[("[PCRE2 JIT code]", "anonymous executable memory")] = jit
names = [k[0] for k in rows]
if shutil.which("swift"):
    try:
        out = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(names), text=True,
                             capture_output=True, timeout=60).stdout.splitlines()
        if len(out) == len(names):
            merged = {}
            for d, (k, v) in zip(out, rows.items()):
                merged[(d, k[1])] = merged.get((d, k[1]), 0) + v
            rows = merged
    except Exception:
        pass
print(f"total: {total:,} instructions for {scans} scan(s) = {total / scans:,.0f} per scan; "
      f"{size:,} bytes scanned {'once per pass' if scans > 2 else 'per scan'}")
print(f"{'Ir per scan':>14} {'%':>6}  function [object]" + ("   (inclusive)" if inclusive else ""))
for (func, obj), ir in sorted(rows.items(), key=lambda kv: -kv[1])[:top]:
    func = func if len(func) <= 110 else func[:107] + "..."
    print(f"{ir / scans:>14,.0f} {100 * ir / max(total, 1):>5.1f}%  {func} [{obj}]")
EOF
rm -f "$out.txt"

if [ "$keep" = yes ]; then
    echo "kept $out (callgrind_annotate $out; kcachegrind $out)" >&2
else
    rm -f "$out"
fi
