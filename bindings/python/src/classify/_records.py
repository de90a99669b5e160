"""Records of named fields and column profiles (docs/structured.md).

A record is a dict (nested dicts and lists are flattened to paths such as
``customer.ssn`` and ``items[2].card``) or a sequence of (name, value) pairs. Each value is
scanned with its path in front of it as context, so the path works like a keyword: a
``customer.ssn`` field makes nine digits an SSN, a ``build.version`` field keeps a dotted
quad from being an IP address.

``Ruleset.classify_record()`` is defined here and attached to ``Ruleset``.
"""

from __future__ import annotations

import ctypes
import json
from collections.abc import Iterable, Mapping, Sequence
from ctypes import byref, c_char_p, c_size_t, pointer
from dataclasses import dataclass
from typing import Any, Union

from . import _ffi, _offsets
from ._core import AsOf, Ruleset, _NativeScanner, _result, _result_document, _scan_options
from ._ffi import lib
from ._handle import Handle
from ._stream import _collect
from ._types import Finding, PackInfo, Result
from .errors import _raise_for

__all__ = ["FieldFinding", "flatten", "Profile", "ColumnProfile", "TypeShare", "Profiler", "profile"]

#: A record: a (possibly nested) mapping, or a sequence of (name, value) pairs.
Record = Union[Mapping[str, Any], Sequence[tuple[str, Any]]]

_FIELD_SIZE = ctypes.sizeof(_ffi.classify_field)


@dataclass(frozen=True, slots=True)
class FieldFinding(Finding):
    """A finding in a record: ``value[start:end]`` of field ``field`` is what the detector
    found (``str`` indices for a ``str`` value, byte offsets otherwise)."""

    #: The field's name or path, e.g. "customer.ssn".
    field: str = ""


def flatten(record: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """A record's leaves as (path, value) pairs, in order: nested mappings join keys with
    ".", sequences (not str/bytes) add "[i]". ``{"customer": {"ssn": 1}, "items": [{"card":
    2}]}`` gives ``[("customer.ssn", 1), ("items[0].card", 2)]``. An empty mapping or
    sequence gives no pair."""
    out: list[tuple[str, Any]] = []
    _flatten(record, prefix, out)
    return out


def _flatten(value: Any, path: str, out: list[tuple[str, Any]]) -> None:
    if isinstance(value, Mapping):
        for k, v in value.items():
            key = str(k)
            _flatten(v, f"{path}.{key}" if path else key, out)
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _flatten(v, f"{path}[{i}]", out)
    else:
        out.append((path, value))


def _pairs(record: Record) -> list[tuple[str, Any]]:
    if isinstance(record, Mapping):
        return flatten(record)
    if isinstance(record, (str, bytes, bytearray)):
        raise TypeError("a record is a dict or a sequence of (name, value) pairs, not a str or bytes")
    pairs = []
    for item in record:
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise TypeError("a record sequence holds (name, value) pairs")
        name, value = item
        if isinstance(value, (Mapping, list, tuple)):
            pairs.extend(flatten(value, str(name)))
        else:
            pairs.append((str(name), value))
    return pairs


def _value_bytes(value: Any) -> tuple[bytes, str | None]:
    """The bytes a value is scanned as, and the str it came from (for str offsets)."""
    if isinstance(value, str):
        return _offsets.encode(value), value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value), None
    if value is None:
        return b"", None
    if isinstance(value, bool):
        return (b"true" if value else b"false"), None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        text = repr(value)
        return text.encode(), text
    text = str(value)
    return _offsets.encode(text), text


class _Fields:
    """A record as the C array of classify_field, with what the offsets need."""

    def __init__(self, record: Record) -> None:
        pairs = _pairs(record)
        self.names = [name for name, _ in pairs]
        self.values: list[tuple[bytes, str | None]] = [_value_bytes(v) for _, v in pairs]
        self.count = len(pairs)
        self.array = (_ffi.classify_field * max(1, self.count))()
        for item, name, (raw, _) in zip(self.array, self.names, self.values):
            encoded = _offsets.encode(name)
            item.struct_size = _FIELD_SIZE
            item.name = encoded
            item.name_len = len(encoded)
            item.value = raw
            item.value_len = len(raw)
        self.ptr = ctypes.cast(self.array, ctypes.POINTER(_ffi.classify_field)) if self.count else None


def _record_result(native: _NativeScanner, ruleset: Ruleset, fields: _Fields, data_created: int | None) -> Result:
    found, indices, raw_fields = _collect(native, ruleset)
    # Each finding's field, by position: the library names it; the order of names is the
    # record's, so the first field with that name from the previous finding's field on.
    position = {}
    for i, name in enumerate(fields.names):
        position.setdefault(_offsets.encode(name), []).append(i)
    findings: list[Finding] = []
    last = 0
    for f, raw in zip(found, raw_fields):
        candidates = position.get(raw or b"", [])
        index = next((i for i in candidates if i >= last), candidates[-1] if candidates else -1)
        last = max(last, index)
        start, end = f.start, f.end
        if index >= 0:
            encoded, text = fields.values[index]
            if text is not None and not text.isascii():
                (start, end), = _offsets.str_spans(encoded, [(f.start, f.end)])
        name = fields.names[index] if index >= 0 else (raw or b"").decode("utf-8", "surrogateescape")
        findings.append(
            FieldFinding(
                start, end, f.detector, f.type, f.category, f.confidence, f.level, f.validated, f.keyword_boosted,
                name,
            )
        )
    status = lib.classify_scanner_decision(native.ptr, native.decision_ref)
    if status != _ffi.OK:
        _raise_for(status)
    size = sum(len(raw) for raw, _ in fields.values)
    return _result(
        native.decision, ruleset._names, ruleset._pack, findings, _result_document(native.ptr), None, None, size,
        data_created, tuple(indices),
    )


def classify_record(
    self: Ruleset,
    record: Record,
    *,
    as_of: AsOf | None = None,
    min_confidence: float | None = None,
    max_findings: int | None = None,
    deadline_ms: int | None = None,
    data_created: AsOf | int | None = None,
) -> Result:
    """Classifies a record: a dict (nested dicts and lists flattened to paths) or a sequence
    of (name, value) pairs. Each value is scanned with its path as context. The findings are
    FieldFindings: ``field`` names the path, ``start``/``end`` index its value (str indices
    for str values). Values that are not str or bytes are scanned as their str() (bools as
    true/false, None as empty). Options as for classify(). Thread-safe.

        >>> rules.classify_record({"customer": {"ssn": "536228726"}}).findings[0].field
        'customer.ssn'
    """
    fields = _Fields(record)
    opts = _scan_options(as_of, min_confidence, max_findings, deadline_ms, data_created)
    created = opts.data_created if opts is not None and opts.data_created else None

    def body(native: _NativeScanner, rs_ptr: Any) -> Result:
        status = lib.classify_scanner_scan_record(native.ptr, rs_ptr, fields.ptr, fields.count, opts)
        if status < 0:
            _raise_for(status)
        return _record_result(native, self, fields, created)

    return self._pooled(body)


Ruleset.classify_record = classify_record  # type: ignore[attr-defined]


# --- column profiles ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TypeShare:
    """One entity type found in a column."""

    type: str
    #: Values holding at least one finding of the type.
    count: int
    #: ``count`` over the column's non-empty values.
    share: float
    #: The highest level its findings led to.
    level: str
    detectors: tuple[str, ...]
    frameworks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ColumnProfile:
    """What a column (field name or path) holds, from counts over its values."""

    name: str
    #: Records that had the column.
    samples: int
    #: Of those, values that were not empty.
    non_empty: int
    #: The predicted type with the highest share, or None: what the column holds.
    type: str | None
    #: Every type whose share reaches the profile's min_share, highest first.
    predicted: tuple[str, ...]
    #: The highest level of the predicted types (the pack's lowest without any).
    level: str
    level_rank: int
    frameworks: tuple[str, ...]
    #: Every type seen, by share.
    types: tuple[TypeShare, ...]


@dataclass(frozen=True, slots=True)
class Profile:
    """Column profiles over many records (schema ``classify.profile/1``)."""

    records: int
    min_share: float
    complete: bool
    pack: PackInfo
    as_of: str
    columns: tuple[ColumnProfile, ...]
    _document: str = ""

    def column(self, name: str) -> ColumnProfile:
        """The profile of column ``name``; KeyError if no record had it."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """The engine's document (schema ``classify.profile/1``, docs/structured.md)."""
        doc: dict[str, Any] = json.loads(self._document)
        return doc

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def _profile_from(document: str) -> Profile:
    doc = json.loads(document)
    columns = tuple(
        ColumnProfile(
            name=c["name"],
            samples=c["samples"],
            non_empty=c["non_empty"],
            type=c["type"],
            predicted=tuple(c["predicted"]),
            level=c["level"],
            level_rank=c["level_rank"],
            frameworks=tuple(c["frameworks"]),
            types=tuple(
                TypeShare(t["type"], t["count"], t["share"], t["level"], tuple(t["detectors"]), tuple(t["frameworks"]))
                for t in c["types"]
            ),
        )
        for c in doc["columns"]
    )
    pack = doc["pack"]
    return Profile(
        records=doc["records"],
        min_share=doc["min_share"],
        complete=doc["complete"],
        pack=PackInfo(pack["id"], pack["version"], pack["digest"]),
        as_of=doc["as_of"],
        columns=columns,
        _document=document,
    )


class Profiler(Handle[Any]):
    """Builds column profiles record by record, keeping counts only (``classify_profile``).

        with classify.Profiler(rules) as p:
            for row in csv.DictReader(f):
                p.add(row)
            print(p.result().column("email").type)

    ``min_share`` (0 < x <= 1, default 0.5) is the share of a column's non-empty values a
    type needs to be predicted. Scan options as for classify(). One thread at a time.
    """

    def __init__(
        self,
        ruleset: Ruleset,
        *,
        min_share: float | None = None,
        as_of: AsOf | None = None,
        min_confidence: float | None = None,
        data_created: AsOf | int | None = None,
    ) -> None:
        if not isinstance(ruleset, Ruleset):
            raise TypeError(f"ruleset must be a Ruleset, not {type(ruleset).__name__}")
        po = _ffi.classify_profile_options()
        scan = _scan_options(as_of, min_confidence, None, None, data_created)
        if scan is not None:
            po.scan = pointer(scan)
        if min_share is not None:
            if isinstance(min_share, bool) or not isinstance(min_share, (int, float)):
                raise TypeError(f"min_share must be a number, not {type(min_share).__name__}")
            if not 0 < float(min_share) <= 1:
                raise ValueError(f"min_share must be above 0 and at most 1, not {min_share!r}")
            po.min_share = float(min_share)
        out = _ffi.profile_p()
        rs_ptr = ruleset._acquire()
        try:
            status = lib.classify_profile_new(byref(out), rs_ptr, byref(po))
        finally:
            ruleset._release()
        if status != _ffi.OK:
            _raise_for(status)
        super().__init__(out)

    def _free(self, ptr: Any) -> None:
        lib.classify_profile_free(ptr)

    def __repr__(self) -> str:
        return "<classify.Profiler (closed)>" if self.closed else f"<classify.Profiler {self.records} records>"

    def add(self, record: Record) -> None:
        """Adds one record (a dict or (name, value) pairs, as classify_record() takes)."""
        fields = _Fields(record)
        ptr = self._acquire()
        try:
            status = lib.classify_profile_add_record(ptr, fields.ptr, fields.count)
        finally:
            self._release()
        if status < 0:
            _raise_for(status)

    @property
    def records(self) -> int:
        ptr = self._acquire()
        try:
            return int(lib.classify_profile_record_count(ptr))
        finally:
            self._release()

    def result(self) -> Profile:
        """The profiles of every column so far."""
        ptr = self._acquire()
        try:
            text = c_char_p()
            size = c_size_t()
            status = lib.classify_profile_result_json(ptr, byref(text), byref(size))
            if status != _ffi.OK:
                _raise_for(status)
            document = ctypes.string_at(text, size.value).decode("utf-8", "surrogateescape")
        finally:
            self._release()
        return _profile_from(document)


def profile(rows: Iterable[Record], ruleset: Ruleset | None = None, **options: Any) -> Profile:
    """Profiles the columns of ``rows`` (dicts, e.g. from csv.DictReader or json lines, or
    (name, value) pairs): per column the entity types found, the share of values holding
    each, the predicted type, level and frameworks - without keeping any value. Uses the
    default built-in pack unless ``ruleset`` is given; options as for Profiler.

        >>> classify.profile(csv.DictReader(open("customers.csv"))).column("ssn").type
        'US_SSN'
    """
    own = ruleset is None
    rules = Ruleset.default() if ruleset is None else ruleset
    try:
        with Profiler(rules, **options) as p:
            for row in rows:
                p.add(row)
            return p.result()
    finally:
        if own:
            rules.close()
