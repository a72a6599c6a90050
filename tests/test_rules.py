"""The rule language, run from YAML case data (tests/rules/cases.yaml) by one test per kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from keino_cli.model.rules import Rule, Scoring
from keino_cli.rules import compile_rule, compile_scoring, rule_facts
from keino_cli.yamlsource import load_yaml

CASES, _ = load_yaml((Path(__file__).parent / "rules" / "cases.yaml").read_bytes(), "cases.yaml")
RULE = TypeAdapter(Rule)
SCORING = TypeAdapter(Scoring)


def _ids(cases: list[dict[str, Any]]) -> list[str]:
    return [case["name"] for case in cases]


@pytest.mark.parametrize("case", CASES["rules"], ids=_ids(CASES["rules"]))
def test_rule(case: dict[str, Any]) -> None:
    predicate = compile_rule(RULE.validate_python(case["rule"]), case.get("params", {}))
    assert predicate(case["facts"]) is case["expect"]


@pytest.mark.parametrize("case", CASES["scoring"], ids=_ids(CASES["scoring"]))
def test_scoring(case: dict[str, Any]) -> None:
    fraction = compile_scoring(SCORING.validate_python(case["scoring"]), case.get("params", {}))
    result = fraction(case["facts"])
    if case["expect"] is None:
        assert result is None
    else:
        assert result == pytest.approx(case["expect"])


@pytest.mark.parametrize("case", CASES["invalid"], ids=_ids(CASES["invalid"]))
def test_invalid(case: dict[str, Any]) -> None:
    adapter, data = (RULE, case["rule"]) if "rule" in case else (SCORING, case["scoring"])
    with pytest.raises(ValidationError, match=case["error"]):
        adapter.validate_python(data)


def test_rule_facts_lists_each_fact_once_in_order() -> None:
    rule = RULE.validate_python(
        {"all": [{"fact": "b", "eq": 1}, {"not": {"fact": "a", "eq": 1}}, {"fact": "b", "gt": 0}]}
    )
    assert rule_facts(rule) == ["b", "a"]
