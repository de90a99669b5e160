#!/usr/bin/env bash
# Installs into an empty prefix, then builds the README's C quickstart the way a user
# would, with pkg-config, and checks what it prints: the card's exact byte offsets after
# multibyte characters and a NUL byte, level restricted, framework PCI_DSS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
make -C "$root" --no-print-directory install PREFIX="$prefix" >/dev/null
for f in lib/libclassify.so lib/libclassify.so.1 lib/libclassify.so.1.0.0 include/classify.h lib/pkgconfig/classify.pc; do
    [ -e "$prefix/$f" ] || { echo "install: missing $f"; exit 1; }
done
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
cc -std=c99 -Wall -Wextra -Werror "$root/Tests/CAPI/quickstart.c" -o "$prefix/quickstart" \
    $(pkg-config --cflags --libs classify) -Wl,-rpath,"$prefix/lib"
out=$("$prefix/quickstart")
echo "$out"
# "Caf\xc3\xa9 " is 6 bytes, the emoji 4 + space, NUL + space, "card: " 6: the card starts at byte 19.
expected_card="CREDIT_CARD [19, 38)"
status=0
grep -qF "$expected_card" <<<"$out" || { echo "install: expected '$expected_card'"; status=1; }
grep -q "level restricted, frameworks: PCI_DSS" <<<"$out" || { echo "install: expected level restricted, PCI_DSS"; status=1; }
if [ $status -eq 0 ]; then echo "install: 2 passed, 0 failed"; fi
exit $status
