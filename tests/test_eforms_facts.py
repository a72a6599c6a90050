"""The eForms reader gives the same facts and origins as the reviewed snapshot (`tests/eforms_facts.py`):
a change of parser or lookup code must not move a single value, XPath or line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.eforms_facts import FIXTURE_NOTICES, FIXTURES, GOLDEN, digest, sample_key, sample_notices, snapshot

EXPECTED = json.loads(GOLDEN.read_text(encoding="utf-8"))
SAMPLES = sample_notices()


@pytest.mark.parametrize("name", FIXTURE_NOTICES)
def test_fixture_notice_facts_and_origins_are_unchanged(name: str) -> None:
    expected = EXPECTED["fixtures"][name]
    assert snapshot(FIXTURES / name) == expected, "python -m tests.eforms_facts, then review"


@pytest.mark.skipif(not SAMPLES, reason="shared sample data not present")
@pytest.mark.parametrize("path", SAMPLES, ids=sample_key)
def test_sample_notice_facts_and_origins_are_unchanged(path: Path) -> None:
    assert digest(path) == EXPECTED["samples"][sample_key(path)]


def test_every_sample_has_a_recorded_digest() -> None:
    if not SAMPLES:
        pytest.skip("shared sample data not present")
    assert sorted(sample_key(path) for path in SAMPLES) == sorted(EXPECTED["samples"])
