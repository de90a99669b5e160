"""classify.Engine: swaps, generations, signatures, downgrades, concurrent classification
while swapping, summaries and their re-decision, and the reload watcher."""

from __future__ import annotations

import base64
import ctypes
import ctypes.util
import hashlib
import json
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import pack

import classify

# --- packs ----------------------------------------------------------------------------------


def geo_pack(version: str, **overrides: Any) -> dict[str, Any]:
    """The acme pack of conftest with a geolocation detector; `overrides` replace top-level fields."""
    doc = pack(id="geo", version=version)
    doc["frameworks"].append({"id": "CPRA", "name": "California Privacy Rights Act"})
    doc["detectors"].append(
        {
            "id": "precise_geolocation",
            "type": "GEOLOCATION",
            "category": "pii",
            "patterns": ["\\b-?\\d{1,2}\\.\\d{5,7},\\s?-?\\d{1,3}\\.\\d{5,7}\\b"],
            "confidence": 0.8,
            "level": "internal",
            "examples": {"match": ["37.774930,-122.419420"]},
        }
    )
    doc["policies"] = []
    doc.update(overrides)
    return doc


def text(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=1)


A = text(geo_pack("1.0.0"))
B = text(
    geo_pack(
        "1.1.0",
        policies=[
            {
                "id": "cpra-geo",
                "detectors": ["precise_geolocation"],
                "level": "confidential",
                "frameworks": ["CPRA"],
                "effective_from": "2027-01-01",
            }
        ],
    )
)
DATA = "employee E-1234567 was at 37.774930,-122.419420"

# --- signing, with libsodium through ctypes (the documented signature format) ------------


def _sodium() -> Any:
    name = ctypes.util.find_library("sodium") or "libsodium.so.23"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        pytest.skip("libsodium is not available to sign test packs")
    if lib.sodium_init() < 0:
        pytest.skip("libsodium does not initialise")
    return lib


class Key:
    def __init__(self) -> None:
        self.lib = _sodium()
        self.pk = ctypes.create_string_buffer(32)
        self.sk = ctypes.create_string_buffer(64)
        self.lib.crypto_sign_keypair(self.pk, self.sk)
        self.id = hashlib.sha256(self.pk.raw).hexdigest()[:16]
        self.pub_text = (
            f"classify-public-key/1\nkey-id: {self.id}\npublic-key: {base64.b64encode(self.pk.raw).decode()}\n"
        )

    def sign(self, data: bytes, pack_id: str, version: str, kind: str = "pack") -> str:
        envelope = (
            f"classify-signature/1\nkind: {kind}\nid: {pack_id}\nversion: {version}\n"
            f"digest: sha256:{hashlib.sha256(data).hexdigest()}\n"
        ).encode()
        sig = ctypes.create_string_buffer(64)
        self.lib.crypto_sign_detached(sig, None, envelope, ctypes.c_ulonglong(len(envelope)), self.sk)
        return envelope.decode() + f"key-id: {self.id}\nsignature: {base64.b64encode(sig.raw).decode()}\n"


# --- swapping ------------------------------------------------------------------------------


def test_empty_engine_then_swaps_and_generations() -> None:
    with classify.Engine() as engine:
        assert engine.generation == 0 and engine.pack is None and engine.ruleset() is None
        with pytest.raises(classify.InvalidArgumentError):
            engine.classify(DATA)
        with classify.Ruleset.from_json(A) as a:
            assert engine.swap(a) == 1
        r = engine.classify(DATA, as_of="2027-06-01")
        assert (r.generation, r.pack.version, r.level) == (1, "1.0.0", "confidential")
        assert engine.swap_json(B, name="b.json") == 2
        r = engine.classify(DATA, as_of="2027-06-01")
        assert (r.generation, r.pack.version) == (2, "1.1.0")
        assert {f.detector for f in r.findings} == {"acme_employee_id", "precise_geolocation"}
        assert r.frameworks == ("CPRA", "GDPR")
        assert engine.pack == r.pack
        # A direct scan is generation 0.
        with engine.ruleset() as current:
            assert current.version == "1.1.0" and current.classify(DATA).generation == 0
        assert "generation 2" in repr(engine)


def test_a_failed_swap_changes_nothing(tmp_path: Path) -> None:
    with classify.Engine(classify.Ruleset.from_json(A)) as engine:
        before = engine.classify(DATA)
        bad_regex = geo_pack("2.0.0")
        bad_regex["detectors"][1]["patterns"] = ["(unclosed"]
        for bad, exc in (
            ("{", classify.PackError),
            (text(bad_regex), classify.PatternError),
        ):
            with pytest.raises(exc):
                engine.swap_json(bad)
        with pytest.raises(classify.PackIOError):
            engine.swap(tmp_path / "missing.json")
        assert engine.generation == 1
        assert engine.classify(DATA) == before


def test_engine_from_a_file_and_downgrades(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text(B)
    with classify.Engine(tmp_path / "b.json") as engine:
        assert engine.generation == 1 and engine.pack.version == "1.1.0"
        with pytest.raises(classify.DowngradeError) as e:
            engine.swap_json(A)
        assert "older than the loaded 1.1.0" in str(e.value) and e.value.status == -10
        assert engine.generation == 1
    with classify.Engine(tmp_path / "b.json", allow_downgrade=True) as engine:
        assert engine.swap_json(A) == 2 and engine.pack.version == "1.0.0"


def test_required_signatures(tmp_path: Path) -> None:
    key, other = Key(), Key()
    with classify.Engine(require_signatures=True, trusted_keys=[key.pub_text]) as engine:
        with pytest.raises(classify.SignatureError, match="not signed"):
            engine.swap_json(A)
        a_sig = key.sign(A.encode(), "geo", "1.0.0")
        assert engine.swap_json(A, signature=a_sig) == 1
        # A flipped byte anywhere: refused before parsing.
        raw = bytearray(B.encode())
        b_sig = key.sign(bytes(raw), "geo", "1.1.0")
        for i in range(0, len(raw), 7):
            flipped = bytearray(raw)
            flipped[i] ^= 0x01
            with pytest.raises(classify.SignatureError):
                engine.swap_json(bytes(flipped), signature=b_sig)
        with pytest.raises(classify.SignatureError, match="not trusted"):
            engine.swap_json(B, signature=other.sign(B.encode(), "geo", "1.1.0"))
        with pytest.raises(classify.SignatureError):
            engine.swap_json(B, signature=a_sig)  # a signature of another pack
        assert engine.generation == 1
        # Files: FILE.sig next to FILE.
        (tmp_path / "b.json").write_text(B)
        with pytest.raises(classify.SignatureError):
            engine.swap(tmp_path / "b.json")
        (tmp_path / "b.json.sig").write_text(b_sig)
        assert engine.swap(tmp_path / "b.json") == 2
        # An older, validly signed pack is a downgrade.
        with pytest.raises(classify.DowngradeError):
            engine.swap_json(A, signature=a_sig)
        # An unverified Ruleset is refused; a built-in one is not.
        with pytest.raises(classify.SignatureError):
            engine.swap(classify.Ruleset.from_json(A))
        assert engine.swap(classify.Ruleset.builtin("core")) == 3
    # Keys as files.
    (tmp_path / "k.pub").write_text(key.pub_text)
    with classify.Engine(require_signatures=True, trusted_keys=[tmp_path / "k.pub"]) as engine:
        assert engine.swap(tmp_path / "b.json") == 1
    with pytest.raises(classify.InvalidArgumentError, match="trusted_keys"):
        classify.Engine(require_signatures=True, trusted_keys=["not a key"])


def test_threads_classify_while_another_swaps() -> None:
    a = classify.Ruleset.from_json(A)
    b = classify.Ruleset.from_json(B)
    expected = {
        "1.0.0": a.classify(DATA, as_of="2027-06-01").findings,
        "1.1.0": b.classify(DATA, as_of="2027-06-01").findings,
    }
    levels = {"1.0.0": "confidential", "1.1.0": "confidential"}
    engine = classify.Engine(a, allow_downgrade=True)
    stop = threading.Event()
    problems: list[str] = []
    calls = [0] * 4

    def read(k: int) -> None:
        last = 0
        while not stop.is_set() or calls[k] < 20:
            r = engine.classify(DATA, as_of="2027-06-01")
            calls[k] += 1
            want = "1.0.0" if r.generation % 2 == 1 else "1.1.0"
            if r.pack.version != want or r.findings != expected[want] or r.level != levels[want]:
                problems.append(f"torn: generation {r.generation}, pack {r.pack.version}")
            if r.generation < last:
                problems.append("generation went back")
            last = r.generation

    threads = [threading.Thread(target=read, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for i in range(300):
        engine.swap(b if i % 2 == 0 else a)
    stop.set()
    for t in threads:
        t.join()
    assert problems == []
    assert engine.generation == 301 and sum(calls) >= 80
    engine.close()


# --- summaries and re-decisions --------------------------------------------------------------


def test_summary_matches_the_engine_and_has_no_values() -> None:
    with classify.Ruleset.from_json(B) as rules:
        for as_of in ("2026-06-01", "2027-06-01"):
            r = rules.classify(DATA + " and E-7654321", as_of=as_of)
            s = r.summary(path="records/17")
            assert s["schema"] == "classify.summary/1" and s["path"] == "records/17"
            assert "1234567" not in json.dumps(s) and "37.77" not in json.dumps(s)
            assert [d["id"] for d in s["detectors"]] == ["acme_employee_id", "precise_geolocation"]
            assert s["detectors"][0]["count"] == 2
            # The engine's own summary of the same result, by re-deciding it unchanged.
            same = rules.reclassify(s, as_of=as_of)
            assert same.summary(path="records/17") == s
            assert (same.level, same.frameworks, same.needs_review) == (r.level, r.frameworks, r.needs_review)


def test_reclassify_under_another_pack_and_date_equals_scanning() -> None:
    a = classify.Ruleset.from_json(A)
    b = classify.Ruleset.from_json(B)
    stored = a.classify(DATA, as_of="2026-06-01").summary()
    for as_of in (date(2026, 12, 31), date(2027, 1, 1), "2031-05-05"):
        re = b.reclassify(stored, as_of=as_of)
        direct = b.classify(DATA, as_of=as_of)
        assert (re.level, re.level_rank, re.frameworks, re.confidence, re.needs_review, re.as_of) == (
            direct.level,
            direct.level_rank,
            direct.frameworks,
            direct.confidence,
            direct.needs_review,
            direct.as_of,
        )
        assert re.findings == [] and re.summary()["detectors"] == direct.summary()["detectors"]
    assert b.reclassify(json.dumps(stored), as_of="2027-01-01").level == "confidential"  # cpra-geo from 2027
    # Through an engine: its generation.
    with classify.Engine(b) as engine:
        assert engine.reclassify(stored).generation == 1
    with pytest.raises(classify.InvalidArgumentError):
        b.reclassify({"schema": "classify.summary/1"})
    with pytest.raises(classify.VersionError):
        b.reclassify({"schema": "classify.summary/9"})


def test_data_created_and_lifecycle_rules() -> None:
    doc = geo_pack(
        "1.0.0",
        lifecycle=[
            {"id": "geo-retention", "detectors": ["precise_geolocation"], "older_than": {"days": 90},
             "raise_to": "restricted", "review": True}
        ],
    )
    with classify.Ruleset.from_json(text(doc)) as rules:
        fresh = rules.classify("at 37.774930,-122.419420", as_of="2026-06-01", data_created="2026-05-01")
        old = rules.classify("at 37.774930,-122.419420", as_of="2026-06-01", data_created="2026-01-01", explain=True)
        unknown = rules.classify("at 37.774930,-122.419420", as_of="2026-06-01")
        assert (fresh.level, old.level, unknown.level) == ("internal", "restricted", "internal")
        assert old.needs_review and old.data_created is not None
        decision = old.to_dict()["decision"]
        assert decision["lifecycle"] == [{"rule": "geo-retention", "raise_to": "restricted", "review": True}]
        assert decision["level_before_lifecycle"] == "internal"
        # The summary keeps the creation time; re-deciding it later ages the data.
        later = rules.reclassify(fresh.summary(), as_of="2026-09-01")
        assert later.level == "restricted"
        assert rules.reclassify(fresh.summary(), as_of="2026-09-01", data_created="2026-08-01").level == "internal"
        assert rules.classify("x", data_created=1_700_000_000).data_created == 1_700_000_000


# --- the reload watcher --------------------------------------------------------------------


def wait_for(condition: Any, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_watcher_waits_for_a_change_to_settle(tmp_path: Path) -> None:
    # A file caught halfway through being written (truncated, then written) must not be
    # loaded: polls act on a change only once the file looks the same twice in a row.
    from classify._engine import PackWatcher

    path = tmp_path / "pack.json"
    path.write_text(A)
    errors: list[classify.ClassifyError] = []
    with classify.Engine() as engine:
        engine.swap(path)
        watcher = PackWatcher(engine, path, interval=1.0, on_swap=None, on_error=errors.append)
        path.write_text(B[: len(B) // 2])  # the writer is halfway
        assert not watcher.poll()
        path.write_text(B)  # ... and done
        assert not watcher.poll()
        assert watcher.poll()
        assert engine.pack.version == "1.1.0" and errors == [] and watcher.swaps == 1
        assert not watcher.poll()


def test_watcher_reloads_on_change_and_keeps_the_old_ruleset_on_failure(tmp_path: Path) -> None:
    path = tmp_path / "pack.json"
    path.write_text(A)
    swaps: list[int] = []
    errors: list[classify.ClassifyError] = []
    with classify.Engine() as engine:
        with engine.watch(path, interval=0.05, on_swap=swaps.append, on_error=errors.append) as watcher:
            assert engine.generation == 1 and swaps == [1]
            path.write_text(B)
            assert wait_for(lambda: engine.generation == 2), "the changed pack was not swapped in"
            assert engine.pack.version == "1.1.0"
            # A broken edit: reported, the old ruleset stays and keeps working.
            path.write_text(B.replace('"patterns"', '"patternz"', 1))
            assert wait_for(lambda: len(errors) == 1)
            assert isinstance(errors[0], classify.PackError) and "/detectors/0" in str(errors[0])
            assert engine.generation == 2 and engine.classify(DATA).pack.version == "1.1.0"
            assert watcher.last_error is errors[0]
            # Touching without changing the contents does not swap.
            time.sleep(0.2)
            path.write_text(path.read_text())
            time.sleep(0.3)
            assert engine.generation == 2 and len(errors) == 1
            # The fix is picked up.
            fixed = geo_pack("1.2.0")
            path.write_text(text(fixed))
            assert wait_for(lambda: engine.generation == 3)
            assert swaps == [1, 2, 3] and watcher.swaps == 3 and watcher.errors == 1
        assert not watcher.is_alive()


def test_watcher_follows_bundle_members_and_signatures(tmp_path: Path) -> None:
    key = Key()
    base = tmp_path / "base.json"
    base.write_text(A)
    overlay = {
        "schema": "classify.pack/1",
        "id": "geo-update",
        "version": "1.0.0",
        "frameworks": [{"id": "CPRA"}],
        "layer": {},
        "detectors": [],
        "policies": [{"id": "cpra-geo", "detectors": ["precise_geolocation"], "level": "restricted",
                      "frameworks": ["CPRA"]}],
    }
    manifest = {"schema": "classify.bundle/1", "id": "geo-bundle", "version": "1.0.0", "packs": ["base.json"]}
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps(manifest))
    (tmp_path / "bundle.json.sig").write_text(key.sign(bundle.read_bytes(), "geo-bundle", "1.0.0", "bundle"))
    (tmp_path / "base.json.sig").write_text(key.sign(base.read_bytes(), "geo", "1.0.0"))
    errors: list[Exception] = []
    with classify.Engine(require_signatures=True, trusted_keys=[key.pub_text]) as engine:
        with engine.watch(bundle, interval=0.05, on_error=errors.append):
            assert engine.classify("37.774930,-122.419420").level == "internal"
            # A new member arrives unsigned: refused (the manifest's signature no longer matches either).
            (tmp_path / "update.json").write_text(json.dumps(overlay))
            manifest["packs"] = ["base.json", "update.json"]
            manifest["version"] = "1.1.0"
            bundle.write_text(json.dumps(manifest))
            assert wait_for(lambda: len(errors) >= 1)
            assert isinstance(errors[-1], classify.SignatureError)
            assert engine.generation == 1
            # Signed: swapped in.
            (tmp_path / "update.json.sig").write_text(
                key.sign((tmp_path / "update.json").read_bytes(), "geo-update", "1.0.0"))
            (tmp_path / "bundle.json.sig").write_text(key.sign(bundle.read_bytes(), "geo-bundle", "1.1.0", "bundle"))
            assert wait_for(lambda: engine.generation == 2)
            assert engine.classify("37.774930,-122.419420").level == "restricted"
