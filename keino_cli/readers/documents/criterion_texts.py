"""Criterion texts recognised word for word in a tender document.

`keino draft` writes each criterion's recommended tender text into the annex. When a document
contains that text unchanged (in any of the three languages), the tender asks for what the
criterion asks for, so the facts of the criterion's own `pass` example that its rule reads are
taken as stated there. An edited text is not recognised this way; the evidence patterns still
read it like any other passage. Matching runs over word tokens with a hash index on the first
words, so it is linear in the length of the text whatever the text holds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from keino_cli.evidence import lowered
from keino_cli.facts import STRUCTURAL_FACTS, flat_facts
from keino_cli.model.records import CriterionType
from keino_cli.rules import rule_facts

if TYPE_CHECKING:
    from keino_cli.catalog import Catalog, Entry

WORD = re.compile(r"\w+")
KEY_WORDS = 4  # a text is looked up by its first words
MIN_WORDS = 6  # shorter texts are too common to stand for a criterion


@dataclass(frozen=True, slots=True)
class CriterionText:
    criterion_id: str
    words: tuple[str, ...]
    facts: tuple[tuple[str, Any], ...]  # what meeting the criterion states
    award: dict[str, Any] | None  # an award criterion's text: the award criterion it describes


@dataclass(frozen=True, slots=True)
class TextMatch:
    text: CriterionText
    start: int
    end: int


_INDEX: dict[int, tuple[Catalog, dict[tuple[str, ...], list[CriterionText]]]] = {}


def _award_of(entry: Entry, reads: set[str]) -> dict[str, Any] | None:
    """For an award criterion that reads what the award rewards, the award criterion its text sets."""
    criterion = entry.criterion
    if criterion.type is not CriterionType.AWARD or "award.rewards" not in reads:
        return None
    example = criterion.examples.pass_[0]
    award = example.get("award")
    rewards = example.get("award.rewards") or (award.get("rewards") if isinstance(award, dict) else None)
    if not rewards or not isinstance(rewards, list):
        return None
    return {
        "name": criterion.title.en,
        "type": "quality",
        "theme": entry.theme.value,
        "rewards": list(rewards),
    }


def _index(catalog: Catalog) -> dict[tuple[str, ...], list[CriterionText]]:
    """Every criterion's recommended text per language, keyed by its first words (once per catalog)."""
    cached = _INDEX.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    index: dict[tuple[str, ...], list[CriterionText]] = {}
    for criterion_id, entry in catalog.criteria.items():
        criterion = entry.criterion
        reads = set(rule_facts(criterion.rule)) if criterion.rule is not None else {criterion.scoring.fact}  # type: ignore[union-attr]
        facts = tuple(
            (key, value)
            for key, value in flat_facts(criterion.examples.pass_[0], catalog.facts).items()
            if key in reads and key not in STRUCTURAL_FACTS
        )
        award = _award_of(entry, reads)
        if not facts and award is None:
            continue
        texts = {criterion.recommendation.get(lang) for lang in ("en", "fi", "sv")}
        for text in texts:
            # Documents are read NFKC-normalised (m³ -> m3), so the texts are indexed the same way.
            words = tuple(word.lower() for word in WORD.findall(unicodedata.normalize("NFKC", text)))
            if len(words) >= MIN_WORDS:
                index.setdefault(words[:KEY_WORDS], []).append(
                    CriterionText(criterion_id, words, facts, award)
                )
    _INDEX[id(catalog)] = (catalog, index)
    return index


def _lower_words(text: str) -> list[str]:
    """`[word.lower() for word in WORD.findall(text)]`, from one lower-casing of the whole text where
    that is the same: each character lower-cases to one that is a word character just when it is
    one (checked for every code point by a test), and the one lower-casing that depends on the
    neighbours, a final capital sigma, is not there."""
    lower = lowered(text) if "\u03a3" not in text else None
    return WORD.findall(lower) if lower is not None else [word.lower() for word in WORD.findall(text)]


def find_criterion_texts(text: str, catalog: Catalog) -> list[TextMatch]:
    """Each criterion text that `text` contains unchanged, with its place (first occurrence)."""
    index = _index(catalog)
    firsts = {key[0] for key in index}
    words = _lower_words(text)
    spans: list[tuple[int, int]] | None = None  # word offsets, found only once a text is
    found: dict[str, TextMatch] = {}
    for position, word in enumerate(words):
        if word not in firsts:
            continue
        for candidate in index.get(tuple(words[position : position + KEY_WORDS]), ()):
            end = position + len(candidate.words)
            if candidate.criterion_id not in found and tuple(words[position:end]) == candidate.words:
                spans = spans or [match.span() for match in WORD.finditer(text)]
                found[candidate.criterion_id] = TextMatch(candidate, spans[position][0], spans[end - 1][1])
    return list(found.values())
