"""Rulesets, scanners and the scan itself."""

from __future__ import annotations

import ctypes
import json
import numbers
import operator
import os
import struct
import sys
from ctypes import byref, c_char_p, c_int, c_size_t, c_void_p
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Union

from . import _ffi, _offsets
from ._ffi import lib
from ._handle import Handle
from ._types import Detector, Finding, PackInfo, Result, _make_finding, _make_result, _Pending
from .errors import InvalidArgumentError, ScannerBusyError, _raise_for

__all__ = ["Ruleset", "Scanner", "builtin_packs", "Data", "AsOf"]

#: What can be classified. Offsets are byte offsets for bytes-like data, str indices for str.
Data = Union[bytes, bytearray, memoryview, str]
#: A date whose policies apply: a date, a datetime (converted to UTC; a naive one is local
#: time, as datetime.astimezone() takes it), or an ISO 8601 date or date-time string.
AsOf = Union[date, datetime, str]

_EPOCH = date(1970, 1, 1)
_EPOCH_ORDINAL = _EPOCH.toordinal()
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=timezone.utc)
_UINT32_MAX = 0xFFFFFFFF

#: Idle scanners a ruleset keeps for reuse; more concurrent callers than this get a
#: scanner made (and freed) for the call.
_POOL_LIMIT = 64

#: Writable buffers at least this large are scanned in place; smaller ones are copied,
#: which is cheaper than exporting the buffer to ctypes.
_IN_PLACE_MIN = 16 * 1024

_INCOMPLETE_NAMES = (
    (_ffi.INCOMPLETE_MAX_FINDINGS, "max_findings"),
    (_ffi.INCOMPLETE_DEADLINE, "deadline"),
    (_ffi.INCOMPLETE_CANCELLED, "cancelled"),
    (_ffi.INCOMPLETE_MATCH_LIMIT, "match_limit"),
    (_ffi.INCOMPLETE_WINDOW, "window_limit"),
)
_KNOWN_INCOMPLETE = sum(bit for bit, _ in _INCOMPLETE_NAMES)

# Hot-path functions, looked up once.
_scan_fn = lib.classify_scanner_scan
_finding_count_fn = lib.classify_scanner_finding_count
_finding_fn = lib.classify_scanner_finding
_decision_fn = lib.classify_scanner_decision
_result_json_fn = lib.classify_scanner_result_json
_summary_json_fn = lib.classify_scanner_summary_json
_reclassify_fn = lib.classify_scanner_reclassify


def _address(pointer: Any) -> int:
    """The address a ctypes pointer (or function) holds, as an int."""
    return ctypes.cast(pointer, c_void_p).value or 0


# The same functions again, for Ruleset.classify() and Engine.classify(), which call them
# once per record: handles and structs are passed as int addresses (the cheapest argument
# conversion ctypes has), and the accessors, which only copy a few words, keep the GIL
# (releasing and taking it back costs more than they do, and a thread that gives up the GIL
# may wait for it under contention). The scans release the GIL, as every other call does.
_OPTIONS_P = ctypes.POINTER(_ffi.classify_scan_options)
_scan_fast = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p, c_void_p, c_size_t, _OPTIONS_P)(
    _address(lib.classify_scanner_scan)
)
_engine_scan_fast = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p, c_void_p, c_size_t, _OPTIONS_P)(
    _address(lib.classify_engine_scan)
)
_result_fast = ctypes.PYFUNCTYPE(c_int, c_void_p, c_void_p, c_void_p, c_size_t, c_void_p)(
    _address(lib.classify_scanner_result)
)
# The same function without argtypes, for the scan path: each scanner passes the same five
# arguments every time, made once as ctypes objects of the prototype's exact types
# (_NativeScanner.result_args), which ctypes passes as they are - cheaper than converting
# five ints per call.
_result_args_fast = ctypes.PYFUNCTYPE(c_int)(_address(lib.classify_scanner_result))

_string_at = ctypes.string_at


# The result of a scan is read in one call (classify_scanner_result) into one buffer per
# scanner: the decision, then the findings count, then the findings, and unpacked with the
# struct module, which reads a whole struct (or all the rows) in one go where each ctypes
# field read costs about as much as one struct.unpack. The formats are made from the ctypes
# mirror's offsets (checked against the header by tests/test_abi.py).
_DECISION_SIZE = ctypes.sizeof(_ffi.classify_decision)
_FINDING_SIZE = ctypes.sizeof(_ffi.classify_finding)
_COUNT_OFFSET = _DECISION_SIZE
_ROWS_OFFSET = _DECISION_SIZE + ctypes.sizeof(c_size_t)
#: Rows a scanner's buffer holds at first; grown (to a power of two) when a result has more,
#: and made small again after a result of more than _ROWS_KEPT, so that a pooled scanner does
#: not keep a large buffer for one large result.
_ROWS_INITIAL = 16
_ROWS_KEPT = 1024

_FORMAT_CODES = {
    ctypes.c_size_t: "N", ctypes.c_uint64: "Q", ctypes.c_int64: "q", ctypes.c_uint32: "I",
    ctypes.c_double: "d", ctypes.c_char_p: "P", ctypes.POINTER(ctypes.c_char_p): "P",
}


def _struct_format(cls: Any, fields: tuple[str, ...]) -> str:
    """A struct-module format for one `cls` (sizeof(cls) bytes) that reads `fields` (in
    offset order) and skips everything else."""
    types = dict((name, t) for name, t, *_ in cls._fields_)
    parts, pos = [], 0
    for name in fields:
        desc = getattr(cls, name)
        assert desc.offset >= pos, name
        if desc.offset > pos:
            parts.append(f"{desc.offset - pos}x")
        parts.append(_FORMAT_CODES[types[name]])
        pos = desc.offset + desc.size
    if pos < ctypes.sizeof(cls):
        parts.append(f"{ctypes.sizeof(cls) - pos}x")
    fmt = "".join(parts)
    assert struct.calcsize(fmt) == ctypes.sizeof(cls), (cls, fmt)
    return fmt


#: level, level_rank, needs_review, confidence, frameworks, framework_count, incomplete,
#: as_of, generation; then the number of findings (the size_t after the decision).
_DECISION_FIELDS = (
    "level", "level_rank", "needs_review", "confidence", "frameworks", "framework_count", "incomplete", "as_of",
    "generation",
)
_unpack_decision = struct.Struct(_struct_format(_ffi.classify_decision, _DECISION_FIELDS) + "N").unpack_from
#: Per finding: start, end, level (the ruleset's string, by address), confidence, flags,
#: detector_index.
_ROW_FIELDS = ("start", "end", "level", "confidence", "flags", "detector_index")
_ROW_WIDTH = len(_ROW_FIELDS)
_ROW_FORMAT = _struct_format(_ffi.classify_finding, _ROW_FIELDS)
_ROWS: dict[int, Callable[..., tuple[Any, ...]]] = {}


def _rows_unpacker(n: int) -> Callable[..., tuple[Any, ...]]:
    """struct.unpack_from for `n` rows at once, made once per n."""
    unpack = _ROWS.get(n)
    if unpack is None:
        unpack = struct.Struct(_ROW_FORMAT * n).unpack_from
        if n <= 256:
            _ROWS[n] = unpack
    return unpack


def builtin_packs() -> list[str]:
    """The names Ruleset.builtin() accepts: "default", then each pack compiled into the
    library. Thread-safe."""
    names: list[str] = []
    while (raw := lib.classify_builtin_pack_name(len(names))) is not None:
        names.append(raw.decode("utf-8", "surrogateescape"))
    return names


class _NativeScanner:
    """A classify_scanner plus the structs its results are read through. Owned by one
    caller at a time (a Scanner, or a Ruleset's pool), so it needs no lock."""

    __slots__ = (
        "ptr", "address", "finding", "finding_ref", "finding_address", "decision", "decision_ref",
        "decision_address", "buffer", "buffer_address", "count_address", "rows_address", "rows_cap", "result_args", "frameworks_view", "__weakref__",
    )

    def __init__(self) -> None:
        ptr = _ffi.scanner_p()
        status = lib.classify_scanner_new(byref(ptr))
        if status != _ffi.OK:
            _raise_for(status)
        self.ptr: Any = ptr
        self.address = _address(ptr)
        self.finding = _ffi.classify_finding()
        self.finding_ref = byref(self.finding)
        self.finding_address = ctypes.addressof(self.finding)
        self.decision = _ffi.classify_decision()
        self.decision_ref = byref(self.decision)
        self.decision_address = ctypes.addressof(self.decision)
        #: (address, slots, memoryview) of the last decision's frameworks array: reading the
        #: next decision's through it, when it is at the same address, costs no ctypes call.
        self.frameworks_view: tuple[int, int, memoryview] = (0, 0, memoryview(b""))
        self.grow(_ROWS_INITIAL)

    def grow(self, rows: int) -> None:
        """(Re)makes the buffer classify_scanner_result() fills, for `rows` findings: the
        decision, the findings count, then the rows (struct_size set in the first)."""
        buf = ctypes.create_string_buffer(_ROWS_OFFSET + rows * _FINDING_SIZE)
        struct.pack_into("N", buf, 0, _DECISION_SIZE)
        struct.pack_into("N", buf, _ROWS_OFFSET, _FINDING_SIZE)
        self.buffer = buf
        self.buffer_address = ctypes.addressof(buf)
        self.count_address = self.buffer_address + _COUNT_OFFSET
        self.rows_address = self.buffer_address + _ROWS_OFFSET
        self.rows_cap = rows
        #: The arguments of classify_scanner_result(sc, decision, findings, cap, count).
        self.result_args = (
            c_void_p(self.address), c_void_p(self.buffer_address), c_void_p(self.rows_address), c_size_t(rows),
            c_void_p(self.count_address),
        )

    def free(self) -> None:
        ptr, self.ptr = self.ptr, None
        if ptr:
            lib.classify_scanner_free(ptr)

    def __del__(self, _is_finalizing: Callable[[], bool] = sys.is_finalizing) -> None:
        if not _is_finalizing() and getattr(self, "ptr", None) is not None:
            self.free()


class Ruleset(Handle[Any]):
    """A compiled rule pack: immutable, and safe to use from any number of threads at once.

    Make one with Ruleset.default(), builtin(), open() or from_json(). Close it with
    close() or a ``with`` block (garbage collection also frees it). classify() may be called
    from many threads at the same time: each concurrent call gets its own native scanner
    from a small pool the ruleset keeps.
    """

    _pool: list[_NativeScanner]
    _pack: PackInfo
    _detectors: tuple[Detector, ...]
    _names: dict[bytes, str]
    _framework_sets: dict[tuple[bytes, ...], tuple[str, ...]]
    #: classify_scanner_result's strings are the ruleset's, one address per string: level
    #: names by address, and framework sets by their packed addresses.
    _levels: dict[int, str]
    _framework_addresses: dict[bytes, tuple[str, ...]]
    _address: int

    def __init__(self) -> None:
        raise TypeError(
            "use Ruleset.default(), Ruleset.builtin(name), Ruleset.open(path) or Ruleset.from_json(text)"
        )

    # --- opening -----------------------------------------------------------------------

    @classmethod
    def default(cls, *, skip_examples: bool = False, jit: bool = True) -> Ruleset:
        """The default built-in pack.

        Every way of opening takes ``skip_examples`` (do not run the detectors' examples at
        open: faster, for packs already tested) and ``jit`` (False compiles patterns for
        PCRE2's interpreter: slower, for tools such as valgrind that cannot follow JIT
        code). Opening is thread-safe.
        """
        return cls._open(lib.classify_ruleset_open_builtin, None, skip_examples=skip_examples, jit=jit)

    @classmethod
    def builtin(cls, name: str, *, skip_examples: bool = False, jit: bool = True) -> Ruleset:
        """A pack compiled into the library, by name (see builtin_packs()). An unknown name
        raises InvalidArgumentError."""
        return cls._open(
            lib.classify_ruleset_open_builtin, _c_string(name, "name"), skip_examples=skip_examples, jit=jit
        )

    @classmethod
    def open(
        cls, path: str | os.PathLike[str] | bytes, *, skip_examples: bool = False, jit: bool = True
    ) -> Ruleset:
        """A pack read from a JSON file. Raises PackIOError (an OSError) when the file
        cannot be read, PackError/PatternError/VersionError/LimitError when it is invalid."""
        raw = os.fsencode(path)
        if b"\0" in raw:
            raise InvalidArgumentError("path: embedded null byte", status=_ffi.E_INVALID)
        return cls._open(lib.classify_ruleset_open_file, raw, skip_examples=skip_examples, jit=jit)

    @classmethod
    def from_json(
        cls,
        text: str | bytes | bytearray,
        name: str | None = None,
        *,
        skip_examples: bool = False,
        jit: bool = True,
    ) -> Ruleset:
        """A pack held in memory. ``name`` is used in error messages (default "<buffer>")
        until the pack's own id is known."""
        if isinstance(text, str):
            raw = text.encode("utf-8")
        elif isinstance(text, (bytes, bytearray)):
            raw = bytes(text)
        else:
            raise TypeError(f"text must be str or bytes, not {type(text).__name__}")
        c_name = None if name is None else _c_string(name, "name")
        return cls._open(
            lib.classify_ruleset_open_buffer, raw, len(raw), c_name, skip_examples=skip_examples, jit=jit
        )

    @classmethod
    def _open(cls, opener: Any, *args: Any, skip_examples: bool, jit: bool) -> Ruleset:
        out = _ffi.ruleset_p()
        err = _ffi.error_p()
        flags = (_ffi.OPEN_SKIP_EXAMPLES if skip_examples else 0) | (0 if jit else _ffi.OPEN_NO_JIT)
        opts = _ffi.classify_open_options(flags=flags) if flags else None
        status = opener(byref(out), *args, opts, byref(err))
        if status != _ffi.OK:
            _raise_for(status, err)
        return cls._adopt(out)

    @classmethod
    def _adopt(cls, out: Any) -> Ruleset:
        """Wraps a classify_ruleset pointer whose reference the caller hands over."""
        self = cls.__new__(cls)
        Handle.__init__(self, out)
        self._address = _address(out)
        self._pool = []
        self._names = {}
        self._framework_sets = {}
        self._levels = {}
        self._framework_addresses = {}
        try:
            self._pack = PackInfo(
                _text(lib.classify_ruleset_id(out)),
                _text(lib.classify_ruleset_version(out)),
                _text(lib.classify_ruleset_digest(out)),
            )
            self._detectors = tuple(_detectors(out))
        except BaseException:
            self.close()
            raise
        return self

    # --- life cycle --------------------------------------------------------------------

    def _free(self, ptr: Any) -> None:
        lib.classify_ruleset_free(ptr)

    def _closing(self) -> None:
        pool, self._pool = self._pool, []
        for scanner in pool:
            scanner.free()

    # --- what it is ----------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The pack's id."""
        self._check_open()
        return self._pack.id

    @property
    def version(self) -> str:
        """The pack's semantic version."""
        self._check_open()
        return self._pack.version

    @property
    def digest(self) -> str:
        """The pack's digest: "sha256:" and 64 hex digits, over the exact bytes it was read from."""
        self._check_open()
        return self._pack.digest

    @property
    def pack(self) -> PackInfo:
        """id, version and digest together, as every Result names them."""
        self._check_open()
        return self._pack

    @property
    def detectors(self) -> list[Detector]:
        """The ruleset's detectors, in pack order (a new list each time)."""
        self._check_open()
        return list(self._detectors)

    def __repr__(self) -> str:
        if self.closed:
            return "<classify.Ruleset (closed)>"
        p = self._pack
        return f"<classify.Ruleset {p.id} {p.version} {p.digest[:19]}… ({len(self._detectors)} detectors)>"

    # --- classifying ---------------------------------------------------------------------

    def classify(
        self,
        data: Data,
        *,
        as_of: AsOf | None = None,
        min_confidence: float | None = None,
        max_findings: int | None = None,
        deadline_ms: int | None = None,
        explain: bool = False,
        data_created: AsOf | int | None = None,
    ) -> Result:
        """Finds sensitive data in ``data`` and classifies it.

        ``data`` is bytes, bytearray, memoryview (any buffer) or str; a str is scanned as
        UTF-8 and its findings' offsets are str indices, so ``data[f.start:f.end]`` is the
        finding either way. Options (None = the default):

        - ``as_of``: the date whose policies apply (default: today, UTC);
        - ``min_confidence``: drop findings below this confidence (0..1);
        - ``max_findings``: keep at most this many findings (1..10,000,000; default
          100,000); reaching it makes the result incomplete;
        - ``deadline_ms``: stop after about this many milliseconds (the result is then
          incomplete);
        - ``explain``: also copy the engine's explanations (which pattern, validator and
          keyword, which lifecycle rule fired), for Result.explain() and to_dict(); costs
          about as much as the scan of a small record;
        - ``data_created``: when the data was created (a date, datetime, ISO string or
          seconds since the epoch), for the pack's lifecycle rules on the data's age
          (default: unknown, and those rules do not apply).

        Thread-safe: any number of threads may classify with one ruleset at once. A
        writable buffer must not be modified while the call runs.
        """
        if as_of is min_confidence is max_findings is deadline_ms is data_created is None:
            return _classify(self, "Ruleset", data, None, explain, False)  # the defaults
        opts = _scan_options(as_of, min_confidence, max_findings, deadline_ms, data_created)
        return _classify(self, "Ruleset", data, opts, explain, False)

    def reclassify(
        self,
        summary: dict[str, Any] | str | bytes | Result,
        *,
        as_of: AsOf | None = None,
        data_created: AsOf | int | None = None,
    ) -> Result:
        """Decides a stored summary (``Result.summary()``, or its JSON) again under this
        ruleset, as of ``as_of`` (default today), without the data. ``data_created``
        replaces the creation time the summary records (for lifecycle rules).

        The decision is the one a scan of the same data would give when this ruleset's
        detectors are those that made the summary (new policies, lifecycle rules or
        dates). Detectors it lacks are not counted; the new summary lists them under
        "unmatched". The Result has no findings; its ``summary()`` is the new summary.
        Thread-safe.
        """
        return self._pooled(
            lambda scanner, ptr: _redecide(
                scanner,
                lambda sp, raw, opts, err: _reclassify_fn(sp, ptr, raw, len(raw), opts, err),
                summary,
                as_of,
                data_created,
                self._names,
                self._pack,
            )
        )

    def _pooled(self, body: Callable[[_NativeScanner, Any], Result]) -> Result:
        """Runs body(scanner, ruleset_ptr) with a scanner from the pool."""
        return _pooled(self, "Ruleset", body)


class Scanner(Handle[_NativeScanner]):
    """Scratch memory for scans, for callers who manage it themselves (Ruleset.classify()
    already keeps one per concurrent caller).

    One scanner serves any number of rulesets, but only one thread at a time: a call while
    another thread is scanning with it raises ScannerBusyError. Use as a context manager,
    or close() it; garbage collection also frees it.
    """

    def __init__(self) -> None:
        super().__init__(_NativeScanner())

    def _free(self, ptr: _NativeScanner) -> None:
        ptr.free()

    def __repr__(self) -> str:
        return f"<classify.Scanner{' (closed)' if self.closed else ''}>"

    def classify(
        self,
        ruleset: Ruleset,
        data: Data,
        *,
        as_of: AsOf | None = None,
        min_confidence: float | None = None,
        max_findings: int | None = None,
        deadline_ms: int | None = None,
        explain: bool = False,
        data_created: AsOf | int | None = None,
    ) -> Result:
        """Like Ruleset.classify(), with this scanner. Not thread-safe: one thread at a
        time per scanner (ScannerBusyError otherwise)."""
        if not isinstance(ruleset, Ruleset):
            raise TypeError(f"ruleset must be a Ruleset, not {type(ruleset).__name__}")
        opts = _scan_options(as_of, min_confidence, max_findings, deadline_ms, data_created)
        with self._lock:
            native = self._ptr
            if native is None:
                raise ValueError("Scanner is closed")
            if self._users:
                raise ScannerBusyError(
                    "this Scanner is in use by another call; use one Scanner per thread, or "
                    "Ruleset.classify(), which keeps one per concurrent caller",
                    status=_ffi.E_BUSY,
                )
            self._users += 1
        try:
            ruleset._acquire()
            try:
                return _scan(native, ruleset, data, opts, explain, False)
            finally:
                ruleset._release()
        finally:
            self._release()


# --- the scan ---------------------------------------------------------------------------------


def _pooled(owner: Any, kind: str, body: Callable[..., Result], *args: Any) -> Result:
    """Runs body(scanner, native_ptr, *args) for a Ruleset or Engine `owner` with a scanner
    from its pool (see _borrow())."""
    scanner, ptr = _borrow(owner, kind)
    try:
        return body(scanner, ptr, *args)
    finally:
        _give_back(owner, scanner)


def _scan(
    scanner: _NativeScanner,
    owner: Any,
    data: Data,
    opts: _ffi.classify_scan_options | None,
    explain: bool,
    engine: bool,
) -> Result:
    """_classify() with a scanner the caller owns (Scanner.classify())."""
    return _classify(owner, "Ruleset", data, opts, explain, engine, scanner)


def _classify(
    owner: Any,
    kind: str,
    data: Data,
    opts: _ffi.classify_scan_options | None,
    explain: bool,
    engine: bool,
    scanner: _NativeScanner | None = None,
) -> Result:
    """Ruleset.classify() and (engine=True) Engine.classify(): scans `data` with Ruleset
    `owner` or through Engine `owner` (`kind` names it in errors) with a scanner from its
    pool (or with `scanner`, which the caller owns, for a Ruleset the caller holds open),
    and copies the result out of the scanner into Python values: after this returns,
    nothing refers to the scanner's memory.

    Per call: the scan and one call for the decision and every finding
    (classify_scanner_result). Finding objects are made when Result.findings is first
    read. Names the ruleset owns (levels, frameworks) are decoded once per ruleset and found
    by address after that. For an engine, whose ruleset changes between calls, detectors,
    provenance and names are read from the result's own strings, cached per generation."""
    pooled = scanner is None
    if pooled:
        scanner, _ = _borrow(owner, kind)
    try:
        text: str | None = None
        if type(data) is bytes:
            buf: Any = data
            size = len(data)
        elif isinstance(data, str):
            text = data
            buf = data.encode("utf-8", "surrogatepass")  # as _offsets.encode()
            size = len(buf)
        else:
            buf, size = _buffer(data)
        sp = scanner.address
        if engine:
            status = _engine_scan_fast(owner._address, sp, buf if size else None, size, opts)
        else:
            status = _scan_fast(sp, owner._address, buf if size else None, size, opts)
        encoded: bytes | None = buf if text is not None else None
        del buf  # a ctypes view of a writable buffer: release the export at once
        if status < 0:
            _raise_for(status)

        st = _result_args_fast(*scanner.result_args)
        if st:
            _raise_for(st)
        (level_address, level_rank, needs_review, confidence, fw_address, fw_count, incomplete, as_of_seconds,
         generation, count) = _unpack_decision(scanner.buffer)
        if count > scanner.rows_cap:
            scanner.grow(1 << (count - 1).bit_length())
            st = _result_args_fast(*scanner.result_args)
            if st:
                _raise_for(st)
        if engine:
            cached = owner._generations.get(generation)
            if cached is None:
                cached = _engine_generation(owner, generation, _ffi.classify_decision.from_buffer(scanner.buffer))
            pack, detectors, levels, framework_sets = cached
        else:
            pack = owner._pack
            detectors = owner._detectors
            levels = owner._levels
            framework_sets = owner._framework_addresses

        findings: Any
        indices: tuple[int, ...] = ()
        byte_spans: tuple[tuple[int, int], ...] | None = None
        if count:
            flat = (_ROWS.get(count) or _rows_unpacker(count))(scanner.buffer, _ROWS_OFFSET)
            indices = flat[5::_ROW_WIDTH]
            for address in flat[2::_ROW_WIDTH]:
                if address not in levels:
                    _level_name(levels, address)
            if engine:
                for row, index in enumerate(indices):
                    if index not in detectors:
                        _engine_row_detector(owner, scanner, detectors, row, index)
            spans = None
            if text is not None and encoded is not None and not text.isascii():
                byte_spans = tuple(zip(flat[0::_ROW_WIDTH], flat[1::_ROW_WIDTH]))
                spans = tuple(_offsets.str_spans(encoded, byte_spans))
            findings = _PendingFindings(flat, detectors, levels, spans)
            if count > _ROWS_KEPT:
                scanner.grow(_ROWS_INITIAL)
        else:
            findings = []

        if fw_count:
            # The addresses of the framework names (the ruleset's strings), as bytes: the key of
            # the set's names.
            view_address, view_slots, view = scanner.frameworks_view
            if view_address != fw_address or view_slots < fw_count:
                view = _frameworks_view(scanner, fw_address, fw_count)
            key = view[: fw_count * _POINTER_SIZE].tobytes()
            frameworks = framework_sets.get(key) or _framework_names(framework_sets, key, fw_count)
        else:
            frameworks = ()
        document = _result_document(scanner.ptr) if explain else None
        affected: tuple[str, ...] = ()
        reasons: tuple[str, ...] = ()
        if incomplete:
            reasons = _incomplete_reasons(incomplete)
            raw_document = document if document is not None else _result_document(scanner.ptr)
            affected = tuple(json.loads(raw_document).get("decision", {}).get("incomplete_detectors", ()))
        return _make_result(
            levels.get(level_address) or _level_name(levels, level_address),
            level_rank,
            frameworks,
            needs_review != 0,
            confidence,
            not incomplete,
            reasons,
            _DAYS.get(as_of_seconds // 86400) or _day(as_of_seconds),
            pack,
            findings,
            document,
            byte_spans,
            None if text is None else len(text),
            size,
            generation,
            None if opts is None else (opts.data_created or None),
            affected,
            indices,
            None,
        )
    finally:
        if pooled:
            _give_back(owner, scanner)


def _borrow(owner: Any, kind: str) -> tuple[_NativeScanner, Any]:
    """A scanner from the pool of a Ruleset or Engine `owner` (a new one when the pool is
    empty) and owner's native pointer, counted as one more call in flight. Every call must
    be followed by _give_back(owner, scanner), also when the caller fails."""
    # lock.acquire()/release() with try/finally: half the cost of a `with` block.
    lock = owner._lock
    lock.acquire()
    try:
        ptr = owner._ptr
        if ptr is None:
            raise ValueError(f"{kind} is closed")
        owner._users += 1
        pool = owner._pool
        scanner = pool.pop() if pool else None
    finally:
        lock.release()
    if scanner is None:
        try:
            scanner = _NativeScanner()
        except BaseException:
            _give_back(owner, None)
            raise
    return scanner, ptr


def _give_back(owner: Any, scanner: _NativeScanner | None) -> None:
    """Ends a call started by _borrow(): returns the scanner to the pool (up to _POOL_LIMIT;
    freed otherwise, and after close()), and frees owner's native object if close() came
    meanwhile and this was the last call in flight (its "zombie")."""
    lock = owner._lock
    lock.acquire()
    try:
        users = owner._users = owner._users - 1
        if scanner is not None and owner._ptr is not None and len(owner._pool) < _POOL_LIMIT:
            owner._pool.append(scanner)
            scanner = None
        zombie = owner._zombie if users == 0 else None
        if zombie is not None:
            owner._zombie = None
    finally:
        lock.release()
    if scanner is not None:
        scanner.free()
    if zombie is not None:
        owner._free(zombie)


#: date objects by day since the epoch (immutable, so shared): nearly every scan of a day
#: has the same as_of.
_DAYS: dict[int, date] = {}


def _day(seconds: int) -> date:
    days = seconds // 86400
    day = _DAYS.get(days)
    if day is None:
        if len(_DAYS) >= 1024:
            _DAYS.clear()
        day = _DAYS[days] = date.fromordinal(_EPOCH_ORDINAL + days)
    return day


class _PendingFindings(_Pending):
    """A scan's findings as plain Python values copied out of the scanner before it was
    reused - ``flat``: start, end, level address, confidence, flags, detector index per
    finding, one after the other; ``detectors``: detector index -> Detector; ``levels``: the
    ruleset's level addresses -> names (every address of ``flat`` is in it); ``spans``: the
    findings' str offsets when they differ from the byte offsets (a non-ASCII str).
    Result.findings makes the Finding objects from them the first time it is read."""

    __slots__ = ("flat", "detectors", "levels", "spans")

    def __init__(
        self,
        flat: tuple[Any, ...],
        detectors: Any,
        levels: dict[int, str],
        spans: tuple[tuple[int, int], ...] | None,
    ) -> None:
        self.flat = flat
        self.detectors = detectors
        self.levels = levels
        self.spans = spans

    def build(
        self,
        make: Callable[..., Finding] = _make_finding,
        validated: int = _ffi.FINDING_VALIDATED,
        keyword: int = _ffi.FINDING_KEYWORD,
    ) -> list[Finding]:
        detectors = self.detectors
        levels = self.levels
        it = iter(self.flat)
        rows = zip(it, it, it, it, it, it)  # _ROW_FIELDS
        out: list[Finding] = []
        append = out.append
        if self.spans is None:
            for s, e, lv, c, fl, i in rows:
                d = detectors[i]
                append(make(s, e, d.id, d.type, d.category, c, levels[lv], fl & validated != 0, fl & keyword != 0))
        else:
            for (s, e), (_, _, lv, c, fl, i) in zip(self.spans, rows):
                d = detectors[i]
                append(make(s, e, d.id, d.type, d.category, c, levels[lv], fl & validated != 0, fl & keyword != 0))
        return out


def _level_name(levels: dict[int, str], address: int) -> str:
    """The name of a level the ruleset owns at `address` (classify_scanner_result: the same
    address for the same string of one ruleset), read once per ruleset."""
    name = levels[address] = _text(_string_at(address)) if address else ""
    return name


def _framework_names(sets: dict[bytes, tuple[str, ...]], key: bytes, count: int) -> tuple[str, ...]:
    """The names of a decision's frameworks from the `count` addresses packed in `key`, read
    once per set per ruleset."""
    names = tuple(_text(_string_at(a)) if a else "" for a in struct.unpack(f"{count}P", key))
    sets[key] = names
    return names


_POINTER_SIZE = ctypes.sizeof(c_void_p)


def _frameworks_view(scanner: _NativeScanner, address: int, count: int) -> memoryview:
    """A memoryview of the `count` pointers of a decision's frameworks array at `address`,
    kept by the scanner for the next decisions whose array is there too. Only as many
    pointers as the decision at hand has are ever read through it."""
    view = memoryview((ctypes.c_char * (count * _POINTER_SIZE)).from_address(address))
    scanner.frameworks_view = (address, count, view)
    return view


def _engine_row_detector(owner: Any, scanner: _NativeScanner, detectors: dict[int, Detector], row: int, index: int) -> None:
    """Adds the Detector of detector `index` of an engine generation, read from the strings
    of finding number `row` of the scanner's buffer."""
    f = _ffi.classify_finding.from_buffer(scanner.buffer, _ROWS_OFFSET + row * _FINDING_SIZE)
    detectors[index] = _engine_detector(owner._detector_cache, f)


#: Generations an engine keeps the provenance and detectors of (the current one, and a few
#: before it for calls that started before a swap).
_GENERATIONS_KEPT = 8


def _engine_generation(
    owner: Any, generation: int, d: Any
) -> tuple[PackInfo, dict[int, Detector], dict[int, str], dict[bytes, tuple[str, ...]]]:
    """The provenance of an engine's ruleset of `generation` (read from decision `d`) and
    empty caches for it (detectors by index, level names by address, framework sets by
    addresses), remembered in owner._generations."""
    entry: tuple[PackInfo, dict[int, Detector], dict[int, str], dict[bytes, tuple[str, ...]]] = (
        PackInfo(_text(d.pack_id), _text(d.pack_version), _text(d.pack_digest)), {}, {}, {}
    )
    generations = owner._generations
    if len(generations) >= _GENERATIONS_KEPT:
        generations.clear()
    generations[generation] = entry
    return entry


def _result(
    d: Any,
    names: dict[bytes, str],
    pack: PackInfo | None,
    findings: list[Finding],
    document: str | None,
    byte_spans: tuple[tuple[int, int], ...] | None,
    text_length: int | None,
    size: int,
    data_created: int | None,
    indices: tuple[int, ...] = (),
    summary: dict[str, Any] | None = None,
    sp: Any = None,
) -> Result:
    """A Result from the decision struct just filled and what the caller collected. An
    incomplete result names its affected detectors, read from the result JSON (`document`,
    or scanner `sp`'s)."""
    fw = d.frameworks
    frameworks = tuple(names.get(fw[i]) or _intern(names, fw[i]) for i in range(d.framework_count))
    level_raw = d.level
    incomplete = d.incomplete
    if pack is None:
        pack = PackInfo(_text(d.pack_id), _text(d.pack_version), _text(d.pack_digest))
    affected: tuple[str, ...] = ()
    if incomplete and (document is not None or sp is not None):
        decision = json.loads(document if document is not None else _result_document(sp)).get("decision", {})
        affected = tuple(decision.get("incomplete_detectors", ()))
    return Result(
        names.get(level_raw) or _intern(names, level_raw),
        d.level_rank,
        frameworks,
        bool(d.needs_review),
        d.confidence,
        not incomplete,
        _incomplete_reasons(incomplete) if incomplete else (),
        date.fromordinal(_EPOCH_ORDINAL + d.as_of // 86400),
        pack,
        findings,
        document,
        byte_spans,
        text_length,
        size,
        generation=d.generation,
        data_created=data_created,
        incomplete_detectors=affected,
        _detector_indices=indices,
        _summary=summary,
    )


def _result_document(sp: Any) -> str:
    json_ptr = c_char_p()
    json_len = c_size_t()
    st = _result_json_fn(sp, byref(json_ptr), byref(json_len))
    if st != _ffi.OK:
        _raise_for(st)
    return ctypes.string_at(ctypes.cast(json_ptr, ctypes.c_void_p), json_len.value).decode("utf-8", "surrogateescape")


def _summary_document(sp: Any) -> dict[str, Any]:
    json_ptr = c_char_p()
    json_len = c_size_t()
    st = _summary_json_fn(sp, byref(json_ptr), byref(json_len))
    if st != _ffi.OK:
        _raise_for(st)
    raw = ctypes.string_at(ctypes.cast(json_ptr, ctypes.c_void_p), json_len.value)
    doc: dict[str, Any] = json.loads(raw.decode("utf-8", "surrogateescape"))
    return doc


def _engine_detector(cache: dict[bytes, Detector], f: Any) -> Detector:
    """A Detector for a finding made through an engine, from the finding's own strings
    (interned per (id, type, category))."""
    key = b"\0".join((f.detector or b"", f.type or b"", f.category or b""))
    det = cache.get(key)
    if det is None:
        det = Detector(_text(f.detector), _text(f.type), _text(f.category), None, "")
        cache[key] = det
    return det


def _summary_bytes(summary: Any) -> bytes:
    if isinstance(summary, dict):
        return json.dumps(summary, ensure_ascii=False).encode("utf-8")
    if isinstance(summary, str):
        return summary.encode("utf-8")
    if isinstance(summary, (bytes, bytearray)):
        return bytes(summary)
    if isinstance(summary, Result):
        return json.dumps(summary.summary(), ensure_ascii=False).encode("utf-8")
    raise TypeError(f"summary must be a dict, JSON str/bytes or a Result, not {type(summary).__name__}")


def _reclassify_options(as_of: AsOf | None, data_created: AsOf | int | None) -> _ffi.classify_reclassify_options | None:
    if as_of is None and data_created is None:
        return None
    opts = _ffi.classify_reclassify_options()
    if as_of is not None:
        opts.as_of = _as_of_seconds(as_of)
    if data_created is not None:
        opts.data_created = _time_seconds(data_created, "data_created")
    return opts


def _redecide(
    scanner: _NativeScanner,
    call: Callable[[Any, bytes, Any, Any], int],
    summary: Any,
    as_of: AsOf | None,
    data_created: AsOf | int | None,
    names: dict[bytes, str],
    pack: PackInfo | None,
) -> Result:
    """Runs a re-decision `call(scanner_ptr, summary_bytes, opts, error_ref)` and copies the
    result out: no findings; the new summary and the engine's document are kept."""
    raw = _summary_bytes(summary)
    opts = _reclassify_options(as_of, data_created)
    err = _ffi.error_p()
    sp = scanner.ptr
    status = call(sp, raw, opts, byref(err))
    if status != _ffi.OK:
        _raise_for(status, err)
    st = _decision_fn(sp, scanner.decision_ref)
    if st != _ffi.OK:
        _raise_for(st)
    new_summary = _summary_document(sp)
    return _result(
        scanner.decision, names, pack, [], _result_document(sp), None, None, 0,
        new_summary.get("data_created"), (), new_summary,
    )


def _incomplete_reasons(bits: int) -> tuple[str, ...]:
    """The names of CLASSIFY_INCOMPLETE_* bits, as the result JSON spells them; a bit newer
    than this binding is named by its value, e.g. "0x20"."""
    names = [name for bit, name in _INCOMPLETE_NAMES if bits & bit]
    unknown = bits & ~_KNOWN_INCOMPLETE
    names += [hex(1 << i) for i in range(unknown.bit_length()) if unknown >> i & 1]
    return tuple(names)


def _buffer(data: Any) -> tuple[Any, int]:
    """An argument for `const void *data` and its length, for any buffer-protocol object.
    Large writable C-contiguous buffers are scanned in place; anything else is copied."""
    try:
        view = memoryview(data)
    except TypeError:
        raise TypeError(
            f"data must be bytes, bytearray, memoryview (or another buffer) or str, not {type(data).__name__}"
        ) from None
    with view:
        size = view.nbytes
        if size >= _IN_PLACE_MIN and not view.readonly and view.c_contiguous:
            try:
                return (ctypes.c_char * size).from_buffer(view), size
            except (TypeError, ValueError, BufferError):
                pass
        return view.tobytes(), size


def _intern(names: dict[bytes, str], raw: bytes | None) -> str:
    """Decodes a name the ruleset owns (level, framework), once per ruleset."""
    if raw is None:
        return ""
    text = raw.decode("utf-8", "surrogateescape")
    names[raw] = text
    return text


def _text(raw: bytes | None) -> str:
    return "" if raw is None else raw.decode("utf-8", "surrogateescape")


def _c_string(value: str, what: str) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    raw = value.encode("utf-8")
    if b"\0" in raw:
        raise InvalidArgumentError(f"{what}: embedded null character", status=_ffi.E_INVALID)
    return raw


def _detectors(ptr: Any) -> list[Detector]:
    info = _ffi.classify_detector_info()
    out: list[Detector] = []
    for i in range(lib.classify_ruleset_detector_count(ptr)):
        status = lib.classify_ruleset_detector(ptr, i, byref(info))
        if status != _ffi.OK:
            _raise_for(status)
        out.append(
            Detector(
                id=_text(info.id),
                type=_text(info.type),
                category=_text(info.category),
                validator=None if info.validator is None else _text(info.validator),
                description=_text(info.description),
            )
        )
    return out


# --- options ------------------------------------------------------------------------------


def _invalid(message: str) -> InvalidArgumentError:
    return InvalidArgumentError(message, status=_ffi.E_INVALID)


def _as_of_seconds(value: AsOf) -> int:
    """Seconds since the Unix epoch (UTC) for the C ABI, where 0 means "now"."""
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed: date = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            raise _invalid(f"as_of: {value!r} is not an ISO 8601 date (YYYY-MM-DD) or date-time") from None
        value = parsed
    if isinstance(value, datetime):
        seconds = (value.astimezone(timezone.utc) - _EPOCH_UTC) // timedelta(seconds=1)
    elif isinstance(value, date):
        seconds = (value.toordinal() - _EPOCH_ORDINAL) * 86400
    else:
        raise TypeError(f"as_of must be a date, datetime or ISO 8601 str, not {type(value).__name__}")
    # 0 would mean "now"; one second later is the same day.
    return seconds or 1


def _time_seconds(value: AsOf | int, what: str) -> int:
    """Seconds since the Unix epoch (UTC) for a point in time given as a date, datetime, ISO
    string or number of seconds; never 0 (which the C ABI reads as "unknown")."""
    if isinstance(value, bool):
        raise TypeError(f"{what} must be a date, datetime, ISO 8601 str or seconds, not bool")
    if isinstance(value, numbers.Integral):
        return int(value) or 1
    if isinstance(value, numbers.Real):
        return int(value) or 1
    try:
        return _as_of_seconds(value)  # type: ignore[arg-type]
    except InvalidArgumentError:
        raise _invalid(f"{what}: {value!r} is not an ISO 8601 date (YYYY-MM-DD) or date-time") from None


def _scan_options(
    as_of: AsOf | None,
    min_confidence: float | None,
    max_findings: int | None,
    deadline_ms: int | None,
    data_created: AsOf | int | None = None,
) -> _ffi.classify_scan_options | None:
    if (
        as_of is None
        and min_confidence is None
        and max_findings is None
        and deadline_ms is None
        and data_created is None
    ):
        return None  # the library's defaults, without building a struct
    opts = _ffi.classify_scan_options()
    if data_created is not None:
        opts.data_created = _time_seconds(data_created, "data_created")
    if as_of is not None:
        opts.as_of = _as_of_seconds(as_of)
    if min_confidence is not None:
        if isinstance(min_confidence, bool) or not isinstance(min_confidence, numbers.Real):
            raise TypeError(f"min_confidence must be a number, not {type(min_confidence).__name__}")
        value = float(min_confidence)
        if not 0.0 <= value <= 1.0:
            raise _invalid(f"min_confidence must be between 0 and 1, not {min_confidence!r}")
        opts.min_confidence = value
    if max_findings is not None:
        count = _int_option(max_findings, "max_findings")
        if not 1 <= count <= _ffi.LIMIT_MAX_FINDINGS:
            raise _invalid(
                f"max_findings must be between 1 and {_ffi.LIMIT_MAX_FINDINGS} "
                f"(CLASSIFY_LIMIT_MAX_FINDINGS), not {count}"
            )
        opts.max_findings = count
    if deadline_ms is not None:
        ms = _int_option(deadline_ms, "deadline_ms")
        if not 1 <= ms <= _UINT32_MAX:
            raise _invalid(f"deadline_ms must be between 1 and {_UINT32_MAX}, not {ms}")
        opts.deadline_ms = ms
    return opts


def _int_option(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise TypeError(f"{what} must be an int, not bool")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{what} must be an int, not {type(value).__name__}") from None
