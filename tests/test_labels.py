"""Labels credit what their criteria documents certify (criteria/labels.yaml)."""

from __future__ import annotations

import json

import pytest

from keino_cli.api import load_catalog
from keino_cli.engine import Engine
from keino_cli.errors import InputError
from keino_cli.model.result import InputResult, Status
from keino_cli.readers import read_input
from tests.conftest import run

CLEANING = """\
id: L-1
title: Office cleaning
cpv: ["90919200-4"]
"""
# Commission Decision (EU) 2018/680, mandatory criteria of an EU Ecolabel indoor cleaning service:
# M2 dosing, M3 microfibre, M4 staff training, M6 waste sorting. Criteria reading those facts:
CERTIFIED_BY_SERVICE_LABEL = {
    "cleaning.dosing_required",
    "cleaning.microfibre_required",
    "cleaning.staff_training_required",
    "cleaning.waste_sorting_required",
}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_catalog())


def assess(engine: Engine, path) -> InputResult:
    return engine.assess(read_input(str(path)))


def readers_of(engine: Engine, facts: set[str]) -> set[str]:
    return {c.id for c in engine.compiled if c.reads & facts and not c.legal_gate}


def test_service_label_credits_what_the_decision_certifies(engine, write) -> None:
    path = write("a.yaml", CLEANING + "labels: [{id: eu-ecolabel, of: provider}]\n")
    result = assess(engine, path)
    criteria = {c.id: c for c in result.assessment.criteria}
    credited = readers_of(engine, CERTIFIED_BY_SERVICE_LABEL)
    assert credited, "the cleaning criteria read these facts"
    for criterion_id in credited:
        found = criteria[criterion_id]
        assert found.status is Status.MET, criterion_id
        assert found.via_label == "eu-ecolabel"
        origin = next(iter(found.facts_used.values())).origin
        assert origin.source == "label" and "2018/680" in origin.pointer
    planned = {item.id for item in result.assessment.improvement_plan}
    assert planned.isdisjoint(credited)


def test_stated_fact_wins_over_the_label(engine, write) -> None:
    text = (
        CLEANING + "labels: [{id: eu-ecolabel, of: provider}]\nfacts: {cleaning: {dosing_required: false}}\n"
    )
    result = assess(engine, write("a.yaml", text))
    for criterion in result.assessment.criteria:
        if "cleaning.dosing_required" in criterion.facts_used:
            assert criterion.status is Status.NOT_MET
            assert criterion.via_label is None


def test_product_label_does_not_prove_service_criteria(engine, write) -> None:
    # A hard-surface cleaning product label (Decision (EU) 2017/1217) says nothing of dosing or training.
    result = assess(engine, write("a.yaml", CLEANING + "labels: [eu-ecolabel]\n"))
    criteria = {c.id: c for c in result.assessment.criteria}
    for criterion_id in readers_of(engine, CERTIFIED_BY_SERVICE_LABEL):
        assert criteria[criterion_id].status is Status.UNKNOWN
    chemicals = readers_of(engine, {"cleaning.ecolabelled_chemicals_share_pct"})
    assert chemicals and all(criteria[cid].via_label == "eu-ecolabel" for cid in chemicals)


def test_label_of_another_product_group_credits_nothing(engine, write) -> None:
    result = assess(engine, write("a.yaml", CLEANING + "labels: [tco-certified]\n"))
    assert all(c.via_label is None for c in result.assessment.criteria)


def test_tco_certified_credits_energy_and_substances_for_computers(engine, write) -> None:
    text = "id: L-2\ntitle: Laptops\ncpv: ['30213100']\nlabels: [tco-certified]\n"
    result = assess(engine, write("a.yaml", text))
    credited = readers_of(
        engine, {"ict.computers.min_energy_performance_required", "ict.halogenated_plastics_restricted"}
    )
    criteria = {c.id: c for c in result.assessment.criteria}
    assert all(
        criteria[cid].via_label == "tco-certified" and criteria[cid].status is Status.MET for cid in credited
    )


def test_provider_labels_are_a_fact_too(engine, write) -> None:
    result = assess(engine, write("a.yaml", CLEANING + "labels: [nordic-swan, {id: emas, of: provider}]\n"))
    used = {k: f for c in result.assessment.criteria for k, f in c.facts_used.items()}
    assert used["labels.required"].value == ["nordic-swan", "emas"]
    assert used["management.environmental_system"].value == ["emas"]


def test_json_names_the_label(write) -> None:
    path = write("a.yaml", CLEANING + "labels: [{id: eu-ecolabel, of: provider}]\n")
    result = run("assess", str(path), "--format", "json")
    data = json.loads(result.stdout)
    vias = {c["id"]: c["via_label"] for c in data["results"][0]["criteria"]}
    assert "eu-ecolabel" in vias.values()


def test_labels_file_with_an_unknown_fact_is_a_located_error(write) -> None:
    path = write(
        "labels.yaml",
        """\
labels:
  my-label:
    title: {en: Mine}
    issuer: Somebody official
    url: https://example.org/
    schemes:
      - id: all
        of: products
        document: My criteria v1
        url: https://example.org/criteria
        status: verified
        certifies:
          cleaning.dosing_requird: true
""",
    )
    with pytest.raises(InputError) as error:
        load_catalog([path])
    messages = [(p.message, p.line) for p in error.value.problems]
    assert any(
        "cleaning.dosing_requird" in m and "did you mean" in m and line == 13 for m, line in messages
    ), messages


def test_facts_listing_names_the_certifying_labels() -> None:
    result = run("facts", "--format", "json")
    rows = {row["name"]: row for row in json.loads(result.stdout)["facts"]}
    assert (
        "eu-ecolabel/indoor-cleaning-services (of provider)"
        in rows["cleaning.dosing_required"]["certified_by"]
    )


def test_terminal_report_names_the_label(write) -> None:
    path = write("a.yaml", CLEANING + "labels: [{id: eu-ecolabel, of: provider}]\n")
    result = run("assess", str(path), "--details", env={"COLUMNS": "200"})  # facts are in the details
    assert "via label eu-ecolabel" in result.stdout


def test_label_scores_like_the_requirements_it_certifies_itemised(engine, write) -> None:
    """EU Ecolabel service (2018/680 M2, M3, M4, M6) plus the cleaning-product label (2017/1217)
    score the same as those requirements written out one by one."""
    labelled = write("a.yaml", CLEANING + "labels: [{id: eu-ecolabel, of: provider}, eu-ecolabel]\n")
    itemised = write(
        "b.yaml",
        CLEANING + "facts: {cleaning: {ecolabelled_chemicals_share_pct: 100, microfibre_required: true, "
        "dosing_required: true, staff_training_required: true, waste_sorting_required: true}}\n",
    )
    first, second = assess(engine, labelled).assessment, assess(engine, itemised).assessment
    assert first.score == second.score and first.score is not None and first.score > 0
