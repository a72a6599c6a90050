"""Engine behaviour on the small test set: statuses, denominators, weights, parameters, lots, plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from keino_cli.api import load_catalog
from keino_cli.engine import Engine
from keino_cli.errors import InputError
from keino_cli.model.profile import Profile
from keino_cli.model.result import AmbitionLevel, InputResult, Status
from keino_cli.readers import read_input
from tests.conftest import MINI

BASE = """\
id: E-1
title: Engine test
cpv: ["30213100-6"]
"""


@pytest.fixture(scope="module")
def catalog():
    return load_catalog([MINI], bundled=False)


def assess(catalog, path: Path, profile: Profile | None = None, today: date | None = None) -> InputResult:
    return Engine(catalog, profile).assess(read_input(str(path)), today)


def statuses(result: InputResult) -> dict[str, Status]:
    return {c.id: c.status for c in result.assessment.criteria}


def test_unknown_is_reported_apart_and_scores_zero(catalog, write) -> None:
    result = assess(catalog, write("a.yaml", BASE))
    found = statuses(result)
    assert found["T-BAND-01"] is Status.UNKNOWN
    assert found["T-EMS-01"] is Status.UNKNOWN
    climate = result.assessment.themes["climate"]
    assert climate.counts["unknown"] == 3
    assert climate.counts["not_met"] == 0
    assert climate.score == 0.0


def test_not_applicable_criteria_leave_the_denominator(catalog, write) -> None:
    # CPV 30213100 makes the vehicle gate not applicable; the band criterion (weight 2) applies.
    text = BASE + "facts: {test: {battery_cycles: 1000, renewable_pct: 100, iso14001: true}}\n"
    result = assess(catalog, write("a.yaml", text))
    assert statuses(result)["T-GATE-01"] is Status.NOT_APPLICABLE
    assert result.assessment.themes["climate"].score == 100.0
    assert result.assessment.gates == []


def test_weights_and_partial_fractions(catalog, write) -> None:
    # band 0.6 (weight 2) + linear 0.5 (weight 1) + EMS 0 (weight 1, core: x2) = (1.2 + 0.5) / 5
    text = BASE + "labels: []\nfacts: {test: {battery_cycles: 850, renewable_pct: 50, iso14001: false}}\n"
    result = assess(catalog, write("a.yaml", text))
    assert result.assessment.themes["climate"].score == pytest.approx(34.0)
    assert result.assessment.score == pytest.approx(34.0)
    assert statuses(result)["T-BAND-01"] is Status.PARTLY_MET
    assert statuses(result)["T-EMS-01"] is Status.NOT_MET


def test_profile_parameters_change_the_outcome(catalog, write) -> None:
    text = BASE + "facts: {test: {battery_cycles: 850}}\n"
    path = write("a.yaml", text)
    default = assess(catalog, path)
    strict = assess(catalog, path, Profile(parameters={"T-BAND-01": {"mid": 900, "low": 880}}))
    lenient = assess(catalog, path, Profile(parameters={"T-BAND-01": {"best": 850}}))
    band = {r.id: r.fraction for r in default.assessment.criteria}["T-BAND-01"]
    assert band == 0.6
    assert {r.id: r.fraction for r in strict.assessment.criteria}["T-BAND-01"] == 0.0
    assert {r.id: r.fraction for r in lenient.assessment.criteria}["T-BAND-01"] == 1.0


def test_unknown_profile_parameter_is_an_error(catalog) -> None:
    with pytest.raises(InputError, match="unknown parameter 'bset'"):
        Engine(catalog, Profile(parameters={"T-BAND-01": {"bset": 1}}))


def test_gate_is_reported_apart_from_the_score(catalog, write) -> None:
    text = """\
id: G-1
title: Vehicles
cpv: ["34100000"]
facts: {test: {vehicles: {count: 10, clean_count: 3}, renewable_pct: 100, iso14001: true}}
"""
    result = assess(catalog, write("g.yaml", text))
    (gate,) = result.assessment.gates
    assert gate.status is Status.NOT_MET
    assert gate.facts_used["test.vehicles.clean_share_pct"].value == 30.0
    assert gate.facts_used["test.vehicles.clean_share_pct"].origin.source == "derived"
    assert result.assessment.score == 100.0
    assert result.assessment.themes["climate"].counts["not_met"] == 0


def test_ambition_levels(catalog, write) -> None:
    core_only = assess(
        catalog, write("c.yaml", BASE + "facts: {test: {iso14001: true, renewable_pct: 10}}\n")
    )
    assert core_only.assessment.ambition_level is AmbitionLevel.CORE
    full = BASE + "facts: {test: {iso14001: true, renewable_pct: 100, battery_cycles: 2000}}\n"
    assert assess(catalog, write("f.yaml", full)).assessment.ambition_level is AmbitionLevel.COMPREHENSIVE
    none = BASE + "facts: {test: {iso14001: false}}\n"
    assert assess(catalog, write("n.yaml", none)).assessment.ambition_level is AmbitionLevel.NONE


def test_improvement_plan_ranks_by_gain(catalog, write) -> None:
    text = BASE + "facts: {test: {battery_cycles: 850, renewable_pct: 50, iso14001: false}}\n"
    plan = assess(catalog, write("a.yaml", text)).assessment.improvement_plan
    assert [item.id for item in plan] == ["T-EMS-01", "T-BAND-01", "T-LIN-01"]
    # Of 5 (EMS is core: weight 1 x 2): EMS 2 / 5 = 40 points; band: 2 x 0.4 / 5 = 16; linear: 0.5 / 5 = 10
    assert [item.gain for item in plan] == [40.0, 16.0, 10.0]
    assert plan[0].recommendation == "Ask for ISO 14001 or EMAS."


def test_theme_weights_of_the_profile(catalog, write) -> None:
    text = BASE + "facts: {test: {iso14001: true}}\n"
    profile = Profile(theme_weights={"climate": 0.0, "innovation": 1.0})
    result = assess(catalog, write("a.yaml", text), profile)
    assert result.assessment.score is None  # no weighted theme has applicable criteria


def test_waivers_expired_and_active(catalog, write) -> None:
    text = (
        BASE
        + """\
waivers:
  - {criterion: T-BAND-01, reason: "No batteries in scope", expires: 2030-01-01}
  - {criterion: T-LIN-01, reason: "Old decision", expires: 2020-01-01}
"""
    )
    result = assess(catalog, write("w.yaml", text), today=date(2026, 11, 28))
    found = statuses(result)
    assert found["T-BAND-01"] is Status.WAIVED
    assert found["T-LIN-01"] is Status.UNKNOWN
    assert [(w.criterion, w.expired) for w in result.assessment.waivers] == [
        ("T-BAND-01", False),
        ("T-LIN-01", True),
    ]
    assert result.assessment.themes["climate"].counts["waived"] == 1


def test_waiving_a_legal_gate_is_refused(catalog, write) -> None:
    text = BASE + "waivers: [{criterion: T-GATE-01, reason: not for us}]\n"
    with pytest.raises(InputError, match="legal obligation"):
        assess(catalog, write("w.yaml", text))


def test_lots_are_combined_by_value(catalog, write) -> None:
    text = """\
id: L-1
title: Two lots
cpv: ["30213100"]
lots:
  - {id: LOT-1, value: {amount: 300000}, facts: {test: {renewable_pct: 100}}}
  - {id: LOT-2, value: {amount: 100000}, facts: {test: {renewable_pct: 0}}}
"""
    result = assess(catalog, write("l.yaml", text))
    assert [lot.id for lot in result.lots] == ["LOT-1", "LOT-2"]
    linear = {c.id: c for c in result.assessment.criteria}["T-LIN-01"]
    assert linear.fraction == 0.75
    assert linear.status is Status.PARTLY_MET
    lot_fractions = [{c.id: c.fraction for c in lot.assessment.criteria}["T-LIN-01"] for lot in result.lots]
    assert lot_fractions == [1.0, 0.0]
