"""The reports' message catalog and locale formatting (keino_cli/i18n.py)."""

from __future__ import annotations

import string

import pytest

from keino_cli import i18n


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(i18n.messages()))
def test_every_message_has_three_languages_with_the_same_placeholders(key: str) -> None:
    words = i18n.messages()[key]
    assert set(words) == set(i18n.LANGS), key
    assert all(words[lang].strip() for lang in i18n.LANGS), key
    assert _fields(words["fi"]) == _fields(words["en"]) == _fields(words["sv"]), key


def test_numbers_and_dates_follow_the_language() -> None:
    assert i18n.number(3.5, "fi") == "3,5"
    assert i18n.number(3.5, "sv") == "3,5"
    assert i18n.number(3.5, "en") == "3.5"
    assert i18n.date("2027-12-31", "fi") == "31.12.2027"
    assert i18n.date("2027-12-31", "sv") == "31.12.2027"
    assert i18n.signed(8.25, "fi") == "+8,2" or i18n.signed(8.25, "fi") == "+8,3"


def test_ambition_levels_are_never_shortened() -> None:
    """The display names agreed for the project (COMMON.md)."""
    assert [i18n.level(x, "fi") for x in ("core", "comprehensive", "spearhead")] == [
        "perustaso",
        "edistynyt taso",
        "kärkitaso",
    ]
    assert [i18n.level(x, "sv") for x in ("core", "comprehensive", "spearhead")] == [
        "baskrav",
        "avancerad nivå",
        "spjutspets",
    ]


def test_fact_values_are_words_of_the_language() -> None:
    assert i18n.fact_value(True, "fi") == "kyllä"
    assert i18n.fact_value(False, "sv") == "nej"
    assert i18n.fact_value([], "en") == "none"


def test_cpv_divisions_are_named_in_three_languages() -> None:
    # Commission Regulation (EC) No 213/2008: 45000000 Construction work.
    assert i18n.cpv_division("45453000", "en") == "Construction work"
    assert i18n.cpv_division("45453000", "fi") == "Rakennustyöt"
    assert i18n.cpv_division("85100000", "sv") == "Hälso- och sjukvård samt socialvård"
    assert i18n.cpv_division("99", "fi") is None


def test_finnish_acts_are_cited_by_their_names_in_the_language() -> None:
    source = "Directive 2009/33/EC; Finnish Act 740/2021 (HE 70/2021)"
    assert i18n.cite(source, "fi") == (
        "Directive 2009/33/EC; laki ajoneuvo- ja liikennepalveluhankintojen ympäristö- ja "
        "energiatehokkuusvaatimuksista (740/2021) (HE 70/2021)"
    )
    assert "lagen om offentlig upphandling och koncession (1397/2016)" in i18n.cite(
        "Act on Public Procurement and Concession Contracts 1397/2016", "sv"
    )
    assert i18n.cite(source, "en") == source
