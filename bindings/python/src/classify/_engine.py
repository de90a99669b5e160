"""Engines: a current ruleset swapped atomically while threads classify, and a watcher that
reloads it when its pack file changes."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from ctypes import byref, c_char_p
from pathlib import Path
from typing import Any, Callable, Iterable, Union

from . import _ffi
from ._core import (
    AsOf,
    Data,
    Ruleset,
    _NativeScanner,
    _address,
    _classify,
    _pooled,
    _redecide,
    _scan_options,
    _text,
)
from ._ffi import lib
from ._handle import Handle
from ._types import Detector, PackInfo, Result
from .errors import ClassifyError, InvalidArgumentError, _raise_for

__all__ = ["Engine", "PackWatcher"]

#: A pack or bundle file.
PathLike = Union[str, "os.PathLike[str]"]

_engine_reclassify_fn = lib.classify_engine_reclassify


def _key_text(key: Any) -> bytes:
    """A trusted key as the C ABI takes it: the text of a KEYBASE.pub file, or the base64 of
    the 32 key bytes. A Path (or a str naming an existing .pub file) is read."""
    if isinstance(key, Path) or (isinstance(key, str) and key.endswith(".pub") and os.path.exists(key)):
        return Path(key).read_bytes()
    if isinstance(key, str):
        return key.encode("utf-8")
    if isinstance(key, (bytes, bytearray)):
        return bytes(key)
    raise TypeError(f"a trusted key must be a str, bytes or Path, not {type(key).__name__}")


class Engine(Handle[Any]):
    """Holds the current ruleset of a long-running process and swaps it atomically.

    Any number of threads may classify through an engine while others swap it: a call
    finishes on the ruleset it started with, every Result names the ``generation`` of that
    ruleset (1 for the first, +1 per successful swap), and a swap that fails raises and
    changes nothing. ``swap()`` opens, verifies and compiles first, so classifying threads
    never wait for it.

    ``ruleset``: the first ruleset - a Ruleset, a pack or bundle file, or None to start
    empty (classify() then raises until the first swap).

    Integrity: with ``require_signatures=True`` every pack or bundle a swap reads must be
    signed (``FILE.sig``, ``classify pack sign``) by one of ``trusted_keys`` (texts of
    KEYBASE.pub files, their base64 keys, or Paths to them); the signature is checked over
    the bytes before they are parsed (SignatureError). A swap to an older version of the
    loaded pack raises DowngradeError unless ``allow_downgrade=True``.

    ``skip_examples`` and ``jit`` apply to the packs the engine opens, as for Ruleset.open().
    """

    _pool: list[_NativeScanner]
    _names: dict[bytes, str]
    _framework_sets: dict[tuple[bytes, ...], tuple[str, ...]]
    _detector_cache: dict[bytes, Detector]
    _generations: dict[int, tuple[PackInfo, dict[int, Detector], dict[int, str], dict[bytes, tuple[str, ...]]]]
    _address: int

    def __init__(
        self,
        ruleset: Ruleset | PathLike | None = None,
        *,
        require_signatures: bool = False,
        trusted_keys: Iterable[str | bytes | Path] = (),
        allow_downgrade: bool = False,
        skip_examples: bool = False,
        jit: bool = True,
    ) -> None:
        keys = [_key_text(k) for k in trusted_keys]
        opts = _ffi.classify_engine_options()
        opts.flags = (_ffi.ENGINE_REQUIRE_SIGNATURES if require_signatures else 0) | (
            _ffi.ENGINE_ALLOW_DOWNGRADE if allow_downgrade else 0
        )
        opts.open_flags = (_ffi.OPEN_SKIP_EXAMPLES if skip_examples else 0) | (0 if jit else _ffi.OPEN_NO_JIT)
        key_array = (c_char_p * max(1, len(keys)))(*keys)
        opts.trusted_keys = key_array if keys else None
        opts.trusted_key_count = len(keys)
        first = ruleset if isinstance(ruleset, Ruleset) else None
        out = _ffi.engine_p()
        err = _ffi.error_p()
        if first is not None:
            rs_ptr = first._acquire()
            try:
                status = lib.classify_engine_new(byref(out), rs_ptr, byref(opts), byref(err))
            finally:
                first._release()
        else:
            status = lib.classify_engine_new(byref(out), None, byref(opts), byref(err))
        if status != _ffi.OK:
            _raise_for(status, err)
        super().__init__(out)
        self._address = _address(out)
        self._pool = []
        self._names = {}
        self._framework_sets = {}
        self._detector_cache = {}
        self._generations = {}
        if ruleset is not None and first is None:
            try:
                self.swap(ruleset)
            except BaseException:
                self.close()
                raise

    # --- life cycle ------------------------------------------------------------------------

    def _free(self, ptr: Any) -> None:
        lib.classify_engine_free(ptr)

    def _closing(self) -> None:
        pool, self._pool = self._pool, []
        for scanner in pool:
            scanner.free()

    def __repr__(self) -> str:
        if self.closed:
            return "<classify.Engine (closed)>"
        p = self.pack
        what = f"{p.id} {p.version}" if p else "no ruleset"
        return f"<classify.Engine generation {self.generation}: {what}>"

    def _call(self, body: Callable[[Any], Any]) -> Any:
        ptr = self._acquire()
        try:
            return body(ptr)
        finally:
            self._release()

    # --- swapping --------------------------------------------------------------------------

    @property
    def generation(self) -> int:
        """The generation of the current ruleset: 0 before the first, +1 per successful swap."""
        return int(self._call(lib.classify_engine_generation))

    def swap(self, source: Ruleset | PathLike | bytes) -> int:
        """Makes ``source`` the current ruleset and returns the new generation: a Ruleset, or
        a pack or bundle file (its signature, when required, is ``FILE.sig``). Raises the
        error of the failed step (PackIOError, PackError, SignatureError, DowngradeError,
        ...) and then changes nothing. Thread-safe."""
        if isinstance(source, Ruleset):
            rs_ptr = source._acquire()
            try:
                self._check(lambda ptr, err: lib.classify_engine_swap_ruleset(ptr, rs_ptr, err))
            finally:
                source._release()
        else:
            raw = os.fsencode(source)
            if b"\0" in raw:
                raise InvalidArgumentError("path: embedded null byte", status=_ffi.E_INVALID)
            self._check(lambda ptr, err: lib.classify_engine_swap_file(ptr, raw, err))
        return self.generation

    def swap_json(
        self, text: str | bytes, *, signature: str | bytes | None = None, name: str | None = None
    ) -> int:
        """Like swap(), with the pack or bundle held in memory and its signature file's text
        (or None). A bundle's relative paths start at the directory part of ``name``."""
        raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        sig = signature.encode("utf-8") if isinstance(signature, str) else signature
        c_name = None if name is None else name.encode("utf-8")
        self._check(
            lambda ptr, err: lib.classify_engine_swap_buffer(
                ptr, raw, len(raw), sig, 0 if sig is None else len(sig), c_name, err
            )
        )
        return self.generation

    def _check(self, call: Callable[[Any, Any], int]) -> None:
        err = _ffi.error_p()
        status = self._call(lambda ptr: call(ptr, byref(err)))
        if status != _ffi.OK:
            _raise_for(status, err)

    def ruleset(self) -> Ruleset | None:
        """The current ruleset (a new reference: it stays usable after later swaps), or None
        before the first."""
        out = _ffi.ruleset_p()
        status = self._call(lambda ptr: lib.classify_engine_ruleset(byref(out), ptr))
        if status != _ffi.OK or not out:
            return None
        return Ruleset._adopt(out)

    @property
    def pack(self) -> PackInfo | None:
        """id, version and digest of the current ruleset, or None before the first."""
        out = _ffi.ruleset_p()
        status = self._call(lambda ptr: lib.classify_engine_ruleset(byref(out), ptr))
        if status != _ffi.OK or not out:
            return None
        try:
            return PackInfo(
                _text(lib.classify_ruleset_id(out)),
                _text(lib.classify_ruleset_version(out)),
                _text(lib.classify_ruleset_digest(out)),
            )
        finally:
            lib.classify_ruleset_free(out)

    # --- classifying -----------------------------------------------------------------------

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
        """Ruleset.classify() with the engine's current ruleset; the Result's ``generation``
        and ``pack`` say which one. Thread-safe, also while other threads swap. Raises
        InvalidArgumentError before the first ruleset."""
        if as_of is min_confidence is max_findings is deadline_ms is data_created is None:
            return _classify(self, "Engine", data, None, explain, True)  # the defaults
        opts = _scan_options(as_of, min_confidence, max_findings, deadline_ms, data_created)
        return _classify(self, "Engine", data, opts, explain, True)

    def reclassify(
        self,
        summary: dict[str, Any] | str | bytes | Result,
        *,
        as_of: AsOf | None = None,
        data_created: AsOf | int | None = None,
    ) -> Result:
        """Ruleset.reclassify() with the engine's current ruleset (the Result carries its
        generation)."""
        return self._pooled(
            lambda scanner, ptr: _redecide(
                scanner,
                lambda sp, raw, opts, err: _engine_reclassify_fn(ptr, sp, raw, len(raw), opts, err),
                summary,
                as_of,
                data_created,
                self._names,
                None,
            )
        )

    def _pooled(self, body: Callable[[_NativeScanner, Any], Result]) -> Result:
        return _pooled(self, "Engine", body)

    # --- reloading -------------------------------------------------------------------------

    def watch(
        self,
        path: PathLike,
        *,
        interval: float = 1.0,
        on_swap: Callable[[int], None] | None = None,
        on_error: Callable[[ClassifyError], None] | None = None,
        load: bool = True,
    ) -> PackWatcher:
        """Reloads ``path`` (a pack or bundle) whenever it changes, from a background thread.

        Every ``interval`` seconds the watcher compares the modification time and size of
        the file, of its signature (``FILE.sig``) and, for a bundle, of its member packs
        and their signatures; when one changed and their contents' SHA-256 differs from
        what was last tried, it swaps - once the change has settled: the files must look the
        same at two polls in a row, so that a file caught halfway through being written is
        not loaded. On success it calls ``on_swap(generation)``; on
        failure the current ruleset stays and it calls ``on_error(error)`` (the same
        contents are not retried until they change again). Callbacks run on the watcher's
        thread; an exception they raise is reported on stderr and ignored.

        With ``load=True`` (the default) the file is swapped in now, on this thread, and a
        failure raises. Stop the watcher with ``stop()`` (or use it as a context manager).
        """
        watcher = PackWatcher(self, path, interval=interval, on_swap=on_swap, on_error=on_error)
        if load:
            watcher.reload_now(raise_errors=True)
        watcher.start()
        return watcher


class PackWatcher(threading.Thread):
    """Polls a pack or bundle file and swaps it into an Engine when it changes (see
    Engine.watch())."""

    def __init__(
        self,
        engine: Engine,
        path: PathLike,
        *,
        interval: float,
        on_swap: Callable[[int], None] | None,
        on_error: Callable[[ClassifyError], None] | None,
    ) -> None:
        super().__init__(name=f"classify-watch:{os.fspath(path)}", daemon=True)
        if not interval > 0:
            raise InvalidArgumentError(f"interval must be positive, not {interval!r}", status=_ffi.E_INVALID)
        self.engine = engine
        self.path = os.fspath(path)
        self.interval = float(interval)
        self.on_swap = on_swap
        self.on_error = on_error
        #: Successful and failed swaps so far.
        self.swaps = 0
        self.errors = 0
        #: The last error, or None.
        self.last_error: ClassifyError | None = None
        self._stop_event = threading.Event()
        self._fingerprint = self._stat()
        self._digest = self._contents_digest()
        # A change seen at the last poll, not acted on until the files look the same again.
        self._settling: tuple[tuple[str, int, int], ...] | None = None

    # Files that make up the document: the file, its signature, a bundle's members and theirs.
    def _files(self) -> list[str]:
        files = [self.path, self.path + ".sig"]
        try:
            with open(self.path, "rb") as f:
                doc = json.loads(f.read(16 * 1024 * 1024))
        except (OSError, ValueError):
            return files
        if isinstance(doc, dict) and doc.get("schema") == "classify.bundle/1" and isinstance(doc.get("packs"), list):
            base = os.path.dirname(self.path)
            for entry in doc["packs"]:
                ref = entry.get("pack") if isinstance(entry, dict) else entry
                if isinstance(ref, str) and not ref.startswith("builtin:"):
                    member = ref if os.path.isabs(ref) else os.path.join(base, ref)
                    files += [member, member + ".sig"]
        return files

    def _stat(self) -> tuple[tuple[str, int, int], ...]:
        out = []
        for name in self._files():
            try:
                st = os.stat(name)
                out.append((name, st.st_mtime_ns, st.st_size))
            except OSError:
                out.append((name, -1, -1))
        return tuple(out)

    def _contents_digest(self) -> bytes:
        h = hashlib.sha256()
        for name in self._files():
            h.update(name.encode("utf-8", "surrogateescape") + b"\0")
            try:
                with open(name, "rb") as f:
                    h.update(f.read())
            except OSError:
                h.update(b"\xff(missing)")
            h.update(b"\0")
        return h.digest()

    def reload_now(self, *, raise_errors: bool = False) -> bool:
        """Swaps the file in now. Returns True on success; on failure reports the error
        (raises it with ``raise_errors``) and keeps the current ruleset."""
        self._fingerprint = self._stat()
        self._digest = self._contents_digest()
        try:
            generation = self.engine.swap(self.path)
        except ClassifyError as e:
            self.errors += 1
            self.last_error = e
            if raise_errors:
                raise
            self._callback(self.on_error, e)
            return False
        self.swaps += 1
        self.last_error = None
        self._callback(self.on_swap, generation)
        return True

    def poll(self) -> bool:
        """One check: swaps if the files changed. Returns True if it swapped."""
        fingerprint = self._stat()
        if fingerprint == self._fingerprint:
            self._settling = None
            return False
        if fingerprint != self._settling:
            # Changed since the last poll: a writer may still be at it (write_text()
            # truncates, then writes). Look again at the next poll.
            self._settling = fingerprint
            return False
        self._settling = None
        self._fingerprint = fingerprint
        digest = self._contents_digest()
        if digest == self._digest:
            return False  # touched, not changed
        return self.reload_now()

    def _callback(self, fn: Callable[[Any], None] | None, arg: Any) -> None:
        if fn is None:
            return
        try:
            fn(arg)
        except Exception as e:  # noqa: BLE001 - a callback must not stop the watcher
            print(f"classify: PackWatcher callback {fn!r} raised {e!r}", file=sys.stderr)

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            if self.engine.closed:
                return
            try:
                self.poll()
            except Exception as e:  # noqa: BLE001 - keep watching
                print(f"classify: PackWatcher: {e!r}", file=sys.stderr)

    def stop(self, timeout: float | None = None) -> None:
        """Stops polling and waits for the thread to end."""
        self._stop_event.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout)

    def __enter__(self) -> PackWatcher:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()
