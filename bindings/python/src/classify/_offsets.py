"""Converting the library's byte offsets into ``str`` indices.

A ``str`` is scanned as its UTF-8 encoding, made with the ``surrogatepass`` error handler
so that every ``str`` can be scanned: each code point becomes 1 to 4 bytes (a lone
surrogate becomes the 3 bytes of its generalised UTF-8 form, which the engine, like any
invalid UTF-8, never matches). The encoding therefore has exactly one lead byte (a byte
outside 0x80..0xBF) per code point, and the ``str`` index of byte offset ``b`` is the
number of lead bytes before ``b``.

The conversion walks the encoding once, from offset to offset in sorted order, counting
lead bytes with ``bytes.translate`` (C speed): O(n + k log k) for n bytes and k offsets,
and only when there are findings. The spans of a scan (ordered, not overlapping, between
characters) take a shorter way: one pass decoding the pieces between offsets, O(n + k). An offset that falls inside a character (the engine
does not produce one for a well-formed ``str``, but the mapping stays total) is rounded
outwards: a start to the beginning of its character, an end past the end of its character,
so that ``text[start:end]`` always covers the finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

_CONTINUATION = bytes(range(0x80, 0xC0))


def encode(text: str) -> bytes:
    """The bytes a ``str`` is scanned as."""
    return text.encode("utf-8", "surrogatepass")


def lead_counts(encoded: bytes, offsets: Iterable[int]) -> dict[int, int]:
    """Maps each byte offset to the number of code points that start before it."""
    counts: dict[int, int] = {}
    position = 0
    count = 0
    for offset in sorted(set(offsets)):
        if offset > position:
            count += len(encoded[position:offset].translate(None, _CONTINUATION))
            position = offset
        counts[offset] = count
    return counts


def str_spans(encoded: bytes, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Converts ``[start, end)`` byte spans over ``encoded`` into ``str`` index spans."""
    # A scan's findings are ordered and do not overlap, and their offsets fall between
    # characters: then one pass decoding the pieces between offsets counts the code points
    # (a piece of a str's encoding decodes to exactly its characters, lone surrogates
    # included). Anything else takes the general way.
    out: list[tuple[int, int]] = []
    position = count = 0
    try:
        for start, end in spans:
            if start < position or end < start:
                return _str_spans_general(encoded, spans)
            s = count + len(encoded[position:start].decode("utf-8", "surrogatepass"))
            count = s + len(encoded[start:end].decode("utf-8", "surrogatepass"))
            position = end
            out.append((s, count))
    except UnicodeDecodeError:  # an offset inside a character
        return _str_spans_general(encoded, spans)
    return out


def _str_spans_general(encoded: bytes, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """str_spans() for any spans: in any order, overlapping, offsets inside characters."""
    counts = lead_counts(encoded, (o for span in spans for o in span))
    size = len(encoded)
    out: list[tuple[int, int]] = []
    for start, end in spans:
        s = counts[start]
        if start < size and 0x80 <= encoded[start] < 0xC0:
            s -= 1  # inside a character: start at its lead byte
        out.append((s, counts[end]))
    return out
