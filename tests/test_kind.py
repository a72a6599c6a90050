"""Criterion kind (subject or practice): declared in the bundled sets, inferred for user sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from keino_cli.catalog import _load, load_catalog
from keino_cli.errors import InputError
from keino_cli.model.criteria import Kind
from tests.conftest import ROOT, run

USER_SET = (ROOT / "examples" / "criteria" / "city-climate-programme.yaml").read_text(encoding="utf-8")


def test_every_bundled_criterion_declares_its_kind() -> None:
    catalog = load_catalog()
    undeclared = [e.criterion.id for e in catalog.criteria.values() if e.criterion.kind is None]
    assert undeclared == []
    kinds = {e.criterion.id: e.criterion.kind for e in catalog.criteria.values()}
    # Anchors from the brief: an ILO clause is about what is bought, a BT-805 declaration is not.
    assert kinds["SOC-ILO-01"] is Kind.SUBJECT and kinds["RES-FOOD-01"] is Kind.SUBJECT
    assert kinds["CLI-GEN-01"] is Kind.PRACTICE and kinds["INN-MD-01"] is Kind.PRACTICE


def _without_kind(tmp_path: Path) -> Path:
    path = tmp_path / "own.yaml"
    path.write_text("\n".join(line for line in USER_SET.split("\n") if "kind:" not in line), encoding="utf-8")
    return path


def test_a_bundled_set_without_kind_is_refused_with_the_place(tmp_path: Path) -> None:
    path = _without_kind(tmp_path)
    with pytest.raises(InputError) as raised:
        _load([(path, True)], bundled=True)
    problem = raised.value.problems[0]
    assert "kind is missing" in problem.message and problem.line is not None


def test_a_user_set_without_kind_loads_with_an_inferred_kind_and_validate_says_so(tmp_path: Path) -> None:
    path = _without_kind(tmp_path)
    catalog = load_catalog([path])
    assert catalog.criteria["JRV-CLI-01"].criterion.resolved_kind is Kind.SUBJECT  # scoped to a group
    result = run("criteria", "validate", str(path))
    assert result.exit_code == 2
    assert "kind: not declared, so inferred as 'subject'" in result.stderr
