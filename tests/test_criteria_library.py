"""The bundled criteria library: complete, sourced, translated, self-tested, documented."""

from __future__ import annotations

import pytest

from keino_cli.catalog import load_catalog
from keino_cli.catalog.lint import lint
from keino_cli.catalog.selftest import run_examples
from keino_cli.model.criteria import ValueType
from keino_cli.model.rules import Bands, Linear, ParamRef, Threshold
from keino_cli.render.criteria_docs import markdown
from keino_cli.rules import walk_comparisons
from tests.conftest import ROOT

CATALOG = load_catalog()
ENTRIES = list(CATALOG.criteria.values())
IDS = [e.criterion.id for e in ENTRIES]


def test_library_size_and_sets() -> None:
    assert len(ENTRIES) >= 100
    assert {s.id for s in CATALOG.sets} >= {
        "climate",
        "resource-efficiency",
        "social-responsibility",
        "innovation",
    }


def test_required_product_groups_are_covered() -> None:
    wanted = {
        "computers-monitors",
        "food-catering",
        "road-transport",
        "indoor-cleaning",
        "furniture",
        "textiles",
        "office-buildings",
        "road-lighting",
        "electricity",
    }
    assert wanted <= set(CATALOG.product_groups)
    covered = {g for e in ENTRIES for g in e.criterion.applies_to.product_groups}
    covered |= {
        g
        for e in ENTRIES
        for code in e.criterion.applies_to.cpv
        for g, spec in CATALOG.product_groups.items()
        if any(code.startswith(p) or p.startswith(code) for p in spec.cpv)
    }
    assert wanted <= covered, wanted - covered


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_every_criterion_is_sourced_and_translated(entry) -> None:
    criterion = entry.criterion
    assert criterion.source.document.strip() and criterion.source.reference.strip()
    for text in (criterion.title, criterion.recommendation):
        assert text.missing_languages() == [], f"{criterion.id} lacks {text.missing_languages()}"


def test_no_lint_problems_in_bundled_sets() -> None:
    assert [str(p) for p in lint(CATALOG, CATALOG.files)] == []


@pytest.mark.parametrize("case", run_examples(CATALOG), ids=lambda c: f"{c.criterion_id}-{c.kind}{c.index}")
def test_criterion_example(case) -> None:
    assert case.ok, str(case.problem)


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_numbers_compared_with_facts_are_parameters_with_a_status(entry) -> None:
    """Never invent a number: every threshold is a parameter that says how far it is trusted."""
    criterion = entry.criterion
    if criterion.rule is not None:
        for _, comparison in walk_comparisons(criterion.rule):
            spec = CATALOG.facts[comparison.fact]
            operand = comparison.operand(comparison.operator)
            if spec.type in (ValueType.NUMBER, ValueType.INTEGER) and comparison.operator != "exists":
                assert isinstance(operand, ParamRef), (
                    f"{criterion.id}: literal {operand!r} on {comparison.fact}"
                )
    elif isinstance(criterion.scoring, Threshold):
        assert isinstance(criterion.scoring.gte or criterion.scoring.lte, ParamRef)
    elif isinstance(criterion.scoring, Bands):
        assert all(isinstance(b.gte or b.lte, ParamRef) for b in criterion.scoring.bands)
    elif isinstance(criterion.scoring, Linear):
        assert isinstance(criterion.scoring.from_, ParamRef) and isinstance(criterion.scoring.to, ParamRef)


def test_clean_vehicles_directive_gate_for_light_duty() -> None:
    gates = [e for e in ENTRIES if e.criterion.legal_gate]
    assert gates
    defaults = {p.default for e in gates for p in e.criterion.parameters.values()}
    assert 38.5 in defaults


def test_committed_criteria_docs_are_current() -> None:
    committed = (ROOT / "docs" / "criteria.md").read_text(encoding="utf-8")
    assert committed == markdown(CATALOG), "run: keino criteria export --format markdown > docs/criteria.md"
