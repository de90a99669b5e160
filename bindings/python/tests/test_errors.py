"""Errors: every status maps to its exception, with the engine's details copied out."""

from __future__ import annotations

import errno
import json
import pickle
from pathlib import Path
from typing import Any, Callable

import pytest
from conftest import CARD_TEXT, pack, pack_json

import classify
from classify import _ffi
from classify.errors import EXCEPTIONS, _raise_for


def _position(text: str, needle: str) -> tuple[int, int]:
    """1-based line and byte column of the first occurrence of needle."""
    index = text.index(needle)
    before = text[:index]
    line = before.count("\n") + 1
    column = len(before[before.rfind("\n") + 1 :].encode()) + 1
    return line, column


def test_malformed_json_names_the_place() -> None:
    text = '{\n  "schema": "classify.pack/1",\n  "id": "x",\n  "version": 1.0.0\n}'
    with pytest.raises(classify.PackError) as caught:
        classify.Ruleset.from_json(text, name="broken.json")
    e = caught.value
    assert type(e) is classify.PackError
    assert e.status == _ffi.E_PACK == classify.PackError.STATUS
    assert e.pack == "broken.json"
    assert e.json_pointer == ""  # the document as a whole
    assert (e.line, e.column) == (4, 17)  # where the parser stopped, past "1.0"
    assert e.detector is None and e.offset is None
    assert str(e) == e.message
    assert e.message.startswith("pack 'broken.json': ") and "line 4" in e.message


def test_unknown_field_names_its_json_pointer_line_and_column() -> None:
    doc = pack()
    doc["detectors"][0]["keywrds"] = ["typo"]
    text = json.dumps(doc, indent=2)
    with pytest.raises(classify.PackError) as caught:
        classify.Ruleset.from_json(text)
    e = caught.value
    assert e.pack == "acme-hr"  # the pack's id once it was read
    assert e.json_pointer == "/detectors/0/keywrds"
    assert (e.line, e.column) == _position(text, '[\n        "typo"')
    assert 'unknown field "keywrds"' in e.message


def test_broken_regex_is_a_pattern_error_with_offset() -> None:
    doc = pack()
    doc["detectors"][0]["patterns"] = ["\\bE-\\d{7}\\b", "E-(\\d{7}"]
    text = json.dumps(doc, indent=2)
    with pytest.raises(classify.PatternError) as caught:
        classify.Ruleset.from_json(text, name="acme.json")
    e = caught.value
    assert isinstance(e, classify.PackError)
    assert e.status == _ffi.E_PATTERN
    assert e.json_pointer == "/detectors/0/patterns/1"
    assert e.detector == "acme_employee_id"
    assert e.offset == len("E-(\\d{7}") == 8  # PCRE2 stops at the end of the pattern
    assert (e.line, e.column) == _position(text, '"E-(')
    assert "missing closing parenthesis" in e.message


def test_failing_example_names_the_detector() -> None:
    doc = pack()
    doc["detectors"][0]["examples"]["match"] = ["employee E-12345 joined"]
    with pytest.raises(classify.PackError) as caught:
        classify.Ruleset.from_json(json.dumps(doc))
    e = caught.value
    assert e.detector == "acme_employee_id"
    assert e.json_pointer == "/detectors/0/examples/match/0"
    # The same pack opens when examples are skipped.
    with classify.Ruleset.from_json(json.dumps(doc), skip_examples=True) as rules:
        assert rules.classify("employee E-1234567").findings


def test_unsupported_schema_is_a_version_error() -> None:
    with pytest.raises(classify.VersionError) as caught:
        classify.Ruleset.from_json(pack_json(schema="classify.pack/2"))
    assert caught.value.json_pointer == "/schema"
    assert caught.value.status == _ffi.E_VERSION


def test_nesting_too_deep_is_a_limit_error() -> None:
    with pytest.raises(classify.LimitError) as caught:
        classify.Ruleset.from_json("[" * 40 + "]" * 40)
    assert "CLASSIFY_LIMIT_JSON_DEPTH" in caught.value.message


def test_pack_too_large_is_a_limit_error(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(_ffi.LIMIT_PACK_BYTES + 1)
    with pytest.raises(classify.LimitError):
        classify.Ruleset.open(big)


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    path = tmp_path / "missing.json"
    with pytest.raises(OSError) as caught:
        classify.Ruleset.open(path)
    e = caught.value
    assert isinstance(e, classify.PackIOError) and isinstance(e, classify.ClassifyError)
    assert e.status == _ffi.E_IO
    assert e.errno == errno.ENOENT and e.strerror
    assert e.filename == str(path) == e.pack
    assert str(e) == e.message and str(path) in str(e)


def test_a_directory_is_an_os_error_without_errno(tmp_path: Path) -> None:
    with pytest.raises(classify.PackIOError) as caught:
        classify.Ruleset.open(tmp_path)
    assert caught.value.errno is None and "not a regular file" in str(caught.value)


def test_invalid_arguments_are_value_errors() -> None:
    with pytest.raises(classify.InvalidArgumentError) as caught:
        classify.Ruleset.builtin("no-such-pack")
    assert isinstance(caught.value, ValueError)
    assert caught.value.status == _ffi.E_INVALID
    assert "no-such-pack" in caught.value.message
    with pytest.raises(classify.PackError):
        classify.Ruleset.from_json(b"")
    with pytest.raises(ValueError):
        classify.Ruleset.open("a\0b")
    with pytest.raises(ValueError):
        classify.Ruleset.builtin("core\0")
    with pytest.raises(TypeError):
        classify.Ruleset.from_json(123)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        classify.Ruleset()


@pytest.mark.parametrize(
    "options",
    [
        {"min_confidence": 1.5},
        {"min_confidence": -0.1},
        {"min_confidence": float("nan")},
        {"max_findings": 0},
        {"max_findings": _ffi.LIMIT_MAX_FINDINGS + 1},
        {"max_findings": 2**40},
        {"deadline_ms": 0},
        {"deadline_ms": 2**32},
        {"as_of": "29/11/2026"},
        {"as_of": "2026-02-30"},
    ],
)
def test_bad_options_raise_invalid_argument(default_rules: classify.Ruleset, options: dict[str, Any]) -> None:
    with pytest.raises(classify.InvalidArgumentError):
        default_rules.classify(CARD_TEXT, **options)


@pytest.mark.parametrize(
    "options",
    [{"min_confidence": "high"}, {"min_confidence": True}, {"max_findings": 1.5}, {"deadline_ms": "5"}, {"as_of": 20270101}],
)
def test_options_of_the_wrong_type_raise_type_error(
    default_rules: classify.Ruleset, options: dict[str, Any]
) -> None:
    with pytest.raises(TypeError):
        default_rules.classify(CARD_TEXT, **options)


def test_data_of_the_wrong_type_raises_type_error(default_rules: classify.Ruleset) -> None:
    for bad in (123, None, ["card"], 4.5):
        with pytest.raises(TypeError, match="bytes"):
            default_rules.classify(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("status", sorted(EXCEPTIONS))
def test_every_status_raises_its_class(status: int) -> None:
    with pytest.raises(EXCEPTIONS[status]) as caught:
        _raise_for(status)
    assert type(caught.value) is EXCEPTIONS[status]
    assert caught.value.status == status
    assert caught.value.message == _ffi.lib.classify_status_string(status).decode()


def test_status_classes_are_also_builtin_exceptions() -> None:
    assert issubclass(classify.InvalidArgumentError, ValueError)
    assert issubclass(classify.OutOfMemoryError, MemoryError)
    assert issubclass(classify.PackIOError, OSError)
    assert issubclass(classify.ScannerBusyError, RuntimeError)
    assert issubclass(classify.PatternError, classify.PackError)
    for cls in EXCEPTIONS.values():
        assert issubclass(cls, classify.ClassifyError)


def test_unknown_negative_status_is_a_plain_classify_error() -> None:
    with pytest.raises(classify.ClassifyError) as caught:
        _raise_for(-42)
    assert type(caught.value) is classify.ClassifyError
    assert caught.value.status == -42 and caught.value.message == "unknown status"


def test_the_error_object_is_freed_once(spy: Callable[[str], list[int]]) -> None:
    freed = spy("classify_error_free")
    with pytest.raises(classify.PatternError):
        classify.Ruleset.from_json(pack_json(detectors=[{**pack()["detectors"][0], "patterns": ["("]}]))
    assert len(freed) == 1 and freed[0] != 0


@pytest.mark.parametrize("make", [classify.Ruleset.open, lambda p: classify.Ruleset.from_json(pack_json(schema=1))])
def test_exceptions_pickle_with_their_details(tmp_path: Path, make: Callable[[Path], Any]) -> None:
    with pytest.raises(classify.ClassifyError) as caught:
        make(tmp_path / "missing.json")
    original = caught.value
    copy = pickle.loads(pickle.dumps(original))
    assert type(copy) is type(original)
    assert copy.__dict__ == original.__dict__
    assert str(copy) == str(original)
    if isinstance(original, OSError):
        assert isinstance(copy, OSError)
        assert (copy.errno, copy.filename) == (original.errno, original.filename)
