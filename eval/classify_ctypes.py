"""A minimal ctypes binding to libclassify, private to the evaluation harness.

It mirrors the structs of include/classify.h field for field (every struct starts with
`struct_size`) and exposes just what the harness needs: open the built-in default ruleset,
list its detectors, scan bytes, and read the findings. It deliberately does not depend on
the project's Python bindings (bindings/python), which are developed separately.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LIBRARY = REPO_ROOT / "build" / "lib" / "libclassify.so"

CLASSIFY_OK = 0
CLASSIFY_DONE = 1
CLASSIFY_INCOMPLETE = 2


class _OpenOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("flags", ctypes.c_uint32),
    ]


class _DetectorInfo(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("id", ctypes.c_char_p),
        ("type", ctypes.c_char_p),
        ("category", ctypes.c_char_p),
        ("validator", ctypes.c_char_p),
        ("description", ctypes.c_char_p),
    ]


class _ScanOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("as_of", ctypes.c_int64),
        ("min_confidence", ctypes.c_double),
        ("max_findings", ctypes.c_uint32),
        ("flags", ctypes.c_uint32),
        ("deadline_ms", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
        ("cancel", ctypes.POINTER(ctypes.c_int)),
    ]


class _Finding(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("start", ctypes.c_uint64),
        ("end", ctypes.c_uint64),
        ("detector", ctypes.c_char_p),
        ("type", ctypes.c_char_p),
        ("category", ctypes.c_char_p),
        ("level", ctypes.c_char_p),
        ("confidence", ctypes.c_double),
        ("flags", ctypes.c_uint32),
        ("detector_index", ctypes.c_uint32),
    ]


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    type: str
    detector: str
    confidence: float
    flags: int


@dataclass(frozen=True)
class DetectorInfo:
    id: str
    type: str
    category: str
    validator: str | None


class ClassifyError(RuntimeError):
    pass


def _s(b: bytes | None) -> str | None:
    return None if b is None else b.decode("utf-8", "replace")


class Library:
    """The loaded shared library with argtypes/restype declared."""

    def __init__(self, path: str | os.PathLike | None = None, private_copy: bool = True):
        path = path or os.environ.get("CLASSIFY_LIBRARY") or DEFAULT_LIBRARY
        self.path = str(path)
        load_path = self.path
        if private_copy:
            # `make lib` rewrites build/lib/libclassify.so.1.0.0 in place (cp -f): a process
            # that has it mapped gets SIGBUS when another build replaces it mid-run. Load a
            # private copy instead, so that concurrent rebuilds cannot crash the evaluation.
            tmpdir = tempfile.mkdtemp(prefix="classify-eval-")
            load_path = os.path.join(tmpdir, "libclassify.so")
            shutil.copyfile(os.path.realpath(self.path), load_path)
            atexit.register(shutil.rmtree, tmpdir, True)
        lib = ctypes.CDLL(load_path)
        vp = ctypes.c_void_p
        lib.classify_version_string.restype = ctypes.c_char_p
        lib.classify_version_string.argtypes = []
        lib.classify_status_string.restype = ctypes.c_char_p
        lib.classify_status_string.argtypes = [ctypes.c_int]
        lib.classify_error_message.restype = ctypes.c_char_p
        lib.classify_error_message.argtypes = [vp]
        lib.classify_error_free.restype = None
        lib.classify_error_free.argtypes = [vp]
        lib.classify_ruleset_open_builtin.restype = ctypes.c_int
        lib.classify_ruleset_open_builtin.argtypes = [
            ctypes.POINTER(vp), ctypes.c_char_p, ctypes.POINTER(_OpenOptions), ctypes.POINTER(vp)]
        lib.classify_ruleset_open_file.restype = ctypes.c_int
        lib.classify_ruleset_open_file.argtypes = [
            ctypes.POINTER(vp), ctypes.c_char_p, ctypes.POINTER(_OpenOptions), ctypes.POINTER(vp)]
        lib.classify_ruleset_free.restype = None
        lib.classify_ruleset_free.argtypes = [vp]
        for name in ("classify_ruleset_id", "classify_ruleset_version", "classify_ruleset_digest"):
            getattr(lib, name).restype = ctypes.c_char_p
            getattr(lib, name).argtypes = [vp]
        lib.classify_builtin_pack_name.restype = ctypes.c_char_p
        lib.classify_builtin_pack_name.argtypes = [ctypes.c_size_t]
        lib.classify_ruleset_detector_count.restype = ctypes.c_size_t
        lib.classify_ruleset_detector_count.argtypes = [vp]
        lib.classify_ruleset_detector.restype = ctypes.c_int
        lib.classify_ruleset_detector.argtypes = [vp, ctypes.c_size_t, ctypes.POINTER(_DetectorInfo)]
        lib.classify_scanner_new.restype = ctypes.c_int
        lib.classify_scanner_new.argtypes = [ctypes.POINTER(vp)]
        lib.classify_scanner_free.restype = None
        lib.classify_scanner_free.argtypes = [vp]
        lib.classify_scanner_scan.restype = ctypes.c_int
        lib.classify_scanner_scan.argtypes = [vp, vp, ctypes.c_char_p, ctypes.c_size_t,
                                              ctypes.POINTER(_ScanOptions)]
        lib.classify_scanner_finding.restype = ctypes.c_int
        lib.classify_scanner_finding.argtypes = [vp, ctypes.c_size_t, ctypes.POINTER(_Finding)]
        self.lib = lib

    def version(self) -> str:
        return _s(self.lib.classify_version_string())

    def builtin_pack_names(self) -> list[str]:
        names, i = [], 0
        while True:
            n = self.lib.classify_builtin_pack_name(i)
            if n is None:
                return names
            names.append(_s(n))
            i += 1

    def status_string(self, status: int) -> str:
        return _s(self.lib.classify_status_string(status))


class Engine:
    """One ruleset (a built-in pack, or a pack file) and one scanner (single-threaded use)."""

    def __init__(self, library: Library | None = None, pack: str | None = None,
                 pack_file: str | os.PathLike | None = None):
        self.library = library or Library()
        lib = self.library.lib
        self._rs = self._sc = None
        rs, err = ctypes.c_void_p(), ctypes.c_void_p()
        if pack_file is not None:
            what = f"pack file {str(pack_file)!r}"
            status = lib.classify_ruleset_open_file(
                ctypes.byref(rs), os.fsencode(pack_file), None, ctypes.byref(err))
        else:
            what = f"built-in pack {pack or 'default'!r}"
            status = lib.classify_ruleset_open_builtin(
                ctypes.byref(rs), pack.encode() if pack else None, None, ctypes.byref(err))
        if status != CLASSIFY_OK:
            msg = _s(lib.classify_error_message(err))
            lib.classify_error_free(err)
            raise ClassifyError(f"opening {what} failed "
                                f"({self.library.status_string(status)}): {msg}")
        self._rs = rs
        sc = ctypes.c_void_p()
        status = lib.classify_scanner_new(ctypes.byref(sc))
        if status != CLASSIFY_OK:
            lib.classify_ruleset_free(rs)
            raise ClassifyError(f"classify_scanner_new: {self.library.status_string(status)}")
        self._sc = sc
        self._opts = _ScanOptions()
        self._opts.struct_size = ctypes.sizeof(_ScanOptions)
        self._finding = _Finding()
        self._finding.struct_size = ctypes.sizeof(_Finding)

    @property
    def pack_id(self) -> str:
        return _s(self.library.lib.classify_ruleset_id(self._rs))

    @property
    def pack_version(self) -> str:
        return _s(self.library.lib.classify_ruleset_version(self._rs))

    @property
    def pack_digest(self) -> str:
        return _s(self.library.lib.classify_ruleset_digest(self._rs))

    def detectors(self) -> list[DetectorInfo]:
        lib = self.library.lib
        out = []
        for i in range(lib.classify_ruleset_detector_count(self._rs)):
            info = _DetectorInfo()
            info.struct_size = ctypes.sizeof(_DetectorInfo)
            if lib.classify_ruleset_detector(self._rs, i, ctypes.byref(info)) != CLASSIFY_OK:
                break
            out.append(DetectorInfo(_s(info.id), _s(info.type), _s(info.category),
                                    _s(info.validator)))
        return out

    def scan(self, data: bytes) -> tuple[list[Finding], bool]:
        """Scans `data`; returns (findings, incomplete)."""
        lib = self.library.lib
        status = lib.classify_scanner_scan(self._sc, self._rs, data, len(data),
                                           ctypes.byref(self._opts))
        if status < 0:
            raise ClassifyError(f"classify_scanner_scan: {self.library.status_string(status)}")
        out = []
        f = self._finding
        i = 0
        while lib.classify_scanner_finding(self._sc, i, ctypes.byref(f)) == CLASSIFY_OK:
            out.append(Finding(f.start, f.end, _s(f.type), _s(f.detector), f.confidence, f.flags))
            i += 1
        return out, status == CLASSIFY_INCOMPLETE

    def close(self) -> None:
        lib = self.library.lib
        if self._sc:
            lib.classify_scanner_free(self._sc)
            self._sc = None
        if self._rs:
            lib.classify_ruleset_free(self._rs)
            self._rs = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass
