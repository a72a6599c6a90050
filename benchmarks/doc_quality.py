"""Precision and recall of document evidence detection on the labelled corpus (tests/corpus/).

Each passage is scanned as a one-block document in its language; the (fact, value) pairs found
are compared with the labels (a list fact counts once per item). Run:

    .venv/bin/python benchmarks/doc_quality.py [--split dev|test] [-v]

Tune patterns on the dev split only; the test split is held out (tests/corpus/README.md).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"


@dataclass(slots=True)
class Score:
    passages: int = 0
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    award_stated: int = 0  # passages that state award criteria
    award_found: int = 0  # ... whose criteria (type, weight, rewards) were all recovered
    award_spurious: int = 0  # passages stating none where some were read
    errors: list[str] = field(default_factory=list)

    @property
    def award_recall(self) -> float:
        return self.award_found / self.award_stated if self.award_stated else 1.0

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positive + self.false_negative
        return self.true_positive / expected if expected else 1.0


def _pairs(facts: dict[str, Any]) -> set[tuple[str, Any]]:
    pairs: set[tuple[str, Any]] = set()
    for key, value in facts.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.add(
                (key, float(item) if isinstance(item, (int, float)) and not isinstance(item, bool) else item)
            )
    return pairs


def _award_matches(want: list[dict[str, Any]], got: list[dict[str, Any]]) -> bool:
    """Every stated criterion read with its type and weight (and rewards), and nothing more."""
    if len(want) != len(got):
        return False
    left = list(got)
    for item in want:
        match = next(
            (
                g
                for g in left
                if g["type"] == item["type"]
                and float(g.get("weight") or -1) == float(item["weight"])
                and set(item.get("rewards", [])) <= set(g.get("rewards", []))
            ),
            None,
        )
        if match is None:
            return False
        left.remove(match)
    return True


def evaluate(catalog: Any = None, split: str = "dev") -> dict[str, Score]:
    """Score per language file of one split of the corpus (`dev` or `test`)."""
    from keino_cli.catalog import load_catalog
    from keino_cli.readers.documents import Block, Document, scan_documents

    catalog = catalog or load_catalog()
    scores: dict[str, Score] = {}
    for path in sorted((CORPUS / split).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        score = scores.setdefault(data["lang"], Score())
        for index, passage in enumerate(data["passages"]):
            document = Document(f"{path.name}#{index}", [Block(passage["text"], "¶1", 1, None)], None, "text")
            findings = scan_documents([document], catalog, data["lang"], passage.get("cpv"))
            got = _pairs({key: finding.value for key, finding in findings.facts.items()})
            award = [criterion for criterion, _ in findings.awards]
            if passage.get("award"):
                score.award_stated += 1
                if _award_matches(passage["award"], award):
                    score.award_found += 1
                else:
                    score.errors.append(f"award {award}: {passage['text'][:70]}")
            elif award:
                score.award_spurious += 1
                score.errors.append(f"spurious award {award}: {passage['text'][:70]}")
            want = _pairs(passage["facts"])
            score.passages += 1
            score.true_positive += len(got & want)
            score.false_positive += len(got - want)
            score.false_negative += len(want - got)
            for key, value in sorted(got ^ want, key=str):
                kind = "extra" if (key, value) in got else "missed"
                score.errors.append(f"{kind} {key}={value}: {passage['text'][:70]}")
    return scores


def main() -> None:
    split = sys.argv[sys.argv.index("--split") + 1] if "--split" in sys.argv else "dev"
    scores = evaluate(split=split)
    print(f"split: {split}")
    print(
        f"{'lang':<5}{'passages':>9}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}"
        f"{'award found':>13}{'spurious':>9}"
    )
    for lang, s in scores.items():
        print(
            f"{lang:<5}{s.passages:>9}{s.true_positive:>5}{s.false_positive:>5}{s.false_negative:>5}"
            f"{s.precision:>11.3f}{s.recall:>8.3f}{s.award_found:>6}/{s.award_stated:<2}"
            f" {s.award_recall:>4.0%}{s.award_spurious:>9}"
        )
    if "-v" in sys.argv:
        for lang, s in scores.items():
            for error in s.errors:
                print(f"  {lang}: {error}")


if __name__ == "__main__":
    main()
