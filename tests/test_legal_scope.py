"""Legal scope per jurisdiction, as data (tests/legal/cases.yaml): whom each legal obligation binds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from keino_cli.api import assess_inputs, load_catalog
from keino_cli.engine import Engine
from keino_cli.gate import Bar, evaluate
from keino_cli.model.legal import LegalProfile
from keino_cli.model.profile import Profile

CASES = yaml.safe_load((Path(__file__).parent / "legal" / "cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog() -> Any:
    return load_catalog()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_legal_scope(case: dict[str, Any], catalog: Any, tmp_path: Path) -> None:
    description = {"id": case["id"], "title": case["id"]} | case["description"]
    path = tmp_path / "procurement.yaml"
    path.write_text(yaml.safe_dump(description, allow_unicode=True), encoding="utf-8")
    profile = Profile(legal=LegalProfile(**case.get("legal", {})))
    outcome = next(assess_inputs([str(path)], Engine(catalog, profile)))
    assert outcome.result is not None, outcome.problems
    result = outcome.result
    by_id = {c.id: c for c in result.assessment.criteria}
    for criterion_id, expected in case["expect"].items():
        got = by_id[criterion_id]
        assert got.status.value == expected["status"], (criterion_id, got.reason, got.obligation)
        if "reason" in expected:
            assert got.reason and expected["reason"] in got.reason, (criterion_id, got.reason)
        if "policy" in expected:
            assert got.obligation and got.obligation["policy"] == expected["policy"]
        if "required" in expected:
            assert got.obligation and expected["required"] in got.obligation["required"]
        if "missing" in expected:
            assert got.obligation and expected["missing"] in got.obligation["missing_facts"]
        if got.obligation and got.status.value != "met":
            assert {"measured", "required", "source", "fix", "missing_facts"} <= got.obligation.keys()
    legal = result.legal or {}
    if "above_eu_threshold" in case:
        assert legal["above_eu_threshold"] is case["above_eu_threshold"], legal
    if "country_assumed" in case:
        assert legal["country_assumed"] is case["country_assumed"]
    if "baselines" in case:
        assert [b["id"] for b in legal["legal_baselines"]] == case["baselines"]
    if "check_exit" in case:
        assert (0 if evaluate(result, Bar()).passed else 1) == case["check_exit"]
