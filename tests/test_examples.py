"""The bundled examples: each one assesses cleanly, and its result matches the reviewed golden file.

The golden files are compact (see `tests/update_golden.py`) and only read here; after a
deliberate change to criteria or scoring, regenerate them with `python -m tests.update_golden`
and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, run
from tests.update_golden import EXAMPLES, GOLDEN, assess_json, compact, render


def test_there_are_at_least_five_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_matches_golden_json(example: Path) -> None:
    golden = GOLDEN / f"{example.stem}.json"
    expected = golden.read_text(encoding="utf-8")
    assert render(compact(assess_json(example))) == expected, "python -m tests.update_golden, then review"


def test_golden_files_are_compact() -> None:
    """Reviewable: no criterion that does not apply, no sources or recommendations."""
    for example in EXAMPLES:
        text = (GOLDEN / f"{example.stem}.json").read_text(encoding="utf-8")
        assert len(text) < 20_000 and "not_applicable" not in text and "recommendation" not in text


def test_examples_range_from_weak_to_strong() -> None:
    scores = [json.loads((GOLDEN / f"{p.stem}.json").read_text())["results"][0]["score"] for p in EXAMPLES]
    assert min(scores) < 35 and max(scores) > 65, scores


def test_readme_description_snippet_assesses(tmp_path: Path) -> None:
    """The description shown in README stays a valid description."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = readme.split("## Describing a procurement", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "readme.yaml"
    path.write_text(snippet, encoding="utf-8")
    result = run("assess", str(path), "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    shares = {
        f["fact"]: f["value"]
        for c in json.loads(result.stdout)["results"][0]["criteria"]
        for f in c["facts_used"]
    }
    assert shares["vehicles.light_duty.zero_emission_share_pct"] == 45.0
    assert shares["vehicles.cvd_period"] == "2026-2030"  # why the 2026-2030 quota applies


def test_tender_package_example_is_read_from_its_documents() -> None:
    """A folder of tender documents is one package: identity and facts come from the text."""
    folder = ROOT / "examples" / "tenders" / "koulujen-ateriapalvelut"
    result = run("assess", str(folder), "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    (assessed,) = json.loads(result.stdout)["results"]
    assert assessed["procurement"]["cpv"] == ["55524000"]
    used = {f["fact"]: f for c in assessed["criteria"] for f in c["facts_used"]}
    assert used["food.organic_share_pct"]["value"] == 30
    assert used["food.fish_sourcing"]["value"] == "green-only"
    assert used["social.ilo_clause"]["value"] is True
    assert used["employment.positions"]["value"] == 2
    origin = used["food.organic_share_pct"]["origin"]
    assert origin["source"] == "document" and origin["line"] == 11
    assert "labels.required" not in used  # "Ympäristömerkkiä ei edellytetä": a negation, not a label
