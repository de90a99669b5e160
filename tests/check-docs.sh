#!/usr/bin/env bash
# Checks that docs/detectors.md is what `classify pack docs` generates from the built-in
# packs. Usage: tests/check-docs.sh path/to/classify
set -euo pipefail

bin=${1:?usage: tests/check-docs.sh path/to/classify}
root=$(cd "$(dirname "$0")/.." && pwd)
doc="$root/docs/detectors.md"

if [ ! -x "$bin" ]; then
    echo "check-docs: $bin is not an executable; build it with 'make cli'" >&2
    exit 2
fi
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$bin" pack docs > "$tmp"

if [ ! -f "$doc" ]; then
    echo "check-docs: docs/detectors.md is missing; generate it with:" >&2
    echo "    build/bin/classify pack docs > docs/detectors.md" >&2
    exit 1
fi
if ! diff -u --label docs/detectors.md --label "classify pack docs" "$doc" "$tmp"; then
    echo >&2
    echo "check-docs: docs/detectors.md is out of date with the built-in packs; regenerate it with:" >&2
    echo "    make cli && build/bin/classify pack docs > docs/detectors.md" >&2
    exit 1
fi
echo "check-docs: docs/detectors.md is up to date ($(grep -c '^| `' "$doc") table rows)"
