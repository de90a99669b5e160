"""Scores engine findings against the corpus ground truth.

Two matchings, per entity type:

- exact: a finding of type T with exactly the span [start, end) of a true entity of type T;
- overlap: a finding of type T whose span overlaps a true entity of type T.

Recall counts true entities that are matched, precision counts findings that are matched:
    P = matched findings / findings,  R = matched entities / entities,  F1 = 2PR / (P + R).
Under exact matching both counts are one-to-one. Under overlap matching one entity split
into two findings counts once for recall and twice for precision (both findings are right).

Engine types are mapped to corpus types with TYPE_ALIASES (identity when absent). Findings
whose (mapped) type is not labelled in the corpus are not counted in the table; they are
reported separately with what they overlap (a decoy, an entity of another type, or nothing)
so that false positives of detectors the corpus does not label remain visible.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

# Engine entity type -> corpus entity type, for engine names that differ from the corpus'.
# Several detectors may share a type (PHONE_NUMBER from phone_nanp and phone_international);
# several engine types may map to one corpus type.
TYPE_ALIASES = {
    "IBAN": "IBAN_CODE",
    "EMAIL": "EMAIL_ADDRESS",
    "PHONE": "PHONE_NUMBER",
    "IPV4_ADDRESS": "IP_ADDRESS",
    "IPV6_ADDRESS": "IP_ADDRESS",
    "SSN": "US_SSN",
    "AWS_ACCESS_KEY": "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_KEY": "AWS_SECRET_ACCESS_KEY",
    "PEM_PRIVATE_KEY": "PRIVATE_KEY",
    "SSH_PRIVATE_KEY": "PRIVATE_KEY",
    "JSON_WEB_TOKEN": "JWT",
    "ABA_ROUTING_NUMBER": "US_BANK_ROUTING",
    "US_ROUTING_NUMBER": "US_BANK_ROUTING",
    "DOB": "DATE_OF_BIRTH",
    "FR_INSEE": "FR_NIR",
    "FR_SSN": "FR_NIR",
    "FR_SOCIAL_SECURITY_NUMBER": "FR_NIR",
    "IT_CODICE_FISCALE": "IT_FISCAL_CODE",
    "IT_CF": "IT_FISCAL_CODE",
    "ES_NIF": "ES_DNI",
    "NL_CITIZEN_SERVICE_NUMBER": "NL_BSN",
    "BSN": "NL_BSN",
    "CPF": "BR_CPF",
    "AADHAAR": "IN_AADHAAR",
    "IN_AADHAAR_NUMBER": "IN_AADHAAR",
    "UK_NATIONAL_INSURANCE_NUMBER": "UK_NINO",
    "GB_NINO": "UK_NINO",
    "NINO": "UK_NINO",
}

# Engine types that are a more specific kind of a corpus type: a finding of such a type that
# overlaps a true entity of the corpus type counts as that type (e.g. the private key of a GCP
# service-account file, which the credentials pack reports as GCP_CREDENTIALS). Elsewhere it
# is reported with the unlabelled findings.
SUBTYPES = {
    "GCP_CREDENTIALS": "PRIVATE_KEY",
}

# Accuracy targets from issue 4 (F1, per corpus type).
TARGETS = {
    "CREDIT_CARD": 0.99, "IBAN_CODE": 0.99,
    "US_SSN": 0.97, "EMAIL_ADDRESS": 0.97, "IP_ADDRESS": 0.97,
    "AWS_ACCESS_KEY_ID": 0.97, "AWS_SECRET_ACCESS_KEY": 0.97, "PRIVATE_KEY": 0.97, "JWT": 0.97,
    "PHONE_NUMBER": 0.95,
}


@dataclass(frozen=True)
class Span:
    type: str
    start: int
    end: int


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def prf(tp_pred: int, n_pred: int, tp_gt: int, support: int):
    """Precision, recall and F1; None where undefined (no findings / no entities)."""
    p = tp_pred / n_pred if n_pred else None
    r = tp_gt / support if support else None
    if support == 0:
        f1 = None
    elif not n_pred:
        f1 = 0.0
    else:
        f1 = 0.0 if p + r == 0 else 2 * p * r / (p + r)
    return p, r, f1


def map_type(engine_type: str, aliases: dict | None = None) -> str:
    aliases = TYPE_ALIASES if aliases is None else aliases
    return aliases.get(engine_type, engine_type)


# ------------------------------------------------------------------------------------------
# Masking for examples

def mask_value(text: str) -> str:
    """The shape of a value: digits -> '#', letters -> 'x'/'X', other characters kept.
    PEM BEGIN/END lines are kept; long values are shortened in the middle."""
    lines = text.split("\n")
    out = []
    for line in lines:
        if line.startswith("-----BEGIN ") or line.startswith("-----END "):
            out.append(line)
        else:
            out.append("".join("#" if c.isdigit() else ("X" if c.isupper() else "x")
                               if c.isalpha() else c for c in line))
    s = "\n".join(out)
    if len(s) > 90:
        s = s[:45] + f"…({len(s) - 80} chars)…" + s[-35:]
    return s


def context(data: bytes, start: int, end: int, entities, width: int = 48) -> str:
    """`data[start:end]` marked «…», with `width` bytes either side. Every true entity in the
    window is masked (mask_value); decoys and plain text, which are not sensitive by
    construction, are shown as they are."""
    lo, hi = max(0, start - width), min(len(data), end + width)
    cuts = sorted({lo, hi, start, end} | {x for e in entities
                                          if overlaps(e.start, e.end, lo, hi)
                                          for x in (max(lo, e.start), min(hi, e.end))})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        seg = data[a:b].decode("utf-8", "replace")
        if any(e.start <= a and b <= e.end for e in entities):
            seg = mask_value(seg)
        if a == start:
            seg = "«" + seg
        if b == end:
            seg = seg + "»"
        pieces.append(seg)
    if start == end:
        pieces.append("«»")
    s = "".join(pieces).replace("\r", "\\r").replace("\n", "⏎")
    return ("…" if lo > 0 else "") + s + ("…" if hi < len(data) else "")


# ------------------------------------------------------------------------------------------

def score(docs, predictions, labelled_types, aliases=None, max_examples: int = 5) -> dict:
    """`docs`: generate.Document list; `predictions`: {doc id: [finding]} where a finding has
    start, end, type, detector. Returns a JSON-serialisable report."""
    labelled = set(labelled_types)
    counts = {t: defaultdict(int) for t in labelled_types}
    variants = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    contexts = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    fn_reasons = defaultdict(lambda: defaultdict(int))
    fp_sources = defaultdict(lambda: defaultdict(int))
    by_detector = defaultdict(lambda: defaultdict(int))
    other = defaultdict(lambda: defaultdict(int))
    decoys = defaultdict(lambda: {"count": 0, "hit": 0, "hit_by": defaultdict(int)})
    examples = defaultdict(lambda: defaultdict(list))
    subtype_hits = defaultdict(int)

    def add_example(etype: str, category: str, doc, start: int, end: int, note: str = ""):
        lst = examples[etype][category]
        if len(lst) < max_examples:
            lst.append({"doc": doc.id, "start": start, "end": end, "note": note,
                        "context": context(doc.data, start, end, doc.entities)})

    for doc in docs:
        preds = predictions.get(doc.id, [])
        gts = doc.entities
        mapped = []
        for f in preds:
            t = map_type(f.type, aliases)
            parent = SUBTYPES.get(t)
            if parent and any(e.type == parent and overlaps(f.start, f.end, e.start, e.end)
                              for e in gts):
                subtype_hits[f"{f.type}/{f.detector} as {parent}"] += 1
                t = parent
            mapped.append((t, f))
        for e in gts:
            counts[e.type]["support"] += 1
            variants[e.type][e.variant]["support"] += 1
            contexts[e.type][_context_key(doc, e)]["support"] += 1
        for x in doc.decoys:
            decoys[x.kind]["count"] += 1
            hits = [f for f in preds if overlaps(f.start, f.end, x.start, x.end)]
            if hits:
                decoys[x.kind]["hit"] += 1
                for f in hits:
                    decoys[x.kind]["hit_by"][f"{f.type}/{f.detector}"] += 1

        # Recall side.
        for e in gts:
            same = [f for t, f in mapped if t == e.type and overlaps(f.start, f.end, e.start, e.end)]
            exact = any(f.start == e.start and f.end == e.end for f in same)
            if exact:
                counts[e.type]["tp_gt_exact"] += 1
                variants[e.type][e.variant]["found_exact"] += 1
            if same:
                counts[e.type]["tp_gt_overlap"] += 1
                variants[e.type][e.variant]["found_overlap"] += 1
                contexts[e.type][_context_key(doc, e)]["found_overlap"] += 1
                if not exact:
                    f = same[0]
                    fn_reasons[e.type]["boundary (exact miss only)"] += 1
                    add_example(e.type, "boundary", doc, e.start, e.end,
                                f"finding {f.detector} [{f.start - e.start:+d}, {f.end - e.end:+d}] "
                                "relative to the true span")
            else:
                others = [f for f in preds if overlaps(f.start, f.end, e.start, e.end)]
                if others:
                    key = "found as " + ", ".join(sorted({f"{f.type}/{f.detector}" for f in others}))
                    fn_reasons[e.type][key] += 1
                    add_example(e.type, "false_negative", doc, e.start, e.end,
                                f"variant {e.variant}, {_context_key(doc, e)}; {key}")
                else:
                    fn_reasons[e.type]["missed"] += 1
                    add_example(e.type, "false_negative", doc, e.start, e.end,
                                f"variant {e.variant}, {_context_key(doc, e)}; missed")

        # Precision side.
        for t, f in mapped:
            if t not in labelled:
                what = _what_overlaps(doc, f)
                other[f"{f.type}/{f.detector}"][what] += 1
                add_example(f"other:{f.type}", what.split(":")[0], doc, f.start, f.end,
                            f"{f.detector}; overlaps {what}")
                continue
            counts[t]["predicted"] += 1
            by_detector[f.detector]["findings"] += 1
            same = [e for e in gts if e.type == t and overlaps(f.start, f.end, e.start, e.end)]
            if any(e.start == f.start and e.end == f.end for e in same):
                counts[t]["tp_pred_exact"] += 1
            if same:
                counts[t]["tp_pred_overlap"] += 1
                by_detector[f.detector]["true_positive_overlap"] += 1
            else:
                what = _what_overlaps(doc, f)
                fp_sources[t][f"{what} ({f.detector})"] += 1
                by_detector[f.detector]["false_positive"] += 1
                add_example(t, "false_positive", doc, f.start, f.end,
                            f"{f.detector} conf {f.confidence:.2f}; overlaps {what}")

    per_type = {}
    tot = defaultdict(int)
    for t in labelled_types:
        c = counts[t]
        for k in ("support", "predicted", "tp_gt_exact", "tp_pred_exact", "tp_gt_overlap",
                  "tp_pred_overlap"):
            tot[k] += c[k]
        per_type[t] = _metrics(c)
    per_type_micro = _metrics(tot)

    return {
        "per_type": per_type,
        "micro": per_type_micro,
        "variants": {t: {v: dict(d) for v, d in sorted(vs.items())}
                     for t, vs in sorted(variants.items())},
        "contexts": {t: {v: dict(d) for v, d in sorted(vs.items())}
                     for t, vs in sorted(contexts.items())},
        "false_negative_reasons": {t: dict(sorted(d.items(), key=lambda kv: -kv[1]))
                                   for t, d in sorted(fn_reasons.items())},
        "false_positive_sources": {t: dict(sorted(d.items(), key=lambda kv: -kv[1]))
                                   for t, d in sorted(fp_sources.items())},
        "detector_stats": {d: dict(v) for d, v in sorted(by_detector.items())},
        "subtype_findings": dict(sorted(subtype_hits.items())),
        "unlabelled_findings": {k: dict(sorted(v.items(), key=lambda kv: -kv[1]))
                                for k, v in sorted(other.items())},
        "decoys": {k: {"count": v["count"], "hit": v["hit"], "hit_by": dict(v["hit_by"])}
                   for k, v in sorted(decoys.items())},
        "examples": {t: {c: lst for c, lst in sorted(d.items())}
                     for t, d in sorted(examples.items())},
    }


def _metrics(c) -> dict:
    pe, re_, fe = prf(c["tp_pred_exact"], c["predicted"], c["tp_gt_exact"], c["support"])
    po, ro, fo = prf(c["tp_pred_overlap"], c["predicted"], c["tp_gt_overlap"], c["support"])
    return {
        "support": c["support"], "predicted": c["predicted"],
        "exact": {"tp": c["tp_gt_exact"], "fp": c["predicted"] - c["tp_pred_exact"],
                  "fn": c["support"] - c["tp_gt_exact"], "precision": pe, "recall": re_, "f1": fe},
        "overlap": {"tp": c["tp_gt_overlap"], "fp": c["predicted"] - c["tp_pred_overlap"],
                    "fn": c["support"] - c["tp_gt_overlap"], "precision": po, "recall": ro,
                    "f1": fo},
    }


def _context_key(doc, e) -> str:
    """The document kind and the entity's context, e.g. "prose/keyword", "csv/csv_column"."""
    kind = doc.kind.split("/")[0]
    ctx = getattr(e, "context", "") or "-"
    return f"{kind}/{ctx}" if not ctx.startswith(kind) else ctx


def _what_overlaps(doc, f) -> str:
    for x in doc.decoys:
        if overlaps(f.start, f.end, x.start, x.end):
            return f"decoy:{x.kind}"
    for e in doc.entities:
        if overlaps(f.start, f.end, e.start, e.end):
            return f"entity:{e.type}"
    return "unlabelled_text"


def target_status(per_type: dict, targets: dict | None = None) -> dict:
    """PASS when exact-span F1 meets the target; 'PASS (overlap)' when only overlap F1 does."""
    targets = TARGETS if targets is None else targets
    out = {}
    for t, goal in targets.items():
        m = per_type.get(t)
        if m is None or m["support"] == 0:
            out[t] = {"target": goal, "status": "NO DATA"}
            continue
        fe, fo = m["exact"]["f1"], m["overlap"]["f1"]
        status = "PASS" if fe >= goal else ("PASS (overlap)" if fo >= goal else "MISS")
        out[t] = {"target": goal, "status": status, "f1_exact": fe, "f1_overlap": fo}
    return out
