"""Who buys what, for how much: CPV codes, estimated value, title and buyer stated in tender text.

Only labelled statements count ("CPV 55524000", "arvioitu arvo 4 200 000 euroa", "Upphandlande
enhet: ..."): a bare 8-digit run may be a phone or reference number, a bare sum a price example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from keino_cli.evidence import parse_number


@dataclass(frozen=True, slots=True)
class Statement:
    """One identity value and where in the text it was stated."""

    field: str  # cpv, value, title, buyer (labelled), buyer-name (a "X kommun" shape)
    value: Any
    start: int
    end: int


_CPV_LABEL = re.compile(r"\bCPV(?:[- ]?(?:koodi\w*|kod\w*|codes?|pääkoodi\w*|nimik\w*))?\b", re.IGNORECASE)
_CPV_CODE = re.compile(r"(?<![\d-])(\d{8})(?:-\d)?(?!\d)")
_CPV_REACH = 300

_MONEY = re.compile(
    r"(?P<n>\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)\s?"
    r"(?P<m>milj(?:oonaa|\.|oner)?|miljon(?:er)?|million|M(?=\s?(?:€|EUR|SEK)))?\s?"
    r"(?P<c>euroa?|eur\b|€|kronor|kr\b|sek\b|msek\b|mkr\b)",
    re.IGNORECASE,
)
_VALUE_WORDS = re.compile(
    r"arvioi\w*|ennakoi\w*|kokonaisarvo\w*|enimmäisarvo\w*|hankinnan arvo\w*|arvo\w* on"
    r"|uppskatta\w*|beräkna\w*|totala? värde\w*|kontraktsvärde\w*|värde\w*"
    r"|estimated|total value|contract value|value of the (?:contract|procurement)",
    re.IGNORECASE,
)
_CURRENCY = {"euro": "EUR", "euroa": "EUR", "eur": "EUR", "€": "EUR", "kronor": "SEK", "kr": "SEK"}
_CURRENCY.update({"sek": "SEK", "msek": "SEK", "mkr": "SEK"})

_LABELLED = {
    "title": r"hankinnan (?:nimi|kohde)|hankinta|upphandlingens (?:namn|föremål)|upphandling"
    r"|title|name of the (?:procurement|contract)|subject",
    "buyer": r"hankintayksikkö|tilaaja|ostaja|upphandlande (?:enhet|myndighet|organisation)|beställare"
    r"|contracting (?:authority|entity)|buyer|purchaser",
}
_LABEL_LINE = {
    field: re.compile(rf"^[ \t]*(?:\*\*)?(?:{words})(?:\*\*)?[ \t]*:[ \t]*(?P<v>[^\n]{{3,160}})", re.I | re.M)
    for field, words in _LABELLED.items()
}
_BUYER_NAME = re.compile(
    r"\b(?:[A-ZÄÖÅ][\wäöå-]+n\s+(?:kaupunki|kunta|hyvinvointialue|kuntayhtymä|seurakunta)"
    r"|[A-ZÅÄÖ][\wåäö-]+s?\s+(?:kommun|[Ss]tad|landskap)|Region\s+[A-ZÅÄÖ][\wåäö-]+"
    r"|(?:City|Municipality) of\s+[A-Z][\w-]+)\b"
)


def _sentence_has_value_word(text: str, start: int) -> bool:
    low = max(text.rfind(".", 0, start), text.rfind("\n\n", 0, start), start - 160)
    return _VALUE_WORDS.search(text, max(0, low), start) is not None


def find_identity(text: str) -> list[Statement]:
    """Identity statements in document order; the caller keeps the first of each field."""
    found: list[Statement] = []
    for label in _CPV_LABEL.finditer(text):
        line_end = text.find("\n\n", label.end())
        reach = min(label.end() + _CPV_REACH, len(text) if line_end < 0 else line_end)
        for code in _CPV_CODE.finditer(text, label.end(), reach):
            found.append(Statement("cpv", code.group(1), code.start(), code.end()))
    for money in _MONEY.finditer(text):
        if not _sentence_has_value_word(text, money.start()):
            continue
        amount = parse_number(money.group("n"))
        if amount is None:
            continue
        if money.group("m"):
            amount *= 1_000_000
        currency = _CURRENCY.get(money.group("c").lower(), "EUR")
        found.append(Statement("value", (amount, currency), money.start(), money.end()))
    for field, pattern in _LABEL_LINE.items():
        for line in pattern.finditer(text):
            value = line.group("v").strip(" *#")
            if value:
                found.append(Statement(field, value, line.start("v"), line.end("v")))
    for name in _BUYER_NAME.finditer(text):
        found.append(Statement("buyer-name", name.group(), name.start(), name.end()))
    found.sort(key=lambda s: s.start)
    return found
