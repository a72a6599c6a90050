"""Requirement texts (description, eForms BT-70, OCDS contract terms) are read for facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from keino_cli.api import load_catalog
from keino_cli.engine import Engine
from keino_cli.model.legal import LegalProfile
from keino_cli.model.profile import Profile
from keino_cli.model.result import InputResult, Status
from keino_cli.readers import read_input
from tests.conftest import FIXTURES

BUS_SHARE = "vehicles.buses.zero_emission_share_pct"
PLAIN_BT70 = "Kaluston on täytettävä Euro VI -päästöluokka."


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_catalog())


def assess(engine: Engine, path: Path) -> InputResult:
    return engine.assess(read_input(str(path)))


def used(result: InputResult, fact: str):
    """The fact as the criteria that read it saw it (procedure and lots)."""
    scopes = [result.assessment, *(lot.assessment for lot in result.lots)]
    for scope in scopes:
        for criterion in scope.criteria:
            if fact in criterion.facts_used:
                return criterion, criterion.facts_used[fact]
    return None, None


def test_bt70_full_electric_fleet_earns_its_credit(engine, tmp_path) -> None:
    notice = (FIXTURES / "eforms" / "plain.xml").read_text(encoding="utf-8")
    written = notice.replace(
        PLAIN_BT70, "Vähintään 40 % liikennöinnissä käytettävistä linja-autoista on oltava sähköbusseja."
    )
    # A zero-emission bus share binds in Finland only the transport authorities of Act 740/2021
    # Annex 3 (here HSL, 35 % in 2021-2025), so the notice is dated and the buyer names its tier.
    written = written.replace(
        '<cbc:NoticeTypeCode listName="competition">',
        '<cbc:IssueDate>2025-03-03+02:00</cbc:IssueDate><cbc:NoticeTypeCode listName="competition">',
    )
    path = tmp_path / "notice.xml"
    path.write_text(written, encoding="utf-8")
    _, before = used(assess(engine, FIXTURES / "eforms" / "plain.xml"), BUS_SHARE)
    assert before is None
    hsl = Profile(legal=LegalProfile(target_tiers=["fi-zero-emission-buses-hsl"]))
    criterion, fact = used(assess(Engine(engine.catalog, hsl), path), BUS_SHARE)
    assert fact is not None and fact.value == 40
    assert fact.origin.source == "eforms-text"
    assert "ContractExecutionRequirement" in fact.origin.pointer
    assert "sähköbusseja" in (fact.origin.snippet or "")
    assert criterion.status in (Status.MET, Status.PARTLY_MET)


def test_description_requirement_text_is_read(engine, write) -> None:
    path = write(
        "a.yaml",
        """\
id: R-1
title: School transport
cpv: ["60130000"]
requirements:
  - {text: "At least 40 % of the buses shall be electric buses.", type: contract-performance-clause}
""",
    )
    _, fact = used(assess(engine, path), BUS_SHARE)
    assert fact is not None and fact.value == 40
    assert fact.origin.source == "description-text"
    assert fact.origin.line == 5


def test_stated_fact_wins_over_the_text(engine, write) -> None:
    path = write(
        "a.yaml",
        """\
id: R-1
title: School transport
cpv: ["60130000"]
requirements:
  - {text: "At least 40 % of the buses shall be electric buses."}
facts: {vehicles: {buses: {zero_emission_share_pct: 10}}}
""",
    )
    _, fact = used(assess(engine, path), BUS_SHARE)
    assert fact.value == 10 and fact.origin.source == "description"


def test_text_naming_a_label_credits_it(engine, write) -> None:
    path = write(
        "a.yaml",
        """\
id: R-2
title: Office cleaning
cpv: ["90919200"]
requirements:
  - {text: "Kaikkien puhdistusaineiden on oltava EU-ympäristömerkittyjä tai vastaavia."}
""",
    )
    _, fact = used(assess(engine, path), "cleaning.ecolabelled_chemicals_share_pct")
    assert fact is not None, "the label named in the text is credited"


def test_ocds_performance_terms_are_read(engine, tmp_path) -> None:
    release = {
        "ocid": "ocds-test-1",
        "id": "1",
        "date": "2026-01-01T00:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "tender": {
            "id": "T1",
            "title": "School transport",
            "items": [{"id": "1", "classification": {"scheme": "CPV", "id": "60130000"}}],
            "contractTerms": {"performanceTerms": "At least 40 % of the buses shall be electric buses."},
        },
    }
    path = tmp_path / "release.json"
    path.write_text(json.dumps(release), encoding="utf-8")
    _, fact = used(assess(engine, path), BUS_SHARE)
    assert fact is not None and fact.value == 40
    assert fact.origin.source == "ocds-text"
