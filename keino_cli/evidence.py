"""Find the evidence of facts in document text: one compiled matcher per language, one pass per text.

Why it is built this way:

* Speed. All patterns of a language compile into ONE regular expression shaped as a trie
  (shared prefixes are written once, literal branches before `*` tails), run over a lower-cased
  Latin-1 byte copy of the text in which every non-word character is a space. The expression
  starts with a literal space, so the regex engine only tries it at word starts. Each pattern's
  end is an empty named group, so `match.lastgroup` names the pattern without a second pass.
* Safety. Patterns are restricted (words, `*` suffix wildcard, `#` number), compiled by keino;
  word and separator classes are disjoint and every repeat is bounded or deterministic, so there
  is no catastrophic backtracking whatever the criteria files say.
* Inflection. Finnish and Swedish inflect and compound at the end of a word, so a stem with `*`
  (`ympäristömerk*`, `miljömärk*`) covers -merkki/-merkin/-merkitty/-märkta and compounds.
* Meaning. A match is then read in its clause: a cancelling negation ("ei edellytetä",
  "krävs inte", "not required") drops it or sets the rule's `negated` value; a prohibition
  ("ei saa käyttää", "får inte innehålla") confirms a rule whose concept is a ban. Numeric facts
  take the nearest number of the right kind in the sentence ("vähintään 30 % luomua" → 30).
  False friends ("luomus", "takaisinottovelvollisuus") are `exclude` patterns: the trie prefers
  their longer literal path at the same word, which vetoes the match.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from keino_cli.catalog import Catalog, EvidenceEntry
    from keino_cli.model.criteria import EvidenceRule

LANGS = ("fi", "sv", "en")


def _table() -> bytes:
    """Latin-1 byte map: letters lower-cased, digits and `% . ,` kept, everything else a space."""
    table = bytearray(b" " * 256)
    for code in range(256):
        char = chr(code)
        if char.isalnum() and char not in "ªºµ²³¹¼½¾":
            lower = char.lower()
            table[code] = ord(lower) if len(lower) == 1 and ord(lower) < 256 else code
        elif char in "%.,":
            table[code] = code
    return bytes(table)


TABLE = _table()
WORD = rb"[0-9a-z\xdf-\xf6\xf8-\xff]"
# Every repeat over text is bounded (a number has at most 18 digits, 6 decimals) and a number
# never starts or ends inside a digit run, so a long run of digits costs linear time.
NUMBER_DIGITS = (
    rb"[0-9](?:[0-9]{0,2}(?:[ .][0-9]{3}){1,5}(?:,[0-9]{1,6})?|[0-9]{0,17}(?:[.,][0-9]{1,6})?)(?![0-9])"
)
MAX_CLAUSE = 240
MAX_NUMBER_DISTANCE = 160


def buffer(text: str) -> bytes:
    """The match buffer: one byte per character of `text`, behind one leading space."""
    return b" " + text.encode("latin-1", "replace").translate(TABLE)


def _atoms(pattern: str) -> tuple[list[bytes], tuple[str, ...]]:
    """A pattern as regex atoms over the buffer, and its words that must match in capitals."""
    atoms: list[bytes] = []
    caps: list[str] = []
    previous = b""
    for word in pattern.split(" "):
        star = word.endswith("*")
        core = word.rstrip("*")
        parts = [b"#"] if core == "#" else buffer(core)[1:].split()
        caps.extend(p for p in re.split(r"\W+", core) if sum(c.isalpha() for c in p) >= 2 and p.isupper())
        for index, part in enumerate(parts):
            if atoms:
                atoms.append(rb" {0,2}" if b"%" in (part, previous) else rb" {1,3}")
            previous = part
            if part == b"#":
                atoms.append(NUMBER)
                continue
            atoms.extend(re.escape(bytes([c])) for c in part)
            last = index == len(parts) - 1
            atoms.append(WORD + b"*" if star and last else b"(?!" + WORD + b")")
    return atoms, tuple(caps)


@dataclass(frozen=True, slots=True)
class Target:
    """What one terminal of the trie stands for."""

    fact: str
    rule: EvidenceRule | None  # None: an exclude pattern (a false friend)
    pattern: str
    caps: tuple[str, ...]


def _render(node: dict[bytes, Any]) -> bytes:
    keys = sorted((k for k in node if k), key=lambda k: (len(k) > 1, k))
    alternatives = [key + _render(node[key]) for key in keys]
    if b"" in node:
        alternatives.append(b"(?P<t%d>)" % node[b""])
    return alternatives[0] if len(alternatives) == 1 else b"(?:" + b"|".join(alternatives) + b")"


def _cue_regex(patterns: list[str]) -> re.Pattern[bytes] | None:
    if not patterns:
        return None
    return re.compile(b" (?:" + b"|".join(b"".join(_atoms(p)[0]) for p in sorted(set(patterns))) + b")")


@dataclass(slots=True)
class Hit:
    """One match of one rule in a text, and what became of it."""

    fact: str
    value: Any
    start: int
    end: int
    status: str  # found, negated, cancelled, no-number, excluded, evidence (proof wording), award, background
    pattern: str
    cue: str | None = None


@dataclass(slots=True)
class Matcher:
    """Every pattern of one language, compiled once."""

    lang: str
    regex: re.Pattern[bytes] | None
    terminals: list[list[Target]]
    cancel: re.Pattern[bytes] | None
    prohibit: re.Pattern[bytes] | None
    proof: re.Pattern[bytes] | None

    @classmethod
    def compile(cls, lang: str, entries: list[EvidenceEntry], negations: dict[str, list[str]]) -> Matcher:
        root: dict[bytes, Any] = {}
        terminals: list[list[Target]] = []
        for entry in entries:
            for patterns, rule in ((entry.rule.patterns, entry.rule), (entry.rule.exclude, None)):
                for pattern in [*getattr(patterns, lang), *patterns.any]:
                    atoms, caps = _atoms(pattern)
                    if not atoms:
                        continue
                    node = root
                    for atom in atoms:
                        node = node.setdefault(atom, {})
                    if b"" not in node:
                        node[b""] = len(terminals)
                        terminals.append([])
                    terminals[node[b""]].append(Target(entry.fact, rule, pattern, caps))
        regex = re.compile(b" " + _render(root)) if root else None
        return cls(
            lang,
            regex,
            terminals,
            _cue_regex(negations.get("cancel", [])),
            _cue_regex(negations.get("prohibit", [])),
            _cue_regex(negations.get("proof", [])),
        )

    def scan(self, text: str) -> list[Hit]:
        """Every hit in `text`, in order; kept, negated, cancelled and excluded ones alike."""
        if self.regex is None:
            return []
        hits: list[Hit] = []
        for match in self.regex.finditer(buffer(text)):
            start, end = match.start(), match.end() - 1
            targets = self.terminals[int(match.lastgroup[1:])]  # type: ignore[index]
            original = text[start:end]
            for target in targets:
                if any(cap not in original for cap in target.caps):
                    continue
                if target.rule is None:
                    hits.append(Hit(target.fact, None, start, end, "excluded", target.pattern))
                    break
                hits.append(self._read(text, start, end, target, target.rule))
        return hits

    def _read(self, text: str, start: int, end: int, target: Target, rule: EvidenceRule) -> Hit:
        hit = Hit(target.fact, rule.value, start, end, "found", target.pattern)
        clause = buffer(_clause(text, start, end))
        proof = self.proof.search(clause) if self.proof else None
        if proof is not None:  # "… are deemed to comply": how to prove a requirement, not one
            hit.status, hit.value, hit.cue = "evidence", None, proof.group().decode("latin-1").strip()
            return hit
        prohibit = self.prohibit.search(clause) if self.prohibit else None
        cancel = self.cancel.search(clause) if self.cancel else None
        cue = cancel or (None if rule.restriction else prohibit)
        if cue is not None:
            hit.cue = cue.group().decode("latin-1").strip()
            if rule.negated is None:
                hit.status, hit.value = "cancelled", None
                return hit
            hit.status, hit.value = "negated", rule.negated
            return hit
        if rule.number is not None:
            if "#" in target.pattern.split(" "):
                value = _first_number(text[start:end])
            else:
                value = nearest_number(text, start, end, rule.number)
            if value is None:
                hit.status, hit.value = "no-number", None
            else:
                hit.value = value
        return hit


_CLAUSE_END = re.compile(r"[.;!?](?=\s|$)|\n[ \t]*\n|\n[ \t]*(?:[-*•]|\d+[.)])\s")


def _bounds(text: str, start: int, end: int, limit: int, pattern: re.Pattern[str]) -> tuple[int, int]:
    low, high = max(0, start - limit), min(len(text), end + limit)
    before = [m.end() for m in pattern.finditer(text, low, start)]
    after = pattern.search(text, end, high)
    return (before[-1] if before else low), (after.start() if after else high)


def _clause(text: str, start: int, end: int) -> str:
    low, high = _bounds(text, start, end, MAX_CLAUSE, _CLAUSE_END)
    return text[low:high]


_WORD_NUMBERS = {
    # fi (nominative, genitive and partitive: "vähintään kaksi", "kahden vuoden", "kolmea"), sv, en
    "yksi": 1, "yhden": 1, "yhtä": 1, "kaksi": 2, "kahden": 2, "kahta": 2, "kolme": 3, "kolmen": 3,
    "kolmea": 3, "neljä": 4, "neljän": 4, "neljää": 4, "viisi": 5, "viiden": 5, "viittä": 5,
    "kuusi": 6, "kuuden": 6, "kuutta": 6, "seitsemän": 7, "seitsemää": 7, "kahdeksan": 8,
    "kahdeksaa": 8, "yhdeksän": 9, "yhdeksää": 9, "kymmenen": 10, "kymmentä": 10,
    "ett": 1, "en": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
    "nio": 9, "tio": 10,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip
# `#` in a pattern: a number in digits or in words ("vähintään kaksi pitkäaikaistyötöntä").
NUMBER = (
    b"(?:"
    + NUMBER_DIGITS
    + b"|(?:"
    + b"|".join(w.encode("latin-1") for w in sorted(_WORD_NUMBERS, key=len, reverse=True))
    + b")(?!"
    + WORD
    + b"))"
)
# Bounded repeats and no start or end inside a digit run: linear whatever the text (see NUMBER).
_NUM = r"(?<!\d)(?:\d{1,3}(?:[ \u00a0.]\d{3}){1,5}(?:,\d{1,6})?|\d{1,18}(?:[.,]\d{1,6})?)(?!\d)"
_WORDS = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_AMOUNT = rf"(?:(?P<n>{_NUM})|(?P<w>\b(?:{_WORDS})\b))(?:\s?\(\s?(?P<p>\d{{1,6}})\s?\))?"
_UNITS = {
    "percent": r"%|prosent\w*|procent\w*|per ?cent\b",
    "years": r"vuo(?:si|tta|den|sien|siksi|deksi|dessa)\b|v\b|år\w*|years?\b|yrs?\b",
    "months": r"kk\b|kuukau\w*|mån\w*|months?\b",
}
_NUMBER_KINDS = {
    kind: re.compile(rf"(?<![\w.,]){_AMOUNT}[\s-]?(?P<u>{unit})", re.IGNORECASE)
    for kind, unit in _UNITS.items()
}
_NUMBER_KINDS["count"] = re.compile(
    rf"(?<![\w.,])(?P<n>\d{{1,6}})(?![\d.,]|\s?(?:%|{_UNITS['percent']}|euro|eur\b|€|kr\b|kronor))",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)|\n[ \t]*\n")


def parse_number(raw: str) -> float | None:
    """`1 500 000`, `1.500.000`, `0,1`, `38,5` and `1,5` as numbers (Nordic commas are decimals)."""
    digits = re.sub(r"[\s\u00a0\u202f]", "", raw)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", digits):
        digits = digits.replace(".", "")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", digits):  # English "2,600,000"
        digits = digits.replace(",", "")
    digits = digits.replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        return None


def _amount(match: re.Match[str]) -> float | None:
    if match.groupdict().get("p"):
        return float(match.group("p"))
    if match.group("n"):
        return parse_number(match.group("n"))
    return float(_WORD_NUMBERS[match.group("w").lower()])


def _first_number(span: str) -> float | None:
    found = re.search(_NUM, span)
    if found:
        return parse_number(found.group())
    word = re.search(rf"\b(?:{_WORDS})\b", span, re.IGNORECASE)
    return float(_WORD_NUMBERS[word.group().lower()]) if word else None


_UNIT_OF = {kind: re.compile(pattern, re.IGNORECASE) for kind, pattern in _UNITS.items()}


def _unit_kind(unit: str) -> str:
    return next(kind for kind, pattern in _UNIT_OF.items() if pattern.fullmatch(unit))


def nearest_number(text: str, start: int, end: int, kind: str) -> float | None:
    """The number of `kind` closest to a match in its sentence; years and months convert."""
    low, high = _bounds(text, start, end, MAX_NUMBER_DISTANCE, _SENTENCE_END)
    kinds = ("years", "months") if kind in ("years", "months") else (kind,)
    best: tuple[int, float] | None = None
    for each in kinds:
        for match in _NUMBER_KINDS[each].finditer(text, low, high):
            if match.start() < end and match.end() > start:
                continue  # the number is part of the term itself
            value = _amount(match)
            if value is None:
                continue
            if kind in ("years", "months") and _unit_kind(match.group("u")) != kind:
                value = value * 12 if kind == "months" else round(value / 12, 2)
            distance = start - match.end() if match.end() <= start else match.start() - end
            if best is None or distance < best[0]:
                best = (distance, value)
    return None if best is None else best[1]


_STOPWORDS = {
    "fi": "ja on ei että tai ovat sekä tulee kanssa jos mukaan myös joka tämän hankinnan tarjoajan "
    "vähintään tarjouksen hankintayksikkö oltava",
    "sv": "och att är som ska för med av på till eller inte det den minst anbudsgivaren skall "
    "upphandlingen kraven leverantören",
    "en": "the and of to shall must be is for with or not in at least tenderer contractor supplier are this",
}
_STOPWORD_LANG = {word: lang for lang, words in _STOPWORDS.items() for word in words.split()}
LANG_SAMPLE = 200_000


def detect_language(text: str) -> tuple[str | None, dict[str, int]]:
    """The language with most stop-words (fi/sv/en) in the first part of a text, and the counts."""
    counts = Counter(
        _STOPWORD_LANG[word]
        for word in buffer(text[:LANG_SAMPLE]).decode("latin-1").split()
        if word in _STOPWORD_LANG
    )
    ranked = {lang: counts.get(lang, 0) for lang in LANGS}
    best = max(ranked, key=lambda lang: ranked[lang])
    return (best if ranked[best] else None), ranked


@dataclass(slots=True)
class Evidence:
    """The compiled matchers of one catalog, one per language, built on first use."""

    catalog: Catalog
    matchers: dict[str, Matcher] = field(default_factory=dict)
    _fact_scopes: dict[str, tuple[str, ...] | None] | None = None

    def matcher(self, lang: str) -> Matcher:
        if lang not in self.matchers:
            negations = self.catalog.negations.get(lang, {})
            self.matchers[lang] = Matcher.compile(lang, self.catalog.evidence, negations)
        return self.matchers[lang]

    def fact_scopes(self) -> dict[str, tuple[str, ...] | None]:
        """Per fact, the CPV prefixes of every criterion reading it (its product groups and its own
        `applies_to.cpv`); None when some criterion reading it applies to any CPV."""
        if self._fact_scopes is None:
            from keino_cli.rules import criterion_facts

            scopes: dict[str, tuple[str, ...] | None] = {}
            for entry in self.catalog.criteria.values():
                prefixes = self.catalog.cpv_prefixes(entry.criterion)
                for fact in criterion_facts(entry.criterion):
                    if fact not in scopes or scopes[fact] is not None:
                        scopes[fact] = None if not prefixes else (*(scopes.get(fact) or ()), *prefixes)
            self._fact_scopes = scopes
        return self._fact_scopes

    def criteria_reading(self, fact: str) -> list[str]:
        """Ids of the criteria that read `fact` (for `keino scan`)."""
        from keino_cli.rules import criterion_facts

        return [
            cid for cid, entry in self.catalog.criteria.items() if fact in criterion_facts(entry.criterion)
        ]


_CACHE: list[Evidence] = []


def evidence_for(catalog: Catalog) -> Evidence:
    """The matchers of a catalog, compiled once however many documents are read."""
    for evidence in _CACHE:
        if evidence.catalog is catalog:
            return evidence
    evidence = Evidence(catalog)
    _CACHE[:] = [*_CACHE[-3:], evidence]
    return evidence
