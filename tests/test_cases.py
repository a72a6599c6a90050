"""Data-driven cases for the fact table, the engine and the gate (tests/cases/*.yaml).

Each case is a description (and optionally a profile, a date, a bar and a baseline) with what
the documented rules say must follow: facts and their origin, criterion statuses, fractions and
reasons, theme, overall and practice scores, coverage, ambition, the improvement plan, lot
results, the notice kind, problems, gate checks with their lines and messages. The criteria they
run against (tests/cases/criteria.yaml, over the bundled vocabulary: facts, evidence, labels and
notice kinds) each isolate one rule of the engine. Everything goes through the public API
(`build_tables`, `Engine.assess`, `gate.evaluate`), so the cases hold for any implementation.
"""

from __future__ import annotations

import errno
import math
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from keino_cli.catalog import load_catalog
from keino_cli.engine import Engine
from keino_cli.errors import InputError
from keino_cli.facts import build_tables, type_problem
from keino_cli.gate import Bar, apply_baseline, evaluate, write_baseline
from keino_cli.model.profile import Profile
from keino_cli.model.result import AmbitionLevel
from keino_cli.readers import ReadOptions
from keino_cli.readers.description import read as read_description
from keino_cli.yamlsource import load_yaml

CASES = Path(__file__).parent / "cases"
CATALOG = load_catalog([CASES / "criteria.yaml"], bundled=False)
# Plain criterion weights (docs/scoring.md §4: "all 1 gives plain criterion weights"), so each case's
# numbers stay a weighted mean a reader can redo by hand; a case may set its own.
PLAIN_LEVELS = {"core": 1, "comprehensive": 1, "spearhead": 1}


def _cases() -> list[Any]:
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        if path.name == "criteria.yaml":
            continue
        data, _ = load_yaml(path.read_bytes(), str(path))
        found += [pytest.param(case, id=f"{path.stem}: {case['name']}") for case in data["cases"]]
    return found


def _read(description: dict[str, Any]):
    text = yaml.safe_dump({"id": "CASE", "title": "Case", **description}, allow_unicode=True)
    return read_description("case.yaml", text.encode(), ReadOptions(catalog=CATALOG))


def _status(result: Any) -> Any:
    if result.fraction is None:
        return result.status.value
    return [result.status.value, round(result.fraction, 4)]


def _check_criteria(expected: dict[str, Any], criteria: list[Any], where: str) -> None:
    by_id = {c.id: c for c in criteria}
    for ident, want in expected.items():
        got = _status(by_id[ident])
        if isinstance(want, str) and isinstance(got, list):
            got = got[0]
        assert got == want, f"{where} {ident}: {got} != {want}"


def _check_reasons(expected: dict[str, str], criteria: list[Any]) -> None:
    by_id = {c.id: c for c in criteria}
    for ident, wanted in expected.items():
        assert wanted in (by_id[ident].reason or ""), f"reason of {ident}: {by_id[ident].reason!r}"


def _plan(assessment: Any) -> list[list[Any]]:
    return [[item.id, item.action.value, item.gain] for item in assessment.improvement_plan]


def _close(got: float | None, want: float | None) -> bool:
    """Scores are rounded to 2 decimals: equal within that rounding, or both absent."""
    return got is None if want is None else got is not None and abs(got - want) <= 0.011


@pytest.mark.parametrize("case", _cases())
def test_case(case: dict[str, Any]) -> None:
    expect = case["expect"]
    data = _read(case["description"])
    if "facts" in expect or "origin" in expect:
        # With the catalog, as the engine builds them: requirement texts read, labels credited.
        table, lots, problems = build_tables(data.procurement, CATALOG.facts, data.path, data.locate, CATALOG)
        assert not problems, problems
        for key, value in expect.get("facts", {}).items():
            got = table[key].value if key in table else None
            assert got == value, f"fact {key}: {got!r} != {value!r}"
        for key, source in expect.get("origin", {}).items():
            assert table[key].origin.source == source, f"origin of {key}"
        for lot, facts in expect.get("lot_facts", {}).items():
            for key, value in facts.items():
                got = lots[lot][key].value if key in lots[lot] else None
                assert got == value, f"lot {lot} fact {key}: {got!r} != {value!r}"
    profile = {"level_weights": PLAIN_LEVELS, **case.get("profile", {})}
    engine = Engine(CATALOG, Profile.model_validate(profile))
    today = date.fromisoformat(case["today"]) if "today" in case else date(2026, 6, 1)
    if "problems" in expect:
        with pytest.raises(InputError) as caught:
            engine.assess(data, today)
        messages = [p.message for p in caught.value.problems]
        for wanted in expect["problems"]:
            assert any(wanted in m for m in messages), messages
        return
    result = engine.assess(data, today)
    a = result.assessment
    _check_criteria(expect.get("criteria", {}), a.criteria, "procedure")
    _check_reasons(expect.get("reasons", {}), a.criteria)
    for lot in result.lots:
        _check_criteria(expect.get("lots", {}).get(lot.id, {}), lot.assessment.criteria, f"lot {lot.id}")
    for theme, score in expect.get("themes", {}).items():
        assert _close(a.themes[theme].score, score), f"theme {theme}: {a.themes[theme].score} != {score}"
    if "score" in expect:
        assert _close(a.score, expect["score"]), f"score {a.score} != {expect['score']}"
    if "ambition" in expect:
        assert a.ambition_level is AmbitionLevel(expect["ambition"])
    if "value_eur" in expect:
        assert result.value_eur == expect["value_eur"]
    if "coverage" in expect:
        assert a.coverage == expect["coverage"], f"coverage {a.coverage} != {expect['coverage']}"
    if "practice" in expect:
        assert _close(a.practice.score, expect["practice"]), f"practice {a.practice.score}"
    if "plan" in expect:
        assert _plan(a) == expect["plan"]
    for key in ("notice_kind", "in_portfolio", "declared"):
        if key in expect:
            assert getattr(result, key) == expect[key], f"{key}: {getattr(result, key)!r}"
    if "gate" in expect:
        gate = expect["gate"]
        bar = dict(gate.get("bar", {}))
        if "min_level" in bar:
            bar["min_level"] = AmbitionLevel(bar["min_level"])
        if "require" in bar:
            bar["require"] = tuple(bar["require"])
        verdict = evaluate(result, Bar(**bar))
        if "baseline" in gate:
            # Entries are [kind, id] for this input, or [input, kind, id] with the input's path
            # as seen from the baseline's folder (`baseline_root`, relative to the input's).
            known = {tuple(entry) if len(entry) == 3 else ("case.yaml", *entry) for entry in gate["baseline"]}
            apply_baseline(verdict, known, Path.cwd() / gate.get("baseline_root", "."))
        checks = {f"{c.kind.value}:{c.id}": c for c in verdict.checks}
        outcomes = {key: c.outcome.value for key, c in checks.items()}
        for key, want in gate.get("checks", {}).items():
            assert outcomes.get(key) == want, f"check {key}: {outcomes.get(key)} != {want} ({outcomes})"
        for key, line in gate.get("lines", {}).items():
            assert checks[key].line == line, f"line of {key}: {checks[key].line} != {line}"
        for key, wanted in gate.get("messages", {}).items():
            assert wanted in checks[key].message, f"message of {key}: {checks[key].message!r}"
        assert verdict.passed is gate["passed"], outcomes


def test_a_baseline_that_cannot_be_written_says_why(tmp_path: Path) -> None:
    """The message names the file and the system's reason, without the errno noise."""
    target = tmp_path / "missing" / "keino-baseline.json"
    with pytest.raises(InputError) as caught:
        write_baseline(target, [{"input": "case.yaml", "kind": "gate", "id": "C-GATE-01"}])
    (problem,) = caught.value.problems
    assert problem.path == str(target)
    assert problem.message == f"cannot write baseline: {os.strerror(errno.ENOENT)}"


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_a_number_fact_refuses_what_is_not_finite(value: float) -> None:
    """YAML and JSON readers refuse these already; a program building a procurement may not."""
    assert type_problem(CATALOG.facts["case.level"], value) == f"expected a finite number, got {value!r}"
