"""`keino plan`: reading plans (CSV and YAML), bad rows located, potential and ranking."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from keino_cli.api import load_catalog
from keino_cli.cli import app
from keino_cli.engine import Engine
from keino_cli.model.profile import Profile
from keino_cli.plan import assess_plan, parse_value, read_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PLAN = FIXTURES / "plans" / "plan.csv"
MINI = ["--criteria", str(FIXTURES / "criteria" / "mini.yaml"), "--no-bundled"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog([FIXTURES / "criteria" / "mini.yaml"], bundled=False)


def test_bad_rows_are_located_and_the_rest_read() -> None:
    rows, problems = read_plan(PLAN)
    assert [r.id for r in rows] == ["P-1", "P-2", "P-3", "P-6"]
    assert [(p.line, p.message.split(" ")[0]) for p in problems] == [
        (5, "value"),
        (6, "missing"),
        (8, "'1234'"),
        (9, "start"),
    ]
    vans = rows[1]
    assert (vans.value_eur, vans.start, vans.buyer, vans.extra) == (
        1_000_000.0,
        "2027-Q2",
        "Technical",
        {"owner": "Ben"},
    )
    assert rows[3].value_eur is None


def test_ranking_by_value_times_weight(catalog) -> None:
    rows, _ = read_plan(PLAN)
    ranked = assess_plan(rows, Engine(catalog))
    # Equal theme weights: every criterion counts a quarter of its weight (climate is 1 of 4 themes).
    # Vans: T-LIN + T-EMS = 0.5 -> 500 000; laptops: T-BAND (2) + T-LIN + T-EMS = 1.0 -> 300 000;
    # cleaning: 0.5 -> 50 000; the study has no value, so it comes last.
    assert [(p.row.id, p.weight, p.impact) for p in ranked] == [
        ("P-2", 0.5, 500000.0),
        ("P-1", 1.0, 300000.0),
        ("P-3", 0.5, 50000.0),
        ("P-6", 0.5, None),
    ]
    assert [p.rank for p in ranked] == [1, 2, 3, 4]
    vans, laptops = ranked[0], ranked[1]
    assert vans.gates == ["T-GATE-01"] and laptops.gates == []
    assert (laptops.core, laptops.comprehensive, laptops.sets) == (1, 2, ["mini"])
    assert vans.sets == ["mini"] and ranked[2].sets == []


def test_profile_theme_weights_change_the_weight(catalog) -> None:
    rows, _ = read_plan(PLAN)
    profile = Profile(theme_weights={"climate": 1.0})
    ranked = assess_plan(rows, Engine(catalog, profile))
    assert {p.row.id: p.weight for p in ranked}["P-1"] == 4.0


def test_yaml_plan(tmp_path: Path) -> None:
    rows, problems = read_plan(FIXTURES / "plans" / "plan.yaml")
    assert [r.id for r in rows] == ["Y-1", "Y-2"]
    assert [(p.line, p.message) for p in problems] == [(4, "a planned procurement must be a mapping")]


@pytest.mark.parametrize(
    ("text", "value"),
    [("1200000", 1.2e6), ("1 200 000", 1.2e6), ("1 200 000,50", 1200000.5), ("1,200,000.50", 1200000.5),
     ("€ 95 000", 95000.0), ("", None), (250, 250.0)],
)  # fmt: skip
def test_values_as_people_type_them(text, value) -> None:
    assert parse_value(text) == value


def test_cli_formats_and_exit_code() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["plan", str(PLAN), "--format", "csv", *MINI])
    assert result.exit_code == 2
    assert f"{PLAN}:5: value 'lots' is not an amount in euro" in result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["P-2", "P-1", "P-3", "P-6"]
    assert rows[0]["legal_gates"] == "T-GATE-01" and rows[0]["owner"] == "Ben"
    document = json.loads(runner.invoke(app, ["plan", str(PLAN), "--format", "json", *MINI]).stdout)
    assert document["procurements"][0]["expected_impact"] == 500000.0
    assert len(document["errors"]) == 4
    table = runner.invoke(app, ["plan", str(FIXTURES / "plans" / "plan.yaml"), *MINI])
    assert "Vans" in table.stdout


def test_example_plan_reads_without_problems() -> None:
    rows, problems = read_plan(Path(__file__).resolve().parents[1] / "examples" / "plans" / "plan-2027.csv")
    assert problems == [] and len(rows) == 15
