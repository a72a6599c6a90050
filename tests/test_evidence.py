"""The evidence matcher: inflection, negation, prohibitions, numbers, false friends, validation, speed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from keino_cli.catalog import load_catalog
from keino_cli.errors import InputError
from keino_cli.evidence import detect_language, evidence_for, nearest_number, parse_number
from keino_cli.model.criteria import Vocabulary


@pytest.fixture(scope="module")
def evidence():
    return evidence_for(load_catalog())


def found(evidence, lang: str, text: str) -> dict[str, object]:
    """Fact -> value of the kept hits (found or negated), first one wins."""
    result: dict[str, object] = {}
    for hit in evidence.matcher(lang).scan(text):
        if hit.status in ("found", "negated"):
            result.setdefault(hit.fact, hit.value)
    return result


@pytest.mark.parametrize(
    "text",
    ["Tuotteiden on oltava joutsenmerkittyjä.", "Joutsenmerkin tai vastaavan", "JOUTSENMERKKI vaaditaan"],
)
def test_finnish_inflection_and_case(evidence, text: str) -> None:
    assert found(evidence, "fi", text)["labels.required"] == "nordic-swan"


def test_cancelling_negation_drops_or_sets_negated_value(evidence) -> None:
    assert "food.waste_monitoring_required" not in found(
        evidence, "fi", "Ruokahävikin mittaamista ei edellytetä."
    )
    assert found(evidence, "sv", "Alternativa anbud är ej tillåtna.")["innovation.variants"] == "not-allowed"
    assert found(evidence, "en", "Variants are allowed.")["innovation.variants"] == "allowed"


def test_prohibition_is_the_requirement_for_a_ban(evidence) -> None:
    assert found(evidence, "fi", "Tuotteet eivät saa sisältää SVHC-aineita.")[
        "chemicals.svhc_reporting_required"
    ]
    assert found(evidence, "sv", "Engångsplast får inte användas.")[
        "packaging.single_use_serviceware_excluded"
    ]


@pytest.mark.parametrize(
    ("lang", "text", "fact", "value"),
    [
        ("en", "Take-back of used devices is free of charge.", "ict.take_back_reuse_required", True),
        ("en", "The warranty shall not be shorter than 3 years.", "ict.warranty_years", 3),
        ("fi", "Takuuaika ei saa olla alle kolmea vuotta.", "ict.warranty_years", 3),
        ("sv", "Garantitiden får inte understiga två år.", "ict.warranty_years", 2),
    ],
)
def test_a_limit_or_a_price_term_worded_like_a_ban_is_kept(evidence, lang: str, text: str, fact: str, value):
    assert found(evidence, lang, text)[fact] == value


def test_a_ban_next_to_a_plain_phrase_still_cancels(evidence) -> None:
    """The plain phrase blanks only its own words: "not required" after it still reads."""
    assert "ict.take_back_reuse_required" not in found(
        evidence, "en", "A take-back service free of charge is not required."
    )


def test_negation_stays_in_its_clause(evidence) -> None:
    text = "Ympäristömerkkiä ei edellytetä. Ruokahävikki on mitattava."
    assert found(evidence, "fi", text)["food.waste_monitoring_required"] is True


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("fi", "Vähintään 30 % elintarvikkeista on oltava luomua.", 30),
        ("fi", "Luomun osuus on vähintään 25 prosenttia.", 25),
        ("sv", "Andelen ekologiska livsmedel ska vara minst 38,5 procent.", 38.5),
        ("en", "At least 20% of purchases shall be organic products.", 20),
    ],
)
def test_nearby_percent(evidence, lang: str, text: str, value: float) -> None:
    assert found(evidence, lang, text)["food.organic_share_pct"] == value


def test_years_words_and_conversion() -> None:
    text = "Takuuaika on kaksi (2) vuotta."
    assert nearest_number(text, 0, 9, "years") == 2
    assert nearest_number("Sopimuskausi on kolme vuotta.", 0, 12, "months") == 36
    assert nearest_number("Takuu 24 kk:n ajan.", 0, 5, "years") == 2


def test_number_formats() -> None:
    assert parse_number("1 500 000") == 1_500_000
    assert parse_number("1.500.000") == 1_500_000
    assert parse_number("0,1") == 0.1
    assert parse_number("38,5") == 38.5


def test_false_friends(evidence) -> None:
    assert found(evidence, "fi", "Tämä on taiteilijan luomus.") == {}
    assert found(evidence, "fi", "Työnantajalla on takaisinottovelvollisuus.") == {}
    assert found(evidence, "fi", "Palvelemme ilolla.") == {}
    assert found(evidence, "fi", "ILO:n yleissopimuksia on noudatettava.")["social.ilo_clause"] is True
    assert found(evidence, "sv", "Alla krav ska uppfyllas.") == {}
    assert found(evidence, "sv", "Förnyad konkurrensutsättning tillämpas.") == {}
    assert found(evidence, "fi", "Sopimus on automaattisesti uusiutuva sopimus.") == {}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Tarjoajan on oltava rekisteröity ja hankinnan kohde on kuvattu liitteessä.", "fi"),
        ("Leverantören ska uppfylla kraven och anbudet ska vara på svenska.", "sv"),
        ("The tenderer shall submit the tender in English and the contract is for two years.", "en"),
    ],
)
def test_language_detection(text: str, lang: str) -> None:
    assert detect_language(text)[0] == lang


def test_language_undetermined() -> None:
    assert detect_language("12345 67890")[0] is None


def test_unknown_fact_and_wrong_value_type_are_located(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "evidence:\n"
        "  food.organic_sharepct:\n    - number: percent\n      patterns: {fi: [luomu*]}\n"
        "  food.tap_water_required:\n    - value: 3\n      patterns: {fi: [hanavesi]}\n"
        "  labels.required:\n    - value: eu-ekolabel\n      patterns: {fi: [kukka]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        load_catalog([path])
    messages = " | ".join(p.message for p in error.value.problems)
    assert "unknown fact 'food.organic_sharepct'" in messages and "did you mean" in messages
    assert "is boolean" in messages
    assert "not a known value of labels.required" in messages
    assert all(p.line for p in error.value.problems)


def test_pattern_syntax_is_restricted() -> None:
    with pytest.raises(ValueError):
        Vocabulary.model_validate({"evidence": {"a.b": [{"value": True, "patterns": {"fi": ["(a+)+*b"]}}]}})
    with pytest.raises(ValueError):
        Vocabulary.model_validate(
            {"evidence": {"a.b": [{"value": True, "number": "percent", "patterns": {}}]}}
        )


def test_no_catastrophic_backtracking(evidence) -> None:
    hostile = ("luomu" * 2000 + " ") * 50 + "a" * 100_000 + " 1" * 50_000
    start = time.perf_counter()
    evidence.matcher("fi").scan(hostile)
    assert time.perf_counter() - start < 2.0


def test_one_matcher_per_language_is_cached(evidence) -> None:
    assert evidence.matcher("sv") is evidence.matcher("sv")
    assert evidence_for(evidence.catalog) is evidence


def test_lowered_answers_each_text_not_the_last_one() -> None:
    """`lowered` keeps its last answer for the same text object: another text, equal or not, gets
    its own answer (a stale one would lower-case the wrong document)."""
    from keino_cli.evidence import lowered

    first, second = "Hinta 60 %", "Pris ſom"
    assert lowered(first) == "hinta 60 %"
    assert lowered(second) is None
    assert lowered(first) == "hinta 60 %" and lowered(first) is lowered(first)
    assert lowered("".join(["Hinta", " 60 %"])) == "hinta 60 %"
    assert lowered("İ") is None and lowered("a") == "a"
