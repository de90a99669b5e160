"""Streams: data that arrives in pieces (docs/streaming.md)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from ctypes import byref, pointer
from typing import Any, Callable

from . import _ffi
from ._core import AsOf, Ruleset, _buffer, _NativeScanner, _result, _scan_options
from ._ffi import lib
from ._handle import Handle
from ._redact import Redaction, _redacted
from ._types import Detector, Finding, Result
from .errors import _raise_for

__all__ = ["Stream"]

_VALIDATED = _ffi.FINDING_VALIDATED
_KEYWORD = _ffi.FINDING_KEYWORD


def _collect(native: _NativeScanner, ruleset: Ruleset) -> tuple[list[Finding], list[int], list[bytes | None]]:
    """The findings the native scanner holds (offsets as the library gives them), their
    detector indices, and their raw field names."""
    sp = native.ptr
    f = native.finding
    ref = native.finding_ref
    names = ruleset._names
    detectors: tuple[Detector, ...] = ruleset._detectors
    out: list[Finding] = []
    indices: list[int] = []
    fields: list[bytes | None] = []
    for i in range(lib.classify_scanner_finding_count(sp)):
        status = lib.classify_scanner_finding(sp, i, ref)
        if status == _ffi.DONE:
            break
        if status != _ffi.OK:
            _raise_for(status)
        det = detectors[f.detector_index]
        raw = f.level
        level = names.get(raw) if raw is not None else ""
        if level is None:
            level = raw.decode("utf-8", "surrogateescape")
            names[raw] = level
        fl = f.flags
        out.append(
            Finding(
                f.start, f.end, det.id, det.type, det.category, f.confidence, level, bool(fl & _VALIDATED),
                bool(fl & _KEYWORD),
            )
        )
        indices.append(f.detector_index)
        fields.append(f.field)
    return out, indices, fields


class Stream(Handle[Any]):
    """A scan of data that arrives in pieces: write() them in order, of any size, then
    finish(). The findings are exactly those Ruleset.classify() finds in the whole data,
    each reported once, with byte offsets from the start of the stream - also the ones
    split between two writes. The stream keeps only a bounded tail of the data
    (``Ruleset.max_window`` bytes, about), whatever its length.

        with classify.Stream(rules) as stream:
            for chunk in chunks:
                for finding in stream.write(chunk):
                    print(finding.type, finding.start, finding.end)
            result = stream.finish()     # the whole stream's decision and findings

    Options are those of classify() (deadline_ms bounds each call). With ``redact`` (a
    Redaction, a dict of its arguments or a mode name), the stream also makes a redacted
    copy of the data: redacted() returns its next bytes as soon as they can no longer
    change.

    A stream is used by one thread at a time (ScannerBusyError otherwise). It keeps its
    ruleset alive; closing it (or the ``with`` block) frees it, finished or not.
    """

    def __init__(
        self,
        ruleset: Ruleset,
        *,
        as_of: AsOf | None = None,
        min_confidence: float | None = None,
        max_findings: int | None = None,
        deadline_ms: int | None = None,
        data_created: AsOf | int | None = None,
        redact: Redaction | Mapping[str, Any] | str | None = None,
    ) -> None:
        if not isinstance(ruleset, Ruleset):
            raise TypeError(f"ruleset must be a Ruleset, not {type(ruleset).__name__}")
        scan = _scan_options(as_of, min_confidence, max_findings, deadline_ms, data_created)
        redaction = Redaction.of(redact)
        so = _ffi.classify_stream_options()
        if scan is not None:
            so.scan = pointer(scan)
        if redaction is not None:
            so.redact = pointer(redaction._options)
        out = _ffi.stream_p()
        rs_ptr = ruleset._acquire()
        try:
            status = lib.classify_stream_open(byref(out), rs_ptr, byref(so))
        finally:
            ruleset._release()
        if status != _ffi.OK:
            _raise_for(status)
        super().__init__(out)
        self._ruleset = ruleset
        self._native = _NativeScanner()
        self._findings: list[Finding] = []
        self._indices: list[int] = []
        self._redacting = redaction is not None
        self._pending = bytearray()
        self._data_created = scan.data_created if scan is not None and scan.data_created else None
        self._result: Result | None = None

    def _free(self, ptr: Any) -> None:
        lib.classify_stream_free(ptr)
        native = getattr(self, "_native", None)
        if native is not None:
            native.free()

    def __repr__(self) -> str:
        if self.closed:
            return "<classify.Stream (closed)>"
        state = "finished" if self._result is not None else f"{self.offset} bytes"
        return f"<classify.Stream {state}, {len(self._findings)} findings>"

    def _call(self, fn: Callable[[Any, Any], int]) -> list[Finding]:
        ptr = self._acquire()
        try:
            status = fn(ptr, self._native.ptr)
            if status < 0:
                _raise_for(status)
            found, indices, _ = _collect(self._native, self._ruleset)
            if self._redacting:
                self._pending += _redacted(self._native.ptr)
        finally:
            self._release()
        self._findings += found
        self._indices += indices
        return found

    def write(self, data: Any) -> list[Finding]:
        """Scans the next piece (bytes, bytearray, memoryview or any buffer; not str: encode
        it first) and returns the findings it settled, with offsets from the stream's start.
        Raises InvalidArgumentError after finish()."""
        if isinstance(data, str):
            raise TypeError("a stream takes bytes; encode str pieces first (offsets are byte offsets)")
        buf, size = _buffer(data)
        return self._call(lambda st, sc: lib.classify_stream_write(st, sc, buf if size else None, size))

    def finish(self) -> Result:
        """Ends the data: reports the last findings and returns the whole stream's Result -
        its decision and every finding reported (byte offsets). Calling it again returns the
        same Result."""
        if self._result is not None:
            return self._result
        self._call(lambda st, sc: lib.classify_stream_finish(st, sc))
        d = self._native.decision
        status = lib.classify_scanner_decision(self._native.ptr, self._native.decision_ref)
        if status != _ffi.OK:
            _raise_for(status)
        self._result = _result(
            d, self._ruleset._names, self._ruleset._pack, list(self._findings), None, None, None, self.offset,
            self._data_created, tuple(self._indices), sp=self._native.ptr,
        )
        return self._result

    def redacted(self) -> bytes:
        """With ``redact``: the bytes of the redacted copy produced since the last call (all
        of it, over the calls, once finish() returned)."""
        if not self._redacting:
            raise ValueError("this stream was opened without redact=")
        out, self._pending = bytes(self._pending), bytearray()
        return out

    @property
    def offset(self) -> int:
        """Bytes written so far."""
        ptr = self._acquire()
        try:
            return int(lib.classify_stream_offset(ptr))
        finally:
            self._release()

    @property
    def findings(self) -> list[Finding]:
        """Every finding reported so far, in order (a new list)."""
        return list(self._findings)

    def __iter__(self) -> Iterator[Finding]:
        """The findings reported so far, in order."""
        return iter(list(self._findings))



def _stream(self: Ruleset, **options: Any) -> Stream:
    """A Stream on this ruleset (see Stream for the options)."""
    return Stream(self, **options)


def _max_window(self: Ruleset) -> int:
    """The most bytes a stream on this ruleset keeps of its data: a finding is reported at
    the latest once this many bytes follow its end."""
    ptr = self._acquire()
    try:
        return int(lib.classify_ruleset_max_window(ptr))
    finally:
        self._release()


Ruleset.stream = _stream  # type: ignore[attr-defined]
Ruleset.max_window = property(_max_window)  # type: ignore[attr-defined]
