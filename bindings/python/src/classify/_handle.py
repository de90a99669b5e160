"""The base class of objects that own a native pointer."""

from __future__ import annotations

import sys
import threading
from types import TracebackType
from typing import Any, Callable, Generic, TypeVar

P = TypeVar("P")
H = TypeVar("H", bound="Handle[Any]")


class Handle(Generic[P]):
    """Owns one native pointer and frees it exactly once.

    - ``close()`` frees it now; closing again does nothing. ``with`` closes on exit, and
      garbage collection closes what was not closed (except during interpreter shutdown,
      when the process is about to release everything anyway).
    - Any use after ``close()`` raises ``ValueError``.
    - Closing while another thread is inside a call that uses the pointer is safe: the
      pointer is marked closed at once (new calls raise ``ValueError``) and freed when the
      last call in flight returns. Python code therefore never causes a use-after-free.
    """

    _ptr: P | None = None
    _zombie: P | None = None  # closed while in use; freed by the last _release()
    _users: int = 0
    _lock: threading.Lock

    def __init__(self, ptr: P) -> None:
        self._lock = threading.Lock()
        self._ptr = ptr

    # --- what subclasses provide -------------------------------------------------------

    def _free(self, ptr: P) -> None:
        raise NotImplementedError

    def _closing(self) -> None:
        """Called once, under the lock, when close() takes the pointer away."""

    # --- life cycle --------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """True once close() has been called."""
        return self._ptr is None

    def close(self) -> None:
        """Frees the native object (deferred while a call on another thread still uses it).
        Idempotent. Thread-safe."""
        lock = self.__dict__.get("_lock")
        if lock is None:  # __init__ never ran
            return
        with lock:
            ptr, self._ptr = self._ptr, None
            if ptr is None:
                return
            self._closing()
            if self._users:
                self._zombie, ptr = ptr, None
        if ptr is not None:
            self._free(ptr)

    def _acquire(self) -> P:
        """Returns the pointer and counts one more call in flight, or raises ValueError."""
        with self._lock:
            ptr = self._ptr
            if ptr is None:
                raise ValueError(f"{type(self).__name__} is closed")
            self._users += 1
            return ptr

    def _release(self) -> None:
        """Ends a call started by _acquire(); frees the pointer if close() came meanwhile."""
        with self._lock:
            self._users -= 1
            zombie = self._zombie if self._users == 0 else None
            if zombie is not None:
                self._zombie = None
        if zombie is not None:
            self._free(zombie)

    def _check_open(self) -> None:
        if self._ptr is None:
            raise ValueError(f"{type(self).__name__} is closed")

    def __enter__(self: H) -> H:
        self._check_open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self, _is_finalizing: Callable[[], bool] = sys.is_finalizing) -> None:
        if not _is_finalizing():
            self.close()

    def __reduce__(self) -> Any:
        raise TypeError(f"{type(self).__name__} objects cannot be pickled")
