"""Every Finnish and Swedish criteria text follows one terminology: the glossary in docs/glossary.md."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from keino_cli.catalog import load_catalog
from keino_cli.model.common import Text
from tests.conftest import ROOT

CATALOG = load_catalog()
GLOSSARY = ROOT / "docs" / "glossary.md"
COLUMNS = ("en", "fi", "sv", "forbidden fi", "forbidden sv", "note")


def _rows() -> list[dict[str, str]]:
    """The glossary table; a cell may hold `\\|` inside a code span, as GitHub tables require."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| ") or line.startswith("| en |"):
            continue
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        assert len(cells) == len(COLUMNS), line
        rows.append(dict(zip(COLUMNS, cells, strict=True)))
    return rows


def _patterns(cell: str) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in re.findall(r"`([^`]+)`", cell)]


ROWS = _rows()
FORBIDDEN = {
    lang: [(row["en"], p) for row in ROWS for p in _patterns(row[f"forbidden {lang}"])]
    for lang in ("fi", "sv")
}


def _texts() -> Iterator[tuple[str, Text]]:
    """Every user-facing text of the bundled library: criteria, facts, product groups, sets."""
    for entry in CATALOG.criteria.values():
        c = entry.criterion
        yield f"{c.id} title", c.title
        if c.description:
            yield f"{c.id} description", c.description
        yield f"{c.id} recommendation", c.recommendation
        for index, evidence in enumerate(c.evidence):
            yield f"{c.id} evidence {index}", evidence
        for name, param in c.parameters.items():
            yield f"{c.id} parameter {name}", param.description
    for name, spec in CATALOG.facts.items():
        yield f"fact {name}", spec.description
    for name, group in CATALOG.product_groups.items():
        yield f"product group {name}", group.title
    for criteria_set in CATALOG.sets:
        yield f"set {criteria_set.id} title", criteria_set.title
        if criteria_set.description:
            yield f"set {criteria_set.id} description", criteria_set.description


TEXTS = list(_texts())


def test_glossary_has_the_terms_the_issue_names() -> None:
    by_en = {row["en"]: row for row in ROWS}
    assert by_en["contracting authority"]["sv"] == "upphandlande enhet"
    assert by_en["selection criterion (suitability requirement)"]["sv"] == "lämplighetskrav"
    assert by_en["competitive procedure with negotiation"]["fi"] == "tarjousperusteinen neuvottelumenettely"
    assert by_en["building permit"]["fi"] == "rakentamislupa"
    assert by_en["subcontractor"]["fi"] == "alihankkija"
    assert by_en["accessibility statement"]["sv"] == "tillgänglighetsutlåtande"
    assert all(FORBIDDEN[lang] for lang in ("fi", "sv"))


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_text_uses_a_forbidden_variant(lang: str) -> None:
    found = [
        f"{where}: {term!r} ({pattern.pattern}) in {getattr(text, lang)!r}"
        for where, text in TEXTS
        if getattr(text, lang)
        for term, pattern in FORBIDDEN[lang]
        if pattern.search(getattr(text, lang))
    ]
    assert found == []


def test_at_most_is_never_translated_as_strictly_below() -> None:
    """'alittaa' means 'goes below' (<); a text that says 'at most' (≤) must say 'enintään'."""
    wrong = [
        where
        for where, text in TEXTS
        if text.fi
        and re.search(r"\bat most\b|\bstays within\b|\bno more than\b", text.en)
        and "alitta" in text.fi
    ]
    assert wrong == []


def test_the_check_finds_a_forbidden_variant() -> None:
    sample = {
        "fi": "Rakennuslupaa haetaan ja aliurakoitsijat",
        "sv": "Den upphandlande myndigheten ställer kvalificeringskrav",
    }
    for lang, text in sample.items():
        assert any(p.search(text) for _, p in FORBIDDEN[lang]), lang
    negotiation = next(p for term, p in FORBIDDEN["fi"] if term == "competitive procedure with negotiation")
    assert negotiation.search("neuvottelumenettelyä käytetty")
    assert not negotiation.search("tarjousperusteista neuvottelumenettelyä käytetty")
    assert not negotiation.search("kilpailullinen neuvottelumenettely")
