"""Award-criterion wording is searched in lower-cased text (`readers.notices.Words`): the same
matches as the IGNORECASE search it replaced, for every pattern and any text."""

from __future__ import annotations

import functools
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keino_cli.readers import notices

ALL_WORDS = [
    *(words for words, _, _ in notices._REWARD_PATTERNS),
    *(value for value in vars(notices).values() if isinstance(value, notices.Words)),
]


@functools.cache
def _case_partners() -> dict[str, set[str]]:
    """Each lower-case character with the other lower-case characters of the same upper case
    (IGNORECASE takes them for one another: i and dotless ı, s and long ſ, Greek σ and ς)."""
    by_upper: dict[str, set[str]] = {}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lower = char.lower()
        if len(lower) == 1:
            by_upper.setdefault(char.upper(), set()).add(lower)
    return {c: group - {c} for group in by_upper.values() if len(group) > 1 for c in group}


@pytest.mark.parametrize("words", ALL_WORDS, ids=lambda words: words.plain.pattern[:30])
def test_patterns_are_lower_case_with_no_partners_but_i_and_s(words: notices.Words) -> None:
    """What makes the plain search of a lower-cased text exact: the pattern has no upper-case
    letter, and its only characters with case partners are i and s, whose partners ı and ſ send
    a text to the IGNORECASE search."""
    pattern = words.plain.pattern
    assert pattern == pattern.lower()
    partners = _case_partners()
    assert {char for char in pattern if char in partners} <= {"i", "s"}
    assert partners["i"] | partners["s"] == {"ı", "ſ"}


# Stems the patterns know, and characters whose case mapping is special.
STEMS = ["innovat", "Recycl", "CO2", "co₂", "FUßABDRUCK", "fussabdruck", "Päästö", "ÉMISSION", "price"]
TRICKY = list("İıſKÅẞßΣσςµμIiSs \n-_.%ÄäÖöÆæØøŁłŚśŻż₂")
TEXTS = st.lists(st.sampled_from(STEMS) | st.sampled_from(TRICKY) | st.text(max_size=3), max_size=12).map(
    "".join
)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_lower_cased_search_finds_what_ignorecase_finds(text: str) -> None:
    folded = notices.fold([text])
    for words in ALL_WORDS:
        expected = re.compile(words.plain.pattern, re.IGNORECASE).search(text) is not None
        assert words.found(folded) == expected, (words.plain.pattern[:40], text)


@pytest.mark.parametrize(
    ("text", "rewards"),
    [
        ("SÄHKÖAUTOJEN OSUUS", ["zero-emission-vehicles"]),  # upper case, lower-cased plainly
        ("İNNOVATİON", ["innovation"]),  # "İ" lower-cases to two characters
        ("ınnovatıon", ["innovation"]),  # dotless ı, which IGNORECASE takes for i
    ],
)
def test_rewards_in_any_case(text: str, rewards: list[str]) -> None:
    criterion: dict[str, object] = {"type": "quality"}
    notices.tag_rewards(criterion, [text])
    assert criterion.get("rewards") == rewards
