"""Loading libclassify and declaring its C interface (``include/classify.h``) for ctypes.

Everything here mirrors the header exactly: the constants, the structs (field for field,
in order) and the functions (``argtypes`` and ``restype`` for each). ``tests/test_abi.py``
checks all three against the header with a C compiler, so a header change that breaks the
mirror fails a test instead of corrupting memory.

The library is found, in this order:

1. ``$CLASSIFY_LIBRARY``: the path of ``libclassify.so`` (or of a directory holding it).
   When set, nothing else is tried.
2. ``classify/_lib/libclassify.so.1``: the copy placed in the package when it was built
   from a source tree where ``make lib`` had been run.
3. The system loader: ``ctypes.util.find_library("classify")``, then ``libclassify.so.1``
   (``LD_LIBRARY_PATH``, ``/etc/ld.so.conf``), e.g. after ``make install``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from ctypes import (
    CDLL,
    POINTER,
    Structure,
    c_char_p,
    c_double,
    c_int,
    c_int64,
    c_size_t,
    c_uint32,
    c_uint64,
    c_void_p,
)
from pathlib import Path
from typing import Any

#: The major version of libclassify this binding speaks to.
ABI_MAJOR = 1
SONAME = "libclassify.so.1"

# --- Status codes --------------------------------------------------------------------------

OK = 0
DONE = 1
INCOMPLETE = 2
E_INVALID = -1
E_NOMEM = -2
E_IO = -3
E_PACK = -4
E_PATTERN = -5
E_VERSION = -6
E_LIMIT = -7
E_BUSY = -8
E_SIGNATURE = -9
E_DOWNGRADE = -10
E_INTERNAL = -100

# --- Flags and limits ----------------------------------------------------------------------

OPEN_SKIP_EXAMPLES = 0x1
OPEN_NO_JIT = 0x2
FINDING_VALIDATED = 0x1
FINDING_KEYWORD = 0x2
INCOMPLETE_MAX_FINDINGS = 0x1
INCOMPLETE_DEADLINE = 0x2
INCOMPLETE_CANCELLED = 0x4
INCOMPLETE_MATCH_LIMIT = 0x8
INCOMPLETE_WINDOW = 0x10
ENGINE_REQUIRE_SIGNATURES = 0x1
ENGINE_ALLOW_DOWNGRADE = 0x2

LIMIT_PACK_BYTES = 16 * 1024 * 1024
LIMIT_DETECTORS = 4096
LIMIT_PATTERNS_PER_DETECTOR = 16
LIMIT_PATTERN_BYTES = 4096
LIMIT_KEYWORDS_PER_DETECTOR = 512
LIMIT_EXAMPLES_PER_DETECTOR = 64
LIMIT_POLICIES = 4096
LIMIT_JSON_DEPTH = 32
LIMIT_KEYWORD_DISTANCE = 1000
DEFAULT_MAX_FINDINGS = 100000
LIMIT_MAX_FINDINGS = 10000000

#: Header macro name -> value, for the test that compares them with classify.h.
CONSTANTS: dict[str, int] = {
    "CLASSIFY_VERSION_MAJOR": ABI_MAJOR,
    "CLASSIFY_OK": OK,
    "CLASSIFY_DONE": DONE,
    "CLASSIFY_INCOMPLETE": INCOMPLETE,
    "CLASSIFY_E_INVALID": E_INVALID,
    "CLASSIFY_E_NOMEM": E_NOMEM,
    "CLASSIFY_E_IO": E_IO,
    "CLASSIFY_E_PACK": E_PACK,
    "CLASSIFY_E_PATTERN": E_PATTERN,
    "CLASSIFY_E_VERSION": E_VERSION,
    "CLASSIFY_E_LIMIT": E_LIMIT,
    "CLASSIFY_E_BUSY": E_BUSY,
    "CLASSIFY_E_SIGNATURE": E_SIGNATURE,
    "CLASSIFY_E_DOWNGRADE": E_DOWNGRADE,
    "CLASSIFY_E_INTERNAL": E_INTERNAL,
    "CLASSIFY_OPEN_SKIP_EXAMPLES": OPEN_SKIP_EXAMPLES,
    "CLASSIFY_OPEN_NO_JIT": OPEN_NO_JIT,
    "CLASSIFY_FINDING_VALIDATED": FINDING_VALIDATED,
    "CLASSIFY_FINDING_KEYWORD": FINDING_KEYWORD,
    "CLASSIFY_INCOMPLETE_MAX_FINDINGS": INCOMPLETE_MAX_FINDINGS,
    "CLASSIFY_INCOMPLETE_DEADLINE": INCOMPLETE_DEADLINE,
    "CLASSIFY_INCOMPLETE_CANCELLED": INCOMPLETE_CANCELLED,
    "CLASSIFY_INCOMPLETE_MATCH_LIMIT": INCOMPLETE_MATCH_LIMIT,
    "CLASSIFY_INCOMPLETE_WINDOW": INCOMPLETE_WINDOW,
    "CLASSIFY_ENGINE_REQUIRE_SIGNATURES": ENGINE_REQUIRE_SIGNATURES,
    "CLASSIFY_ENGINE_ALLOW_DOWNGRADE": ENGINE_ALLOW_DOWNGRADE,
    "CLASSIFY_LIMIT_PACK_BYTES": LIMIT_PACK_BYTES,
    "CLASSIFY_LIMIT_DETECTORS": LIMIT_DETECTORS,
    "CLASSIFY_LIMIT_PATTERNS_PER_DETECTOR": LIMIT_PATTERNS_PER_DETECTOR,
    "CLASSIFY_LIMIT_PATTERN_BYTES": LIMIT_PATTERN_BYTES,
    "CLASSIFY_LIMIT_KEYWORDS_PER_DETECTOR": LIMIT_KEYWORDS_PER_DETECTOR,
    "CLASSIFY_LIMIT_EXAMPLES_PER_DETECTOR": LIMIT_EXAMPLES_PER_DETECTOR,
    "CLASSIFY_LIMIT_POLICIES": LIMIT_POLICIES,
    "CLASSIFY_LIMIT_JSON_DEPTH": LIMIT_JSON_DEPTH,
    "CLASSIFY_LIMIT_KEYWORD_DISTANCE": LIMIT_KEYWORD_DISTANCE,
    "CLASSIFY_DEFAULT_MAX_FINDINGS": DEFAULT_MAX_FINDINGS,
    "CLASSIFY_LIMIT_MAX_FINDINGS": LIMIT_MAX_FINDINGS,
}

# --- Opaque handles ------------------------------------------------------------------------
# Distinct pointer types, so that passing a scanner where a ruleset is expected is a
# ctypes.ArgumentError rather than a crash.


class classify_error(Structure):
    pass


class classify_ruleset(Structure):
    pass


class classify_scanner(Structure):
    pass


class classify_engine(Structure):
    pass


error_p = POINTER(classify_error)
ruleset_p = POINTER(classify_ruleset)
scanner_p = POINTER(classify_scanner)
engine_p = POINTER(classify_engine)


class classify_stream(Structure):
    pass


class classify_profile(Structure):
    pass


stream_p = POINTER(classify_stream)
profile_p = POINTER(classify_profile)

# --- Versioned structs ---------------------------------------------------------------------


class _Versioned(Structure):
    """A struct whose first field is ``size_t struct_size``, set here as the _INIT macro does."""

    def __init__(self, **fields: Any) -> None:
        super().__init__(**fields)
        self.struct_size = ctypes.sizeof(self)


class classify_open_options(_Versioned):
    _fields_ = [
        ("struct_size", c_size_t),
        ("flags", c_uint32),
    ]


class classify_detector_info(_Versioned):
    _fields_ = [
        ("struct_size", c_size_t),
        ("id", c_char_p),
        ("type", c_char_p),
        ("category", c_char_p),
        ("validator", c_char_p),
        ("description", c_char_p),
    ]


class classify_scan_options(_Versioned):
    _fields_ = [
        ("struct_size", c_size_t),
        ("as_of", c_int64),
        ("min_confidence", c_double),
        ("max_findings", c_uint32),
        ("flags", c_uint32),
        ("deadline_ms", c_uint32),
        ("reserved", c_uint32),
        ("cancel", POINTER(c_int)),
        ("data_created", c_int64),
    ]


class classify_finding(_Versioned):
    _fields_ = [
        ("struct_size", c_size_t),
        ("start", c_uint64),
        ("end", c_uint64),
        ("detector", c_char_p),
        ("type", c_char_p),
        ("category", c_char_p),
        ("level", c_char_p),
        ("confidence", c_double),
        ("flags", c_uint32),
        ("detector_index", c_uint32),
        ("field", c_char_p),
    ]


class classify_decision(_Versioned):
    _fields_ = [
        ("struct_size", c_size_t),
        ("level", c_char_p),
        ("level_rank", c_uint32),
        ("needs_review", c_uint32),
        ("confidence", c_double),
        ("frameworks", POINTER(c_char_p)),
        ("framework_count", c_size_t),
        ("finding_count", c_size_t),
        ("incomplete", c_uint32),
        ("reserved", c_uint32),
        ("as_of", c_int64),
        ("pack_id", c_char_p),
        ("pack_version", c_char_p),
        ("pack_digest", c_char_p),
        ("generation", c_uint64),
    ]


class classify_engine_options(_Versioned):
    _fields_ = [
        ("struct_size", c_size_t),
        ("flags", c_uint32),
        ("open_flags", c_uint32),
        ("trusted_keys", POINTER(c_char_p)),
        ("trusted_key_count", c_size_t),
    ]


class classify_reclassify_options(_Versioned):
    _fields_ = [
        ("struct_size", c_size_t),
        ("as_of", c_int64),
        ("data_created", c_int64),
        ("flags", c_uint32),
        ("reserved", c_uint32),
    ]


#: Every struct of the header, by its C name.
STRUCTS: dict[str, type[Structure]] = {
    cls.__name__: cls
    for cls in (
        classify_open_options,
        classify_detector_info,
        classify_scan_options,
        classify_finding,
        classify_decision,
        classify_engine_options,
        classify_reclassify_options,
    )
}

# --- Functions -----------------------------------------------------------------------------

_P = POINTER
#: name -> (argtypes, restype), in the order of the header.
FUNCTIONS: dict[str, tuple[list[Any], Any]] = {
    "classify_version_number": ([], c_int),
    "classify_version_string": ([], c_char_p),
    "classify_status_string": ([c_int], c_char_p),
    "classify_error_status": ([error_p], c_int),
    "classify_error_message": ([error_p], c_char_p),
    "classify_error_pack": ([error_p], c_char_p),
    "classify_error_json_pointer": ([error_p], c_char_p),
    "classify_error_detector": ([error_p], c_char_p),
    "classify_error_line": ([error_p], c_uint32),
    "classify_error_column": ([error_p], c_uint32),
    "classify_error_offset": ([error_p], c_int64),
    "classify_error_free": ([error_p], None),
    "classify_open_options_init": ([_P(classify_open_options), c_size_t], c_int),
    "classify_ruleset_open_buffer": (
        [_P(ruleset_p), c_char_p, c_size_t, c_char_p, _P(classify_open_options), _P(error_p)],
        c_int,
    ),
    "classify_ruleset_open_file": (
        [_P(ruleset_p), c_char_p, _P(classify_open_options), _P(error_p)],
        c_int,
    ),
    "classify_ruleset_open_builtin": (
        [_P(ruleset_p), c_char_p, _P(classify_open_options), _P(error_p)],
        c_int,
    ),
    "classify_builtin_pack_name": ([c_size_t], c_char_p),
    "classify_ruleset_free": ([ruleset_p], None),
    "classify_ruleset_id": ([ruleset_p], c_char_p),
    "classify_ruleset_version": ([ruleset_p], c_char_p),
    "classify_ruleset_digest": ([ruleset_p], c_char_p),
    "classify_ruleset_detector_count": ([ruleset_p], c_size_t),
    "classify_ruleset_detector": ([ruleset_p, c_size_t, _P(classify_detector_info)], c_int),
    "classify_scan_options_init": ([_P(classify_scan_options), c_size_t], c_int),
    "classify_scanner_new": ([_P(scanner_p)], c_int),
    "classify_scanner_free": ([scanner_p], None),
    "classify_scanner_scan": (
        [scanner_p, ruleset_p, c_void_p, c_size_t, _P(classify_scan_options)],
        c_int,
    ),
    "classify_scanner_finding_count": ([scanner_p], c_size_t),
    "classify_scanner_incomplete_detectors": ([scanner_p, _P(c_uint32), c_size_t], c_size_t),
    "classify_scanner_finding": ([scanner_p, c_size_t, _P(classify_finding)], c_int),
    "classify_scanner_decision": ([scanner_p, _P(classify_decision)], c_int),
    "classify_scanner_result_json": ([scanner_p, _P(c_char_p), _P(c_size_t)], c_int),
    "classify_scanner_result": (
        [scanner_p, _P(classify_decision), _P(classify_finding), c_size_t, _P(c_size_t)],
        c_int,
    ),
    # Engines: hot swap of rulesets.
    "classify_engine_options_init": ([_P(classify_engine_options), c_size_t], c_int),
    "classify_engine_new": ([_P(engine_p), ruleset_p, _P(classify_engine_options), _P(error_p)], c_int),
    "classify_engine_free": ([engine_p], None),
    "classify_engine_swap_file": ([engine_p, c_char_p, _P(error_p)], c_int),
    "classify_engine_swap_buffer": (
        [engine_p, c_char_p, c_size_t, c_char_p, c_size_t, c_char_p, _P(error_p)],
        c_int,
    ),
    "classify_engine_swap_ruleset": ([engine_p, ruleset_p, _P(error_p)], c_int),
    "classify_engine_generation": ([engine_p], c_uint64),
    "classify_engine_ruleset": ([_P(ruleset_p), engine_p], c_int),
    "classify_engine_scan": ([engine_p, scanner_p, c_void_p, c_size_t, _P(classify_scan_options)], c_int),
    # Reclassification of stored results.
    "classify_reclassify_options_init": ([_P(classify_reclassify_options), c_size_t], c_int),
    "classify_scanner_summary_json": ([scanner_p, _P(c_char_p), _P(c_size_t)], c_int),
    "classify_scanner_reclassify": (
        [scanner_p, ruleset_p, c_char_p, c_size_t, _P(classify_reclassify_options), _P(error_p)],
        c_int,
    ),
    "classify_engine_reclassify": (
        [engine_p, scanner_p, c_char_p, c_size_t, _P(classify_reclassify_options), _P(error_p)],
        c_int,
    ),
}

# --- Streams, records, column profiles, redaction ------------------------------------------

REDACT_DEFAULT = 0
REDACT_MASK = 1
REDACT_TYPE = 2
REDACT_HASH = 3
REDACT_REMOVE = 4
REDACT_KEEP_NONE = 0xFFFFFFFF
LIMIT_REDACT_KEEP = 64

CONSTANTS.update(
    {
        "CLASSIFY_REDACT_DEFAULT": REDACT_DEFAULT,
        "CLASSIFY_REDACT_MASK": REDACT_MASK,
        "CLASSIFY_REDACT_TYPE": REDACT_TYPE,
        "CLASSIFY_REDACT_HASH": REDACT_HASH,
        "CLASSIFY_REDACT_REMOVE": REDACT_REMOVE,
        "CLASSIFY_REDACT_KEEP_NONE": REDACT_KEEP_NONE,
        "CLASSIFY_LIMIT_REDACT_KEEP": LIMIT_REDACT_KEEP,
    }
)


class classify_redact_rule(_Versioned):
    _fields_ = [
        ("struct_size", c_size_t),
        ("target", c_char_p),
        ("mode", c_uint32),
        ("keep", c_uint32),
    ]


class classify_redact_options(_Versioned):
    _fields_ = [
        ("struct_size", c_size_t),
        ("mode", c_uint32),
        ("keep", c_uint32),
        ("key", c_void_p),
        ("key_len", c_size_t),
        ("rules", POINTER(classify_redact_rule)),
        ("rule_count", c_size_t),
        ("mask_char", c_uint32),
        ("reserved", c_uint32),
    ]


class classify_stream_options(_Versioned):
    _fields_ = [
        ("struct_size", c_size_t),
        ("scan", POINTER(classify_scan_options)),
        ("redact", POINTER(classify_redact_options)),
    ]


class classify_field(_Versioned):
    # `name` and `value` are declared c_char_p (the header: const char * and const void *)
    # so that ctypes keeps the bytes objects assigned to them alive; the library reads
    # name_len and value_len bytes, NUL bytes included.
    _fields_ = [
        ("struct_size", c_size_t),
        ("name", c_char_p),
        ("name_len", c_size_t),
        ("value", c_char_p),
        ("value_len", c_size_t),
    ]


class classify_profile_options(_Versioned):
    _fields_ = [
        ("struct_size", c_size_t),
        ("scan", POINTER(classify_scan_options)),
        ("min_share", c_double),
    ]


STRUCTS.update(
    {
        cls.__name__: cls
        for cls in (
            classify_stream_options,
            classify_field,
            classify_profile_options,
            classify_redact_rule,
            classify_redact_options,
        )
    }
)

FUNCTIONS.update(
    {
        # Streams: chunked input.
        "classify_stream_options_init": ([_P(classify_stream_options), c_size_t], c_int),
        "classify_ruleset_max_window": ([ruleset_p], c_uint64),
        "classify_stream_open": ([_P(stream_p), ruleset_p, _P(classify_stream_options)], c_int),
        "classify_stream_write": ([stream_p, scanner_p, c_void_p, c_size_t], c_int),
        "classify_stream_finish": ([stream_p, scanner_p], c_int),
        "classify_stream_offset": ([stream_p], c_uint64),
        "classify_stream_free": ([stream_p], None),
        # Records: named fields.
        "classify_scanner_scan_record": (
            [scanner_p, ruleset_p, _P(classify_field), c_size_t, _P(classify_scan_options)],
            c_int,
        ),
        "classify_profile_options_init": ([_P(classify_profile_options), c_size_t], c_int),
        "classify_profile_new": ([_P(profile_p), ruleset_p, _P(classify_profile_options)], c_int),
        "classify_profile_add_record": ([profile_p, _P(classify_field), c_size_t], c_int),
        "classify_profile_record_count": ([profile_p], c_uint64),
        "classify_profile_result_json": ([profile_p, _P(c_char_p), _P(c_size_t)], c_int),
        "classify_profile_free": ([profile_p], None),
        # Redaction.
        "classify_redact_options_init": ([_P(classify_redact_options), c_size_t], c_int),
        "classify_scanner_redact": (
            [
                scanner_p,
                ruleset_p,
                c_void_p,
                c_size_t,
                _P(classify_redact_options),
                _P(classify_scan_options),
            ],
            c_int,
        ),
        "classify_scanner_redacted": ([scanner_p, _P(c_void_p), _P(c_size_t)], c_int),
        "classify_scanner_redacted_copy": ([scanner_p, c_void_p, c_size_t, _P(c_size_t)], c_int),
    }
)

# --- Loading -------------------------------------------------------------------------------

_PACKAGE_LIB_DIR = Path(__file__).resolve().parent / "_lib"

_HOW_TO_GET_IT = (
    "Build it with `make lib` in the classify source tree, then either set "
    "CLASSIFY_LIBRARY=<tree>/build/lib/libclassify.so or reinstall the package with "
    "`pip install ./bindings/python` (which copies the library into the package); "
    "or install it system-wide with `make install`."
)


def _packaged_candidates() -> list[Path]:
    if not _PACKAGE_LIB_DIR.is_dir():
        return []
    preferred = _PACKAGE_LIB_DIR / SONAME
    others = sorted(p for p in _PACKAGE_LIB_DIR.glob("libclassify*") if p != preferred)
    return ([preferred] if preferred.exists() else []) + others


def _load() -> tuple[CDLL, str]:
    env = os.environ.get("CLASSIFY_LIBRARY")
    if env:
        path = Path(env)
        if path.is_dir():
            path = path / SONAME if (path / SONAME).exists() else path / "libclassify.so"
        try:
            return CDLL(str(path)), str(path)
        except OSError as e:
            raise ImportError(
                f"classify: cannot load the library named by CLASSIFY_LIBRARY={env!r}: {e}. "
                + _HOW_TO_GET_IT
            ) from None

    tried: list[str] = []
    for candidate in _packaged_candidates():
        try:
            return CDLL(str(candidate)), str(candidate)
        except OSError as e:
            tried.append(f"{candidate}: {e}")

    names = [n for n in (ctypes.util.find_library("classify"), SONAME) if n]
    for name in dict.fromkeys(names):
        try:
            return CDLL(name), name
        except OSError as e:
            tried.append(f"{name}: {e}")

    raise ImportError(
        "classify: libclassify was not found (CLASSIFY_LIBRARY is not set, the package holds "
        "no copy, and the system loader does not know it; tried: "
        + ("; ".join(tried) or "nothing")
        + "). "
        + _HOW_TO_GET_IT
    )


def _check_version(dll: CDLL, where: str) -> tuple[int, str]:
    try:
        number_fn = dll.classify_version_number
        string_fn = dll.classify_version_string
    except AttributeError:
        raise ImportError(f"classify: {where} is not libclassify (no classify_version_number)") from None
    number_fn.argtypes, number_fn.restype = [], c_int
    string_fn.argtypes, string_fn.restype = [], c_char_p
    number = int(number_fn())
    text = (string_fn() or b"?").decode("utf-8", "replace")
    if number // 10000 != ABI_MAJOR:
        raise ImportError(
            f"classify: {where} is libclassify {text} (version number {number}), but this "
            f"binding needs libclassify {ABI_MAJOR}.x (version number {ABI_MAJOR}0000 to "
            f"{ABI_MAJOR}9999). Point CLASSIFY_LIBRARY at a {ABI_MAJOR}.x build."
        )
    return number, text


def _declare(dll: CDLL, where: str, version: str) -> None:
    for name, (argtypes, restype) in FUNCTIONS.items():
        try:
            fn = getattr(dll, name)
        except AttributeError:
            raise ImportError(
                f"classify: {where} (libclassify {version}) does not export {name}; "
                "it is older than this binding needs. " + _HOW_TO_GET_IT
            ) from None
        fn.argtypes = argtypes
        fn.restype = restype


lib, library_path = _load()
version_number, version_string = _check_version(lib, library_path)
_declare(lib, library_path, version_string)

# Helpers used by the other modules.


def decode(raw: bytes | None) -> str | None:
    """Decodes a string the library returned (UTF-8; never raises)."""
    return None if raw is None else raw.decode("utf-8", "surrogateescape")


def status_string(status: int) -> str:
    return decode(lib.classify_status_string(status)) or "unknown status"
