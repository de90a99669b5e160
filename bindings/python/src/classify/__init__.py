"""classify: find sensitive data (PII, PHI, financial data, credentials) in bytes or text
and classify it (level, compliance frameworks, review flag) with versioned rule packs.

    >>> import classify
    >>> with classify.Ruleset.default() as rules:
    ...     result = rules.classify("card 4111 1111 1111 1111")
    >>> result.level, result.frameworks
    ('restricted', ('PCI_DSS',))

A Python binding (ctypes) of libclassify's C interface, include/classify.h. The library
is found through $CLASSIFY_LIBRARY, then the copy inside this package, then the system
loader; see classify._ffi.
"""

from __future__ import annotations

from . import _ffi
from ._core import AsOf, Data, Ruleset, Scanner, builtin_packs
from ._engine import Engine, PackWatcher
from ._types import Detector, Finding, PackInfo, Result
from ._redact import Redaction
from ._stream import Stream
from ._records import ColumnProfile, FieldFinding, Profile, Profiler, TypeShare, flatten, profile
from .errors import (
    ClassifyError,
    InternalError,
    InvalidArgumentError,
    LimitError,
    OutOfMemoryError,
    PackError,
    PackIOError,
    PatternError,
    ScannerBusyError,
    SignatureError,
    DowngradeError,
    VersionError,
)

__version__ = "1.0.0"

__all__ = [
    "Ruleset",
    "Scanner",
    "Stream",
    "Redaction",
    "FieldFinding",
    "flatten",
    "profile",
    "Profiler",
    "Profile",
    "ColumnProfile",
    "TypeShare",
    "Engine",
    "PackWatcher",
    "Result",
    "Finding",
    "Detector",
    "PackInfo",
    "Data",
    "AsOf",
    "builtin_packs",
    "library_version",
    "library_path",
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


def library_version() -> str:
    """The version of the libclassify that is loaded, e.g. "1.0.0"."""
    return _ffi.version_string


def library_path() -> str:
    """Where libclassify was loaded from (a path, or a name given to the system loader)."""
    return _ffi.library_path
