"""The criteria library is honest about its sources and never asks for less than the law."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from keino_cli.catalog import load_catalog
from keino_cli.model.rules import Bands, Comparison, Linear, ParamRef, Threshold
from keino_cli.rules import walk_comparisons
from keino_cli.yamlsource import load_yaml
from tests.conftest import ROOT

CATALOG = load_catalog()
ENTRIES = list(CATALOG.criteria.values())
ISSUING_BODIES = load_yaml((ROOT / "docs" / "issuing-bodies.yaml").read_bytes(), "issuing-bodies.yaml")[0]


def _bounds(entry) -> list[tuple[str, str]]:
    """(parameter, direction) pairs: 'gte' where higher asks more, 'lte' where lower asks more."""
    criterion = entry.criterion
    found: list[tuple[str, str]] = []
    if criterion.rule is not None:
        for _, comparison in walk_comparisons(criterion.rule):
            assert isinstance(comparison, Comparison)
            for op in ("gte", "gt", "lte", "lt"):
                operand = comparison.operand(op)
                if isinstance(operand, ParamRef):
                    found.append((operand.param, "gte" if op.startswith("g") else "lte"))
    scoring = criterion.scoring
    if isinstance(scoring, Threshold):
        bound = scoring.gte or scoring.lte
        if isinstance(bound, ParamRef):
            found.append((bound.param, "gte" if scoring.gte is not None else "lte"))
    elif isinstance(scoring, Bands):
        for band in scoring.bands:
            bound = band.gte or band.lte
            if isinstance(bound, ParamRef):
                found.append((bound.param, "gte" if band.gte is not None else "lte"))
    elif isinstance(scoring, Linear):
        for bound in (scoring.from_, scoring.to):
            if isinstance(bound, ParamRef):
                found.append((bound.param, "gte"))
    return found


def test_library_size_levels_and_groups() -> None:
    """Issue #15: at least 230 criteria, ten at the spearhead level, and every current EU GPP set."""
    assert len(ENTRIES) >= 230
    assert sum(e.criterion.level.value == "spearhead" for e in ENTRIES) >= 10
    eu_gpp_sets = {
        "computers-monitors",
        "smartphones-tablets",
        "imaging-equipment",
        "data-centres",
        "electricity",
        "food-catering",
        "furniture",
        "indoor-cleaning",
        "office-buildings",
        "paints-road-markings",
        "public-space-maintenance",
        "road-works",
        "road-lighting",
        "road-transport",
        "textiles",
    }
    national = {
        "building-operation",
        "heat-supply",
        "healthcare-supplies",
        "social-health-services",
        "cleaning-products",
    }
    covered = {g for e in ENTRIES for g in CATALOG.member_groups(e.criterion)}
    assert eu_gpp_sets | national <= covered, (eu_gpp_sets | national) - covered


WITH_LEGAL_MINIMUM = [e for e in ENTRIES if any(p.legal_minimum for p in e.criterion.parameters.values())]


def test_some_criteria_cite_a_legal_baseline() -> None:
    assert {e.criterion.id for e in WITH_LEGAL_MINIMUM} >= {"RES-FUR-01"}


@pytest.mark.parametrize("entry", WITH_LEGAL_MINIMUM, ids=[e.criterion.id for e in WITH_LEGAL_MINIMUM])
def test_no_criterion_asks_for_less_than_the_legal_baseline_it_cites(entry) -> None:
    bounds = _bounds(entry)
    for name, parameter in entry.criterion.parameters.items():
        if parameter.legal_minimum is None:
            continue
        directions = {d for p, d in bounds if p == name}
        assert directions, f"{entry.criterion.id}: {name} has a legal minimum but no rule compares with it"
        legal = parameter.legal_minimum.value
        for direction in directions:
            if direction == "gte":
                assert parameter.default >= legal, f"{entry.criterion.id}: {name} asks less than {legal}"
            else:
                assert parameter.default <= legal, f"{entry.criterion.id}: {name} allows more than {legal}"


def test_the_legal_baseline_check_can_fail() -> None:
    entry = CATALOG.criteria["RES-FUR-01"]
    weaker = entry.criterion.parameters["max_mg_m3"].model_copy(update={"default": 0.124})
    assert weaker.default > weaker.legal_minimum.value


def _host(url: object) -> str:
    return (urlsplit(str(url)).hostname or "").removeprefix("www.")


def _on_issuing_body(host: str) -> bool:
    return any(host == h or host.endswith("." + h) for h in ISSUING_BODIES["hosts"])


def test_urls_point_to_the_issuing_bodies() -> None:
    urls = [e.criterion.source.url for e in ENTRIES if e.criterion.source.url is not None]
    others = sorted({_host(u) for u in urls if not _on_issuing_body(_host(u))})
    share = sum(_on_issuing_body(_host(u)) for u in urls) / len(urls)
    assert share >= 0.9, f"{share:.0%} on issuing bodies' sites; others: {others}"
    for host in ISSUING_BODIES["never"]:
        assert not any(_host(u) == host for u in urls), host


def test_set_sources_point_to_the_issuing_bodies() -> None:
    urls = [s.url for source_set in CATALOG.sets for s in source_set.sources if s.url is not None]
    assert all(_on_issuing_body(_host(u)) for u in urls), [
        str(u) for u in urls if not _on_issuing_body(_host(u))
    ]


UNREAD = ("not read", "not in the shared research", "only in", "read in the", "copy", "summary", "quoted")


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.criterion.id for e in ENTRIES])
def test_verified_means_read_in_the_issuing_bodys_text(entry) -> None:
    source = entry.criterion.source
    if source.status.value != "verified":
        assert source.note or "secondary" in source.document.lower() or source.url, entry.criterion.id
        return
    note = (source.note or "").lower()
    assert not any(word in note for word in UNREAD), f"{entry.criterion.id}: verified, but: {source.note}"
    reference = source.reference.lower()
    assert not any(word in reference for word in UNREAD_REFERENCE), (
        f"{entry.criterion.id}: verified, but: {source.reference}"
    )
    assert source.url is not None and _on_issuing_body(_host(source.url)), (
        f"{entry.criterion.id}: {source.url}"
    )
    if source.read_in is not None:
        assert _is_reproduction(str(source.read_in)), f"{entry.criterion.id}: {source.read_in}"


def _is_reproduction(url: str) -> bool:
    """A `read_in` address is one of the faithful reproductions docs/issuing-bodies.yaml names."""
    return any(url.startswith(r["prefix"]) for r in ISSUING_BODIES["reproductions"])


def test_an_unlisted_copy_is_no_reproduction() -> None:
    assert _is_reproduction("https://legislation.gov.uk/eudr/2014/24/article/46")
    assert not _is_reproduction("https://vdocuments.mx/eu-gpp-criteria-for-furniture.html")


# A reference that admits the text was not read, or was read through someone's summary, is no
# verified source either.
UNREAD_REFERENCE = ("not read", "summary", "listed by name")


def test_a_reference_admitting_a_summary_fails_the_verified_check() -> None:
    reference = "Special contract conditions on innovation (te-palvelut.fi summary)".lower()
    assert any(word in reference for word in UNREAD_REFERENCE)


def test_read_in_keeps_url_the_issuing_bodys_address() -> None:
    """A criterion read in a reproduction still cites the issuing body: `url` on its host, the copy
    apart in `read_in`."""
    with_copy = [e for e in ENTRIES if e.criterion.source.read_in is not None]
    assert with_copy
    for entry in with_copy:
        assert entry.criterion.source.url is not None and _on_issuing_body(_host(entry.criterion.source.url))
