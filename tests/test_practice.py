"""Practice criteria mean what they say (innovation, declarations, procedure- and goods-specific
criteria) and the rules that contradicted their title or source are fixed (issue 10 items 6, 8).

Expected verdicts follow the criteria's sources: Directive 2014/24/EU Arts 26(4), 30, 31, 62(2),
67(2); the eForms BT-06/BT-774/BT-776 code lists; UHM's criterion for re-used IT equipment; the
EC GPP electricity toolkit's award criterion.
"""

from __future__ import annotations

import json

import pytest

from keino_cli.api import load_catalog
from keino_cli.engine import Engine
from keino_cli.model.result import InputResult, Status
from keino_cli.readers import read_input
from tests.conftest import FIXTURES

NA, MET, NOT_MET, UNKNOWN = Status.NOT_APPLICABLE, Status.MET, Status.NOT_MET, Status.UNKNOWN


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_catalog())


def assess(engine: Engine, path) -> InputResult:
    return engine.assess(read_input(str(path)))


def statuses(result: InputResult) -> dict[str, Status]:
    return {c.id: c.status for c in result.assessment.criteria}


QUALITY_40 = (
    "award_criteria: [{name: Price, type: price, weight: 60}, {name: Quality, type: quality, weight: 40}]\n"
)
CASES = [
    # (name, description YAML after id/title, {criterion: expected status})
    (
        "negotiation without declared innovation earns no innovation credit",
        "cpv: ['79400000']\nprocedure: neg-w-call\n",
        {"INN-PROC-01": NA, "INN-PROC-02": NA, "INN-PROC-03": NA},
    ),
    (
        "negotiation where innovation is declared",
        "cpv: ['79400000']\nprocedure: neg-w-call\nfacts: {strategic: {innovation: [proc-innov]}}\n",
        {"INN-PROC-01": MET, "INN-GOAL-01": MET},
    ),
    (
        "innovation partnership phases apply to an innovation partnership",
        "cpv: ['79400000']\nprocedure: innovation\nfacts: {innovation: {partnership_phases_defined: true}}\n",
        {"INN-PROC-01": MET, "INN-PROC-02": MET, "INN-PROC-03": NA},
    ),
    (
        "dialogue prizes apply to a competitive dialogue",
        "cpv: ['79400000']\nprocedure: comp-dial\nfacts: {innovation: {dialogue_compensation: false}}\n",
        {"INN-PROC-03": NOT_MET, "INN-PROC-02": NA},
    ),
    (
        "a quality weight alone is no innovation credit",
        "cpv: ['79400000']\n" + QUALITY_40,
        {"INN-AW-01": NA},
    ),
    (
        "a quality weight where innovation is sought",
        "cpv: ['79400000']\n" + QUALITY_40 + "facts: {strategic: {procurement: [inn-pur]}}\n",
        {"INN-AW-01": MET, "INN-GOAL-01": MET},
    ),
    (
        "every BT-774 code counts toward its theme",
        "cpv: ['79400000']\nfacts: {strategic: {environmental_impact: [biodiv-eco, clim-adapt]}}\n",
        {"RES-GEN-05": MET, "CLI-GEN-08": MET, "CLI-GEN-02": NOT_MET},
    ),
    (
        "BT-06 soc-obj counts as a declared social objective",
        "cpv: ['79400000']\nfacts: {strategic: {procurement: [soc-obj]}}\n",
        {"SOC-STRAT-01": MET},
    ),
    (
        "production supply-chain criteria apply to goods, not to a consultancy service",
        "cpv: ['79400000']\n",
        {"SOC-ILO-01": NA, "SOC-SC-01": NA, "SOC-SC-05": NA},
    ),
    (
        "production supply-chain criteria apply to goods",
        "cpv: ['39130000']\n",
        {"SOC-ILO-01": UNKNOWN, "SOC-SC-01": UNKNOWN},
    ),
    (
        "LCC applies where operating costs exist (vehicles), not to consultancy",
        "cpv: ['79400000']\n",
        {"RES-GEN-02": NA},
    ),
    (
        "LCC does not apply to catering (meals priced per portion, no operating costs to weigh)",
        "cpv: ['55524000']\n",
        {"RES-GEN-02": NA},
    ),
    (
        "EU GPP food set SWD(2019) 366, vending-machine criteria do not apply to a catering service",
        "cpv: ['55524000']\n",
        {
            "CLI-FOOD-05": NA,
            "CLI-FOOD-06": NA,
            "RES-FOOD-08": NA,
            "CLI-FOOD-01": UNKNOWN,
            "RES-FOOD-01": UNKNOWN,
        },
    ),
    (
        "EU GPP food set, catering criteria (menus, kitchens, food waste) do not apply to buying food",
        "cpv: ['15500000']\n",
        {
            "CLI-FOOD-01": NA,
            "CLI-FOOD-04": NA,
            "RES-FOOD-05": NA,
            "RES-FOOD-07": NA,
            "RES-FOOD-01": UNKNOWN,
            "RES-FOOD-03": NA,
        },
    ),
    (
        "the fish-list criteria apply to buying fish and to catering, not to buying dairy",
        "cpv: ['15220000']\n",
        {"RES-FOOD-03": UNKNOWN, "RES-FOOD-04": UNKNOWN},
    ),
    (
        "EU GPP food set, vending machines get the vending criteria and those on the food they sell",
        "cpv: ['42933000']\n",
        {
            "CLI-FOOD-05": UNKNOWN,
            "RES-FOOD-08": UNKNOWN,
            "RES-FOOD-01": UNKNOWN,
            "SOC-FT-01": UNKNOWN,
            "CLI-FOOD-01": NA,
        },
    ),
    (
        "LCC applies to vehicles",
        "cpv: ['34110000']\naward_criteria: [{name: LCC, type: cost, rewards: [life-cycle-cost]}]\n",
        {"RES-GEN-02": MET},
    ),
    (
        "refurbished-battery criterion does not apply to new laptops",
        "cpv: ['30213100']\nfacts: {ict: {warranty_years: 3}}\n",
        {"RES-ICT-13": NA},
    ),
    (
        "refurbished-battery criterion applies where refurbished devices are accepted",
        "cpv: ['30213100']\n"
        "facts: {ict: {refurbished_accepted: true, refurbished: {battery_cycles_at_80pct_soh: 500}}}\n",
        {"RES-ICT-13": MET},
    ),
    (
        "an equivalent environmental management system is accepted",
        "cpv: ['90919200']\nfacts: {management: {environmental_system: [other]}}\n",
        {"RES-GEN-01": MET},
    ),
    (
        "the renewable award reads the award, not the minimum",
        "cpv: ['09310000']\naward_criteria: [{name: Price, type: price, weight: 100}]\n"
        "facts: {electricity: {renewable_share_pct: 60}}\n",
        {"CLI-ELE-03": NOT_MET},
    ),
    (
        "no higher share to reward above a 100 % minimum",
        "cpv: ['09310000']\naward_criteria: [{name: Price, type: price, weight: 100}]\n"
        "facts: {electricity: {renewable_share_pct: 100}}\n",
        {"CLI-ELE-03": NA},
    ),
    (
        "a renewable award criterion",
        "cpv: ['09310000']\naward_criteria: [{name: Price, type: price, weight: 70}, "
        "{name: Renewable share, type: quality, weight: 30, theme: climate, rewards: [renewable-energy]}]\n"
        "facts: {electricity: {renewable_share_pct: 50}}\n",
        {"CLI-ELE-03": MET},
    ),
]


@pytest.mark.parametrize(("name", "body", "expected"), CASES, ids=[c[0] for c in CASES])
def test_practice_criteria(engine, write, name, body, expected) -> None:
    result = assess(engine, write("a.yaml", f"id: P-1\ntitle: {name}\n{body}"))
    found = statuses(result)
    assert {cid: found[cid] for cid in expected} == expected


def test_innovation_weight_is_not_sustainability_weight(engine, write) -> None:
    body = (
        "cpv: ['79400000']\naward_criteria: [{name: Price, type: price, weight: 70}, "
        "{name: Innovation, type: quality, weight: 30, theme: innovation}]\n"
    )
    result = assess(engine, write("a.yaml", f"id: P-2\ntitle: Innovation weight\n{body}"))
    used = {k: f.value for c in result.assessment.criteria for k, f in c.facts_used.items()}
    assert used["award.sustainability_weight_pct"] == 0
    assert statuses(result)["CLI-GEN-04"] is NOT_MET


def test_declared_innovation_outscores_declared_none(engine, tmp_path) -> None:
    """A notice declaring BT-776 innovation scores more innovation than one declaring no strategic aim."""
    notice = (FIXTURES / "eforms" / "plain.xml").read_text(encoding="utf-8")
    clim = (
        '<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="environmental-impact">'
        "clim-mitig</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>"
    )
    none = notice.replace(">env-imp<", ">none<").replace(clim, "")
    innovative = notice.replace(
        '<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="gpp-criteria">',
        '<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="innovative-acquisition">'
        "prod-innov</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>"
        '<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="gpp-criteria">',
    )
    scores = {}
    for name, text in (("none", none), ("innovative", innovative)):
        path = tmp_path / f"{name}.xml"
        path.write_text(text, encoding="utf-8")
        scores[name] = assess(engine, path).assessment.themes["innovation"].score or 0.0
    assert scores["innovative"] > scores["none"]


PLACEHOLDER = (
    "Price is not the only award criterion and all criteria are stated only in the procurement documents"
)


def test_eforms_placeholder_award_criterion_is_unknown(engine, tmp_path) -> None:
    notice = (FIXTURES / "eforms" / "plain.xml").read_text(encoding="utf-8")
    text = notice.replace(
        '<cbc:Name languageID="FIN">Hinta</cbc:Name>', f'<cbc:Name languageID="ENG">{PLACEHOLDER}</cbc:Name>'
    )
    text = text.replace('<cbc:Name languageID="SWE">Pris</cbc:Name>', "")
    path = tmp_path / "n.xml"
    path.write_text(text, encoding="utf-8")
    procurement = read_input(str(path)).procurement
    assert all(lot.award_criteria is None for lot in procurement.lots)
    result = assess(engine, path)
    assert all("award.rewards" not in c.facts_used for lot in result.lots for c in lot.assessment.criteria)


def test_ocds_placeholder_award_criterion_is_unknown(tmp_path) -> None:
    release = {
        "ocid": "ocds-test-2",
        "id": "1",
        "date": "2026-01-01T00:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "tender": {
            "id": "T1",
            "title": "Services",
            "items": [{"id": "1", "classification": {"scheme": "CPV", "id": "79400000"}}],
            "awardCriteria": {"criteria": [{"type": "price", "name": PLACEHOLDER}]},
        },
    }
    path = tmp_path / "release.json"
    path.write_text(json.dumps(release), encoding="utf-8")
    procurement = read_input(str(path)).procurement
    assert procurement.award_criteria is None and all(lot.award_criteria is None for lot in procurement.lots)
