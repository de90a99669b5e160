"""Test set-up: import classify from src/, and find the library the source tree built.

Run as the Makefile does:
    cd bindings/python && CLASSIFY_LIBRARY=$PWD/../../build/lib/libclassify.so python3 -m pytest -q tests
Without CLASSIFY_LIBRARY, ../../build/lib/libclassify.so is used when it exists.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

HERE = Path(__file__).resolve().parent
PACKAGE_ROOT = HERE.parent
SRC = PACKAGE_ROOT / "src"
REPO = PACKAGE_ROOT.parent.parent
HEADER = REPO / "include" / "classify.h"

sys.path.insert(0, str(SRC))
if not os.environ.get("CLASSIFY_LIBRARY"):
    built = REPO / "build" / "lib" / "libclassify.so"
    if built.exists():
        os.environ["CLASSIFY_LIBRARY"] = str(built)

import classify  # noqa: E402

# A card number that passes Luhn, with the keyword that boosts it.
CARD_TEXT = "card 4111 1111 1111 1111"
CARD = "4111 1111 1111 1111"


def pack(**overrides: Any) -> dict[str, Any]:
    """A small, valid pack: one detector (employee ids) and a policy from 2027-01-01."""
    doc: dict[str, Any] = {
        "schema": "classify.pack/1",
        "id": "acme-hr",
        "version": "1.2.0",
        "levels": ["public", "internal", "confidential", "restricted"],
        "frameworks": [{"id": "GDPR", "name": "EU General Data Protection Regulation"}],
        "review": {"confidence_below": 0.6},
        "detectors": [
            {
                "id": "acme_employee_id",
                "type": "EMPLOYEE_ID",
                "category": "pii",
                "description": "ACME employee number",
                "patterns": ["\\bE-\\d{7}\\b"],
                "confidence": 0.4,
                "keywords": ["employee"],
                "max_distance": 40,
                "keyword_confidence": 0.9,
                "level": "confidential",
                "frameworks": ["GDPR"],
                "examples": {"match": ["employee E-1234567 joined"], "no_match": ["E-123456"]},
            }
        ],
        "policies": [
            {
                "id": "acme-2027-employee-data",
                "detectors": ["acme_employee_id"],
                "level": "restricted",
                "effective_from": "2027-01-01",
            }
        ],
    }
    doc.update(overrides)
    return doc


def pack_json(**overrides: Any) -> str:
    return json.dumps(pack(**overrides), indent=2)


#: A pack with a card and an email detector, for tests that must not depend on how the
#: built-in packs evolve (detector ids, overlaps with other detectors).
TEXT_PACK: dict[str, Any] = {
    "schema": "classify.pack/1",
    "id": "test-text",
    "version": "0.1.0",
    "frameworks": [{"id": "PCI_DSS", "name": "PCI DSS"}, {"id": "GDPR", "name": "GDPR"}],
    "detectors": [
        {
            "id": "card",
            "type": "CREDIT_CARD",
            "category": "financial",
            "patterns": [
                "(?<![\\d-])\\d{4}([ -])\\d{4}\\1\\d{4}\\1\\d{1,7}(?![\\d-])",
                "(?<![\\d-])\\d{13,19}(?![\\d-])",
            ],
            "validator": "luhn",
            "confidence": 0.8,
            "keywords": ["card"],
            "keyword_confidence": 0.97,
            "level": "restricted",
            "frameworks": ["PCI_DSS"],
            "examples": {"match": ["card 4111 1111 1111 1111"], "no_match": ["4111 1111 1111 1112"]},
        },
        {
            "id": "email",
            "type": "EMAIL_ADDRESS",
            "category": "pii",
            "patterns": ["(?<![\\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,62}@(?:[A-Za-z0-9-]{1,63}\\.)+[A-Za-z]{2,24}(?![\\w-])"],
            "confidence": 0.9,
            "keywords": ["email"],
            "level": "internal",
            "frameworks": ["GDPR"],
            "examples": {"match": ["mail jane.doe@example.org"], "no_match": ["jane@localhost"]},
        },
    ],
}


@pytest.fixture(scope="session")
def default_rules() -> Iterator[classify.Ruleset]:
    with classify.Ruleset.default() as rules:
        yield rules


@pytest.fixture(scope="session")
def text_rules() -> Iterator[classify.Ruleset]:
    with classify.Ruleset.from_json(json.dumps(TEXT_PACK), name="text-pack") as rules:
        yield rules


@pytest.fixture(scope="session")
def acme_rules() -> Iterator[classify.Ruleset]:
    with classify.Ruleset.from_json(pack_json(), name="acme.json") as rules:
        yield rules


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], list[int]]:
    """spy("classify_ruleset_free") records the address of every pointer passed to it."""
    from classify import _ffi

    def install(name: str) -> list[int]:
        calls: list[int] = []
        real = getattr(_ffi.lib, name)

        def wrapper(ptr: Any) -> Any:
            calls.append(_address(ptr))
            return real(ptr)

        monkeypatch.setattr(_ffi.lib, name, wrapper)
        return calls

    return install


def _address(ptr: Any) -> int:
    import ctypes

    return ctypes.cast(ptr, ctypes.c_void_p).value or 0


def address(ptr: Any) -> int:
    return _address(ptr)


def c_compiler() -> str:
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if not cc:
        pytest.skip("no C compiler (cc) to check the header against")
    if not HEADER.exists():
        pytest.skip(f"{HEADER} not found (not running from the source tree)")
    return cc


def run_python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Runs code in a fresh interpreter with src/ on the path."""
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(SRC) + os.pathsep + full_env.get("PYTHONPATH", "")
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full_env, timeout=60
    )
