"""The labelled corpus holds its precision and recall floor per language (benchmarks/doc_quality.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import ROOT

FLOOR = {"fi": (0.95, 0.95), "sv": (0.95, 0.95), "en": (0.95, 0.95)}


@pytest.fixture(scope="module")
def scores():
    spec = importlib.util.spec_from_file_location("doc_quality", ROOT / "benchmarks" / "doc_quality.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["doc_quality"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.evaluate()


@pytest.mark.parametrize("lang", sorted(FLOOR))
def test_floor(scores, lang: str) -> None:
    score = scores[lang]
    assert score.passages >= 30
    precision, recall = FLOOR[lang]
    assert score.precision >= precision, score.errors
    assert score.recall >= recall, score.errors


def test_corpus_has_negatives_negations_and_false_friends() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in (Path(ROOT) / "tests" / "corpus").glob("*/*.yaml"))
    for needle in ("facts: {}", "ei saa", "får inte", "must not", "luomus", "ilolla", "not required"):
        assert needle in text
