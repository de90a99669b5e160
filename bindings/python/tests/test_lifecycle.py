"""Handles: close, double close, use after close, context managers, garbage collection."""

from __future__ import annotations

import gc
from typing import Callable

import pytest
from conftest import CARD, CARD_TEXT, address, pack_json, run_python

import classify


def test_close_is_idempotent_and_frees_once(spy: Callable[[str], list[int]]) -> None:
    freed = spy("classify_ruleset_free")
    rules = classify.Ruleset.default()
    ptr = address(rules._ptr)
    assert not rules.closed
    rules.close()
    rules.close()
    assert rules.closed
    assert freed == [ptr]


def test_use_after_close_raises_value_error() -> None:
    rules = classify.Ruleset.from_json(pack_json())
    rules.close()
    for use in (
        lambda: rules.classify(b"employee E-1234567"),
        lambda: rules.id,
        lambda: rules.version,
        lambda: rules.digest,
        lambda: rules.pack,
        lambda: rules.detectors,
        lambda: rules.__enter__(),
    ):
        with pytest.raises(ValueError, match="Ruleset is closed"):
            use()
    assert repr(rules) == "<classify.Ruleset (closed)>"

    scanner = classify.Scanner()
    scanner.close()
    scanner.close()
    with classify.Ruleset.default() as rules2, pytest.raises(ValueError, match="Scanner is closed"):
        scanner.classify(rules2, b"x")
    with pytest.raises(ValueError, match="Ruleset is closed"):
        classify.Scanner().classify(rules, b"x")


def test_context_managers_close(spy: Callable[[str], list[int]]) -> None:
    freed_rulesets = spy("classify_ruleset_free")
    freed_scanners = spy("classify_scanner_free")
    with classify.Ruleset.default() as rules, classify.Scanner() as scanner:
        assert scanner.classify(rules, CARD_TEXT).level == "restricted"
        assert rules.classify(CARD_TEXT).level == "restricted"  # makes a pooled scanner
        rs_ptr = address(rules._ptr)
        sc_ptr = address(scanner._ptr.ptr)  # type: ignore[union-attr]
    assert rules.closed and scanner.closed
    assert freed_rulesets == [rs_ptr]
    # The explicit scanner and the ruleset's pooled one.
    assert sc_ptr in freed_scanners and len(freed_scanners) == 2


def test_context_manager_closes_on_exception() -> None:
    with pytest.raises(RuntimeError):
        with classify.Ruleset.default() as rules:
            raise RuntimeError("boom")
    assert rules.closed


def test_garbage_collection_frees_what_was_not_closed(spy: Callable[[str], list[int]]) -> None:
    freed_rulesets = spy("classify_ruleset_free")
    freed_scanners = spy("classify_scanner_free")
    rules = classify.Ruleset.default()
    rules.classify(CARD_TEXT)
    scanner = classify.Scanner()
    scanner.classify(rules, CARD_TEXT)
    rs_ptr, sc_ptr = address(rules._ptr), address(scanner._ptr.ptr)  # type: ignore[union-attr]
    del rules, scanner
    gc.collect()
    assert freed_rulesets == [rs_ptr]
    assert sc_ptr in freed_scanners and len(freed_scanners) == 2


def test_a_result_outlives_its_ruleset_and_the_next_scan() -> None:
    rules = classify.Ruleset.default()
    with classify.Scanner() as scanner:
        first = scanner.classify(rules, CARD_TEXT, explain=True)
        second = scanner.classify(rules, b"nothing here")
        rules.close()
        del rules
        gc.collect()
        assert first.level == "restricted" and first.findings[0].type == "CREDIT_CARD"
        assert first.pack.id and first.to_dict()["findings"][0]["explanation"]["validated"] is True
        assert "CREDIT_CARD" in first.explain()
        assert second.findings == [] and second.level == "public"


def test_the_pool_is_freed_with_the_ruleset(spy: Callable[[str], list[int]]) -> None:
    freed = spy("classify_scanner_free")
    rules = classify.Ruleset.default()
    for _ in range(3):
        rules.classify(CARD)
    assert len(rules._pool) == 1  # one caller at a time: one scanner, reused
    rules.close()
    assert len(freed) == 1 and rules._pool == []


def test_no_errors_at_interpreter_shutdown() -> None:
    code = (
        "import classify\n"
        "rules = classify.Ruleset.default()\n"
        "scanner = classify.Scanner()\n"
        "result = rules.classify('card 4111 1111 1111 1111')\n"
        "result2 = scanner.classify(rules, b'x')\n"
        "cycle = [rules, scanner]; cycle.append(cycle)\n"
        "print(result.level)\n"
    )
    proc = run_python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "restricted"
    assert proc.stderr == ""


def test_handles_do_not_pickle() -> None:
    import pickle

    with classify.Ruleset.default() as rules, pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(rules)
    with classify.Scanner() as scanner, pytest.raises(TypeError):
        pickle.dumps(scanner)


def test_repr() -> None:
    with classify.Ruleset.from_json(pack_json()) as rules:
        assert repr(rules).startswith("<classify.Ruleset acme-hr 1.2.0 sha256:")
        assert "(1 detectors)" in repr(rules)
    with classify.Scanner() as scanner:
        assert repr(scanner) == "<classify.Scanner>"
    assert repr(scanner) == "<classify.Scanner (closed)>"
