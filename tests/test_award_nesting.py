"""Award criteria with sub-criteria (tests/award/nesting-cases.yaml): the sub-criteria replace their
parent with their share of the total weight, read through the document reader; and what an expert
reads off such a tender (quality and sustainability weight) through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from keino_cli.readers import read_input
from keino_cli.readers.documents.nesting import Entry, flatten_tree
from tests.conftest import run

CASES = yaml.safe_load((Path(__file__).parent / "award" / "nesting-cases.yaml").read_text(encoding="utf-8"))[
    "cases"
]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_sub_criteria_carry_their_share_of_the_total(case: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / f"{case['id']}.{case['format']}"
    path.write_text(case["text"], encoding="utf-8")
    got = read_input(str(path)).procurement.award_criteria or []
    assert [(c.name, c.type, c.weight) for c in got] == [
        (want["name"], want["type"], want["weight"]) for want in case["award"]
    ]
    for criterion, want in zip(got, case["award"], strict=True):
        assert set(want.get("rewards", [])) <= set(criterion.rewards), criterion


def _entry(name: str, weight: float, lead: str, **more: Any) -> Entry:
    return Entry({"name": name, "type": "quality", "weight": weight} | more, False, lead)


def test_parts_take_the_parents_theme_and_scale_but_not_its_threshold() -> None:
    scoring = {"method": "scale", "min_points": 0, "max_points": 10, "min_points_to_qualify": 5}
    parent = _entry(
        "Ympäristövaikutukset", 30, "", theme="climate", rewards=["co2-emissions"], scoring=scoring
    )
    own = {"method": "yes-no", "max_points": 1}
    parts = [
        _entry("kuljetukset", 50, ": a) "),
        _entry("pakkaukset", 50, ", b) ", theme="resource-efficiency"),
    ]
    parts[1].criterion["scoring"] = own
    flat = flatten_tree([_entry("Hinta", 70, ""), parent, *parts])
    assert [c["weight"] for c in flat] == [70, 15, 15]
    assert flat[1]["theme"] == "climate" and flat[1]["rewards"] == ["co2-emissions"]
    assert flat[1]["scoring"] == {"method": "scale", "min_points": 0, "max_points": 10}
    assert (
        flat[2]["theme"] == "resource-efficiency" and "rewards" not in flat[2] and flat[2]["scoring"] == own
    )


def test_assessed_weights_of_a_nested_tender_are_the_experts(tmp_path: Path) -> None:
    """Quality 40 % (not 57 %) and sustainability 20 % (not 14.3 %) of the total."""
    tender = tmp_path / "tarjouspyynto.md"
    tender.write_text(CASES[0]["text"], encoding="utf-8")
    description = tmp_path / "kuvaus.yaml"
    description.write_text(
        'id: SIIVO-1\ntitle: Siivouspalvelut\ncpv: ["90911200"]\n'
        "facts: {strategic: {innovation: [prod-innov]}}\n",
        encoding="utf-8",
    )
    result = run("assess", str(tender), str(description), "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    out = json.loads(result.stdout)
    assert out["errors"] == []
    facts = {
        used["fact"]: used["value"]
        for criterion in out["results"][0]["criteria"]
        for used in criterion.get("facts_used", [])
    }
    assert facts["award.quality_weight_pct"] == 40
    assert facts["award.sustainability_weight_pct"] == 20
