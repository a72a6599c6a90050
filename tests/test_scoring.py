"""Headline per product group, practice apart, coverage, ambition per group and the plan's actions.

Expected numbers follow docs/scoring.md by hand on a seven-criterion set (tests/fixtures/scoring).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from keino_cli.api import load_catalog
from keino_cli.engine import Engine
from keino_cli.model.profile import Profile
from keino_cli.model.result import Action, AmbitionLevel, InputResult
from keino_cli.readers import read_input
from tests.conftest import FIXTURES, ROOT, run

SET = FIXTURES / "scoring" / "groups.yaml"
FLAT = Profile(level_weights={"core": 1.0, "comprehensive": 1.0, "spearhead": 1.0})  # hand numbers


@pytest.fixture(scope="module")
def catalog():
    return load_catalog([SET], bundled=False)


def assess(
    catalog, write, cpv: list[str], facts: str, profile: Profile | None = None, extra: str = ""
) -> InputResult:
    text = f"id: S-1\ntitle: Scoring\ncpv: {cpv}\nfacts: {{grp: {{{facts}}}}}\n{extra}"
    path: Path = write("s.yaml", text)
    return Engine(catalog, profile).assess(read_input(str(path)))


def test_practice_never_dilutes_the_headline(catalog, write) -> None:
    a = assess(
        catalog, write, ["11100000"], "a1: true, a2: true, a3: true, generic: true, practice: false"
    ).assessment
    assert a.score == 100.0
    assert (a.practice.score, a.practice.coverage) == (0.0, 1.0)
    [group] = a.groups
    assert (group.id, group.score, group.ambition_level) == ("grp-a", 100.0, AmbitionLevel.SPEARHEAD)
    assert group.next_level is None


def test_ambition_per_group_with_progress_toward_the_next_level(catalog, write) -> None:
    a = assess(catalog, write, ["11100000"], "a1: true, a2: false, generic: true").assessment
    [group] = a.groups
    assert group.ambition_level is AmbitionLevel.CORE
    assert group.next_level is not None and group.next_level.to_dict() == {
        "level": "comprehensive",
        "met": 0,
        "total": 1,
    }
    # The generic subject criterion (an ILO-like clause) counts among the group's core criteria.
    a = assess(catalog, write, ["11100000"], "a1: true, generic: false").assessment
    assert a.groups[0].ambition_level is AmbitionLevel.NONE
    assert a.groups[0].next_level.to_dict() == {"level": "core", "met": 1, "total": 2}


def test_legal_gates_neither_score_nor_block_ambition(catalog, write) -> None:
    a = assess(catalog, write, ["11100000"], "a1: true, generic: true, gate: false").assessment
    assert a.groups[0].ambition_level is AmbitionLevel.CORE
    assert [g.id for g in a.gates] == ["G-GATE"]
    assert a.improvement_plan[0].id == "G-GATE" and a.improvement_plan[0].obligation


def test_two_groups_weighted_by_applicable_weight_and_the_lowest_ambition(catalog, write) -> None:
    facts = "a1: true, a2: true, a3: true, generic: true, b1: false"
    a = assess(catalog, write, ["11100000", "22200000"], facts, FLAT)
    groups = {g.id: g for g in a.assessment.groups}
    # Group A: 4 of 4 -> 100 (weight 4); group B: B core (weight 3) not met, generic met: 1/4 -> 25.
    assert groups["grp-a"].score == 100.0 and groups["grp-b"].score == 25.0
    assert a.assessment.score == 62.5
    assert a.assessment.ambition_level is AmbitionLevel.NONE  # B misses its core criterion


def test_without_a_product_group_only_what_applies_scores(catalog, write) -> None:
    a = assess(catalog, write, ["79100000"], "generic: true, practice: false").assessment
    assert a.groups == []
    assert a.score == 100.0  # the generic subject criterion; group criteria cannot apply and do not count
    assert a.practice.score == 0.0
    assert a.ambition_level is AmbitionLevel.CORE


def test_coverage_is_the_known_share_of_applicable_weight(catalog, write) -> None:
    a = assess(catalog, write, ["11100000"], "a1: true", FLAT).assessment
    # Known: A core (1) of A core, A comp, A spear, generic (4 subject) + practice (1) = 1/5.
    assert a.groups[0].coverage == 0.25
    assert a.practice.coverage == 0.0
    assert a.coverage == 0.2
    assert a.groups[0].score == 25.0  # 1 of 4


def test_plan_separates_state_from_add_and_puts_practice_after_subject(catalog, write) -> None:
    a = assess(catalog, write, ["11100000"], "a1: true, a2: false, gate: true").assessment
    plan = {item.id: item for item in a.improvement_plan}
    assert plan["G-A-COMP"].action is Action.ADD  # not met: add a requirement
    assert plan["G-A-SPEAR"].action is Action.STATE  # the input is silent: state it
    assert plan["G-GEN-SUBJ"].action is Action.STATE
    assert [item.kind for item in a.improvement_plan][-1] == "practice"
    # The generic criterion is core: weight 2 of 2 + 1 + 1 + 2 = 6.
    assert plan["G-GEN-SUBJ"].gain == 33.33
    assert plan["G-PRACTICE"].gain == 100.0  # in points of the practice score


def test_core_criteria_weigh_twice_by_default(catalog, write) -> None:
    # Group A: core (2) met of 2 + 1 + 1 + generic core 2 = 6.
    a = assess(catalog, write, ["11100000"], "a1: true").assessment
    assert a.groups[0].score == 33.33
    assert a.groups[0].coverage == pytest.approx(2 / 6, abs=1e-4)
    zero = Profile(level_weights={"core": 0.0, "comprehensive": 0.0, "spearhead": 0.0})
    assert assess(catalog, write, ["11100000"], "a1: true", zero).assessment.score is None


def test_zero_theme_weights_cannot_crash(catalog, write) -> None:
    zero = Profile(
        theme_weights=dict.fromkeys(["climate", "resource-efficiency", "social-responsibility"], 0.0)
    )
    a = assess(catalog, write, ["11100000"], "a1: false, gate: false", zero).assessment
    assert a.score is None and a.practice.score is None
    assert [item.id for item in a.improvement_plan] == ["G-GATE"]  # obligations stay
    assert a.coverage is not None


def test_waived_criteria_neither_block_nor_count_for_ambition(catalog, write) -> None:
    waiver = "waivers: [{criterion: G-A-COMP, reason: no such need}]\n"
    a = assess(catalog, write, ["11100000"], "a1: true, generic: true, a3: true", extra=waiver).assessment
    assert a.groups[0].ambition_level is AmbitionLevel.SPEARHEAD


def test_json_carries_the_contract(catalog, write) -> None:
    data = assess(catalog, write, ["11100000"], "a1: true").to_dict()
    assert {"groups", "practice", "coverage", "score", "ambition_level"} <= data.keys()
    assert data["groups"][0].keys() == {"id", "title", "score", "ambition_level", "coverage", "next_level"}
    criterion = next(c for c in data["criteria"] if c["id"] == "G-A-CORE")
    assert (criterion["kind"], criterion["via_label"], criterion["reason"]) == ("subject", None, None)
    outside = next(c for c in data["criteria"] if c["id"] == "G-B-CORE")
    assert outside["status"] == "not_applicable" and outside["reason"]


def test_a_profile_of_zero_weights_assesses_through_the_cli(write) -> None:
    profile = write("zero.yaml", "theme_weights: {climate: 0, resource-efficiency: 0, innovation: 0}\n")
    result = run(
        "assess", str(ROOT / "examples" / "school-catering.yaml"), "--profile", str(profile), "-f", "json"
    )
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)["results"][0]
    assert data["score"] is None and "Traceback" not in result.stderr
    assert all(item["obligation"] for item in data["improvement_plan"])
