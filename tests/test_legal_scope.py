"""Legal scope per jurisdiction, as data (tests/legal/cases.yaml): whom each legal obligation binds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from keino_cli.api import assess_inputs, load_catalog
from keino_cli.engine import Engine
from keino_cli.gate import Bar, evaluate
from keino_cli.model.legal import LegalProfile
from keino_cli.model.profile import Profile
from tests.conftest import SHARED_DATA

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


NOTICES = [
    # (file under ../shared/data/eforms, country, legal basis, nature, start date or None)
    ("ted-published/739962-2023.xml", "PL", "2014/24/EU", "supplies"),
    ("ted-published/650472-2023.xml", "EE", "2014/25/EU", "services"),
    ("ted-published/544961-2023.xml", "FI", "2014/24/EU", "services"),
]


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="shared sample data not present")
@pytest.mark.parametrize(("name", "country", "basis", "nature"), NOTICES)
def test_real_notices_carry_their_scope_facts(
    name: str, country: str, basis: str, nature: str, catalog: Any
) -> None:
    """BT-01 legal basis, BT-23 nature and the buyer's country are read from the notice itself,
    and no Finnish statute binds a buyer outside Finland."""
    outcome = next(assess_inputs([str(SHARED_DATA / "eforms" / name)], Engine(catalog)))
    assert outcome.result is not None
    legal = outcome.result.legal or {}
    assert (legal["country"], legal["legal_basis"], legal["contract_nature"]) == (country, basis, nature)
    assert legal["country_assumed"] is False and legal["start_date"]
    finnish = {"SOC-TV-01", "SOC-TV-02", "CLI-BLD-01", "CLI-BLD-02", "CLI-BLD-05", "CLI-EED-01"}
    applied = {g.id for g in outcome.result.assessment.gates}
    assert country == "FI" or not applied & finnish


def test_ocds_release_scope_facts(tmp_path: Path, catalog: Any) -> None:
    """OCDS: country by name, eForms-profile legal basis (CELEX), mainProcurementCategory, tender date."""
    release = {
        "ocid": "ocds-test-1",
        "id": "1",
        "date": "2026-02-03T10:00:00Z",
        "tag": ["tender"],
        "buyer": {"id": "B", "name": "Tallinn"},
        "parties": [
            {"id": "B", "name": "Tallinn", "roles": ["buyer"], "address": {"countryName": "Estonia"}}
        ],
        "tender": {
            "id": "T",
            "title": "Cars",
            "legalBasis": {"id": "32014L0024", "scheme": "CELEX"},
            "mainProcurementCategory": "goods",
            "items": [{"id": "1", "classification": {"scheme": "CPV", "id": "34110000"}}],
        },
    }
    path = tmp_path / "release.json"
    path.write_text(json.dumps(release), encoding="utf-8")
    outcome = next(assess_inputs([str(path)], Engine(catalog)))
    assert outcome.result is not None, outcome.problems
    legal = outcome.result.legal or {}
    assert (legal["country"], legal["legal_basis"], legal["contract_nature"]) == (
        "EE",
        "2014/24/EU",
        "supplies",
    )
    assert legal["start_date"] == "2026-02-03"


def test_lots_combine_the_obligation_and_keep_the_scope_reason(tmp_path: Path, catalog: Any) -> None:
    """A procedure with lots: the combined gate carries the lots' obligation, and a law that does
    not bind the buyer keeps its reason (not a generic "does not apply")."""
    description = {
        "id": "LOTS",
        "title": "Cars in two lots",
        "buyer": {"name": "Valtion virasto", "type": "central-government", "country": "FI"},
        "cpv": ["34110000"],
        "value": {"amount": 900000},
        "facts": {"procedure": {"start_date": "2026-02-01"}},
        "lots": [
            {
                "id": "L1",
                "value": {"amount": 450000},
                "facts": {"vehicles": {"light_duty": {"zero_emission_share_pct": 10}}},
            },
            {
                "id": "L2",
                "value": {"amount": 450000},
                "facts": {"vehicles": {"light_duty": {"zero_emission_share_pct": 20}}},
            },
        ],
    }
    path = tmp_path / "lots.yaml"
    path.write_text(yaml.safe_dump(description, allow_unicode=True), encoding="utf-8")
    result = next(assess_inputs([str(path)], Engine(catalog))).result
    assert result is not None
    by_id = {c.id: c for c in result.assessment.criteria}
    gate = by_id["CLI-VEH-02"]
    assert gate.status.value == "not_met" and gate.obligation and gate.obligation["policy"] == "contribution"
    assert gate.via_label is None and gate.reason is None
    assert by_id["CLI-VEH-01"].reason and "in force until 2025-12-31" in by_id["CLI-VEH-01"].reason
