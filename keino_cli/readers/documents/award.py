"""Award criteria stated in tender text (fi/sv/en): price/quality split, names, weights or points,
step bands and per-unit scales, and price-only awards.

How a buyer writes them, and how each shape is read:

* a weighted list — "hinta 60 %, laatu 40 %", "Pris 70 poäng, Miljö 30 poäng", "where price
  weighs 40% and quality 60%": one criterion per weighted item;
* step bands — "yli 50 % = 15 pistettä, 30–50 % = 10 pistettä": one criterion named by the text
  before the first band, weighted by the highest band (the share in a band is a scoring step,
  never a minimum requirement);
* a per-unit scale — "2 pistettä ajoneuvoa kohden, enintään 10 pistettä": the cap is the weight;
* price only — "halvin hinta", "lägsta pris", "lowest price": one price criterion of weight 100.

Only a passage that reads as an award statement counts: it names award criteria or points, or
weighs price against something else. Each criterion is tagged with what it rewards by the same
helper that tags notices' criteria (`readers.notices.tag_rewards`). Every pattern is bounded, so
reading stays linear in the text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from keino_cli.evidence import lowered, parse_number
from keino_cli.readers.notices import guess_criterion_type, tag_rewards

AWARD_CUES = re.compile(
    r"vertailuperust\w*|valintaperust\w*|pisteyty\w*|pisteytet\w*|painoarvo\w*|kokonaistaloudelli\w*"
    r"|laatupistee\w*|tilldelningskriteri\w*|utvärderingskriteri\w*|utvärderingsgrund\w*|jämförelsegrund\w*"
    r"|viktning\w*|viktas|bästa förhållande\w*|award criteri\w*|evaluation criteri\w*|evaluation\b"
    r"|weighting\w*|most economically advantageous|points for\b",
    re.IGNORECASE,
)
PRICE_ONLY = re.compile(
    r"halvin hinta|halvimman hinnan|hinnaltaan halvin|yksinomaan hinta|ainoastaan hinta"
    r"|lägsta pris\w*|lägst pris|(?:enbart|endast|uteslutande) (?:på grundval av )?pris\w*"
    r"|lowest price|price only|price alone",
    re.IGNORECASE,
)
GROUP_SHARE = re.compile(
    r"\s*(?:of the total|of total|kokonaispain\w*|kokonaispisteistä|av den totala|av totalvikten)",
    re.IGNORECASE,
)
# Price-only wording counts where it says how the contract is awarded, not in a tie-break rule.
AWARD_CONTEXT = re.compile(
    rf"{AWARD_CUES.pattern}|valitaan|valinta|perusteena|tilldela\w*|tilldelning\w*|award\w*|grundval",
    re.IGNORECASE,
)
_POINTS = r"p\b|pist\w*|poäng|points?\b|pts?\b"
_UNIT = rf"(?P<u>%|prosent\w*|procent\w*|per ?cent\b|{_POINTS})"
_NUMBER = r"(?<![\d.,])(?P<n>\d{1,4}(?:[.,]\d{1,2})?)(?![\d])"
WEIGHT = re.compile(rf"{_NUMBER}\s?(?:-\s?)?{_UNIT}", re.IGNORECASE)
POINTS_UNIT = re.compile(rf"^(?:{_POINTS})$", re.IGNORECASE)
# A band: a condition on a share or count, then the points it gives.
_COMPARATOR = r"(?:yli|över|mer än|more than|vähintään|minst|at least|alle|under|below|less than)?\s?"
_SHARE = r"\d{1,5}(?:[.,]\d{1,2})?(?:\s?[–—-]\s?\d{1,5}(?:[.,]\d{1,2})?)?"
_MORE = r"(?:\s?(?:or more|tai enemmän|tai yli|eller mer|eller mera))?"
# A band: a condition on a share or count, then the points it gives ("yli 50 % = 15 p",
# "30–50 % ger 10 poäng", "yli 50 % 15 p"; without a separator only after a percentage).
BAND = re.compile(
    rf"(?:{_COMPARATOR}{_SHARE}\s?(?:%|kpl|st)?{_MORE}\s?(?:=|ger|gives|antaa|→|->|:)"
    rf"|{_COMPARATOR}{_SHARE}\s?%{_MORE})"
    rf"\s?(?P<n>\d{{1,4}}(?:[.,]\d{{1,2}})?)\s?(?:{_POINTS})",
    re.IGNORECASE,
)
CAP = re.compile(
    rf"(?:enintään|maksimi\w*|yhteensä enintään|högst|max(?:imalt|imum)?|up to|at most)\s?"
    rf"(?P<n>\d{{1,4}}(?:[.,]\d{{1,2}})?)\s?(?:{_POINTS})",
    re.IGNORECASE,
)
PER_UNIT = re.compile(r"\bkohden\b|\bper\b|\bkohti\b|\bvarje\b|\beach\b|\bjokaisesta\b", re.IGNORECASE)
# Where one weighted item ends and the next begins.
_SPLIT = re.compile(r"[,;\n]|\.(?=\s|$)|\s(?:ja|och|and|sekä|samt)\s", re.IGNORECASE)
_FILLER = re.compile(
    r"^(?:\W|\b(?:vertailuperusteet(?: ja painoarvot)?|tilldelningskriterier|utvärderingskriterier"
    r"|award criteria|evaluation|laatupisteet|där|where|josta|jossa|with"
    r"|most economically advantageous tender)\b)+"
    r"|(?:\W|\b(?:painoarvo(?: on)?|on|viktas|weighs|weighted|is|är|ger|gives|antaa|myönnetään)\b)+$",
    re.IGNORECASE,
)
MAX_NAME = 120
# Every shape above but price-only needs a number right before a unit (`WEIGHT`, `BAND` and `CAP`
# end in "%" or a points word, and all those words start with "p"): a sentence without one states
# no band, cap or weight, so it is skipped unread. A new shape without such a number must widen this.
NUMBER_UNIT = re.compile(r"\d\s?(?:-\s?)?[%pP]")
NUMBER_POINTS = re.compile(rf"\d\s?(?:{_POINTS})", re.IGNORECASE)  # what `BAND` and `CAP` both end in
# Every PRICE_ONLY wording holds one of these (lower case): blocks without them skip its search.
PRICE_WORDS = ("halvin", "hinta", "hinnan", "pris", "price")


@dataclass(slots=True)
class AwardStatement:
    """The award criteria one passage states, where they are, and which spans are award wording."""

    criteria: list[dict[str, Any]]
    start: int
    end: int
    spans: list[tuple[int, int]] = field(default_factory=list)


def _name(text: str) -> str:
    name = " ".join(_FILLER.sub("", text).split())
    if ":" in name:
        head, _, tail = name.rpartition(":")
        name = tail.strip() or head.strip()
    return name[:MAX_NAME]


def _criterion(name: str, weight: float | None, texts: list[str]) -> dict[str, Any]:
    criterion: dict[str, Any] = {"name": name or "award criterion", "type": guess_criterion_type([name])}
    if weight is not None:
        criterion["weight"] = int(weight) if float(weight).is_integer() else weight
    tag_rewards(criterion, texts)
    return criterion


def _banded(text: str) -> dict[str, Any] | None:
    """A criterion scored in bands or per unit with a cap: named by the text before its first step."""
    if not NUMBER_POINTS.search(text):
        return None
    bands = list(BAND.finditer(text))
    cap = CAP.search(text)
    if not bands and not (cap and PER_UNIT.search(text)):
        return None
    first = min([m.start() for m in bands] + ([cap.start()] if cap and not bands else []))
    head = text[:first]
    per_unit = WEIGHT.search(head) if not bands else None
    name = _name(head[: per_unit.start()] if per_unit else head)
    points = [parse_number(m.group("n")) for m in bands] + ([parse_number(cap.group("n"))] if cap else [])
    weight = max((p for p in points if p is not None), default=None)
    criterion = _criterion(name, weight, [text])
    criterion["description"] = " ".join(text.split())[:240]
    return criterion


def _weighted(text: str, start: int) -> list[tuple[dict[str, Any], int, int]]:
    """One criterion per segment that carries a weight; the segment before the number names it."""
    found = []
    position = 0
    for boundary in [*_SPLIT.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        segment = text[position:end]
        weight = WEIGHT.search(segment)
        if boundary is not None and boundary.group().strip() and weight is None:
            continue  # "luomu- ja sesonkituotteet 20 %": a conjunction inside one criterion's name
        if weight is not None:
            name = _name(segment[: weight.start()]) or _name(segment[weight.end() :])
            # "… share 20 % of the total weight": the weight of a group of criteria, not a criterion.
            if name and not GROUP_SHARE.match(segment, weight.end()):
                found.append(
                    (_criterion(name, parse_number(weight.group("n")), [name]), start + position, start + end)
                )
        position = boundary.end() if boundary else len(text)
    return found


def _is_award(text: str, items: list[dict[str, Any]]) -> bool:
    if AWARD_CUES.search(text):
        return True
    types = {item["type"] for item in items}
    return "price" in types and len(items) >= 2


@functools.lru_cache(maxsize=256)
def _award_heading(heading: str | None) -> bool:
    """Whether a heading opens award wording (asked once per heading, not once per block)."""
    return bool(heading and AWARD_CUES.search(heading))


def read_award(text: str, start: int = 0, heading: str | None = None) -> AwardStatement | None:
    """The award criteria one block states, or None when it is not an award statement."""
    award_heading = _award_heading(heading)
    lower = lowered(text)
    price_words = lower is None or any(word in lower for word in PRICE_WORDS)
    if price_words and PRICE_ONLY.search(text) and (award_heading or AWARD_CONTEXT.search(text)):
        criterion = {"name": PRICE_ONLY.search(text).group(), "type": "price", "weight": 100}  # type: ignore[union-attr]
        return AwardStatement([criterion], start, start + len(text), [(start, start + len(text))])
    if not NUMBER_UNIT.search(text):
        return None
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+(?:[.!?](?=\s|$))?", text)]
    criteria: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []
    for low, high in sentences:
        sentence = text[low:high]
        if not NUMBER_UNIT.search(sentence):
            continue
        banded = _banded(sentence)
        if banded is not None:
            criteria.append(banded)
            spans.append((start + low, start + high))
            continue
        weighted = _weighted(sentence, start + low)
        if weighted and (award_heading or _is_award(text, [item for item, _, _ in weighted])):
            criteria.extend(item for item, _, _ in weighted)
            spans.append((start + low, start + high))
    if not criteria:
        return None
    if not (award_heading or _is_award(text, criteria) or any("description" in c for c in criteria)):
        return None
    return AwardStatement(criteria, start, start + len(text), spans)
