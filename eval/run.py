#!/usr/bin/env python3
"""Measured accuracy of the built-in default ruleset on a generated, labelled corpus.

    python3 eval/run.py [--seed N] [--size DOCS] [--lib PATH] [--examples N]

Generates the corpus (eval/generate.py), scans every document with libclassify through its
C ABI (eval/classify_ctypes.py), scores the findings per entity type (eval/score.py), prints
a table and writes eval/results/latest.json and eval/results/latest.md.
See eval/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import classify_ctypes  # noqa: E402
import generate  # noqa: E402
import score  # noqa: E402

DEFAULT_SEED = 1234
DEFAULT_SIZE = 1000


def fmt(x, digits=3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def stale_library_warning(lib_path: str) -> str | None:
    """The library is older than a pack or a Swift source file: the numbers may be stale."""
    try:
        lib_mtime = os.stat(os.path.realpath(lib_path)).st_mtime
    except OSError:
        return None
    root = classify_ctypes.REPO_ROOT
    newer = [p for pattern in ("packs/*.json", "Sources/**/*.swift", "Sources/**/*.c")
             for p in root.glob(pattern) if p.stat().st_mtime > lib_mtime]
    if newer:
        return (f"warning: {lib_path} is older than {len(newer)} source file(s) "
                f"(e.g. {newer[0].relative_to(root)}); run `make lib` to measure the latest.")
    return None


def run(seed: int, size: int, lib: str | None, pack: str | None, max_examples: int = 5,
        pack_file: str | None = None):
    t0 = time.perf_counter()
    docs, gen_stats = generate.generate_corpus(seed, size)
    t1 = time.perf_counter()
    library = classify_ctypes.Library(lib)
    with classify_ctypes.Engine(library, pack, pack_file) as engine:
        detectors = engine.detectors()
        predictions, incomplete = {}, []
        for d in docs:
            findings, inc = engine.scan(d.data)
            predictions[d.id] = findings
            if inc:
                incomplete.append(d.id)
        info = {"library": library.path, "library_version": library.version(),
                "pack": (f"file:{os.path.basename(pack_file)}" if pack_file
                         else pack or "default"), "pack_id": engine.pack_id,
                "pack_version": engine.pack_version, "pack_digest": engine.pack_digest}
    t2 = time.perf_counter()
    report = score.score(docs, predictions, generate.LABELLED_TYPES, max_examples=max_examples)

    # Which corpus types the ruleset has detectors for (through the alias table).
    coverage = {t: [] for t in generate.LABELLED_TYPES}
    for det in detectors:
        mapped = score.map_type(det.type)
        if mapped in coverage:
            coverage[mapped].append(f"{det.id} ({det.type})")
    unlabelled_detector_types = sorted({d.type for d in detectors
                                        if score.map_type(d.type) not in coverage})

    corpus = {
        "seed": seed, "size": size,
        "documents": dict(sorted(Counter(d.kind for d in docs).items())),
        "locales": dict(sorted(Counter(d.locale for d in docs).items())),
        "bytes": sum(len(d.data) for d in docs),
        "entities": dict(sorted(Counter(e.type for d in docs for e in d.entities).items())),
        "decoys": sum(len(d.decoys) for d in docs),
        "generator": gen_stats,
    }
    result = {
        "schema": "classify.eval/1",
        "engine": info,
        "ruleset_detectors": [{"id": d.id, "type": d.type, "validator": d.validator}
                              for d in detectors],
        "coverage": coverage,
        "unlabelled_detector_types": unlabelled_detector_types,
        "corpus": corpus,
        "incomplete_scans": incomplete,
        "targets": score.target_status(report["per_type"]),
        **report,
    }
    timings = {"generate_s": t1 - t0, "scan_s": t2 - t1, "score_s": time.perf_counter() - t2}
    return result, timings, docs


# ------------------------------------------------------------------------------------------
# Output

def table_rows(result: dict):
    rows = []
    for t, m in result["per_type"].items():
        if m["support"] == 0 and m["predicted"] == 0:
            continue
        target = result["targets"].get(t, {})
        rows.append((t, m, target))
    return rows


def print_table(result: dict, out=sys.stdout) -> None:
    hdr = (f"{'type':<22} {'support':>7} {'pred':>6} | {'P':>5} {'R':>5} {'F1':>5} exact | "
           f"{'P':>5} {'R':>5} {'F1':>5} overlap | target")
    print(hdr, file=out)
    print("-" * len(hdr), file=out)
    for t, m, target in table_rows(result):
        e, o = m["exact"], m["overlap"]
        tgt = f"{target['target']:.2f} {target['status']}" if target else ""
        print(f"{t:<22} {m['support']:>7} {m['predicted']:>6} | {fmt(e['precision'], 3)[:5]:>5} "
              f"{fmt(e['recall'])[:5]:>5} {fmt(e['f1'])[:5]:>5}       | "
              f"{fmt(o['precision'])[:5]:>5} {fmt(o['recall'])[:5]:>5} {fmt(o['f1'])[:5]:>5}"
              f"         | {tgt}", file=out)
    m = result["micro"]
    e, o = m["exact"], m["overlap"]
    print("-" * len(hdr), file=out)
    print(f"{'all (micro)':<22} {m['support']:>7} {m['predicted']:>6} | {fmt(e['precision']):>5} "
          f"{fmt(e['recall']):>5} {fmt(e['f1']):>5}       | {fmt(o['precision']):>5} "
          f"{fmt(o['recall']):>5} {fmt(o['f1']):>5}         |", file=out)


def below_target_types(result: dict) -> list[str]:
    return [t for t, s in result["targets"].items() if s["status"] != "PASS"]


def imperfect_types(result: dict) -> list[str]:
    return [t for t, m in result["per_type"].items()
            if m["support"] and (m["exact"]["f1"] or 0) < 1.0]


def print_details(result: dict, n_examples: int, out=sys.stdout) -> None:
    p = lambda *a: print(*a, file=out)  # noqa: E731
    tg = result["targets"]
    p("\nTargets (issue 4; F1 on exact spans, 'PASS (overlap)' = only with overlap matching):")
    for t, s in tg.items():
        if s["status"] == "NO DATA":
            p(f"  {t:<22} >= {s['target']:.2f}  NO DATA")
        else:
            p(f"  {t:<22} >= {s['target']:.2f}  {s['status']:<15} exact {fmt(s['f1_exact'])}  "
              f"overlap {fmt(s['f1_overlap'])}")
    no_det = [t for t, d in result["coverage"].items() if not d]
    if no_det:
        p(f"\nCorpus types with no detector in the ruleset: {', '.join(no_det)}")
    p("\nRecall by variant (overlap; only variants below 1.0):")
    for t, vs in result["variants"].items():
        for v, d in vs.items():
            r = d.get("found_overlap", 0) / d["support"]
            if r < 1.0:
                p(f"  {t:<22} {v:<28} {d.get('found_overlap', 0):>4}/{d['support']:<4} {r:.2f}")
    p("\nRecall by document kind and context (overlap; only below 1.0):")
    for t, vs in result["contexts"].items():
        for v, d in vs.items():
            r = d.get("found_overlap", 0) / d["support"]
            if r < 1.0:
                p(f"  {t:<22} {v:<28} {d.get('found_overlap', 0):>4}/{d['support']:<4} {r:.2f}")
    if result["false_negative_reasons"]:
        p("\nFalse negatives by reason:")
        for t, d in result["false_negative_reasons"].items():
            p(f"  {t}: " + "; ".join(f"{k} x{v}" for k, v in d.items()))
    if result["false_positive_sources"]:
        p("\nFalse positives by what they overlap:")
        for t, d in result["false_positive_sources"].items():
            p(f"  {t}: " + "; ".join(f"{k} x{v}" for k, v in d.items()))
    if result["subtype_findings"]:
        p("\nFindings of a more specific type counted as the corpus type (score.SUBTYPES):")
        for k, n in result["subtype_findings"].items():
            p(f"  {k} x{n}")
    if result["unlabelled_findings"]:
        p("\nFindings of types the corpus does not label (type/detector: overlaps):")
        for k, d in result["unlabelled_findings"].items():
            p(f"  {k}: " + "; ".join(f"{w} x{n}" for w, n in d.items()))
    hit = {k: v for k, v in result["decoys"].items() if v["hit"]}
    p("\nDecoys reported by a detector: " + ("none" if not hit else ""))
    for k, v in hit.items():
        p(f"  {k:<26} {v['hit']:>4}/{v['count']:<5} by " +
          ", ".join(f"{t} x{n}" for t, n in v["hit_by"].items()))
    if result["incomplete_scans"]:
        p(f"\nIncomplete scans: {len(result['incomplete_scans'])}")
    if n_examples:
        p("\nExamples (values masked: # digit, X/x letter):")
        for t in result["examples"]:
            if not (t.startswith("other:") or t in imperfect_types(result)):
                continue
            for cat, lst in result["examples"][t].items():
                for ex in lst[:n_examples]:
                    p(f"  [{t} {cat}] {ex['doc']} {ex['note']}\n      {ex['context']}")


def write_markdown(result: dict, path: Path, n_examples: int = 3) -> None:
    lines = []
    a = lines.append
    eng, c = result["engine"], result["corpus"]
    a("# classify - measured accuracy\n")
    a("Generated by `make eval` (`python3 eval/run.py`); see `eval/README.md` for what the "
      "corpus holds and how to read this.\n")
    a(f"- engine: libclassify {eng['library_version']}, built-in pack `{eng['pack']}` = "
      f"`{eng['pack_id']}@{eng['pack_version']}` ({eng['pack_digest']})")
    a(f"- corpus: seed {c['seed']}, {c['size']} documents "
      f"({', '.join(f'{k} {v}' for k, v in c['documents'].items())}), {c['bytes']} bytes, "
      f"{sum(c['entities'].values())} entities, {c['decoys']} decoys")
    a(f"- locales: {', '.join(f'{k} {v}' for k, v in c['locales'].items())}\n")
    a("## Per type\n")
    a("| type | support | findings | P exact | R exact | F1 exact | P overlap | R overlap | "
      "F1 overlap | target |")
    a("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for t, m, target in table_rows(result):
        e, o = m["exact"], m["overlap"]
        tgt = f"≥ {target['target']:.2f} **{target['status']}**" if target else ""
        a(f"| {t} | {m['support']} | {m['predicted']} | {fmt(e['precision'])} | "
          f"{fmt(e['recall'])} | {fmt(e['f1'])} | {fmt(o['precision'])} | {fmt(o['recall'])} | "
          f"{fmt(o['f1'])} | {tgt} |")
    m = result["micro"]
    a(f"| **all (micro)** | {m['support']} | {m['predicted']} | {fmt(m['exact']['precision'])} | "
      f"{fmt(m['exact']['recall'])} | {fmt(m['exact']['f1'])} | "
      f"{fmt(m['overlap']['precision'])} | {fmt(m['overlap']['recall'])} | "
      f"{fmt(m['overlap']['f1'])} | |")
    a("")
    no_det = [t for t, d in result["coverage"].items() if not d]
    if no_det:
        a(f"Corpus types with no detector in the ruleset: {', '.join(no_det)}.\n")
    a("## Recall by variant\n")
    a("Variants with recall (overlap) below 1.0:\n")
    a("| type | variant | found | support | recall |")
    a("|---|---|---:|---:|---:|")
    for t, vs in result["variants"].items():
        for v, d in vs.items():
            r = d.get("found_overlap", 0) / d["support"]
            if r < 1.0:
                a(f"| {t} | {v} | {d.get('found_overlap', 0)} | {d['support']} | {r:.2f} |")
    a("")
    a("## Recall by document kind and context\n")
    a("Where the context of an entity comes from: `keyword` (a context word in the sentence), "
      "`none` (no context word), `log_field` (key=value in a log line), `csv_column` (only the "
      "column header). Rows with recall (overlap) below 1.0:\n")
    a("| type | document/context | found | support | recall |")
    a("|---|---|---:|---:|---:|")
    for t, vs in result["contexts"].items():
        for v, d in vs.items():
            r = d.get("found_overlap", 0) / d["support"]
            if r < 1.0:
                a(f"| {t} | {v} | {d.get('found_overlap', 0)} | {d['support']} | {r:.2f} |")
    a("")
    a("## Errors\n")
    if result["false_negative_reasons"]:
        a("False negatives (and exact-span misses) by reason:\n")
        for t, d in result["false_negative_reasons"].items():
            a(f"- **{t}**: " + "; ".join(f"{k} ×{v}" for k, v in d.items()))
        a("")
    if result["false_positive_sources"]:
        a("False positives by what they overlap:\n")
        for t, d in result["false_positive_sources"].items():
            a(f"- **{t}**: " + "; ".join(f"{k} ×{v}" for k, v in d.items()))
        a("")
    if result["subtype_findings"]:
        a("Findings of a more specific type counted as the corpus type (`score.SUBTYPES`):\n")
        for k, n in result["subtype_findings"].items():
            a(f"- `{k}` ×{n}")
        a("")
    if result["unlabelled_findings"]:
        a("Findings of types the corpus does not label:\n")
        for k, d in result["unlabelled_findings"].items():
            a(f"- `{k}`: " + "; ".join(f"{w} ×{n}" for w, n in d.items()))
        a("")
    a("## Decoys\n")
    a("| decoy | count | reported | by |")
    a("|---|---:|---:|---|")
    for k, v in result["decoys"].items():
        a(f"| {k} | {v['count']} | {v['hit']} | "
          f"{', '.join(f'{t} ×{n}' for t, n in v['hit_by'].items())} |")
    a("")
    if n_examples:
        a("## Examples\n")
        a("Values of true entities are masked (`#` digit, `X`/`x` letter); «…» marks the span.\n")
        for t in result["examples"]:
            if not (t.startswith("other:") or t in imperfect_types(result)):
                continue
            for cat, lst in result["examples"][t].items():
                for ex in lst[:n_examples]:
                    ctx = ex["context"].replace("|", "\\|").replace("`", "'")
                    a(f"- {t} {cat}, {ex['doc']}: {ex['note']}  \n  `{ctx}`")
        a("")
    a("## Generator notes\n")
    g = c["generator"]
    for k, d in g.items():
        if d:
            a(f"- {k}: " + "; ".join(f"{n} ×{v}" for n, v in d.items()))
    a(f"- entities per type: " + ", ".join(f"{k} {v}" for k, v in c["entities"].items()))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    ap.add_argument("--size", type=int, default=DEFAULT_SIZE,
                    help=f"number of documents (default {DEFAULT_SIZE})")
    ap.add_argument("--lib", default=None, help="libclassify.so to load (default: "
                    "$CLASSIFY_LIBRARY or build/lib/libclassify.so)")
    ap.add_argument("--pack", default=None, help="built-in pack name (default: default)")
    ap.add_argument("--pack-file", default=None, metavar="PATH",
                    help="scan with this pack file instead of a built-in pack (e.g. to measure "
                         "a pack change before it is built in); implies --no-write unless "
                         "--out-dir is given")
    ap.add_argument("--out-dir", default=None,
                    help="where to write latest.json and latest.md (default eval/results)")
    ap.add_argument("--no-write", action="store_true", help="do not write the results files")
    ap.add_argument("--examples", type=int, default=3,
                    help="examples to print per type and error kind (default 3; 0 = none)")
    ap.add_argument("--dump-corpus", metavar="PATH",
                    help="also write the corpus as JSON lines (text, entities, decoys)")
    ap.add_argument("--strict", action="store_true",
                    help="exit with status 1 when a target is missed")
    args = ap.parse_args(argv)

    lib = args.lib or os.environ.get("CLASSIFY_LIBRARY") or str(classify_ctypes.DEFAULT_LIBRARY)
    if not Path(lib).exists():
        print(f"eval: {lib} not found; build it with `make lib`", file=sys.stderr)
        return 2
    warning = stale_library_warning(lib)
    if warning:
        print(warning, file=sys.stderr)

    result, timings, docs = run(args.seed, args.size, lib, args.pack,
                                max_examples=max(5, args.examples), pack_file=args.pack_file)
    c = result["corpus"]
    print(f"classify eval: {result['engine']['pack_id']}@{result['engine']['pack_version']} "
          f"({len(result['ruleset_detectors'])} detectors), seed {args.seed}, {c['size']} documents, "
          f"{c['bytes']} bytes, {sum(c['entities'].values())} entities, {c['decoys']} decoys\n")
    print_table(result)
    print_details(result, args.examples)
    print(f"\ntime: generate {timings['generate_s']:.1f}s, scan {timings['scan_s']:.1f}s, "
          f"score {timings['score_s']:.1f}s")

    if args.dump_corpus:
        with open(args.dump_corpus, "w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps(d.to_json(), ensure_ascii=False) + "\n")
    if args.pack_file and args.out_dir is None:
        args.no_write = True  # never overwrite the reference results with an ad-hoc pack
    if not args.no_write:
        out = Path(args.out_dir or HERE / "results")
        out.mkdir(parents=True, exist_ok=True)
        # No absolute paths or timings in the files: same seed and library, same bytes.
        result["engine"]["library"] = os.path.basename(result["engine"]["library"])
        (out / "latest.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
        write_markdown(result, out / "latest.md")
        print(f"wrote {out / 'latest.json'} and {out / 'latest.md'}")
    if args.strict and below_target_types(result):
        return 1
    return 0


def _reexec_with_fixed_hash_seed() -> None:
    """Some Faker providers draw from collections built from sets (e.g. it_IT cities), whose
    order depends on Python's per-process string hash seed: fix the seed so that a corpus
    seed gives the same bytes in every process."""
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = dict(os.environ, PYTHONHASHSEED="0")
        os.execve(sys.executable, [sys.executable, os.path.abspath(__file__), *sys.argv[1:]], env)


if __name__ == "__main__":
    _reexec_with_fixed_hash_seed()
    sys.exit(main())
