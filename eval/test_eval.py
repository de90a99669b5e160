"""Fast tests of the evaluation harness: scorer math, generator determinism and validity, and
one tiny end-to-end run against the library when it is built.

    python3 -m pytest -q eval/test_eval.py
"""

from __future__ import annotations

import sys
from collections import namedtuple
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

pytest.importorskip("faker", reason="pip install -r eval/requirements.txt")
pytest.importorskip("cryptography", reason="pip install -r eval/requirements.txt")

import classify_ctypes  # noqa: E402
import generate  # noqa: E402
import score  # noqa: E402
import validity  # noqa: E402
from generate import Decoy, Document, Entity  # noqa: E402

F = namedtuple("F", "start end type detector confidence")


def test_prf_edge_cases():
    assert score.prf(0, 0, 0, 0) == (None, None, None)
    assert score.prf(0, 0, 0, 5) == (None, 0.0, 0.0)      # nothing found
    assert score.prf(0, 3, 0, 0) == (0.0, None, None)     # only false positives, no support
    p, r, f1 = score.prf(3, 4, 3, 6)
    assert (p, r) == (0.75, 0.5) and f1 == pytest.approx(0.6)


def test_scorer_on_a_hand_made_case():
    text = b"card 4111111111111111 call +1 415 555 0132 v 1.2.3.4 ip 10.0.0.1 x"
    doc = Document("d1", "prose", "en_US", text, entities=[
        Entity("CREDIT_CARD", 5, 21, "visa16/contiguous"),
        Entity("PHONE_NUMBER", 27, 42, "e164/US"),
        Entity("IP_ADDRESS", 57, 65, "ipv4/private"),
        Entity("EMAIL_ADDRESS", 66, 67, "x"),   # a missed entity
    ], decoys=[Decoy("version_4part", 45, 52)])
    preds = {"d1": [
        F(5, 21, "CREDIT_CARD", "credit_card", 0.97),       # exact
        F(28, 42, "PHONE_NUMBER", "phone_nanp", 0.9),       # overlap only (drops the '+')
        F(45, 52, "IP_ADDRESS", "ipv4_address", 0.8),      # false positive on a decoy
        F(57, 65, "IPV4_ADDRESS", "other_ip", 0.8),         # alias -> IP_ADDRESS, exact
        F(0, 4, "ZZ_UNKNOWN", "zz", 0.5),                   # a type the corpus does not label
    ]}
    rep = score.score([doc], preds, ["CREDIT_CARD", "PHONE_NUMBER", "IP_ADDRESS",
                                     "EMAIL_ADDRESS"])
    pt = rep["per_type"]
    assert pt["CREDIT_CARD"]["exact"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0,
                                          "recall": 1.0, "f1": 1.0}
    assert pt["PHONE_NUMBER"]["exact"]["tp"] == 0
    assert pt["PHONE_NUMBER"]["exact"]["fp"] == 1 and pt["PHONE_NUMBER"]["exact"]["fn"] == 1
    assert pt["PHONE_NUMBER"]["overlap"]["f1"] == 1.0
    ip = pt["IP_ADDRESS"]
    assert ip["support"] == 1 and ip["predicted"] == 2
    assert ip["exact"]["precision"] == 0.5 and ip["exact"]["recall"] == 1.0
    assert ip["exact"]["f1"] == pytest.approx(2 / 3)
    assert pt["EMAIL_ADDRESS"]["exact"]["f1"] == 0.0 and pt["EMAIL_ADDRESS"]["predicted"] == 0
    # micro: 4 entities, 4 labelled findings; exact: 2 matched entities, 2 matched findings.
    assert rep["micro"]["exact"]["precision"] == 0.5 and rep["micro"]["exact"]["recall"] == 0.5
    assert rep["micro"]["overlap"]["recall"] == 0.75
    assert rep["false_positive_sources"]["IP_ADDRESS"] == {
        "decoy:version_4part (ipv4_address)": 1}
    assert rep["false_negative_reasons"]["PHONE_NUMBER"] == {"boundary (exact miss only)": 1}
    assert rep["false_negative_reasons"]["EMAIL_ADDRESS"] == {"missed": 1}
    assert rep["unlabelled_findings"] == {"ZZ_UNKNOWN/zz": {"unlabelled_text": 1}}
    assert rep["decoys"]["version_4part"]["hit"] == 1
    status = score.target_status(pt, {"CREDIT_CARD": 0.99, "PHONE_NUMBER": 0.95,
                                      "IP_ADDRESS": 0.97, "JWT": 0.97})
    assert status["CREDIT_CARD"]["status"] == "PASS"
    assert status["PHONE_NUMBER"]["status"] == "PASS (overlap)"
    assert status["IP_ADDRESS"]["status"] == "MISS"
    assert status["JWT"]["status"] == "NO DATA"


def test_overlap_split_finding_counts_once_for_recall():
    doc = Document("d", "prose", "en_US", b"x" * 20, entities=[Entity("IBAN_CODE", 0, 20, "")])
    preds = {"d": [F(0, 10, "IBAN_CODE", "iban", 1), F(10, 20, "IBAN_CODE", "iban", 1)]}
    m = score.score([doc], preds, ["IBAN_CODE"])["per_type"]["IBAN_CODE"]
    assert m["overlap"]["tp"] == 1 and m["overlap"]["fp"] == 0 and m["overlap"]["recall"] == 1.0
    assert m["exact"]["tp"] == 0 and m["exact"]["fp"] == 2


def test_masking_keeps_shape_and_pem_armour():
    assert score.mask_value("(415) 555-0132 x12") == "(###) ###-#### x##"
    assert score.mask_value("AKIA12") == "XXXX##"
    pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIab\n-----END RSA PRIVATE KEY-----"
    assert score.mask_value(pem).splitlines() == [
        "-----BEGIN RSA PRIVATE KEY-----", "XXXxx", "-----END RSA PRIVATE KEY-----"]
    data = "SSN: 536-22-8726 ok".encode()
    ctx = score.context(data, 5, 16, [Entity("US_SSN", 5, 16, "")])
    assert ctx == "SSN: «###-##-####» ok"


def test_validity_checks_on_known_values():
    assert validity.credit_card_ok("4111 1111 1111 1111")
    assert not validity.credit_card_ok("4111 1111 1111 1112")
    assert not validity.credit_card_ok("3500000000000009")   # Luhn-valid, not a JCB range
    assert validity.iban_ok("GB82 WEST 1234 5698 7654 32")
    assert not validity.iban_ok("GB82 WEST 1234 5698 7654 33")
    assert validity.aba_ok("011000015") and not validity.aba_ok("011000016")
    assert validity.us_ssn_ok("536-22-8726") and not validity.us_ssn_ok("666-45-1234")
    assert validity.it_codice_fiscale_ok("RSSMRA85T10A562S")
    assert validity.es_nif_ok("12345678Z") and validity.es_nie_ok("X1234567L")
    assert validity.nl_bsn_ok("111222333") and validity.br_cpf_ok("529.982.247-25")
    assert validity.in_aadhaar_ok("234123412346") and validity.uk_nino_ok("AB123456C")
    assert not validity.uk_nino_ok("ZZ123456C")
    assert validity.iban_ok(validity.iban_from_bban("DE", "370400440532013000"))


def test_generator_is_deterministic_and_consistent():
    a, stats_a = generate.generate_corpus(seed=7, size=12)
    b, stats_b = generate.generate_corpus(seed=7, size=12)
    assert [d.to_json() for d in a] == [d.to_json() for d in b] and stats_a == stats_b
    c, _ = generate.generate_corpus(seed=8, size=12)
    assert [d.to_json() for d in a] != [d.to_json() for d in c]
    kinds = {d.kind.split("/")[0] for d in a}
    assert kinds == {"prose", "log", "csv"}
    for d in a:
        d.data.decode("utf-8")
        for e in d.entities:
            assert e.type in generate.LABELLED_TYPES
            value = d.data[e.start:e.end].decode("utf-8")
            assert value == value.strip() and value
        for x in d.decoys:
            assert d.data[x.start:x.end]


needs_library = pytest.mark.skipif(
    not Path(classify_ctypes.DEFAULT_LIBRARY).exists() and
    not __import__("os").environ.get("CLASSIFY_LIBRARY"),
    reason="build/lib/libclassify.so is not built (make lib)")


@needs_library
def test_tiny_end_to_end_run():
    import run

    result, _, docs = run.run(seed=3, size=10, lib=None, pack=None)
    assert result["corpus"]["size"] == 10 and len(docs) == 10
    assert result["engine"]["pack_id"]
    support = sum(m["support"] for m in result["per_type"].values())
    assert support == sum(len(d.entities) for d in docs) > 0
    # The engine finds most of the self-identifying entities of a tiny corpus.
    assert result["per_type"]["EMAIL_ADDRESS"]["overlap"]["recall"] in (None, 1.0) or \
        result["per_type"]["EMAIL_ADDRESS"]["overlap"]["recall"] > 0.8
    assert set(result["targets"]) == set(score.TARGETS)


@needs_library
def test_pack_file_option_opens_a_pack(tmp_path):
    import json

    import run

    core = classify_ctypes.REPO_ROOT / "packs" / "core.json"
    if not core.exists():
        pytest.skip("packs/core.json not present")
    pack = json.loads(core.read_text())
    pack["detectors"] = [d for d in pack["detectors"] if d["type"] == "EMAIL_ADDRESS"]
    path = tmp_path / "email-only.json"
    path.write_text(json.dumps(pack))
    result, _, _ = run.run(seed=3, size=6, lib=None, pack=None, pack_file=str(path))
    assert {d["type"] for d in result["ruleset_detectors"]} == {"EMAIL_ADDRESS"}
    assert result["per_type"]["CREDIT_CARD"]["predicted"] == 0


@needs_library
def test_ctypes_binding_reports_byte_offsets():
    with classify_ctypes.Engine() as engine:
        data = "名前 email jane.doe@example.com".encode()
        findings, incomplete = engine.scan(data)
        assert not incomplete
        emails = [f for f in findings if f.type == "EMAIL_ADDRESS"]
        assert emails and data[emails[0].start:emails[0].end] == b"jane.doe@example.com"
