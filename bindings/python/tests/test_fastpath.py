"""The per-call fast path of Ruleset.classify() and Engine.classify(): findings made on first
read (from Python copies, never from the scanner's memory, which the next scan reuses), the
fast constructors of Result and Finding, and the number of library calls per record."""

from __future__ import annotations

import copy
import ctypes
import dataclasses
import gc
import json
import pickle
import threading
from datetime import date
from typing import Any

import pytest
from conftest import CARD, CARD_TEXT, TEXT_PACK, pack

import classify
from classify import _core, _ffi
from classify._types import Finding, PackInfo, Result, _make_finding, _make_result

RECORD = f"name Jane, email jane.doe@example.org, card {CARD}, 中文 😀"
OTHERS = [b"nothing here", f"card {CARD}".encode(), "jane@example.org and ann@example.org", b""]


def _slot(result: Result) -> Any:
    """What Result.findings holds without building it."""
    return type(result).__dict__["findings"].slot.__get__(result, type(result))


def _pending(result: Result) -> bool:
    return isinstance(_slot(result), _core._PendingFindings)


def _fields(finding: Finding) -> tuple[Any, ...]:
    return dataclasses.astuple(finding)


# --- findings made on first read --------------------------------------------------------------


@pytest.mark.parametrize("data", [RECORD, RECORD.encode(), bytearray(RECORD.encode())])
def test_findings_are_made_on_first_read_from_copies(data: Any) -> None:
    rules = classify.Ruleset.from_json(json.dumps(TEXT_PACK))
    expected = [_fields(f) for f in rules.classify(data).findings]
    assert [f[2] for f in expected] == ["email", "card"]

    lazy = rules.classify(data)
    assert _pending(lazy)
    # What is kept is plain Python data: nothing that points into the scanner.
    pending = _slot(lazy)
    assert type(pending.flat) is tuple and all(type(v) in (int, float) for v in pending.flat)
    assert all(type(d) is classify.Detector for d in pending.detectors)
    assert all(type(k) is int and type(v) is str for k, v in pending.levels.items())
    # The pool's scanner is reused for other scans, then everything native is freed.
    assert len(rules._pool) == 1
    for other in OTHERS * 3:
        rules.classify(other)
    rules.close()
    del rules
    gc.collect()

    findings = lazy.findings
    assert not _pending(lazy) and type(findings) is list
    assert [_fields(f) for f in findings] == expected
    assert lazy.findings is findings  # made once
    if isinstance(data, str):
        assert [data[f.start : f.end] for f in findings] == ["jane.doe@example.org", CARD]


def test_findings_of_an_explicit_scanner_survive_its_next_scans() -> None:
    with classify.Ruleset.from_json(json.dumps(TEXT_PACK)) as rules, classify.Scanner() as scanner:
        expected = [_fields(f) for f in scanner.classify(rules, RECORD).findings]
        lazy = scanner.classify(rules, RECORD)
        for other in OTHERS:
            scanner.classify(rules, other)
    assert _pending(lazy)
    assert [_fields(f) for f in lazy.findings] == expected


def test_results_without_findings_have_a_list_of_their_own() -> None:
    with classify.Ruleset.from_json(json.dumps(TEXT_PACK)) as rules:
        a, b = rules.classify(b"nothing"), rules.classify(b"nothing")
    assert type(a.findings) is list and a.findings == [] and not _pending(a)
    a.findings.append("x")  # type: ignore[arg-type]
    assert b.findings == []


def test_a_pending_result_compares_copies_and_pickles_as_a_built_one(text_rules: classify.Ruleset) -> None:
    built = text_rules.classify(RECORD)
    built.findings  # noqa: B018 - build them
    for use in (
        lambda r: r == built,
        repr,
        lambda r: pickle.loads(pickle.dumps(r)),
        copy.copy,
        copy.deepcopy,
        dataclasses.asdict,
        lambda r: dataclasses.replace(r, level="public"),
        lambda r: r.to_dict(),
        lambda r: r.summary(),
        lambda r: r.explain(),
    ):
        lazy = text_rules.classify(RECORD)
        assert _pending(lazy)
        out = use(lazy)
        assert not _pending(lazy)
        if isinstance(out, Result):
            assert out.findings == built.findings and type(out.findings) is list
    assert pickle.loads(pickle.dumps(text_rules.classify(RECORD))) == built
    assert text_rules.classify(RECORD) == built
    assert repr(text_rules.classify(RECORD)) == repr(built)


def test_threads_reading_findings_at_once_get_the_same_list(text_rules: classify.Ruleset) -> None:
    for _ in range(20):
        lazy = text_rules.classify(RECORD)
        barrier = threading.Barrier(6)
        seen: list[list[Finding]] = []

        def read(result: Result = lazy) -> None:
            barrier.wait()
            seen.append(result.findings)

        threads = [threading.Thread(target=read) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(seen) == 6 and all(s is seen[0] for s in seen) and len(seen[0]) == 2


def test_a_result_can_still_be_made_and_set_by_hand() -> None:
    f = Finding(0, 4, "card", "CREDIT_CARD", "financial", 0.9, "restricted", True, False)
    r = Result("restricted", 3, ("PCI_DSS",), False, 0.9, True, (), date(2026, 1, 1), PackInfo("p", "1", "d"), [f])
    assert r.findings == [f] and type(Result.__dict__["findings"]).__name__ == "_LazyField"
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.findings = []  # type: ignore[misc]
    assert [x.name for x in dataclasses.fields(Result)][9] == "findings"


# --- the fast constructors ---------------------------------------------------------------------


def test_fast_constructors_make_what_the_dataclasses_make() -> None:
    fvalues = (3, 9, "card", "CREDIT_CARD", "financial", 0.97, "restricted", True, False)
    assert type(_make_finding(*fvalues)) is Finding
    assert _fields(_make_finding(*fvalues)) == _fields(Finding(*fvalues))
    assert hash(_make_finding(*fvalues)) == hash(Finding(*fvalues))
    with pytest.raises(dataclasses.FrozenInstanceError):
        _make_finding(*fvalues).start = 0  # type: ignore[misc]

    names = [f.name for f in dataclasses.fields(Result)]
    values = [object() for _ in names]  # distinct, so a field put in the wrong slot shows
    made, reference = _make_result(*values), Result(*values)
    assert type(made) is Result and not hasattr(made, "__dict__")
    assert [getattr(made, n) for n in names] == [getattr(reference, n) for n in names] == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.level = "x"  # type: ignore[misc]


# --- engines: detectors and provenance per generation -------------------------------------------


def test_engine_results_name_the_detectors_of_their_own_generation() -> None:
    # Two packs with the same two detectors in opposite order: detector index 0 is a
    # different detector in each generation.
    first = pack(id="gen", version="1.0.0", policies=[])
    first["detectors"].append(
        {
            "id": "acme_badge",
            "type": "BADGE_ID",
            "category": "pii",
            "patterns": ["\\bB-\\d{5}\\b"],
            "confidence": 0.7,
            "level": "internal",
            "examples": {"match": ["badge B-12345"]},
        }
    )
    second = dict(first, version="1.1.0", detectors=list(reversed(first["detectors"])))
    employee, badge = "employee E-1234567", "badge B-12345"
    with classify.Engine(classify.Ruleset.from_json(json.dumps(first))) as engine:
        r1 = engine.classify(employee)  # generation 1: index 0 is acme_employee_id
        r1_badge = engine.classify(badge)
        engine.swap_json(json.dumps(second))
        r2 = engine.classify(badge)  # generation 2: index 0 is acme_badge
        r2_employee = engine.classify(employee)
    got = [
        (r.generation, r.pack.version, r._detector_indices, [f.detector for f in r.findings])
        for r in (r1, r1_badge, r2, r2_employee)
    ]
    assert got == [
        (1, "1.0.0", (0,), ["acme_employee_id"]),
        (1, "1.0.0", (1,), ["acme_badge"]),
        (2, "1.1.0", (0,), ["acme_badge"]),
        (2, "1.1.0", (1,), ["acme_employee_id"]),
    ]
    assert r2.findings[0].type == "BADGE_ID" and r2_employee.findings[0].type == "EMPLOYEE_ID"


# --- what a call costs in library calls ---------------------------------------------------------


def test_a_record_costs_two_library_calls(
    monkeypatch: pytest.MonkeyPatch, text_rules: classify.Ruleset
) -> None:
    calls: list[str] = []

    def counting(name: str) -> None:
        real = getattr(_core, name)
        monkeypatch.setattr(_core, name, lambda *a: (calls.append(name), real(*a))[1])

    for name in ("_scan_fast", "_result_args_fast"):
        counting(name)
    for name in _ffi.FUNCTIONS:  # anything else would show up here
        real_fn = getattr(_ffi.lib, name)
        monkeypatch.setattr(_ffi.lib, name, lambda *a, _f=real_fn, _n=name: (calls.append(_n), _f(*a))[1])
    text_rules.classify(b"warm up")
    for data, k in ((b"nothing here", 0), (CARD_TEXT, 1), (RECORD, 2)):
        calls.clear()
        result = text_rules.classify(data)
        assert len(result.findings) == k
        assert calls == ["_scan_fast", "_result_args_fast"]


def test_the_decision_counts_the_findings_of_a_scan(default_rules: classify.Ruleset) -> None:
    # The fast path reads as many findings as the decision's finding_count (classify.h).
    native = _core._NativeScanner()
    rs = default_rules._acquire()
    try:
        many = RECORD.encode() * 50
        for data, limit in ((b"", 0), (b"nothing", 0), (RECORD.encode(), 0), (many, 0), (many, 3)):
            opts = _ffi.classify_scan_options(max_findings=limit) if limit else None
            assert _core._scan_fn(native.ptr, rs, data or None, len(data), opts) >= 0
            assert _core._decision_fn(native.ptr, native.decision_ref) == _ffi.OK
            assert native.decision.finding_count == _core._finding_count_fn(native.ptr)
            if limit:
                assert native.decision.finding_count == limit
    finally:
        default_rules._release()
        native.free()


def test_the_private_prototypes_match_the_checked_mirror() -> None:
    # tests/test_abi.py checks _ffi.FUNCTIONS against classify.h; the hot path's own
    # prototypes must agree with it, with handles and struct pointers as void *.

    for fast, name in (
        (_core._scan_fast, "classify_scanner_scan"),
        (_core._engine_scan_fast, "classify_engine_scan"),
        (_core._result_fast, "classify_scanner_result"),
    ):
        argtypes, restype = _ffi.FUNCTIONS[name]
        assert fast.restype is restype and len(fast.argtypes) == len(argtypes), name
        for mine, checked in zip(fast.argtypes, argtypes):
            pointer = issubclass(checked, ctypes._Pointer) or checked is ctypes.c_void_p  # type: ignore[attr-defined]
            assert mine is checked or (mine is ctypes.c_void_p and pointer), (name, mine, checked)
        assert ctypes.cast(fast, ctypes.c_void_p).value == ctypes.cast(getattr(_ffi.lib, name), ctypes.c_void_p).value
    # The argument-less prototype of the scan path: the same function, called with ctypes
    # objects of exactly the types the header declares (handles and pointers as void *).
    fast = _core._result_args_fast
    assert not fast.argtypes and fast.restype is ctypes.c_int
    assert ctypes.cast(fast, ctypes.c_void_p).value == ctypes.cast(_ffi.lib.classify_scanner_result, ctypes.c_void_p).value
    native = _core._NativeScanner()
    try:
        native.grow(40)
        argtypes, _ = _ffi.FUNCTIONS["classify_scanner_result"]
        assert [type(a) for a in native.result_args] == [
            ctypes.c_void_p if t is not ctypes.c_size_t else t for t in argtypes
        ]
        assert [a.value for a in native.result_args] == [
            native.address, native.buffer_address, native.rows_address, 40, native.count_address
        ]
    finally:
        native.free()


# --- classify_scanner_result: the decision and every finding in one call ---------------------


def _rows_one_by_one(native: Any) -> list[tuple[Any, ...]]:
    f = _ffi.classify_finding()
    rows = []
    i = 0
    while _core._finding_fn(native.ptr, i, ctypes.byref(f)) == _ffi.OK:
        rows.append(tuple(getattr(f, name) for name, *_ in f._fields_))
        i += 1
    return rows


def _rows_at_once(native: Any, cap: int) -> tuple[int, _ffi.classify_decision, list[tuple[Any, ...]]]:
    d = _ffi.classify_decision()
    rows = (_ffi.classify_finding * max(cap, 1))()
    rows[0].struct_size = ctypes.sizeof(_ffi.classify_finding)
    count = ctypes.c_size_t(12345)
    assert _ffi.lib.classify_scanner_result(native.ptr, ctypes.byref(d), rows, cap, ctypes.byref(count)) == _ffi.OK
    got = [tuple(getattr(rows[i], name) for name, *_ in rows[i]._fields_) for i in range(min(cap, count.value))]
    return count.value, d, got


def test_the_result_in_one_call_equals_the_reads_one_by_one(default_rules: classify.Ruleset) -> None:

    native = _core._NativeScanner()
    rs = default_rules._acquire()
    try:
        many = RECORD.encode() * 12  # 24+ findings: more than a scanner's first buffer holds
        for data in (b"", b"nothing", RECORD.encode(), CARD_TEXT.encode(), many):
            assert _core._scan_fn(native.ptr, rs, data or None, len(data), None) >= 0
            expected = _rows_one_by_one(native)
            d1 = _ffi.classify_decision()
            assert _core._decision_fn(native.ptr, ctypes.byref(d1)) == _ffi.OK
            for cap in (0, 1, 2, len(expected), len(expected) + 3):
                count, d2, got = _rows_at_once(native, cap)
                assert count == len(expected)
                assert got == expected[:cap]  # every row has the struct_size of the first
                assert bytes(d1) == bytes(d2)
        assert len(expected) > _core._ROWS_INITIAL
        # The scan path grows its buffer and reads every finding; after a result larger than
        # it keeps, the buffer is small again.
        result = default_rules.classify(many)
        assert [(f.start, f.end) for f in result.findings] == [(r[1], r[2]) for r in expected]
        assert [f.detector for f in result.findings] == [r[3].decode() for r in expected]
        assert [f.level for f in result.findings] == [r[6].decode() for r in expected]
        assert default_rules._pool[-1].rows_cap == 1 << (len(expected) - 1).bit_length()
        huge = RECORD.encode() * 600
        assert len(default_rules.classify(huge).findings) > _core._ROWS_KEPT
        assert default_rules._pool[-1].rows_cap == _core._ROWS_INITIAL
        assert default_rules.classify(many).findings == result.findings
    finally:
        default_rules._release()
        native.free()


def test_the_result_in_one_call_refuses_bad_arguments(default_rules: classify.Ruleset) -> None:

    fn = _ffi.lib.classify_scanner_result
    native = _core._NativeScanner()
    d = _ffi.classify_decision()
    rows = (_ffi.classify_finding * 4)()
    rows[0].struct_size = ctypes.sizeof(_ffi.classify_finding)
    count = ctypes.c_size_t(99)
    try:
        # No result yet.
        assert fn(native.ptr, ctypes.byref(d), rows, 4, ctypes.byref(count)) == _ffi.E_INVALID
        assert count.value == 0
        rs = default_rules._acquire()
        try:
            data = CARD_TEXT.encode()
            assert _core._scan_fn(native.ptr, rs, data, len(data), None) == _ffi.OK
        finally:
            default_rules._release()
        assert fn(None, ctypes.byref(d), rows, 4, ctypes.byref(count)) == _ffi.E_INVALID
        assert fn(native.ptr, ctypes.byref(d), None, 4, ctypes.byref(count)) == _ffi.E_INVALID
        # cap 0: no rows, NULL allowed; the decision and the count all the same.
        assert fn(native.ptr, None, None, 0, ctypes.byref(count)) == _ffi.OK and count.value == 1
        assert fn(native.ptr, None, None, 0, None) == _ffi.OK
        small = _ffi.classify_decision()
        small.struct_size = 8
        assert fn(native.ptr, ctypes.byref(small), rows, 4, ctypes.byref(count)) == _ffi.E_VERSION
        assert count.value == 0 and rows[0].start == 0  # nothing written
        rows[0].struct_size = 8
        assert fn(native.ptr, ctypes.byref(d), rows, 4, ctypes.byref(count)) == _ffi.E_VERSION
        rows[0].struct_size = ctypes.sizeof(_ffi.classify_finding) + 4  # not a multiple of 8
        assert fn(native.ptr, ctypes.byref(d), rows, 1, ctypes.byref(count)) == _ffi.E_VERSION
        rows[0].struct_size = ctypes.sizeof(_ffi.classify_finding)
        assert fn(native.ptr, ctypes.byref(d), rows, 4, ctypes.byref(count)) == _ffi.OK
        assert count.value == 1 and rows[0].type == b"CREDIT_CARD" and d.level == b"restricted"
    finally:
        native.free()
