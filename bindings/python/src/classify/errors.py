"""Exceptions raised by classify, one class per status code of ``classify.h``.

Every exception carries the engine's details: ``status`` (the ``CLASSIFY_E_*`` code),
``message`` (one line of English naming the pack, the JSON pointer, the line and column),
and, where they apply, ``pack``, ``json_pointer``, ``line``, ``column``, ``detector`` and
``offset``; an attribute that does not apply is ``None``. No message ever contains scanned
data.

=========================  ======================  =====================================
status                     exception               also an instance of
=========================  ======================  =====================================
``CLASSIFY_E_INVALID``     InvalidArgumentError    ``ValueError``
``CLASSIFY_E_NOMEM``       OutOfMemoryError        ``MemoryError``
``CLASSIFY_E_IO``          PackIOError             ``OSError``
``CLASSIFY_E_PACK``        PackError
``CLASSIFY_E_PATTERN``     PatternError            ``PackError``
``CLASSIFY_E_VERSION``     VersionError
``CLASSIFY_E_LIMIT``       LimitError
``CLASSIFY_E_BUSY``        ScannerBusyError        ``RuntimeError``
``CLASSIFY_E_SIGNATURE``   SignatureError
``CLASSIFY_E_DOWNGRADE``   DowngradeError
``CLASSIFY_E_INTERNAL``    InternalError
any other negative code    ClassifyError
=========================  ======================  =====================================
"""

from __future__ import annotations

import errno as _errno
import functools
import os
from typing import Any, ClassVar, NoReturn

from . import _ffi

__all__ = [
    "ClassifyError",
    "InvalidArgumentError",
    "OutOfMemoryError",
    "PackIOError",
    "PackError",
    "PatternError",
    "VersionError",
    "LimitError",
    "ScannerBusyError",
    "SignatureError",
    "DowngradeError",
    "InternalError",
]


class ClassifyError(Exception):
    """Base class of every error libclassify reports.

    ``str(e)`` is ``e.message``. Instances pickle (for multiprocessing) with all details.
    """

    #: The status code this class stands for (an instance's ``status`` may differ only for
    #: the base class, which also stands for codes newer than this binding).
    STATUS: ClassVar[int] = _ffi.E_INTERNAL

    status: int
    message: str
    pack: str | None
    json_pointer: str | None
    line: int | None
    column: int | None
    detector: str | None
    offset: int | None

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        pack: str | None = None,
        json_pointer: str | None = None,
        line: int | None = None,
        column: int | None = None,
        detector: str | None = None,
        offset: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = self.STATUS if status is None else status
        #: The pack's id if it was read, else the file path or buffer name.
        self.pack = pack
        #: RFC 6901 pointer of the offending value; "" for the document as a whole.
        self.json_pointer = json_pointer
        #: 1-based line and byte column of the offending value in the pack text.
        self.line = line
        self.column = column
        #: The id of the detector concerned.
        self.detector = detector
        #: For a pattern that does not compile, the byte offset in the pattern.
        self.offset = offset

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status})"

    def _details(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "pack": self.pack,
            "json_pointer": self.json_pointer,
            "line": self.line,
            "column": self.column,
            "detector": self.detector,
            "offset": self.offset,
        }

    def __reduce__(self) -> tuple[Any, ...]:
        return (functools.partial(type(self), self.message, **self._details()), (), self.__dict__)


class InvalidArgumentError(ClassifyError, ValueError):
    """A bad argument: an unknown built-in pack, an option out of range, a NUL character in
    a name or path."""

    STATUS = _ffi.E_INVALID


class OutOfMemoryError(ClassifyError, MemoryError):
    """The library could not allocate memory."""

    STATUS = _ffi.E_NOMEM


class PackIOError(ClassifyError, OSError):
    """A pack file could not be read. ``filename`` is the path; ``errno`` and ``strerror``
    are set when the system's reason in the message is recognised."""

    STATUS = _ffi.E_IO

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message, **details)
        self.filename = self.pack
        reason = _system_reason(message)
        if reason is not None:
            self.errno, self.strerror = reason


class PackError(ClassifyError):
    """The pack is not valid: malformed JSON, an unknown or missing field, a wrong type, a
    value out of range, or a failing detector example. ``json_pointer``, ``line`` and
    ``column`` say where; ``detector`` names the detector when one is concerned."""

    STATUS = _ffi.E_PACK


class PatternError(PackError):
    """A detector's regular expression does not compile; ``offset`` is where PCRE2 stopped
    in the pattern, ``json_pointer`` names the pattern."""

    STATUS = _ffi.E_PATTERN


class VersionError(ClassifyError):
    """A pack ``schema`` (or a struct size) this library does not support."""

    STATUS = _ffi.E_VERSION


class LimitError(ClassifyError):
    """A documented limit was exceeded; the message names it (e.g. CLASSIFY_LIMIT_JSON_DEPTH)."""

    STATUS = _ffi.E_LIMIT


class ScannerBusyError(ClassifyError, RuntimeError):
    """A Scanner was used by two threads at once. Use one Scanner per thread, or
    Ruleset.classify(), which keeps one per concurrent caller."""

    STATUS = _ffi.E_BUSY


class SignatureError(ClassifyError):
    """A signature was required and is missing, malformed, made by a key that is not
    trusted, or does not verify; or a digest a bundle pins does not match. The pack was
    refused before it was parsed."""

    STATUS = _ffi.E_SIGNATURE


class DowngradeError(ClassifyError):
    """A swap would replace the loaded pack by an older version of it (same id, lower
    version); pass ``allow_downgrade=True`` to the Engine to accept that."""

    STATUS = _ffi.E_DOWNGRADE


class InternalError(ClassifyError):
    """A bug in libclassify; please report it with the message."""

    STATUS = _ffi.E_INTERNAL


#: Status code -> exception class, for every CLASSIFY_E_* of classify.h.
EXCEPTIONS: dict[int, type[ClassifyError]] = {
    cls.STATUS: cls
    for cls in (
        InvalidArgumentError,
        OutOfMemoryError,
        PackIOError,
        PackError,
        PatternError,
        VersionError,
        LimitError,
        ScannerBusyError,
        SignatureError,
        DowngradeError,
        InternalError,
    )
}

_STRERROR: dict[str, int] = {}


def _system_reason(message: str) -> tuple[int, str] | None:
    """Recognises a trailing strerror() text, e.g. '...: No such file or directory'."""
    if not _STRERROR:
        for code in sorted(_errno.errorcode):
            _STRERROR.setdefault(os.strerror(code), code)
    _, sep, tail = message.rpartition(": ")
    if sep and tail in _STRERROR:
        return _STRERROR[tail], tail
    return None


def _raise_for(status: int, err: Any = None) -> NoReturn:
    """Raises the exception for a negative `status`, with the details of `err` (a
    ``classify_error *`` or None). Copies everything out of `err` and frees it."""
    lib = _ffi.lib
    details: dict[str, Any] = {}
    try:
        if err:
            message = _ffi.decode(lib.classify_error_message(err)) or _ffi.status_string(status)
            line = int(lib.classify_error_line(err))
            column = int(lib.classify_error_column(err))
            offset = int(lib.classify_error_offset(err))
            details = {
                "pack": _ffi.decode(lib.classify_error_pack(err)),
                "json_pointer": _ffi.decode(lib.classify_error_json_pointer(err)),
                "detector": _ffi.decode(lib.classify_error_detector(err)),
                "line": line or None,
                "column": column or None,
                "offset": offset if offset >= 0 else None,
            }
        else:
            message = _ffi.status_string(status)
    finally:
        if err:
            lib.classify_error_free(err)
    cls = EXCEPTIONS.get(status, ClassifyError)
    raise cls(message, status=status, **details)
