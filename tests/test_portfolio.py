"""Portfolio figures on four hand-checked descriptions (tests/fixtures/batch/good, mini criteria).

Scores with core criteria (T-EMS-01) weighing twice: A (0.5 + 2) / 3, B (1.2 + 1) / 5, C 2 / 3, D 1 / 3.
A: 34100000, City of Alpha, open, 100 000 EUR, score 83.33, core; gate not met; climate award criterion.
B: 30213100, City of Beta, restricted, 300 000 EUR, score 44, none; declares BT-775 work-cond.
C: 90910000, City of Alpha, open, no value, score 66.67, core.
D: 34130000, no buyer, open, 50 000 EUR, score 33.33, none; gate met; declares BT-776 prod-innov.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from keino_cli.api import assess_inputs, load_catalog
from keino_cli.engine import Engine
from keino_cli.portfolio import Distribution, record, summarise

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def summary() -> dict:
    engine = Engine(load_catalog([FIXTURES / "criteria" / "mini.yaml"], bundled=False))
    good = FIXTURES / "batch" / "good"
    paths = ["a-vehicles.yaml", "b-laptops.yaml", "c-cleaning.json", "sub/d-vans.yml"]
    results = [o.result for o in assess_inputs([str(good / p) for p in paths], engine)]
    assert all(results)
    return summarise(results, failed_inputs=1).to_dict()


def test_counts_and_value(summary: dict) -> None:
    assert summary["procurements"] == 4
    assert summary["failed_inputs"] == 1
    assert summary["value"] == {"total_eur": 450000.0, "with_value": 3, "without_value": 1}


def test_carries_shares_of_procurements_and_of_value(summary: dict) -> None:
    environmental, social, innovation = (
        summary["carries"][g] for g in ("environmental", "social", "innovation")
    )
    assert environmental == {
        "procurements": 4,
        "share": 1.0,
        "value_eur": 450000.0,
        "value_share": 1.0,
        "reasons": {"award": 1, "requirements": 4},
        "declared": {"procurements": 0, "share": 0.0, "value_eur": 0.0, "value_share": 0.0},
    }
    # B and D only declare codes: declared, not assessed (nothing they require or award).
    assert (social["procurements"], social["reasons"]) == (0, {})
    assert social["declared"] == {
        "procurements": 1,
        "share": 0.25,
        "value_eur": 300000.0,
        "value_share": 0.6667,
    }
    assert innovation["procurements"] == 0
    assert (innovation["declared"]["procurements"], innovation["declared"]["value_share"]) == (1, 0.1111)


def test_score_distribution(summary: dict) -> None:
    overall = summary["scores"]["overall"]
    # scores 33.33, 44, 66.67, 83.33: quartiles by linear interpolation between closest ranks
    assert overall == {
        "n": 4,
        "mean": 56.83,
        "min": 33.33,
        "q1": 41.33,
        "median": 55.34,
        "q3": 70.84,
        "max": 83.33,
        "histogram": [0, 0, 0, 1, 1, 0, 1, 0, 1, 0],
    }
    assert summary["scores"]["innovation"]["n"] == 0 and summary["scores"]["innovation"]["mean"] is None


def test_ambition_and_gates(summary: dict) -> None:
    assert summary["ambition"] == {"none": 2, "core": 2, "comprehensive": 0, "spearhead": 0}
    assert summary["gates"] == {
        "procurements_failed": 1,
        "by_gate": {"T-GATE-01": {"not_met": 1, "unknown": 0}},
    }


def test_breakdowns(summary: dict) -> None:
    divisions = summary["by_cpv_division"]
    assert list(divisions) == ["30", "34", "90"]
    assert divisions["34"]["procurements"] == 2 and divisions["34"]["value"]["total_eur"] == 150000.0
    assert divisions["34"]["carries"]["innovation"]["declared"]["share"] == 0.5
    buyers = summary["by_buyer"]
    assert set(buyers) == {"(none)", "City of Alpha", "City of Beta"}
    assert buyers["City of Alpha"]["value"] == {"total_eur": 100000.0, "with_value": 1, "without_value": 1}
    assert buyers["City of Alpha"]["scores"]["overall"]["mean"] == 75.0
    assert {k: v["procurements"] for k, v in summary["by_procedure"].items()} == {"open": 3, "restricted": 1}


def test_a_summary_reads_the_json_shape_too() -> None:
    engine = Engine(load_catalog([FIXTURES / "criteria" / "mini.yaml"], bundled=False))
    result = next(assess_inputs([str(FIXTURES / "batch" / "good" / "b-laptops.yaml")], engine)).result
    assert result is not None
    assert record(result.to_dict()) == record(result.to_dict(compact=True))
    assert record(result.to_dict()).carries == {"environmental": ("requirements",)}
    assert record(result.to_dict()).declares == {"social"}


def test_distribution_memory_is_per_distinct_score() -> None:
    dist = Distribution()
    for index in range(10_000):
        dist.add(float(index % 3))
    assert len(dist.counts) == 3
    assert dist.to_dict()["median"] == 1.0
