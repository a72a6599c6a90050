"""Who buys what, for how much: CPV codes, estimated value, title and buyer stated in tender text.

Only labelled statements count ("CPV 55524000", "arvioitu arvo 4 200 000 euroa", "Upphandlande
enhet: ..."): a bare 8-digit run may be a phone or reference number, a bare sum a price example.

Every pattern here runs in time linear in the text: repeats are bounded, a number never starts
or ends inside a digit run, and look-backs for a value word stop at a fixed distance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from keino_cli.evidence import lowered, parse_number


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

_AMOUNT = (
    r"(?<![\d.,])(?P<n>\d{1,3}(?:[ \u00a0\u202f.]\d{3}){1,5}(?:,\d{1,2})?"
    r"|\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,2})?|\d{1,15}(?:[.,]\d{1,2})?)(?![\d])"
)
_MILLION = r"(?P<m>milj(?:oonaa|\.|oner)?|miljon(?:er)?|million|M(?=\s?(?:€|EUR|SEK)))"
_MONEY = re.compile(
    rf"{_AMOUNT}\s?{_MILLION}?\s?(?P<c>euroa?|eur\b|€|kronor|kr\b|sek\b|msek\b|mkr\b|gbp\b|£)",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(rf"(?P<c>\bEUR|€|\bSEK|\bGBP|£)\s?{_AMOUNT}(?:\s?{_MILLION})?", re.IGNORECASE)
_VALUE_WORDS = re.compile(
    r"arvioi\w*|ennakoi\w*|kokonaisarvo\w*|enimmäisarvo\w*|hankinnan arvo\w*|arvo\w* on"
    r"|uppskatta\w*|beräkna\w*|totala? värde\w*|kontraktsvärde\w*|värde\w*"
    r"|estimated|total value|contract value|value of the (?:contract|procurement)",
    re.IGNORECASE,
)
_VALUE_WORD_REACH = 160
_CURRENCY = {"euro": "EUR", "euroa": "EUR", "eur": "EUR", "€": "EUR", "kronor": "SEK", "kr": "SEK"}
_CURRENCY.update({"sek": "SEK", "msek": "SEK", "mkr": "SEK", "gbp": "GBP", "£": "GBP"})

_LABELLED = {
    "title": r"hankinnan (?:nimi|kohde)|hankinta|upphandlingens (?:namn|föremål)|upphandling"
    r"|title|name of the (?:procurement|contract)|subject",
    "buyer": r"hankintayksikkö|tilaaja|ostaja|upphandlande (?:enhet|myndighet|organisation)|beställare"
    r"|contracting (?:authority|entity)|buyer|purchaser",
}
_LABEL_LINE = {
    field: re.compile(rf"^[ \t]{{0,8}}(?:\*\*)?(?:{words})(?:\*\*)?[ \t]{{0,8}}:[ \t]{{0,8}}(?:\*\*)?"
                      rf"(?P<v>[^\n]{{3,160}})", re.I | re.M)
    for field, words in _LABELLED.items()
}  # fmt: skip
_NAME_PART = r"[\wäöåÄÖÅ-]{1,40}"
_BUYER_NAME = re.compile(
    rf"\b(?:[A-ZÄÖÅ]{_NAME_PART}n\s(?:kaupunki|kunta|hyvinvointialue|kuntayhtymä|seurakunta)"
    rf"|[A-ZÅÄÖ]{_NAME_PART}\s(?:kommun|[Ss]tad|landskap)|Region\s[A-ZÅÄÖ]{_NAME_PART}"
    rf"|(?:City|Municipality) of\s[A-Z]{_NAME_PART})\b"
)
# Every `_BUYER_NAME` match holds one of these words: a kind after the name, starting 3 to
# `_NAME_REACH` characters after the match ([A-ZÄÖÅ], 1-40 name characters, "n"?, a space), or a
# word the match starts with. Names are only tried there (the pattern tried at every capital
# costs as much as the rest of the identity reading).
_BUYER_KINDS = (
    "kaupunki", "kunta", "hyvinvointialue", "kuntayhtymä", "seurakunta", "kommun", "stad", "Stad", "landskap",
)  # fmt: skip
_BUYER_LEADS = ("Region", "City of", "Municipality of")
_NAME_REACH = 43
_DENSE = 0.1  # places tried per character above which one pass over the whole text costs less


def _occurrences(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _buyer_names(text: str) -> list[re.Match[str]]:
    """`_BUYER_NAME.finditer(text)`, tried only where one of its words is (each place once)."""
    if sum(map(text.count, (*_BUYER_KINDS, *_BUYER_LEADS))) * _NAME_REACH > len(text) * _DENSE:
        return list(_BUYER_NAME.finditer(text))  # the words everywhere: one pass costs less
    spans = [(max(0, at - _NAME_REACH), at - 2) for kind in _BUYER_KINDS for at in _occurrences(text, kind)]
    spans += [(at, at + 1) for lead in _BUYER_LEADS for at in _occurrences(text, lead)]
    starts: list[int] = []
    reached = 0
    for low, high in sorted(spans):
        starts.extend(range(max(low, reached), high))
        reached = max(reached, high)
    return _finditer_at(_BUYER_NAME, text, starts)


# Where a buyer line goes on past the name: an address, a unit, a business id, a contact, or the
# next sentence (a full stop and a capitalised word, Å/Ä/Ö included).
_BUYER_END = re.compile(
    r"\s*(?:[,;(|/]|\s[-–—]\s|\s{2,}|\.\s+(?=[A-ZÅÄÖÜ][a-zåäöü])"
    r"|\b(?:Y-tunnus|y-tunnus|FO-nummer|org\.? ?nr|organisationsnummer|Business ID|PL|PB|PO Box|P\.O\.)\b)"
)
# A document title starts with the kind of document it is; the tender's name follows.
DOCUMENT_KINDS = re.compile(
    r"^\s*(?:(?:liite|bilaga|annex|appendix|attachment)\s*\d{0,3}\s*[:.–—-]?\s*)?"
    r"(?:tarjouspyyntö|tarjouspyynnön liite|hankintailmoitus|tarjouspyyntöasiakirja\w*|hankinta-asiakirja\w*"
    r"|anbudsförfrågan|anbudsinbjudan|förfrågningsunderlag(?:et)?|upphandlingsdokument(?:et)?"
    r"|inbjudan att lämna anbud|upphandlingsannons"
    r"|invitation to tender|request for (?:tenders?|proposals?|quotations?)|tender documents?"
    r"|contract notice|itt|rft|rfp)\b\s*[:–—-]?\s*",
    re.IGNORECASE,
)


def strip_document_kind(title: str) -> str:
    """`Tarjouspyyntö: Koulujen ruokapalvelut` -> `Koulujen ruokapalvelut` (unchanged if nothing follows)."""
    rest = DOCUMENT_KINDS.sub("", title, count=1).strip(" *#:–—-")
    return rest or title.strip()


def buyer_alone(line: str) -> str:
    """The buyer's name from a labelled line, without the address, unit or id after it."""
    end = _BUYER_END.search(line)
    name = (line[: end.start()] if end and end.start() >= 3 else line).strip(" *#.")
    if len(name) > 80:
        shape = _BUYER_NAME.search(name)
        if shape:
            return shape.group()
    return name


def _sentence_has_value_word(text: str, start: int) -> bool:
    low = max(0, start - _VALUE_WORD_REACH)
    low = max(text.rfind(".", low, start), text.rfind("\n\n", low, start), low)
    return _VALUE_WORDS.search(text, low, start) is not None


# Every currency `_MONEY` and `_MONEY_BEFORE` know holds one of these: money is only looked for
# near them (`_MONEY_REACH` covers the longest amount, "miljoonaa" and spaces before a currency).
_CURRENCY_PART = "eur|€|kr|sek|gbp|£"
_CURRENCY_LOWER = re.compile(_CURRENCY_PART)
_CURRENCY_ANY_CASE = re.compile(_CURRENCY_PART, re.IGNORECASE)
_MONEY_REACH = 60
_AMOUNT_START = re.compile(r"(?<![\d.,])\d")


def _finditer_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """`pattern.finditer(text)` when every match starts at one of `starts` (sorted)."""
    found = []
    position = 0
    for start in starts:
        if start < position:
            continue
        match = pattern.match(text, start)
        if match is not None:
            found.append(match)
            position = max(match.end(), start + 1)
    return found


def _money(text: str) -> list[re.Match[str]]:
    """The matches of `_MONEY` and then of `_MONEY_BEFORE` over `text`, tried only near currencies
    (a case-insensitive alternation over the whole text costs ten times a plain search)."""
    lower = lowered(text)
    currencies = [
        m.start() for m in (_CURRENCY_LOWER.finditer(lower) if lower else _CURRENCY_ANY_CASE.finditer(text))
    ]
    amounts: set[int] = set()
    for at in currencies:
        low = max(0, at - _MONEY_REACH)
        amounts.update(m.start() for m in _AMOUNT_START.finditer(text, low, at + 3))
    return _finditer_at(_MONEY, text, sorted(amounts)) + _finditer_at(_MONEY_BEFORE, text, currencies)


def _values(text: str) -> list[Statement]:
    candidates = sorted(_money(text), key=lambda money: money.start())
    found: list[Statement] = []
    taken_until = -1
    for money in candidates:
        if money.start() < taken_until or not _sentence_has_value_word(text, money.start()):
            continue
        amount = parse_number(money.group("n"))
        if amount is None:
            continue
        if money.group("m"):
            amount *= 1_000_000
        currency = _CURRENCY.get(money.group("c").lower(), "EUR")
        taken_until = money.end()
        found.append(Statement("value", (amount, currency), money.start(), money.end()))
    return found


def find_identity(text: str) -> list[Statement]:
    """Identity statements in document order; the caller keeps the first of each field."""
    found: list[Statement] = []
    lower = lowered(text)
    labels = (
        _finditer_at(_CPV_LABEL, text, [m.start() for m in re.finditer("cpv", lower)])
        if lower
        else list(_CPV_LABEL.finditer(text))
    )
    for label, following in zip(labels, [*labels[1:], None], strict=False):
        reach = min(label.end() + _CPV_REACH, following.start() if following else len(text))
        paragraph_end = text.find("\n\n", label.end(), reach)
        for code in _CPV_CODE.finditer(text, label.end(), reach if paragraph_end < 0 else paragraph_end):
            found.append(Statement("cpv", code.group(1), code.start(), code.end()))
    found.extend(_values(text))
    for field, pattern in _LABEL_LINE.items():
        for line in pattern.finditer(text):
            value = line.group("v").strip(" *#")
            value = buyer_alone(value) if field == "buyer" else strip_document_kind(value)
            if len(value) >= 2:
                found.append(Statement(field, value, line.start("v"), line.end("v")))
    for name in _buyer_names(text):
        found.append(Statement("buyer-name", name.group(), name.start(), name.end()))
    found.sort(key=lambda s: s.start)
    return found
