"""The labelled corpus holds its precision and recall floor per language (benchmarks/doc_quality.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import ROOT

FLOOR = {"fi": (0.95, 0.95), "sv": (0.95, 0.95), "en": (0.95, 0.95)}


# The held-out split's floor is issue #13's target; it guards against regressions, it is not tuned on.
TEST_FLOOR = (0.95, 0.85)
AWARD_FLOOR = 0.9


@pytest.fixture(scope="module")
def quality():
    spec = importlib.util.spec_from_file_location("doc_quality", ROOT / "benchmarks" / "doc_quality.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["doc_quality"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="module")
def scores(quality):
    return quality.evaluate(split="dev")


@pytest.fixture(scope="module")
def test_scores(quality):
    return quality.evaluate(split="test")


@pytest.mark.parametrize("lang", sorted(FLOOR))
def test_floor(scores, lang: str) -> None:
    score = scores[lang]
    assert score.passages >= 30
    precision, recall = FLOOR[lang]
    assert score.precision >= precision, score.errors
    assert score.recall >= recall, score.errors


@pytest.mark.parametrize("lang", sorted(FLOOR))
def test_held_out_split(scores, test_scores, lang: str) -> None:
    held_out = test_scores[lang]
    assert held_out.passages + scores[lang].passages >= 60
    assert held_out.precision >= TEST_FLOOR[0]
    assert held_out.recall >= TEST_FLOOR[1]


def test_award_criteria_recovered(test_scores) -> None:
    stated = sum(score.award_stated for score in test_scores.values())
    found = sum(score.award_found for score in test_scores.values())
    assert stated >= 20
    assert found / stated >= AWARD_FLOOR
    assert sum(score.award_spurious for score in test_scores.values()) == 0


def test_corpus_has_negatives_negations_and_false_friends() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in (Path(ROOT) / "tests" / "corpus").glob("*/*.yaml"))
    for needle in ("facts: {}", "ei saa", "får inte", "must not", "luomus", "ilolla", "not required"):
        assert needle in text
