"""The plain-data results of classify: every value is a Python copy, no native memory."""

from __future__ import annotations

import dataclasses
import json
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

RESULT_SCHEMA = "classify.result/1"
SUMMARY_SCHEMA = "classify.summary/1"


@dataclass(frozen=True, slots=True)
class PackInfo:
    """Provenance: the pack a ruleset was compiled from."""

    id: str
    version: str
    #: "sha256:" and 64 hex digits, over the exact bytes the pack was read from.
    digest: str


@dataclass(frozen=True, slots=True)
class Detector:
    """One detector of a ruleset (``classify_detector_info``)."""

    id: str
    #: Entity type, e.g. "CREDIT_CARD".
    type: str
    #: "pii", "phi", "financial", "credential" or "network".
    category: str
    #: Validator name (e.g. "luhn"), or None.
    validator: str | None
    #: One line; "" if the pack gives none.
    description: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding: ``data[start:end]`` is what the detector found.

    Offsets are byte offsets when the scanned data was bytes-like, and ``str`` indices when
    it was a ``str``.
    """

    start: int
    end: int
    #: Detector id, e.g. "credit_card".
    detector: str
    #: Entity type, e.g. "CREDIT_CARD".
    type: str
    #: "pii", "phi", "financial", "credential" or "network".
    category: str
    #: 0..1, after validation and context.
    confidence: float
    #: The level this finding alone leads to under the policies in force.
    level: str
    #: The detector's validator accepted the value.
    validated: bool
    #: A keyword near the value raised the confidence.
    keyword_boosted: bool


@dataclass(frozen=True, slots=True)
class Result:
    """The classification of one buffer: its decision and its findings.

    A Result is a copy: it stays valid after the ruleset is closed and after the scanner
    that made it scans again. The Finding objects of a scan are made the first time
    ``findings`` is read (from copies taken during the scan), once: every later read, from
    any thread, gets the same list.
    """

    #: The highest level of any finding, or the pack's lowest level without findings.
    level: str
    #: Its 0-based rank in the pack's levels (0 = lowest).
    level_rank: int
    #: The frameworks of all findings (union, sorted), e.g. ("GDPR", "PCI_DSS").
    frameworks: tuple[str, ...]
    #: A finding's confidence is below the pack's review threshold, or the scan is incomplete.
    needs_review: bool
    #: The highest confidence of the findings that set the level; 0.0 without findings.
    confidence: float
    #: False when the scan stopped early (a limit or the deadline); the findings are valid
    #: but may be missing some.
    complete: bool
    #: Why it stopped early: "max_findings", "deadline", "cancelled", "match_limit",
    #: "window_limit" (the names of the result JSON).
    incomplete_reasons: tuple[str, ...]
    #: The date whose policies were applied (UTC).
    as_of: date
    #: The pack that made this result.
    pack: PackInfo
    #: Ordered by (start, end, detector index).
    findings: list[Finding]
    # Private: the engine's JSON document (when scanned with explain=True), the findings'
    # byte spans when they differ from their offsets (a non-ASCII str), and the input's
    # length in str characters (None for bytes-like input) and in bytes.
    _document: str | None = field(default=None, repr=False, compare=False)
    _byte_spans: tuple[tuple[int, int], ...] | None = field(default=None, repr=False, compare=False)
    _text_length: int | None = field(default=None, repr=False, compare=False)
    _byte_length: int = field(default=0, repr=False, compare=False)
    #: The engine generation of the ruleset that made it (Engine.classify()); 0 otherwise.
    generation: int = 0
    #: When the data was created (seconds since the epoch, UTC), if the caller said.
    data_created: int | None = None
    #: When the scan is incomplete: the ids of the detectors whose search a bound stopped
    #: or cut short (every other detector searched the whole input).
    incomplete_detectors: tuple[str, ...] = ()
    # Private: each finding's detector index (the summary's order), and for a result
    # re-decided from a summary, the engine's new summary (it has no findings).
    _detector_indices: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _summary: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def summary(self, path: str | None = None) -> dict[str, Any]:
        """The result's summary (schema ``classify.summary/1``, docs/result-json.md): the
        pack's provenance, the date and generation, the decision, and per detector the
        number of findings, their confidence range and level - never offsets or matched
        values. Store it with the data's metadata; re-decide it later with
        ``Ruleset.reclassify()`` or ``Engine.reclassify()`` without the data. ``path``
        (optional) is recorded as the summary's ``path``."""
        if self._summary is not None:
            doc = json.loads(json.dumps(self._summary))
        else:
            records: dict[str, dict[str, Any]] = {}
            order: dict[str, int] = {}
            indices = self._detector_indices or tuple(range(len(self.findings)))
            for f, index in zip(self.findings, indices):
                r = records.get(f.detector)
                if r is None:
                    order[f.detector] = index
                    records[f.detector] = {
                        "id": f.detector,
                        "type": f.type,
                        "category": f.category,
                        "level": f.level,
                        "count": 1,
                        "max_confidence": f.confidence,
                        "min_confidence": f.confidence,
                    }
                else:
                    r["count"] += 1
                    r["max_confidence"] = max(r["max_confidence"], f.confidence)
                    r["min_confidence"] = min(r["min_confidence"], f.confidence)
            doc = {
                "schema": SUMMARY_SCHEMA,
                "pack": {"id": self.pack.id, "version": self.pack.version, "digest": self.pack.digest},
                "generation": self.generation,
                "as_of": self.as_of.isoformat(),
                "data_created": self.data_created,
                "complete": self.complete,
                "incomplete_reasons": list(self.incomplete_reasons),
                "decision": {
                    "level": self.level,
                    "level_rank": self.level_rank,
                    "frameworks": list(self.frameworks),
                    "confidence": self.confidence,
                    "needs_review": self.needs_review,
                },
                "detectors": sorted(records.values(), key=lambda r: order[r["id"]]),
            }
        if path is not None:
            doc["path"] = path
        return doc

    def to_dict(self) -> dict[str, Any]:
        """The result as the engine's ``classify.result/1`` document, plus what Python adds.

        The document's ``start``/``end`` are byte offsets, as everywhere outside Python.
        Python adds ``input`` (``{"type": "str" | "bytes", "length": ..., "byte_length":
        ...}``) and, for ``str`` input, ``str_start``/``str_end`` on each finding (equal to
        the Finding's ``start``/``end``). Each finding has an ``explanation`` (pattern,
        validator, keyword) only if the scan was made with ``explain=True``.
        """
        doc = json.loads(self._document) if self._document is not None else self._build_document()
        is_str = self._text_length is not None
        doc["input"] = {
            "type": "str" if is_str else "bytes",
            "length": self._text_length if is_str else self._byte_length,
            "byte_length": self._byte_length,
        }
        if is_str:
            for entry, finding in zip(doc["findings"], self.findings):
                entry["str_start"] = finding.start
                entry["str_end"] = finding.end
        return doc

    def to_json(self, *, indent: int | None = None) -> str:
        """``to_dict()`` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def explain(self) -> str:
        """A human-readable account of the decision and of every finding (offsets, never
        the data). Scan with ``explain=True`` to include which pattern matched, what the
        validator said and which keyword raised the confidence."""
        review = "needs review" if self.needs_review else "no review needed"
        fws = ", ".join(self.frameworks) or "no frameworks"
        lines = [
            f"level {self.level} (rank {self.level_rank}), {fws}, confidence "
            f"{self.confidence:g}, {review}; {len(self.findings)} finding(s); "
            f"pack {self.pack.id}@{self.pack.version} ({self.pack.digest}); as of {self.as_of.isoformat()}"
        ]
        if not self.complete:
            lines.append("incomplete: stopped early (" + ", ".join(self.incomplete_reasons) + ")")
            if self.incomplete_detectors:
                lines.append("incomplete detectors: " + ", ".join(self.incomplete_detectors))
        explanations: list[dict[str, Any] | None] = [None] * len(self.findings)
        if self._document is not None:
            explanations = [f.get("explanation") for f in json.loads(self._document)["findings"]]
        for finding, why in zip(self.findings, explanations):
            head = (
                f"[{finding.start}, {finding.end}) {finding.detector} ({finding.type}, "
                f"{finding.category}): level {finding.level}, confidence {finding.confidence:g}"
            )
            lines.append("  " + head + _reasons(finding, why))
        return "\n".join(lines)

    def _build_document(self) -> dict[str, Any]:
        spans = self._byte_spans or tuple((f.start, f.end) for f in self.findings)
        return {
            "schema": RESULT_SCHEMA,
            "pack": {"id": self.pack.id, "version": self.pack.version, "digest": self.pack.digest},
            "generation": self.generation,
            "decision": {
                "level": self.level,
                "level_rank": self.level_rank,
                "frameworks": list(self.frameworks),
                "confidence": self.confidence,
                "needs_review": self.needs_review,
                "as_of": self.as_of.isoformat(),
                "complete": self.complete,
                "incomplete_reasons": list(self.incomplete_reasons),
                "incomplete_detectors": list(self.incomplete_detectors),
                "finding_count": len(self.findings),
                "data_created": self.data_created,
            },
            "findings": [
                {
                    "start": start,
                    "end": end,
                    "detector": f.detector,
                    "type": f.type,
                    "category": f.category,
                    "confidence": f.confidence,
                    "level": f.level,
                }
                for f, (start, end) in zip(self.findings, spans)
            ],
        }


def _reasons(finding: Finding, why: dict[str, Any] | None) -> str:
    parts: list[str] = []
    if why is not None:
        parts.append(f"pattern {why.get('pattern')}")
        if why.get("validator"):
            parts.append(f"validator {why['validator']} accepted it")
        if why.get("keyword"):
            parts.append(f"keyword {why['keyword']!r} nearby")
        if "entropy" in why:
            parts.append(f"entropy {why['entropy']:.2f} bits/byte")
    else:
        if finding.validated:
            parts.append("validator accepted it")
        if finding.keyword_boosted:
            parts.append("a keyword nearby raised the confidence")
    return (": " + ", ".join(parts)) if parts else ""


# --- making results fast ------------------------------------------------------------------
#
# A frozen dataclass's __init__ sets each field through object.__setattr__, which is most of
# what making a Result or a Finding costs (about 2 and 1 microseconds). The scan path makes
# them with _make_result() and _make_finding() instead: an instance of a plain class with
# the same slots (the same memory layout) is filled with ordinary attribute stores, then
# given its real class, which Python allows between classes of the same layout. The object
# is exactly the one cls(...) makes.
#
# Result.findings is filled lazily: a scan stores a _Pending (plain rows copied out of the
# scanner) in the slot, and the first read of ``findings`` replaces it with the list.


def _fast_constructor(cls: type) -> Callable[..., Any]:
    """A function taking every field of the frozen, slotted dataclass ``cls`` positionally,
    in field order, and returning the instance cls(...) would make (``cls`` has no
    __post_init__ and no default factories)."""
    names = [f.name for f in dataclasses.fields(cls)]
    assert tuple(names) == cls.__slots__, f"{cls.__name__}: fields and slots differ"
    twin = type(f"_{cls.__name__}Slots", (), {"__slots__": cls.__slots__})
    lines = [f"def make({', '.join(names)}):", "    self = _new(_twin)"]
    lines += [f"    self.{n} = {n}" for n in names]
    lines += ["    self.__class__ = _cls", "    return self"]
    namespace: dict[str, Any] = {"_new": object.__new__, "_twin": twin, "_cls": cls}
    exec("\n".join(lines), namespace)  # noqa: S102 - made from the field names, as dataclasses does
    make: Callable[..., Any] = namespace["make"]
    make.__qualname__ = make.__name__ = f"_make_{cls.__name__.lower()}"
    probe = make(*names)  # fails here, at import, if the twin's layout were not the class's
    assert type(probe) is cls and [getattr(probe, n) for n in names] == names
    return make


class _Pending:
    """A value not made yet, held in a slot behind a _LazyField: build() makes it. build()
    must only use Python copies (the scanner that produced the data has been reused since)."""

    __slots__ = ()

    def build(self) -> Any:
        raise NotImplementedError


_build_lock = threading.Lock()


class _LazyField:
    """Wraps the slot of a dataclass field: reading it builds a _Pending value found there
    (once, under a lock: every reader gets the same object) and stores the result in the
    slot. Setting and deleting go to the slot, so __init__, pickling, copy, replace(),
    asdict(), ==, repr() all see the built value."""

    __slots__ = ("slot",)

    def __init__(self, slot: Any) -> None:
        self.slot = slot

    def __get__(self, obj: Any, cls: type | None = None) -> Any:
        if obj is None:
            return self
        value = self.slot.__get__(obj, cls)
        if isinstance(value, _Pending):
            with _build_lock:
                value = self.slot.__get__(obj, cls)
                if isinstance(value, _Pending):
                    value = value.build()
                    self.slot.__set__(obj, value)
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        self.slot.__set__(obj, value)

    def __delete__(self, obj: Any) -> None:
        self.slot.__delete__(obj)


Result.findings = _LazyField(Result.__dict__["findings"])  # type: ignore[assignment, misc]

#: Finding(start, end, detector, type, category, confidence, level, validated, keyword_boosted)
_make_finding = _fast_constructor(Finding)
#: Result(every field, in order, positionally).
_make_result = _fast_constructor(Result)
