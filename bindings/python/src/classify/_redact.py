"""Redaction: a copy of the data with its findings replaced (docs/redaction.md).

``Ruleset.redact()`` is defined here and attached to ``Ruleset``.
"""

from __future__ import annotations

import ctypes
from collections.abc import Mapping
from ctypes import byref, c_size_t, c_void_p
from typing import Any, Union

from . import _ffi, _offsets
from ._core import AsOf, Data, Ruleset, _buffer, _invalid, _scan_options
from ._ffi import lib
from .errors import _raise_for

__all__ = ["MODES", "Redaction"]

#: The redaction modes by name, as the C ABI numbers them.
MODES: dict[str, int] = {
    "mask": _ffi.REDACT_MASK,
    "type": _ffi.REDACT_TYPE,
    "hash": _ffi.REDACT_HASH,
    "remove": _ffi.REDACT_REMOVE,
}

#: What an override may be: a mode name, or a dict with "mode" and/or "keep".
Override = Union[str, Mapping[str, Any]]


class Redaction:
    """How to redact, as the library reads it (``classify_redact_options``).

    - ``mode``: "mask", "type", "hash" or "remove" for every detector without an override;
      None = each detector as its pack says, else "mask".
    - ``key``: the HMAC key of the "hash" mode (bytes, or str encoded as UTF-8); required
      when a detector is redacted with "hash".
    - ``keep``: "mask" keeps this many characters at the end (0 to 64; at most half of a
      value); None = the pack's setting, else 4 (0 for credentials).
    - ``overrides``: by detector id or entity type, a mode name or ``{"mode": ..., "keep":
      ...}``; a detector id wins over a type.
    - ``mask_char``: the ASCII character that hides the others (default "*").
    """

    def __init__(
        self,
        mode: str | None = None,
        *,
        key: bytes | str | None = None,
        keep: int | None = None,
        overrides: Mapping[str, Override] | None = None,
        mask_char: str | None = None,
    ) -> None:
        opts = _ffi.classify_redact_options()
        self._refs: list[Any] = []
        if mode is not None:
            opts.mode = _mode(mode, "mode")
        if keep is not None:
            opts.keep = _keep(keep, "keep")
        if key is not None:
            raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
            if raw:
                buf = ctypes.create_string_buffer(raw, len(raw))
                self._refs.append(buf)
                opts.key = ctypes.cast(buf, c_void_p)
                opts.key_len = len(raw)
        if mask_char is not None:
            if not isinstance(mask_char, str) or len(mask_char) != 1 or not mask_char.isascii() or mask_char == "\0":
                raise _invalid(f"mask_char must be one ASCII character, not {mask_char!r}")
            opts.mask_char = ord(mask_char)
        if overrides:
            rules = (_ffi.classify_redact_rule * len(overrides))()
            for rule, (target, spec) in zip(rules, overrides.items()):
                if not isinstance(target, str) or not target or "\0" in target:
                    raise _invalid(f"overrides: {target!r} is not a detector id or entity type")
                rule.struct_size = ctypes.sizeof(_ffi.classify_redact_rule)
                name = target.encode("utf-8")
                self._refs.append(name)
                rule.target = name
                if isinstance(spec, str):
                    rule.mode = _mode(spec, f"overrides[{target!r}]")
                elif isinstance(spec, Mapping):
                    unknown = set(spec) - {"mode", "keep"}
                    if unknown:
                        raise _invalid(f"overrides[{target!r}]: unknown keys {sorted(unknown)}")
                    if spec.get("mode") is not None:
                        rule.mode = _mode(spec["mode"], f"overrides[{target!r}]")
                    if spec.get("keep") is not None:
                        rule.keep = _keep(spec["keep"], f"overrides[{target!r}].keep")
                else:
                    raise TypeError(f"overrides[{target!r}] must be a mode name or a dict, not {type(spec).__name__}")
            self._refs.append(rules)
            opts.rules = ctypes.cast(rules, ctypes.POINTER(_ffi.classify_redact_rule))
            opts.rule_count = len(overrides)
        self._options = opts

    @classmethod
    def of(cls, value: Redaction | Mapping[str, Any] | str | None) -> Redaction | None:
        """A Redaction from itself, a dict of its arguments, or a mode name."""
        if value is None or isinstance(value, Redaction):
            return value
        if isinstance(value, str):
            return cls(value)
        if isinstance(value, Mapping):
            return cls(**value)
        raise TypeError(f"redact must be a Redaction, a dict or a mode name, not {type(value).__name__}")


def _mode(name: Any, what: str) -> int:
    value = MODES.get(name) if isinstance(name, str) else None
    if value is None:
        raise _invalid(f"{what}: {name!r} is not a redaction mode; use one of {', '.join(MODES)}")
    return value


def _keep(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if not 0 <= value <= _ffi.LIMIT_REDACT_KEEP:
        raise _invalid(f"{what} must be between 0 and {_ffi.LIMIT_REDACT_KEEP}, not {value}")
    return _ffi.REDACT_KEEP_NONE if value == 0 else value


def _redacted(scanner_ptr: Any) -> bytes:
    """The redacted bytes the native scanner holds."""
    out = c_void_p()
    size = c_size_t()
    status = lib.classify_scanner_redacted(scanner_ptr, byref(out), byref(size))
    if status != _ffi.OK:
        _raise_for(status)
    return ctypes.string_at(out, size.value) if size.value else b""


def redact(
    self: Ruleset,
    data: Data,
    *,
    mode: str | None = None,
    key: bytes | str | None = None,
    keep: int | None = None,
    overrides: Mapping[str, Override] | None = None,
    mask_char: str | None = None,
    as_of: AsOf | None = None,
    min_confidence: float | None = None,
    max_findings: int | None = None,
) -> Any:
    """A copy of ``data`` with every finding replaced: ``str`` in, ``str`` out; bytes-like
    in, ``bytes`` out. ``mode``, ``key``, ``keep``, ``overrides`` and ``mask_char`` are those
    of ``Redaction`` (e.g. ``mode="hash", key=b"..."``); the scan options those of
    classify(). Raises InvalidArgumentError for a bad option or a "hash" without a key.
    Thread-safe, like classify().

        >>> rules.redact("mail jane.doe@example.com", mode="type")
        'mail [EMAIL_ADDRESS]'
    """
    redaction = Redaction(mode, key=key, keep=keep, overrides=overrides, mask_char=mask_char)
    opts = _scan_options(as_of, min_confidence, max_findings, None)
    text = data if isinstance(data, str) else None
    if text is not None:
        buf: Any = _offsets.encode(text)
        size = len(buf)
    else:
        buf, size = _buffer(data)

    def body(scanner: Any, rs_ptr: Any) -> bytes:
        status = lib.classify_scanner_redact(
            scanner.ptr, rs_ptr, buf if size else None, size, byref(redaction._options), opts
        )
        if status < 0:
            _raise_for(status)
        return _redacted(scanner.ptr)

    out: bytes = self._pooled(body)  # type: ignore[arg-type, assignment]
    if text is not None:
        return out.decode("utf-8", "surrogatepass")
    return out


Ruleset.redact = redact  # type: ignore[attr-defined]
