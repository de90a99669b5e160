#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs one libFuzzer target for a wall-clock budget (called by fuzz/Makefile's run-<target>).
#
#   fuzz/run_target.sh TARGET SECONDS -- LIBFUZZER-FLAGS...
#
# libFuzzer stops at the first crash, leak or timeout; this script then starts it again for
# the rest of the budget (at most 20 times), so that one known bug does not hide the next.
# (libFuzzer's -fork mode would do the same, but it re-runs LLVMFuzzerInitialize per job,
# which for the "scan" target means compiling every built-in pack twice: far too slow.)
# New corpus goes to fuzz/corpus/TARGET; artifacts to fuzz/out/artifacts/TARGET, copied to
# tests/fuzz-regressions/TARGET. Appends one summary line to fuzz/out/summary.txt.
# Exit status: 0 when no crash, leak, timeout or OOM was found, 1 otherwise.
set -u
target=$1
budget=$2
shift 3 # TARGET SECONDS --
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=$here/out
corpus=$here/corpus/$target
artifacts=$out/artifacts/$target
regressions=$root/tests/fuzz-regressions/$target
log=$out/logs/$target.log
mkdir -p "$corpus" "$artifacts" "$out/logs"
: > "$log"

export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:allocator_may_return_null=1
export LSAN_OPTIONS=suppressions=$root/Tests/CAPI/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Known, still open bugs can be kept from being reported again while fuzzing (the targets
# tolerate them with CLASSIFY_FUZZ_SKIP_KNOWN=1). None is open now
# (tests/fuzz-regressions/README.md), so nothing is skipped: set it again while one is.
export CLASSIFY_FUZZ_SKIP_KNOWN=${CLASSIFY_FUZZ_SKIP_KNOWN:-0}

start=$SECONDS
runs=0
execs=0
status=0
while :; do
    left=$((budget - (SECONDS - start)))
    [ "$left" -ge 5 ] || break
    [ "$runs" -lt 20 ] || break
    runs=$((runs + 1))
    echo "=== run $runs: $left s left" >> "$log"
    (cd "$out" && "./fuzz_$target" -max_total_time="$left" -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$@" "$corpus" "$out/seeds/$target") >> "$log" 2>&1
    rc=$?
    n=$(grep -E '^stat::number_of_executed_units:' "$log" | tail -1 | awk '{print $2}')
    # A crash prints no final stats: count the last progress line of this run instead.
    [ "$rc" -eq 0 ] || n=$(sed -n "/^=== run $runs:/,\$p" "$log" | grep -oE '^#[0-9]+' | tail -1 | tr -d '#')
    execs=$((execs + ${n:-0}))
    [ "$rc" -eq 0 ] && break
    status=1
done

# Crashes, leaks, timeouts (inputs over -timeout) and out-of-memory inputs are kept as
# regressions. Slow units (over -report_slow_units, well under -timeout) are only listed:
# on a loaded machine they are mostly noise; look at them in fuzz/out/artifacts/.
found=$(ls "$artifacts" 2>/dev/null | grep -E '^(crash|leak|timeout|oom)-' || true)
slow=$(ls "$artifacts" 2>/dev/null | grep -c '^slow-unit-' || true)
count=0
if [ -n "$found" ]; then
    mkdir -p "$regressions"
    for f in $found; do
        cp -n "$artifacts/$f" "$regressions/"
        count=$((count + 1))
    done
    status=1
fi
cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -1)
files=$(ls "$corpus" | wc -l)
line="$target: $((SECONDS - start)) s, $execs executions in $runs run(s), ${cov:-cov: ?}, corpus $files files, artifacts $count, slow units $slow"
echo "$line" | tee -a "$out/summary.txt"
exit $status
