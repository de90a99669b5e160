# SPDX-License-Identifier: Apache-2.0
"""Fixtures for the `classify` CLI tests."""

import os

import pytest

from clihelp import BIN, CARD, CARD2, EMAIL, IBAN, SSN


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a test of minutes (a 4 GiB sparse file streamed end to end: 10 to 15 minutes)")


@pytest.fixture(scope="session", autouse=True)
def _check_binary():
    if not os.access(BIN, os.X_OK):
        pytest.fail(f"classify binary not found at {BIN}: run `make cli` or set CLASSIFY_BIN")


@pytest.fixture
def corpus(tmp_path):
    """A small directory: a file per kind of finding and a clean one."""
    d = tmp_path / "corpus"
    (d / "sub").mkdir(parents=True)
    (d / "clean.txt").write_text("Nothing to see here. Just words and more words.\n")
    (d / "contacts.txt").write_text(f"Contact: {EMAIL}\nSecond line without data\n")
    (d / "payment.log").write_text(f"charge ok card={CARD} amount=12.50\nother card {CARD2}\n")
    (d / "sub" / "hr.txt").write_text(f"SSN: {SSN}\nIBAN {IBAN}\n")
    return d
