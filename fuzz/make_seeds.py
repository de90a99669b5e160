#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes generated seed inputs for the fuzz targets into OUT/<target>/ (default fuzz/out/seeds).

The seeds come from the built-in packs (packs/*.json), so they follow the packs as they
change and nothing generated is committed:

  loader     each pack whole, and each detector alone wrapped in a minimal pack
  scan       the detectors' "match" and "no_match" examples, one file per pack, after the
             byte that makes fuzz_scan.c use that pack (its index among the built-in packs)
  pack_scan  each detector in fuzz_pack_scan.c's template layout: its first pattern, its
             first keyword, then its examples as the input
  api        a few op-code streams that walk every op of fuzz_api.c

The small hand-made seeds committed under fuzz/corpus/<target>/seed-* are used as well.
"""

import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main() -> int:
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fuzz" / "out" / "seeds"
    dirs = {t: out / t for t in ("loader", "scan", "pack_scan", "api")}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    count = dict.fromkeys(dirs, 0)

    def write(target: str, name: str, data: bytes) -> None:
        (dirs[target] / name).write_bytes(data)
        count[target] += 1

    # The built-in packs in library order (the order builtin_packs.c embeds them).
    embedded = re.findall(r'#embed "\.\./\.\./packs/([\w.-]+)\.json"', (ROOT / "Sources/CBuiltinPacks/builtin_packs.c").read_text())
    order = list(dict.fromkeys(embedded))

    for pack_path in sorted((ROOT / "packs").glob("*.json")):
        raw = pack_path.read_bytes()
        pack = json.loads(raw)
        stem = pack_path.stem
        write("loader", f"pack-{stem}.json", raw)
        texts = []
        for i, det in enumerate(pack.get("detectors", [])):
            examples = det.get("examples", {})
            texts += examples.get("match", []) + examples.get("no_match", [])
            if i % 8 == 0:  # a sample of single-detector packs, small and valid
                single = {k: pack[k] for k in ("schema", "id", "version", "levels", "frameworks") if k in pack}
                single["detectors"] = [det]
                write("loader", f"single-{stem}-{det['id']}.json", json.dumps(single).encode())
            pattern = det["patterns"][0].encode()
            keyword = (det.get("keywords") or [""])[0].encode()
            if len(pattern) > 255 or len(keyword) > 255:
                continue
            ctl = (0x40 if "caseless" in det.get("flags", []) else 0) | (0x08 if det.get("keyword_required") else 0)
            head = bytes([ctl, min(det.get("max_distance", 50) - 1, 255), 0, int(det.get("confidence", 0.5) * 255)])
            body = bytes([len(pattern)]) + pattern + bytes([len(keyword)]) + keyword
            text = "\n".join(examples.get("match", []) + examples.get("no_match", [])).encode()
            write("pack_scan", f"{stem}-{det['id']}", head + body + text)
        selector = bytes([order.index(stem) if stem in order else 0xFF])
        write("scan", f"examples-{stem}.txt", selector + "\n".join(texts).encode())

    # api: op bytes (op % 10) followed by their argument bytes; see fuzz_api.c.
    api_seeds = {
        "open-scan-query": bytes([4, 0, 1, 0, 1, 6, 0, 1, 40]) + b"mail a.b@example.com card 4111111111111111"
        + bytes([7, 0, 0, 7, 0, 3, 8, 0, 3, 0]),
        "builtin-core-scan-free-query": bytes([0, 0, 1, 4, 0, 6, 0, 1, 20]) + b"ssn 536-22-8726 ok!!"
        + bytes([3, 0, 7, 0, 0x80]),
        "bad-options": bytes([4, 0, 1, 0, 1, 6, 0, 2, 5]) + b"hello" + bytes([6, 0, 9, 5]) + b"hello"
        + bytes([6, 0, 11, 5]) + b"hello" + bytes([6, 0, 13, 5]) + b"hello",
        "files-and-misc": bytes([2, 0, 1, 2, 2, 1, 2, 4, 1, 2, 6, 1, 9, 0, 0, 9, 1, 40, 9, 2, 3, 9, 3, 200, 9, 5, 0]),
        "null-handles": bytes([6, 0x0C, 1, 3, 7, 2, 0, 8, 2, 4, 0x80, 5, 0, 3, 1]),
    }
    # The newer ops (op % 25 from 10 on): engines, streams, records, profiles, redaction,
    # summaries. Text with findings of the core pack and of fuzz_api.c's small packs.
    text = b"mail jane.doe@example.com card 4111 1111 1111 1111 ssn 536-22-8726 tok_abcdefgh a.b@example.com 4111111111111111 "
    core, scanner = bytes([0, 0, 1]), bytes([4, 0])
    small = bytes([1, 0, 1])  # open_buffer small_pack into slot 0
    def chunked(data: bytes, chunk: int, slot: int = 0, si: int = 0) -> bytes:
        return bytes([14, slot | si << 1, len(data), chunk]) + data
    api_seeds.update({
        # stream on core, scan options with a date, written in 7-byte pieces, finished
        "stream-core-chunks": core + scanner + bytes([13, 0, 2, 1]) + chunked(text, 7) + bytes([15, 0, 7, 0, 0]),
        # the same, redacting with TYPE, one byte at a time, then the copy into a buffer
        "stream-redact-type": core + scanner + bytes([13, 0, 4, 1, 7, 0, 0]) + chunked(text, 1) + bytes([15, 0, 22, 0, 2]),
        # the small pack: a stream written in three writes
        "stream-small-pack": small + scanner + bytes([13, 0, 1]) + chunked(text[:20], 0) + chunked(text[20:45], 3)
        + chunked(text[45:], 0) + bytes([15, 0]),
        # an engine requiring signatures: core, then the signed small pack, v2, a refused downgrade, scans
        "engine-signed-swaps": core + scanner + bytes([10, 2, 2, 11, 0, 0, 0, 1, 12, 2, 1, 40]) + text[:40]
        + bytes([11, 0, 1, 0, 1, 11, 0, 0, 0, 1, 12, 3, 11, 1, 0, 0, 12, 1, 11, 2, 0, 0, 12, 3]),
        # an engine without signatures: swap a file, a ruleset, a bad regex; reclassify through it
        "engine-swaps-reclassify": core + scanner + bytes([10, 0, 1, 11, 1, 0, 0, 11, 2, 0, 0, 11, 0, 2, 0, 0,
                                                           6, 0, 1, 60]) + text[:60]
        + bytes([23, 0x40, 23, 0x81, 0, 1, 12, 3]),
        # a record of three fields, then a profile of three records and its JSON
        "record-and-profile": core + scanner + bytes([17, 0, 1, 3, 0, 0, 4, 4, 8, 8, 18, 0, 1])
        + bytes([19, 0, 3, 0, 0, 4, 4, 8, 8]) * 3 + bytes([19, 0, 2, 12, 12, 16, 16, 20, 0x80]),
        # redaction: mask with a key and a rule, TYPE, REMOVE; copies into buffers of chosen sizes
        "redact-modes": core + scanner + bytes([21, 0, 100, 1, 0, 0, 0]) + text[:100] + bytes([1])
        + bytes([21, 0, 100, 1, 7, 0, 5, 0, 3]) + text[:100] + bytes([3])
        + bytes([21, 0, 100, 1, 4, 0, 0]) + text[:100] + bytes([2])
        + bytes([21, 0, 60, 1, 0x06, 0, 1]) + text[:60] + bytes([0]),
        # a scan, its summary kept, re-decided exactly and changed
        "summary-reclassify": core + scanner + bytes([6, 0, 1, 60]) + text[:60]
        + bytes([23, 0x40, 23, 1, 0, 1, 23, 1, 3, 5, 0, 20, 1, 23, 1, 4, 0, 30, 0]),
        "options-init": bytes([24, 0, 40, 24, 1, 40, 24, 2, 40, 24, 3, 40, 24, 4, 40, 24, 5, 0, 24, 6, 0, 24, 6, 1]),
    })
    for name, data in api_seeds.items():
        write("api", name, data)

    print(", ".join(f"{t}: {n}" for t, n in count.items()), "seed files in", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
