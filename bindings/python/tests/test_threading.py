"""Threads: one ruleset shared by many threads, scanners used by one thread at a time, and
closing while other threads classify."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from typing import Callable

import pytest
from conftest import CARD, TEXT_PACK, address

import classify
from classify import _core


def _records(n: int) -> list[bytes | str]:
    records: list[bytes | str] = []
    for i in range(n):
        card = CARD if i % 3 == 0 else "4111 1111 1111 1112"  # the second fails Luhn
        text = f"id {i} 中文 😀 name user{i} email user{i}@example.org card {card} ip 10.0.{i % 256}.{i % 7}"
        records.append(text if i % 2 else text.encode())
    return records


def _checksum(rules: classify.Ruleset, records: list[bytes | str]) -> str:
    h = hashlib.sha256()
    for data in records:
        r = rules.classify(data)
        h.update(repr((r.level, r.frameworks, r.needs_review, r.findings)).encode())
    return h.hexdigest()


@pytest.mark.parametrize(("pack", "count"), [("text_rules", 240), ("default_rules", 40)])
def test_four_threads_share_one_ruleset(pack: str, count: int, request: pytest.FixtureRequest) -> None:
    rules: classify.Ruleset = request.getfixturevalue(pack)
    records = _records(count)
    expected = _checksum(rules, records)
    barrier = threading.Barrier(4)
    results: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait()
            results[n] = [_checksum(rules, records) for _ in range(3)]
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(sums == [expected] * 3 for sums in results.values()) and len(results) == 4
    assert 1 <= len(rules._pool) <= 5  # reused, not one per call


class _Hog(threading.Thread):
    """Runs step() in a loop until stopped, keeping the first exception for the test."""

    def __init__(self, step: Callable[[], object]) -> None:
        super().__init__()
        self.step = step
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                self.step()
        except BaseException as e:  # pragma: no cover - reported by finish()
            self.error = e

    def finish(self) -> None:
        self.stop.set()
        self.join()
        if self.error is not None:
            raise self.error


def _until(predicate: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail("timed out")
        time.sleep(0.0005)


def test_a_scanner_used_by_two_threads_raises_busy(text_rules: classify.Ruleset) -> None:
    big = ("lorem ipsum 中文 " * 40_000 + "card " + CARD).encode()
    with classify.Scanner() as scanner:

        def scan_big() -> None:
            assert scanner.classify(text_rules, big).level == "restricted"

        hog = _Hog(scan_big)
        hog.start()
        caught: list[classify.ScannerBusyError] = []

        def busy_seen() -> bool:
            if not scanner._users:
                return False
            try:
                scanner.classify(text_rules, b"x")
            except classify.ScannerBusyError as e:
                caught.append(e)
                return True
            return False

        try:
            _until(busy_seen)
        finally:
            hog.finish()
        assert caught[0].status == classify.ScannerBusyError.STATUS
        assert isinstance(caught[0], RuntimeError) and "one Scanner per thread" in str(caught[0])


def test_the_engine_detects_concurrent_use_too(text_rules: classify.Ruleset) -> None:
    # Bypass the Python guard: the library's own best-effort check returns CLASSIFY_E_BUSY.
    # Only scans run here (nobody reads a result another thread may replace).
    big = ("lorem ipsum 中文 " * 40_000).encode()
    small = b"card " + CARD.encode()
    busy = classify.ScannerBusyError.STATUS
    native = _core._NativeScanner()
    rs_ptr = text_rules._acquire()

    def scan_big() -> None:
        assert _core._scan_fn(native.ptr, rs_ptr, big, len(big), None) in (0, busy)

    hog = _Hog(scan_big)
    hog.start()
    try:
        _until(lambda: _core._scan_fn(native.ptr, rs_ptr, small, len(small), None) == busy)
    finally:
        hog.finish()
        text_rules._release()
        native.free()


def test_closing_while_other_threads_classify(spy: Callable[[str], list[int]]) -> None:
    freed = spy("classify_ruleset_free")
    rules = classify.Ruleset.from_json(json.dumps(TEXT_PACK))
    ptr = address(rules._ptr)
    data = ("card " + CARD + " 中文 " * 2000).encode()
    started = threading.Barrier(5)
    outcomes: list[str] = []

    def work() -> None:
        started.wait()
        while True:
            try:
                result = rules.classify(data)
            except ValueError as e:
                outcomes.append(str(e))
                return
            assert result.level == "restricted"

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    started.wait()
    time.sleep(0.05)
    rules.close()
    for t in threads:
        t.join()
    assert outcomes == ["Ruleset is closed"] * 4
    assert freed == [ptr]  # once, after the last call in flight returned
    assert rules._pool == [] and rules._users == 0
