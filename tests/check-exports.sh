#!/usr/bin/env bash
# Checks that the library exports exactly the functions classify.h declares: no missing
# export (a declared function Swift never implemented), no extra symbol (Swift internals,
# PCRE2/json-c wrappers), all under the CLASSIFY_1.0 version node.
set -euo pipefail
lib=$1 header=$2
declared=$(grep -oE 'CLASSIFY_API[^;(]*\b(classify_[a-z0-9_]+)\(' "$header" | grep -oE 'classify_[a-z0-9_]+\($' | tr -d '(' | sort -u)
exported=$(nm -D --defined-only --extern-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sed 's/@@.*//' | sort -u)
extra=$(comm -13 <(echo "$declared") <(echo "$exported") | grep -v '^CLASSIFY_1.0$' || true)
missing=$(comm -23 <(echo "$declared") <(echo "$exported") || true)
unversioned=$(nm -D --defined-only --extern-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | grep -v '@@CLASSIFY_1.0$' || true)
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
status=0
[ -z "$missing" ] || { echo "declared in $header but not exported:"; echo "$missing" | sed 's/^/  /'; status=1; }
[ -z "$extra" ] || { echo "exported but not declared in $header:"; echo "$extra" | sed 's/^/  /'; status=1; }
[ -z "$unversioned" ] || { echo "exported without the CLASSIFY_1.0 version:"; echo "$unversioned" | sed 's/^/  /'; status=1; }
[ "$soname" = "libclassify.so.1" ] || { echo "SONAME is '$soname', expected libclassify.so.1"; status=1; }
if ldd "$lib" | grep -q 'libswift'; then echo "the library depends on the Swift runtime:"; ldd "$lib" | grep libswift; status=1; fi
n=$(echo "$declared" | wc -l)
if [ $status -eq 0 ]; then echo "exports: $n passed, 0 failed"; else echo "exports: check failed"; fi
exit $status
