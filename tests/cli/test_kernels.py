# SPDX-License-Identifier: Apache-2.0
"""CLASSIFY_NO_AVX2: the portable code of the scan's one pass runs, and finds what the
AVX2 code finds (classify.h, "Environment")."""

import json

from clihelp import AWS_KEY_ID, CARD, CARD2, EMAIL, IBAN, SSN, card, run, run_json


def mixed_text():
    """Several KB of values, keywords, numbers, capitals and non-ASCII text, so that every
    part of the pass (runs of byte sets, literals, keyword words) has work on many blocks."""
    lines = []
    for i in range(300):
        lines.append(
            f"{i:05} INFO user{i} <{EMAIL}> card={CARD if i % 2 else CARD2} alt {card('4', 16, seed=i)} "
            f"SSN: {SSN} iban {IBAN} key {AWS_KEY_ID} from 10.{i % 256}.3.{i % 7} at 2024-05-{i % 28 + 1:02} "
            f"numéro de passeport 12AB{i:05} Grüße 電話 03-{i:04}-5678 v1.{i}.0 rg done."
        )
    return "\n".join(lines) + "\n"


def test_portable_kernel_finds_what_avx2_finds(tmp_path):
    f = tmp_path / "mixed.log"
    f.write_text(mixed_text())
    p, fast = run_json(f)
    q, portable = run_json(f, env={"CLASSIFY_NO_AVX2": "1"})
    assert p.returncode == q.returncode == 1
    findings = fast["files"][0]["findings"]
    assert len(findings) > 1000
    assert portable["files"][0]["findings"] == findings
    assert portable["files"][0]["decision"] == fast["files"][0]["decision"]


def test_bench_reports_the_kernel(tmp_path):
    f = tmp_path / "mixed.log"
    f.write_text(mixed_text())
    p = run("bench", "--json", "--reps", "1", f, env={"CLASSIFY_NO_AVX2": "1"})
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    assert json.loads(p.stdout)["kernel"] == "portable"
    p = run("bench", "--json", "--reps", "1", f, env={"CLASSIFY_NO_AVX2": "0"})
    assert json.loads(p.stdout)["kernel"] in ("avx2", "portable")  # portable only on a CPU without AVX2
