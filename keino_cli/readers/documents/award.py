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

import bisect
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from keino_cli.evidence import lowered, parse_number
from keino_cli.readers.notices import guess_criterion_type, tag_rewards

AWARD_CUES = re.compile(
    r"vertailuperust\w*|valintaperust\w*|pisteyty\w*|pisteytet\w*|painoarvo\w*|kokonaistaloudelli\w*"
    r"|laatupistee\w*|tarjousten vertailu\w*|tilldelningskriteri\w*|utvärderingskriteri\w*"
    r"|utvärderingsgrund\w*|utvärdering\b|utvärderingsmodell\w*|anbudsutvärdering\w*|jämförelsegrund\w*"
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
# Every PRICE_ONLY wording holds one of these (lower case): a block without them skips its search
# (a case-insensitive alternation costs about ten times a plain search of the lower-cased text).
# Words that say "only" or "lowest", not "price" itself, which most blocks of a tender hold.
PRICE_WORDS = (
    "halvin", "halvimman", "yksinomaan", "ainoastaan", "lägst", "enbart", "endast", "uteslutande",
    "lowest price", "price only", "price alone",
)  # fmt: skip
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
_MORE = r"(?:\s?(?:or more|tai enemmän|tai yli|eller mer|eller mera))?"
CAP = re.compile(
    rf"(?:enintään|maksimi\w*|yhteensä enintään|högst|max(?:imalt|imum)?|up to|at most)\s?"
    rf"(?P<n>\d{{1,4}}(?:[.,]\d{{1,2}})?)\s?(?:{_POINTS})",
    re.IGNORECASE,
)
# Where one weighted item ends and the next begins.
# (A colon before a space too: "Laatu 40 %: a) ympäristö 50 %" states two weighted items.)
_SPLIT = re.compile(r"[,;\n]|[.:](?=\s|$)|\s(?:ja|och|and|sekä|samt)\s", re.IGNORECASE)
_FILLER = re.compile(
    r"^(?:\W|\b(?:vertailuperusteet(?: ja painoarvot)?|tilldelningskriterier|utvärderingskriterier"
    r"|award criteria|evaluation|laatupisteet|där|where|josta|jossa|varav|of which|with"
    r"|most economically advantageous tender)\b)+"
    r"|(?:\W|\b(?:painoarvo(?: on)?|on|viktas|weighs|weighted|is|är|ger|gives|antaa|myönnetään"
    r"|pisteytetään|arvioidaan|poängsätts|bedöms|scored|assessed|evaluated|will be|be"
    r"|enintään|yhteensä|högst|max|maximum|up to|at most|asteikolla|på en skala|on a scale)\b)+$",
    re.IGNORECASE,
)
# A list label before a criterion's name: "2.", "2.1", "2.1.", "2)", "a)" (a bare "3 " may be the
# name's own number: "3 vuoden takuu").
LABEL = re.compile(r"(?:\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}(?:\.\d{1,2})+|[a-zåäö]\))(?=\s)", re.IGNORECASE)
MAX_NAME = 120
MAX_CANDIDATES = 20


# --- How a criterion is scored: the shapes evaluators write ("0–5 pistettä", "1-5 poäng",
# "Kyllä = 5 p", "lowest price / tendered price x 60", "lineaarisesti", "fewer than 20 points …
# excluded"). Each shape is one bounded pattern; `_elements` finds them, `_scoring` folds them.
_N = r"\d{1,4}(?:[.,]\d{1,2})?"
_SEP = r"\s?(?:=|:|→|->|–|—|-|\|)\s?"
_LOW = r"yli|över|mer än|more than|over|vähintään|minst|at least"
_HIGH = r"alle|under|below|less than|fewer than|mindre än"
_SHARE_N = r"\d{1,5}(?:[.,]\d{1,2})?"
# A band on a measured value: "yli 50 % = 15 p", "30–50 % ger 10 poäng", "0 % saa 0 pistettä".
BAND = re.compile(
    rf"(?<![\d.,])(?:(?P<cmp>{_LOW}|{_HIGH})\s?)?(?P<a>{_SHARE_N})(?:\s?[–—-]\s?(?P<b>{_SHARE_N}))?"
    rf"\s?(?P<unit>%|kpl|st|pcs)?(?P<more>{_MORE})\s?"
    r"(?:(?:=|ger|gives|antaa|saa|får|gets|scores|receives|earns|→|->|:|\||\()\s?|(?<=%)|(?<=% ))"
    rf"(?P<n>\d{{1,4}}(?:[.,]\d{{1,2}})?)\s?(?:{_POINTS})",
    re.IGNORECASE,
)
_LEVEL = (
    r"erinomai\w{0,30}|erittäin hyvä\w{0,30}|hyvä\w{0,30}|kohtalai\w{0,30}|tyydyttävä\w{0,30}"
    r"|välttävä\w{0,30}|heikko\w{0,30}|puutteelli\w{0,30}"
    r"|riittämätö\w{0,30}|ei kuvattu|utmärkt|mycket bra|mycket god|bra|god"
    r"|godtagbar|godkänd|tillfredsställande"
    r"|acceptabel|mindre bra|svag|dålig|bristfällig|saknas|excellent|very good|good|satisfactory|acceptable"
    r"|adequate|fair|limited|poor|weak|unacceptable|insufficient|not addressed"
)
_ANSWER = r"kyllä|ei|ja|nej|yes|no"
# A level the evaluators judge ("erinomainen 5 p", "Bra: 3 poäng") or an answer ("Kyllä = 5 p").
LEVEL_BAND = re.compile(
    rf"(?<!\w)(?:(?P<c>{_LEVEL})(?!\w)(?:{_SEP}|\s?\(|\s)|(?P<a>{_ANSWER})(?!\w){_SEP})"
    rf"(?P<n>{_N})\s?(?:{_POINTS})",
    re.IGNORECASE,
)
# Points first, then what earns them ("5 p = selvitys on kattava", "3 poäng: …").
POINTS_FIRST = re.compile(
    rf"(?<![\d.,–—-])(?<![–—-]\s)(?P<n>{_N})\s?(?:{_POINTS}){_SEP}"
    r"(?P<c>(?:(?!\s(?:ja|och|and|or|tai|eller)\s\d)[^,;|\n]){2,100})",
    re.IGNORECASE,
)
POINT_LIST = re.compile(
    rf"(?<![\d.,]){_N}\s?(?:{_POINTS})(?:\s?/\s?{_N}\s?(?:{_POINTS})){{1,9}}", re.IGNORECASE
)
_IF = r"jos|mikäli|om|if|where|when|provided"
_GIVES = (
    r"saa|saavat|annetaan|myönnetään|får|ges|tilldelas|receives?|gets?|scores?"
    r"|(?:is|are|will be) awarded|awarded"
)
# All or nothing: "5 pistettä, jos …", "ger 5 poäng om …", "If …, the tender receives 5 points".
CONDITIONAL = re.compile(
    rf"(?<![\d.,])(?P<n>{_N})\s?(?:{_POINTS})\s?(?:(?:{_GIVES})\s)?,?\s?(?:{_IF})\s(?P<c>[^.;\n|]{{3,160}})"
    rf"|(?<!\w)(?:{_IF})\s(?P<c2>[^.;\n"
    rf"|,]{{3,160}}),?\s(?:[^\W\d]{{1,40}}\s){{0,2}}(?:{_GIVES})\s(?P<n2>{_N})\s?(?:{_POINTS})",
    re.IGNORECASE,
)
# What a tender (or the best one) earns: "halvin saa 60 pistettä", "the lowest price receives 60 points".
GIVES_POINTS = re.compile(rf"(?<!\w)(?:{_GIVES})\s(?P<n>{_N})\s?(?:{_POINTS})", re.IGNORECASE)
_SCALE_WORD = r"asteiko\w{0,30}|skala\w{0,30}|på en skala|on a scale|scale"
# A range of points ("0–10 pistettä", "asteikolla 1–5", "between 0 and 10 points", "out of 10").
SCALES = (
    re.compile(
        rf"(?:(?:{_SCALE_WORD})\s?(?:of|from|från|mellan)?\s?)?(?<![\d.,])(?P<lo>{_N})\s?(?:[–—-]|to|till)\s?"
        rf"(?P<hi>{_N})\s?(?:{_POINTS})",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?:{_SCALE_WORD})\s?(?:of|from|från|mellan)?\s?(?P<lo>{_N})\s?(?:[–—-]|to|till)\s?(?P<hi>{_N})",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?:between|mellan)\s(?P<lo>{_N})\s(?:and|och)\s(?P<hi>{_N})\s?(?:{_POINTS})", re.IGNORECASE
    ),
    re.compile(rf"(?P<lo>{_N})\s?ja\s?(?P<hi>{_N})\s?pisteen välillä", re.IGNORECASE),
    re.compile(rf"\bout of (?P<hi>{_N})(?:\s?(?:{_POINTS}))?", re.IGNORECASE),
)
PER_UNIT_POINTS = re.compile(
    rf"(?<![\d.,])(?P<n>{_N})\s?(?:{_POINTS})\s(?:[^\W\d]{{1,40}}\s){{0,2}}"
    rf"(?:kohden|kohti|(?:per|för varje|for each|each)(?:\s[^\W\d]{{1,40}})?)"
    rf"|(?<!\w)(?:per|för varje|for each|each|jokaisesta)\s(?:[^\W\d]{{1,40}}\s){{1,3}}"
    rf"(?:(?:saa|ger|gives|antaa|får|earns|scores)\s)?(?P<n2>{_N})\s?(?:{_POINTS})",
    re.IGNORECASE,
)
LINEAR = re.compile(
    r"lineaari\w{0,30}|suoraviivai\w{0,30}|linjär\w{0,30}|\blinear\w{0,30}|interpol\w{0,30}|pro rata",
    re.IGNORECASE,
)
FORMULA_CUE = re.compile(r"kaava\w{0,30}|formel\w{0,30}|formula\w{0,30}", re.IGNORECASE)
# "halvin hinta / tarjouksen hinta × 60", "(lowest price / tendered price) x 60".
FRACTION = re.compile(
    rf"\(?(?:[^\W\d_][\w-]{{0,40}}\s){{0,3}}[^\W\d_][\w-]{{0,40}}\s?/\s?(?:(?!x\s?\d)[^\W\d_][\w-]{{0,40}}\s?){{1,4}}\)"
    rf"?"
    rf"(?:\s?[×x*·]\s?\(?(?P<m>{_N})\)?(?:\s?(?:{_POINTS}))?)?",
    re.IGNORECASE,
)
_FRACTION_WORDS = re.compile(
    r"halvin|alhaisin|edullisin|pienin|paras|lowest|cheapest|best|lägsta|lägst|billigaste|bästa"
    r"|tarjou|vertailtav|tarjott|anbud|tender|offer|bid",
    re.IGNORECASE,
)
# After "halvin hinta" / "lowest price": a formula or the points it earns, so price is scored, not alone.
RELATIVE_PRICE = re.compile(
    rf"\)?\s?/|[^.;\n]{{0,40}}?\b(?:saa|får|receives?|gets?|scores?|ges|earns?)\s{_N}\s?(?:{_POINTS})",
    re.IGNORECASE,
)
# Words that lead into a formula rather than belong to it ("scored as", "kaavalla").
_FORMULA_LEAD = re.compile(
    r"^(?:(?:scored|calculated|computed|using|as|by|the|is|are|kaavalla|kaava|lasketaan|beräknas|enligt"
    r"|som|formeln|formula|med)\s)+",
    re.IGNORECASE,
)
# Relative scoring without a written formula: "halvin saa 60 pistettä ja muut suhteessa siihen".
RELATIVE = re.compile(
    r"muut\s(?:[^\W\d]{1,40}\s){0,3}suhtee\w{0,30}"
    r"|övriga\s(?:[^\W\d]{1,40}\s){0,3}(?:proportionellt|i proportion|i förhållande)"
    r"|others?\s(?:[^\W\d]{1,40}\s){0,3}(?:pro rata|proportionally|in proportion)"
    r"|relative to the (?:lowest|best|cheapest)",
    re.IGNORECASE,
)
THRESHOLD_CUE = re.compile(
    r"hylätään|hylätä|karsitaan|ei oteta|jatkoon|vähimmäispiste\w{0,30}"
    r"|kynnys\w{0,30}|förkastas|utesluts|avvisas"
    r"|gå vidare|går vidare|minimipoäng\w{0,30}|lägsta poäng\w{0,30}|excluded"
    r"|rejected|disqualified|eliminated"
    r"|not be considered|not proceed|qualify|pass mark|minimum (?:quality )?score|threshold",
    re.IGNORECASE,
)
THRESHOLD = re.compile(
    rf"(?:vähintään|alle|alempi kuin|minst|lägst|mindre än|under|färre än|at least|fewer than|less than|below"
    rf"|(?:vähimmäispistemäärä|minimipoäng\w{{0,30}}|minimum (?:quality )?score"
    rf"|pass mark|threshold)(?:\s(?:on|är|is|of))?)"
    rf"\s?(?P<n>{_N})\s?(?:(?:/|out of|av)\s?{_N}\s?)?(?:{_POINTS})?",
    re.IGNORECASE,
)
# A sentence head that names no criterion: only scoring words ("Pisteet lasketaan", "Poängen ges").
_GENERIC = re.compile(
    r"\b(?:pisteet|pisteitä|pisteytys|pisteytetään|pisteytyksessä|lasketaan|laskentatapa|arvioidaan|annetaan"
    r"|myönnetään|saa|saavat|får|receives?|gets?|seuraavasti|tarjous|tarjoukset"
    r"|tarjouksen|tarjoaja|vertailussa|poäng|poängen"
    r"|poängsätts|poängsättning|beräknas|bedöms|ges|tilldelas|enligt följande|anbud|anbudet|anbuden|points?"
    r"|score[sd]?|scoring|calculated|awarded|assessed|evaluated|as follows|will|be|are|is|the|tenders?|bids?"
    r"|on|ja|och|and|of|in|i|with|siten|että|so that|så att)\b",
    re.IGNORECASE,
)
# What every scoring shape and weight above holds, whatever the text around it: a digit (`_elements`
# and WEIGHT), and then either a number followed by a unit (every unit and point word starts with
# "%" or a point word: WEIGHT, BAND, CAP, the point SCALES ...) or one of CUE_WORDS (FRACTION's "/", the
# other SCALES, RELATIVE, LINEAR, THRESHOLD_CUE; tests/test_text_prefilters.py checks that each of
# their alternatives holds one). These are looked for in the lower-cased block (`lowered`: a plain
# search there finds what a case-insensitive one finds); a sentence none of them overlaps has no
# scoring wording and no weight, and is not read at all, and within a sentence each shape runs only
# where what it holds is: a few plain passes per block instead of about fifteen case-insensitive
# patterns per sentence.
# In a lower-cased text, a point word (`_POINTS`) as it begins; "p" alone is not followed by a
# letter (only letters lower-case to one, so `p\b` in the text is this in its lower case).
_POINT_START = r"p(?![a-zåäö])|pist|poäng|point|pt"
NUMBER_UNIT = re.compile(rf"\d\s?(?:-\s?)?(?:%|{_POINT_START}|prosent|procent|per ?cent)")
# The words one of which each cue-led shape holds, lower case: a sentence without them skips it.
THRESHOLD_WORDS = (
    "hylätään", "hylätä", "karsitaan", "ei oteta", "jatkoon", "vähimmäispiste", "kynnys", "förkastas",
    "utesluts", "avvisas", "gå vidare", "går vidare", "minimipoäng", "lägsta poäng", "excluded",
    "rejected", "disqualified", "eliminated", "not be considered", "not proceed", "qualify",
    "pass mark", "minimum score", "minimum quality score", "threshold",
)  # fmt: skip
RELATIVE_WORDS = ("muut", "övriga", "other", "relative to the")
LINEAR_WORDS = ("lineaari", "suoraviivai", "linjär", "linear", "interpol", "pro rata")
# Per SCALES pattern: the words it needs (None: a number of points, as the point shapes).
SCALE_WORDS: tuple[tuple[str, ...] | None, ...] = (
    None,
    ("asteiko", "skala", "scale"),
    ("between", "mellan"),
    ("pisteen välillä",),
    ("out of",),
)
CUE_WORDS = (
    "/",
    *RELATIVE_WORDS,
    *LINEAR_WORDS,
    *THRESHOLD_WORDS,
    *(w for ws in SCALE_WORDS if ws for w in ws),
)
_POINTS_AFTER_NUMBER = re.compile(rf"\d\s?(?:{_POINT_START})")  # every point shape holds one
_DIGIT = re.compile(r"\d")
# The same test for a block whose lower-cased text is not a stand-in for ignoring case (İ, ı, ſ).
_WORDING = re.compile(
    NUMBER_UNIT.pattern + "|" + "|".join(re.escape(word) for word in CUE_WORDS), re.IGNORECASE
)


def scoring_wording(text: str, lower: str | None) -> list[tuple[int, int]]:
    """Where scoring wording may be in a block (see NUMBER_UNIT): (start, end) spans in order of
    their start (they may overlap); none when the block states no number."""
    if not _DIGIT.search(text):
        return []
    if lower is None:
        return [m.span() for m in _WORDING.finditer(text)]
    spans = [m.span() for m in NUMBER_UNIT.finditer(lower)]
    for word in CUE_WORDS:
        at = lower.find(word)
        while at >= 0:
            spans.append((at, at + len(word)))
            at = lower.find(word, at + 1)
    return sorted(spans)


@dataclass(slots=True)
class DocumentWording:
    """A whole document's lower-cased text and where scoring wording may be in it, found in one
    pass for all its blocks (the blocks are joined by blank lines, which no wording spans)."""

    lower: str
    spans: list[tuple[int, int]]

    @classmethod
    def of(cls, text: str) -> DocumentWording | None:
        """None where the lower-cased text is no stand-in (each block then finds its own)."""
        lower = lowered(text)
        return None if lower is None else cls(lower, scoring_wording(text, lower))

    def block(self, start: int, end: int) -> tuple[str, list[tuple[int, int]]]:
        """The lower-cased text and the wording spans of the block at `start:end`, block-relative."""
        first, last = bisect.bisect_left(self.spans, (start,)), bisect.bisect_left(self.spans, (end,))
        return self.lower[start:end], [(low - start, high - start) for low, high in self.spans[first:last]]


# Which shape decides the method when a criterion's text shows several (bands are linear anchors).
METHOD_RANK = ("formula", "linear", "per-unit", "bands", "yes-no", "scale")


@dataclass(slots=True)
class _Element:
    """One piece of scoring wording in a sentence; `weight` when its top number can be a weight."""

    start: int
    end: int
    scoring: dict[str, Any]
    weight: bool = False


def _points(raw: str) -> float:
    value = parse_number(raw) or 0.0
    return int(value) if float(value).is_integer() else value


def _band(match: re.Match[str]) -> dict[str, Any]:
    """A measured-value band with the range it covers, as stated."""
    low: float | None = _points(match.group("a"))
    high: float | None = low
    if match.group("b"):
        high = _points(match.group("b"))
    elif match.group("more") or (match.group("cmp") and re.match(_LOW, match.group("cmp"), re.IGNORECASE)):
        high = None
    elif match.group("cmp"):
        low = None
    condition = " ".join(match.string[match.start() : match.end("more")].split())
    band: dict[str, Any] = {"condition": condition, "points": _points(match.group("n"))}
    band |= {key: value for key, value in (("low", low), ("high", high)) if value is not None}
    if match.group("unit"):
        band["unit"] = match.group("unit")
    return band


def _holds(lower: str | None, words: tuple[str, ...]) -> bool:
    """Whether a lower-cased sentence holds one of `words` (always, when it has no stand-in)."""
    return lower is None or any(word in lower for word in words)


def _elements(sentence: str, lower: str | None = None) -> list[_Element]:
    """The scoring wording of one sentence, non-overlapping, in order. `lower`, the sentence
    lower-cased (see `lowered`), lets a shape be skipped where what it holds is not."""
    found: list[_Element] = []  # kept in order of position and non-overlapping
    starts: list[int] = []

    def add(start: int, end: int, scoring: dict[str, Any], weight: bool = False) -> None:
        at = bisect.bisect_left(starts, start)
        if (at > 0 and found[at - 1].end > start) or (at < len(found) and found[at].start < end):
            return  # an earlier, stronger shape already covers this wording
        starts.insert(at, start)
        found.insert(at, _Element(start, end, scoring, weight))

    if not re.search(r"\d", sentence):
        return found  # every shape below states points or a value
    for match in FRACTION.finditer(sentence) if "/" in sentence else ():
        text = match.group().strip()
        if match.group("m") or FORMULA_CUE.search(sentence) or _FRACTION_WORDS.search(text):
            formula = _FORMULA_LEAD.sub("", " ".join(text.split()))
            scoring: dict[str, Any] = {"method": "formula", "formula": formula}
            if match.group("m"):
                scoring["max_points"] = _points(match.group("m"))
            add(match.start(), match.end(), scoring)
    has_points = lower is None or _POINTS_AFTER_NUMBER.search(lower) is not None

    def point_shape(pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        return pattern.finditer(sentence) if has_points else iter(())

    if _holds(lower, THRESHOLD_WORDS) and THRESHOLD_CUE.search(sentence):
        for match in THRESHOLD.finditer(sentence):
            add(match.start(), match.end(), {"min_points_to_qualify": _points(match.group("n"))})
            break
    for match in point_shape(PER_UNIT_POINTS):
        add(
            match.start(),
            match.end(),
            {"method": "per-unit", "points_per_unit": _points(match["n"] or match["n2"])},
        )
    for match in point_shape(CONDITIONAL):
        condition = " ".join((match.group("c") or match.group("c2")).split()).strip(" ,")
        points = _points(match.group("n") or match.group("n2"))
        add(
            match.start(),
            match.end(),
            {"method": "yes-no", "bands": [{"condition": condition, "points": points}]},
        )
    for match in point_shape(BAND):
        add(match.start(), match.end(), {"method": "bands", "bands": [_band(match)]})
    for match in point_shape(LEVEL_BAND):
        answer = match.group("a")
        band = {"condition": answer or match.group("c"), "points": _points(match.group("n"))}
        add(match.start(), match.end(), {"method": "yes-no" if answer else "bands", "bands": [band]})
    firsts = list(point_shape(POINTS_FIRST))
    if len(firsts) >= 2 or (firsts and not sentence[: firsts[0].start()].strip(" |-–•*\t")):
        for match in firsts:
            band = {
                "condition": " ".join(match.group("c").split()).strip(" ."),
                "points": _points(match.group("n")),
            }
            add(match.start(), match.end(), {"method": "bands", "bands": [band]})
    for match in point_shape(POINT_LIST):
        numbers = re.findall(_N, match.group())
        add(
            match.start(),
            match.end(),
            {"method": "bands", "bands": [{"points": _points(n)} for n in numbers]},
        )
    for pattern, words in zip(SCALES, SCALE_WORDS, strict=True):
        for match in (
            point_shape(pattern)
            if words is None
            else pattern.finditer(sentence)
            if _holds(lower, words)
            else ()
        ):
            scale = {"method": "scale", "max_points": _points(match.group("hi"))}
            if "lo" in pattern.groupindex and match.group("lo") is not None:
                scale["min_points"] = _points(match.group("lo"))
            add(match.start(), match.end(), scale, weight=True)
    for match in point_shape(GIVES_POINTS):
        add(match.start(), match.end(), {"max_points": _points(match.group("n"))}, weight=True)
    for cap in point_shape(CAP):
        add(cap.start(), cap.end(), {"max_points": _points(cap.group("n"))}, weight=True)
    for pattern, method, words in ((RELATIVE, "formula", RELATIVE_WORDS), (LINEAR, "linear", LINEAR_WORDS)):
        cue = pattern.search(sentence) if _holds(lower, words) else None
        if cue:
            add(cue.start(), cue.end(), {"method": method})
    return found


def _merge(into: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    """Fold one piece of scoring wording into a criterion's scoring."""
    method, other = into.get("method"), part.get("method")
    if other and (method is None or METHOD_RANK.index(other) < METHOD_RANK.index(method)):
        into["method"] = other
    into.setdefault("bands", []).extend(part.get("bands", []))
    if part.get("max_points") is not None:
        into["max_points"] = max(into.get("max_points") or 0, part["max_points"])
    for key in ("min_points", "min_points_to_qualify", "points_per_unit", "formula"):
        if part.get(key) is not None and into.get(key) is None:
            into[key] = part[key]
    return into


def _scoring(elements: list[_Element]) -> dict[str, Any] | None:
    """A criterion's scoring from its pieces; max points default to the top band."""
    if not elements:
        return None
    scoring: dict[str, Any] = {}
    for element in elements:
        _merge(scoring, element.scoring)
    return _finish(scoring)


def _finish(scoring: dict[str, Any]) -> dict[str, Any]:
    bands = scoring.get("bands") or []
    if bands and scoring.get("method") is None:
        scoring["method"] = "bands"
    if bands and scoring.get("max_points") is None and scoring.get("method") != "per-unit":
        scoring["max_points"] = max(band["points"] for band in bands)
    return {key: value for key, value in scoring.items() if value not in (None, [])}


def _attach(criterion: dict[str, Any], scoring: dict[str, Any]) -> None:
    """Add what a later sentence says about how a criterion is scored to the criterion."""
    criterion["scoring"] = _finish(_merge(dict(criterion.get("scoring") or {}), scoring))


def _names_match(name: str, text: str) -> bool:
    """The text names the criterion: its name, or its first word inflected ("laatu" / "laadun",
    "hinta" / "hinnan", "ympäristösuunnitelma" / "ympäristösuunnitelman")."""
    name = name.lower().strip()
    if len(name) >= 3 and re.search(rf"(?<!\w){re.escape(name)}", text.lower()):
        return True
    first = name.split()[0] if name.split() else ""
    if len(first) < 4:
        return False
    for word in re.findall(r"[^\W\d_]{3,40}", text.lower()):
        common = next(
            (k for k, (a, b) in enumerate(zip(first, word, strict=False)) if a != b),
            min(len(first), len(word)),
        )
        if common >= 3 and common >= len(first) - 2 and len(word) <= len(first) + 4:
            return True
    return False


def _generic(head: str) -> bool:
    return not re.search(r"[^\W\d_]{2,}", _GENERIC.sub(" ", _name(head)))


def _target(head: str, sentence: str, candidates: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The criterion a scoring sentence describes: the one it names, or the last one when it names none
    (among the nearest few: scoring wording follows the criteria it is about)."""
    candidates = candidates[-MAX_CANDIDATES:]
    for candidate in reversed(candidates):
        if _names_match(candidate["name"], head):
            return candidate
    if not _generic(head):
        return None
    for candidate in reversed(candidates):
        if _names_match(candidate["name"], sentence):
            return candidate
    return candidates[-1] if candidates else None


# A sentence ends at a full stop before a space, never inside "62.5 %" or "2.1"; a list number at a
# line start ("2. Laatu 40 %") belongs to the sentence it numbers.
_SENTENCE = re.compile(
    r"(?:(?<![^\n])[ \t]*\d{1,2}(?:\.\d{1,2})*\.[ \t]+)?[^.!?\n]+(?:[.!?](?=\S)[^.!?\n]*)*(?:[.!?](?=\s|$))?"
)


@dataclass(slots=True)
class AwardStatement:
    """The award criteria one passage states, where they are, and which spans are award wording."""

    criteria: list[dict[str, Any]]
    start: int
    end: int
    spans: list[tuple[int, int]] = field(default_factory=list)
    # Per criterion: where its weight is (or its sentence begins, when it states none), and whether
    # it is in points (see `nesting.Entry`).
    weights: list[tuple[int, int, bool]] = field(default_factory=list)
    # What each criterion is still to be tagged by (`tag_rewards`, in order) when the reader was
    # asked not to tag: a document's reader tags only the criteria it keeps (not repeated ones).
    untagged: list[tuple[dict[str, Any], list[str]]] = field(default_factory=list)

    def tag(self, criteria: list[dict[str, Any]]) -> None:
        """Tag these criteria of the statement with what they reward."""
        wanted = {id(criterion) for criterion in criteria}
        for criterion, texts in self.untagged:
            if id(criterion) in wanted:
                tag_rewards(criterion, texts)


def _name(text: str) -> str:
    name = " ".join(_FILLER.sub("", text).split())
    label = LABEL.match(name)
    if label:
        name = _FILLER.sub("", name[label.end() :]).strip()
    if ":" in name:
        head, _, tail = name.rpartition(":")
        name = tail.strip() or head.strip()
    if name.count("(") > name.count(")"):  # "Miljömärkt städtjänst (Svanenmärkt lokalvård) 20 %"
        name += ")"
    return name[:MAX_NAME]


def _criterion(name: str, weight: float | None) -> dict[str, Any]:
    """A criterion not yet tagged with what it rewards (`tag_rewards`: only the ones kept are
    tagged; tagging costs more than the rest of reading the sentence)."""
    criterion: dict[str, Any] = {"name": name or "award criterion", "type": guess_criterion_type([name])}
    if weight is not None:
        criterion["weight"] = int(weight) if float(weight).is_integer() else weight
    return criterion


@dataclass(slots=True)
class _Item:
    """A weighted criterion of a sentence: where its segment starts and whether its weight is points
    of a stated scale or cap (then it may be a scale of a criterion named before)."""

    criterion: dict[str, Any]
    start: int
    end: int
    on_scale: bool
    in_points: bool  # "Pris 85 poäng": points are award wording, a percentage may be anything
    weight: tuple[int, int]  # where its weight is in the sentence
    tag_texts: list[list[str]]  # what to tag it by, in order, once it is kept (see `_criterion`)


def _masked(sentence: str, elements: list[_Element]) -> str:
    """The sentence with scoring wording blanked, so a band's points are never a criterion's weight."""
    chars = list(sentence)
    for element in elements:
        if not element.weight:
            chars[element.start : element.end] = " " * (element.end - element.start)
    return "".join(chars)


def _in_name(text: str, weight: re.Match[str], position: int, end: int, steps: list[_Element]) -> bool:
    """A number inside a scored criterion's name ("Battery cycles at 80% capacity: 1000 or more = …"):
    words follow it before the criterion's scoring steps begin."""
    if (
        not steps
        or not text[position : weight.start()].strip()
        or re.match(r"\s?[)|:;(]", text[weight.end() : end])
    ):
        return False
    after = bisect.bisect_left([e.start for e in steps], weight.end())
    stop = min(steps[after].start if after < len(steps) else end, end)
    return re.search(r"[^\W\d_]{2,}", text[weight.end() : stop]) is not None


def _weighted(sentence: str, elements: list[_Element]) -> list[_Item]:
    """One criterion per segment that carries a weight; the segment before the number names it."""
    text = _masked(sentence, elements)
    steps = [e for e in elements if e.scoring.get("method") and not e.weight]
    weights = list(WEIGHT.finditer(text))
    weight_starts = [w.start() for w in weights]
    element_starts = [e.start for e in elements]
    found = []
    position = 0
    for boundary in [*_SPLIT.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        inside = weights[bisect.bisect_left(weight_starts, position) : bisect.bisect_left(weight_starts, end)]
        weight = next(
            (w for w in inside if w.end() <= end and not _in_name(text, w, position, end, steps)), None
        )
        if boundary is not None and boundary.group().strip() and weight is None:
            continue  # "luomu- ja sesonkituotteet 20 %": a conjunction inside one criterion's name
        if weight is not None:
            at = weight.start()
            index = bisect.bisect_right(element_starts, at) - 1
            scale = (
                elements[index]
                if index >= 0 and elements[index].weight and at < elements[index].end
                else None
            )
            first = bisect.bisect_left(element_starts, position)
            name_end = elements[first].start if first < len(elements) and element_starts[first] < at else at
            name = _name(text[position:name_end]) or _name(text[weight.end() : end])
            # "… share 20 % of the total weight": the weight of a group of criteria, not a criterion.
            if name and not GROUP_SHARE.match(text, weight.end()):
                criterion = _criterion(name, parse_number(weight.group("n")))
                in_points = not re.match(r"%|pro|per", weight.group("u"), re.IGNORECASE)
                found.append(
                    _Item(criterion, position, end, scale is not None, in_points, weight.span(), [[name]])
                )
        position = boundary.end() if boundary else len(text)
    return found


def _is_award(text: str, items: list[dict[str, Any]]) -> bool:
    if _award_cue(text) or any(item.get("scoring", {}).get("method") for item in items):
        return True
    types = {item["type"] for item in items}
    return "price" in types and len(items) >= 2


@functools.lru_cache(maxsize=256)
def _award_cue(text: str | None) -> bool:
    """Whether a heading or a block holds award wording (asked once per heading, not once per
    block under it, and once per block, not once per weighted sentence in it)."""
    return bool(text and AWARD_CUES.search(text))


def read_award(
    text: str,
    start: int = 0,
    heading: str | None = None,
    known: list[dict[str, Any]] | None = None,
    award_context: bool = False,
    wording: tuple[str, list[tuple[int, int]]] | None = None,
    tag: bool = True,
) -> AwardStatement | None:
    """The award criteria one block states, or None when it is not an award statement.

    A sentence that says how a criterion is scored ("Laatu pisteytetään asteikolla 0–10",
    "Miljö: Ja = 10 poäng") adds `scoring` to the criterion it names, or to the last one when it
    names none — among this block's and the `known` ones (earlier blocks) — rather than becoming
    a criterion of its own; such a criterion is changed in place. `award_context` says the block
    is in award wording already (a row of an award criteria table); `wording`, the block's
    lower-cased text and scoring wording spans where the caller found them for its document
    (`DocumentWording.block`); `tag=False` leaves tagging the criteria to the caller
    (`AwardStatement.tag`)."""
    award_heading = award_context or _award_cue(heading)
    lower, found = wording if wording is not None else (lowered(text), None)
    # "halvin hinta / tarjouksen hinta × 60" is a price formula, not a price-only award.
    price_words = lower is None or any(word in lower for word in PRICE_WORDS)
    prices = PRICE_ONLY.finditer(text) if price_words else ()
    price_only = next((m for m in prices if not RELATIVE_PRICE.match(text, m.end())), None)
    if price_only and (award_heading or AWARD_CONTEXT.search(text)):
        criterion = {"name": price_only.group(), "type": "price", "weight": 100}
        span = [(start, start + len(text))]
        return AwardStatement([criterion], start, start + len(text), span, [(start, start, False)])
    marks = scoring_wording(text, lower) if found is None else found
    reach = list(itertools.accumulate((end for _, end in marks), max))  # furthest end so far
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)] if marks else []
    criteria: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []
    untagged: list[tuple[dict[str, Any], list[str]]] = []
    weights: list[tuple[int, int, bool]] = []
    attached = False
    for low, high in sentences:
        before = bisect.bisect_right(marks, (low, len(text)))  # marks starting at or before `low`
        inside = before < len(marks) and marks[before][0] < high
        if not inside and not (before and reach[before - 1] > low):
            continue  # no scoring wording overlaps the sentence (see NUMBER_UNIT)
        sentence = text[low:high]
        elements = _elements(sentence, lower and lower[low:high])
        items = _weighted(sentence, elements)
        if items:
            # Each piece of scoring wording belongs to the criterion whose segment it follows.
            item_starts = [item.start for item in items]
            owned: list[list[_Element]] = [[] for _ in items]
            for element in elements:
                owned[max(0, bisect.bisect_right(item_starts, element.start) - 1)].append(element)
            for item, own in zip(items, owned, strict=True):
                scoring = _scoring(own)
                if scoring:
                    item.criterion["scoring"] = scoring
            if len(items) == 1 and items[0].criterion.get("scoring", {}).get("method"):
                # One scored criterion: its whole sentence says what it rewards, as a banded one's does.
                items[0].tag_texts.append([sentence])
                items[0].criterion["description"] = " ".join(sentence.split())[:240]
            candidates = [*(known or []), *criteria]
            kept_items = []
            for item in items:
                target = _target(item.criterion["name"], sentence, candidates) if item.on_scale else None
                if target is not None and "scoring" in item.criterion:
                    _attach(target, item.criterion["scoring"])
                    attached = True
                else:
                    kept_items.append(item)
            kept = [item.criterion for item in kept_items]
            # Points after award criteria stated earlier continue them ("Pris 85 poäng." on its own line).
            continues = bool(known) and all(item.in_points for item in items)
            award_heading = award_heading or (continues and bool(kept))
            if not kept and attached:
                spans.append((start + low, start + high))
            elif kept and (award_heading or _is_award(text, kept)):
                untagged.extend((item.criterion, texts) for item in kept_items for texts in item.tag_texts)
                criteria.extend(kept)
                weights.extend(
                    (start + low + item.weight[0], start + low + item.weight[1], item.in_points)
                    for item in kept_items
                )
                spans.append((start + low, start + high))
            continue
        scoring = _scoring(elements)
        if scoring is None:
            continue
        head = sentence[: elements[0].start]
        target = _target(head, sentence, [*(known or []), *criteria])
        if target is not None:
            _attach(target, scoring)
            attached = True
        elif not scoring.get("method"):
            # A minimum score without a criterion it names ("Laadun vähimmäispistemäärä …") is set on
            # quality, never on price: the last quality criterion.
            quality = [c for c in [*(known or []), *criteria] if c["type"] != "price"]
            if not quality:
                continue
            _attach(quality[-1], scoring)
            attached = True
        else:
            criterion = _criterion("" if _generic(head) else _name(head), scoring.get("max_points"))
            untagged.append((criterion, [sentence]))
            criterion["description"] = " ".join(sentence.split())[:240]
            criterion["scoring"] = scoring
            criteria.append(criterion)
            weights.append((start + low, start + low, True))
        spans.append((start + low, start + high))
    if not criteria and not attached:
        return None
    if criteria and not (
        award_heading or _is_award(text, criteria) or any("description" in c for c in criteria)
    ):
        return None
    statement = AwardStatement(criteria, start, start + len(text), spans, weights, untagged)
    if tag:
        statement.tag(criteria)
        statement.untagged = []
    return statement
