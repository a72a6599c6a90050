"""Hostile nesting and sizes become one located problem: rules nested too deep, and deeper
nesting than any real file in YAML criteria sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from keino_cli.model.rules import MAX_RULE_DEPTH
from tests.conftest import FIXTURES, run

MINI = (FIXTURES / "criteria" / "mini.yaml").read_text(encoding="utf-8")
GATE_RULE = "rule: {fact: test.vehicles.clean_share_pct, gte: {param: min_share_pct}}"
DESCRIPTION = str(FIXTURES / "descriptions" / "vehicles.yaml")


def _nested(levels: int, style: str) -> str:
    rule = "{fact: test.vehicles.clean_share_pct, gte: {param: min_share_pct}}"
    for _ in range(levels):
        rule = f"{{{style}: [{rule}]}}" if style != "not" else f"{{not: {rule}}}"
    return MINI.replace(GATE_RULE, "rule: " + rule, 1)


@pytest.mark.parametrize("style", ["all", "any", "not"])
def test_rules_nested_too_deep_are_a_located_problem(tmp_path: Path, style: str) -> None:
    criteria = tmp_path / "deep.yaml"
    criteria.write_text(_nested(MAX_RULE_DEPTH + 1, style), encoding="utf-8")
    result = run("assess", DESCRIPTION, "--criteria", str(criteria), "--no-bundled", "--format", "json")
    assert result.exit_code == 2
    assert f"{criteria}:" in result.stderr and "nested more than" in result.stderr
    assert "internal error" not in result.stderr


def test_400_nested_all_is_refused_while_parsing(tmp_path: Path) -> None:
    criteria = tmp_path / "deep.yaml"
    criteria.write_text(_nested(400, "all"), encoding="utf-8")
    result = run("assess", DESCRIPTION, "--criteria", str(criteria), "--no-bundled", "--format", "json")
    assert result.exit_code == 2 and "nested more than 100 levels deep" in result.stderr


def test_rules_at_the_limit_still_work(tmp_path: Path) -> None:
    criteria = tmp_path / "deep.yaml"
    criteria.write_text(_nested(MAX_RULE_DEPTH - 1, "all"), encoding="utf-8")
    result = run("assess", DESCRIPTION, "--criteria", str(criteria), "--no-bundled", "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
