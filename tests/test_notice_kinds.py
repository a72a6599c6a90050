"""Notices that are not contract notices are assessed only on the criteria that make sense for
them (criteria/notice-kinds.yaml), and stay out of the portfolio denominators where they are no
procurement of their own. Portfolio indicators count what a procurement requires or awards."""

from __future__ import annotations

import pytest

from keino_cli.api import load_catalog
from keino_cli.engine import Engine
from keino_cli.errors import InputError
from keino_cli.model.result import InputResult, Status
from keino_cli.portfolio import summarise
from keino_cli.readers import read_input
from tests.conftest import FIXTURES

NA = Status.NOT_APPLICABLE
CONTRACT_NOTICE = '<cbc:NoticeTypeCode listName="competition">cn-standard</cbc:NoticeTypeCode>'


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_catalog())


def notice_of_type(tmp_path, notice_type: str):
    text = (FIXTURES / "eforms" / "plain.xml").read_text(encoding="utf-8")
    assert CONTRACT_NOTICE in text
    path = tmp_path / f"{notice_type}.xml"
    path.write_text(
        text.replace(CONTRACT_NOTICE, CONTRACT_NOTICE.replace("cn-standard", notice_type)), "utf-8"
    )
    return path


def assess(engine: Engine, path) -> InputResult:
    return engine.assess(read_input(str(path)))


def by_id(result: InputResult):
    return {c.id: c for c in result.assessment.criteria}


def test_contract_notice_has_no_kind(engine) -> None:
    result = assess(engine, FIXTURES / "eforms" / "plain.xml")
    assert result.notice_kind is None and result.in_portfolio
    kinds = load_catalog().notice_kinds
    reasons = {kind.reason.en for kind in kinds.values()}
    assert not any(c.reason in reasons for c in result.assessment.criteria)


def test_prior_information_notice_is_assessed_on_its_declarations_only(engine, tmp_path) -> None:
    result = assess(engine, notice_of_type(tmp_path, "pin-only"))
    criteria = by_id(result)
    assert result.notice_kind == "prior-information" and not result.in_portfolio
    assert criteria["CLI-GEN-02"].status is Status.MET  # BT-774 clim-mitig declared in the notice
    assert criteria["INN-MD-01"].status is not NA
    outside = criteria["SOC-LAB-01"]
    assert outside.status is NA and "prior information notice" in (outside.reason or "")
    assert all(c.status is NA for c in criteria.values() if c.id.startswith("CLI-VEH"))


def test_design_contest_has_no_price_or_lcc_award(engine, tmp_path) -> None:
    result = assess(engine, notice_of_type(tmp_path, "cn-desg"))
    criteria = by_id(result)
    for criterion_id in ("INN-AW-01", "RES-GEN-02", "CLI-GEN-06"):
        assert criteria[criterion_id].status is NA
    assert criteria["RES-GEN-02"].reason and "design contest" in criteria["RES-GEN-02"].reason.lower()
    assert result.in_portfolio
    assert criteria["CLI-GEN-02"].status is Status.MET


def test_modification_notice_is_not_scored(engine, tmp_path) -> None:
    result = assess(engine, notice_of_type(tmp_path, "can-modif"))
    assert result.assessment.score is None
    assert all(c.status is NA for c in result.assessment.criteria)
    assert result.notice_kind == "modification"


def test_completion_stated_in_a_description(engine, write) -> None:
    path = write(
        "a.yaml",
        "id: K-1\ntitle: Closed contract\ncpv: ['90919200']\n"
        "facts: {notice: {type: compl}, followup: {outcome_indicators: true}}\n",
    )
    criteria = by_id(assess(engine, path))
    assert criteria["INN-FUP-01"].status is Status.MET
    assert criteria["RES-CLN-03"].status is NA


def test_portfolio_leaves_notices_of_no_procurement_out(engine, tmp_path) -> None:
    results = [
        assess(engine, FIXTURES / "eforms" / "plain.xml"),
        assess(engine, notice_of_type(tmp_path, "pin-only")),
        assess(engine, notice_of_type(tmp_path, "can-modif")),
    ]
    summary = summarise(results).to_dict()
    assert summary["procurements"] == 1
    assert summary["not_procurements"] == {"modification": 1, "prior-information": 1}


def _ocds_release(tmp_path, status: str):
    import json

    release = {
        "ocid": f"ocds-test-{status}",
        "id": "1",
        "date": "2026-03-01T00:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "buyer": {"name": "Järvilahden kaupunki"},
        "tender": {
            "id": "T-1",
            "title": "Koulukuljetukset 2027-2031",
            "status": status,
            "items": [{"id": "1", "classification": {"scheme": "CPV", "id": "60130000"}}],
        },
    }
    path = tmp_path / f"{status}.json"
    path.write_text(json.dumps({"releases": [release]}), "utf-8")
    return path


@pytest.mark.parametrize(
    ("status", "kind"),
    # OCDS 1.1 codelist tenderStatus: planning and planned precede the contracting process (OCDS for
    # eForms maps a prior information notice's planning form type to tender.status planned).
    [
        ("planning", "prior-information"),
        ("planned", "prior-information"),
        ("active", None),
        ("complete", None),
    ],
)
def test_ocds_tender_status_gives_the_kind(engine, tmp_path, status, kind) -> None:
    result = assess(engine, _ocds_release(tmp_path, status))
    assert result.notice_kind == kind
    assert result.in_portfolio is (kind is None)
    if kind is not None:
        assert by_id(result)["CLI-VEH-13"].status is NA


def test_a_notice_type_wins_over_a_tender_status() -> None:
    catalog = load_catalog()
    assert catalog.notice_kind("cn-standard", "planned") is None
    found = catalog.notice_kind(None, "planned")
    assert found is not None and found[0] == "prior-information"


KIND_HEAD = "notice_kinds:\n  my-kind:\n    title: {en: Mine}\n    notice_types: [my-type]\n"
KIND_TAIL = '    portfolio: true\n    source: {document: My notes, url: "https://example.org/"}\n'


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("    only: [INN-MD-99]\n    reason: {en: Only the dialogue}\n", "INN-MD-99"),
        # The bundled prior-information kind already lists `planned`.
        (
            "    ocds_tender_statuses: [planned]\n    only: []\n    reason: {en: No}\n",
            "'planned' is already of kind",
        ),
    ],
    ids=["unknown criterion", "tender status of two kinds"],
)
def test_a_notice_kind_problem_is_located(write, lines: str, message: str) -> None:
    path = write("kinds.yaml", KIND_HEAD + lines + KIND_TAIL)
    with pytest.raises(InputError) as error:
        load_catalog([path])
    assert any(message in p.message and p.line == 5 for p in error.value.problems), error.value.problems


INDICATOR_CASES = [
    # (name, body, assessed groups, declared groups) — the national strategy's count: what the
    # procurement requires or awards, not declarations, legal minimums or any quality weight.
    (
        "declarations only",
        "cpv: ['79400000']\nfacts: {strategic: {environmental_impact: [clim-mitig], "
        "social_objective: [work-cond], innovation: [prod-innov]}}\n",
        set(),
        {"environmental", "social", "innovation"},
    ),
    (
        "a quality weight only",
        "cpv: ['79400000']\naward_criteria: [{name: Price, type: price, weight: 60}, "
        "{name: Quality, type: quality, weight: 40}]\n",
        set(),
        set(),
    ),
    (
        "a legal minimum only (Act 1233/2006 documents)",
        "cpv: ['79400000']\nfacts: {labour: {contractor_obligations_documents: true}}\n",
        set(),
        set(),
    ),
    (
        "a renewable electricity requirement",
        "cpv: ['09310000']\nfacts: {electricity: {renewable_share_pct: 100}}\n",
        {"environmental"},
        set(),
    ),
    (
        "a social clause and an innovation award",
        "cpv: ['79400000']\naward_criteria: [{name: Price, type: price, weight: 70}, "
        "{name: New solutions, type: quality, weight: 30, rewards: [innovation]}]\n"
        "facts: {employment: {condition: true}}\n",
        {"social", "innovation"},
        set(),
    ),
]


@pytest.mark.parametrize(
    ("name", "body", "assessed", "declared"), INDICATOR_CASES, ids=[c[0] for c in INDICATOR_CASES]
)
def test_portfolio_indicators(engine, write, name, body, assessed, declared) -> None:
    result = assess(engine, write("a.yaml", f"id: I-1\ntitle: {name}\n{body}"))
    carries = summarise([result]).to_dict()["carries"]
    assert {g for g, c in carries.items() if c["procurements"]} == assessed
    assert {g for g, c in carries.items() if c["declared"]["procurements"]} == declared
