"""The expert-judgement suite: tests/expert/*.yaml, written from the criteria sources, run as data.

A case is either a tender with its expected group ambition and score floor (and, where the sources
say so, criteria that must or must not apply to it), or a pair whose order an expert knows.
`known_gap` marks a target a criterion's own rule does not let keino reach yet: the case is xfail
with that reason while it fails, and passes once the rule is fixed.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from keino_cli.api import load_catalog
from keino_cli.engine import Engine
from keino_cli.model.result import Assessment, Status
from keino_cli.readers import read_input

EXPERT = Path(__file__).parent / "expert"
TODAY = date(2026, 12, 1)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _cases() -> list[Any]:
    found = []
    for path in sorted(EXPERT.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        blocks = data.get("blocks", {})
        for case in data["cases"]:
            found.append(pytest.param(case, blocks, id=f"{path.stem}:{case['id']}"))
    return found


def description(spec: dict[str, Any], blocks: dict[str, Any]) -> dict[str, Any]:
    """A case's description: its blocks merged in order, the case's own fields on top."""
    merged: dict[str, Any] = {}
    for name in spec.get("include", []):
        merged = _merge(merged, blocks[name])
    return _merge(merged, spec["description"])


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_catalog())


def assess(engine: Engine, spec: dict[str, Any], blocks: dict[str, Any], tmp_path: Path) -> Assessment:
    data = description(spec, blocks)
    path = tmp_path / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return engine.assess(read_input(str(path)), TODAY).assessment


def _check(case: dict[str, Any], blocks: dict[str, Any], engine: Engine, tmp_path: Path) -> None:
    if "better" in case:
        better = assess(engine, case["better"], blocks, tmp_path)
        worse = assess(engine, case["worse"], blocks, tmp_path)
        pick = {"score": lambda a: a.score, "practice": lambda a: a.practice.score}
        high, low = pick[case["compare"]](better), pick[case["compare"]](worse)
        assert high is not None and low is not None
        assert high > low if case["relation"] == ">" else high >= low, (high, low)
        for name in case.get("same", []):
            assert pick[name](better) == pick[name](worse)
        return
    a = assess(engine, case, blocks, tmp_path)
    expect = case["expect"]
    statuses = {c.id: c.status for c in a.criteria}
    applying = [cid for cid in expect.get("not_applicable", []) if statuses[cid] is not Status.NOT_APPLICABLE]
    assert not applying, f"apply but should not: {applying}"
    left_out = [cid for cid in expect.get("applicable", []) if statuses[cid] is Status.NOT_APPLICABLE]
    assert not left_out, f"do not apply but should: {left_out}"
    for gate in expect.get("gates_met", []):
        assert {g.id: g.status for g in a.gates}.get(gate) is Status.MET, gate
    if "group" not in expect:
        if "groups" in expect:  # else the case is about which criteria apply, and only that
            assert [g.id for g in a.groups] == expect["groups"]
        if "min_score" in expect:
            assert a.score is not None and a.score >= expect["min_score"], a.score
        return
    group = next((g for g in a.groups if g.id == expect["group"]), None)
    assert group is not None, [g.id for g in a.groups]
    assert group.ambition_level.value == expect["ambition"], (group.ambition_level, group.next_level)
    assert group.score is not None and group.score >= expect["min_score"], group.score


@pytest.mark.parametrize(("case", "blocks"), _cases())
def test_expert_judgement(
    case: dict[str, Any], blocks: dict[str, Any], engine: Engine, tmp_path: Path
) -> None:
    try:
        _check(case, blocks, engine, tmp_path)
    except AssertionError:
        if case.get("known_gap"):
            pytest.xfail(case["known_gap"])
        raise
