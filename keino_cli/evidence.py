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

import bisect
import hashlib
import math
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

try:  # a compiled multi-pattern engine where its wheel installs; the regex engine everywhere
    import hyperscan
except ImportError:  # pragma: no cover - platforms without a hyperscan wheel
    hyperscan = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from keino_cli.catalog import Catalog, EvidenceEntry
    from keino_cli.model.criteria import Criterion, EvidenceRule

LANGS = ("fi", "sv", "en")
# The engines that find the patterns; both give the same hits (tests/test_matcher_engines.py).
ENGINES: tuple[str, ...] = ("hyperscan", "re") if hyperscan is not None else ("re",)


def default_engine() -> str:
    """Hyperscan where it is installed, unless `KEINO_MATCHER=re` asks for the regex engine."""
    return "re" if os.environ.get("KEINO_MATCHER") == "re" or hyperscan is None else "hyperscan"


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


# İ ı ſ: the only characters where `re.IGNORECASE` on an ASCII letter is not `str.lower` (a test
# checks every code point).
_FOLDS_APART = ("\u0130", "\u0131", "\u017f")
_LOWERED: list[tuple[str, str | None]] = []  # the last text asked and its answer


def lowered(text: str) -> str | None:
    """`text.lower()` where a plain search in it finds what a case-insensitive search for ASCII
    or Latin-1 words finds in `text`, at the same offsets; None where it would not.

    The readers of a document each ask for its whole text: the last answer is kept (for that
    very string object), and the three characters are looked for with plain searches, which cost
    a twentieth of a character-class search."""
    if _LOWERED and _LOWERED[0][0] is text:
        return _LOWERED[0][1]
    lower: str | None = None
    if not any(char in text for char in _FOLDS_APART):
        lower = text.lower()
        lower = lower if len(lower) == len(text) else None
    _LOWERED[:] = [(text, lower)]
    return lower


def _parts(pattern: str) -> list[tuple[bytes, bool]]:
    """A pattern's parts over the buffer (a word piece, or `#` for a number), each with whether a
    `*` tail follows it."""
    parts: list[tuple[bytes, bool]] = []
    for word in pattern.split(" "):
        core = word.rstrip("*")
        pieces = [b"#"] if core == "#" else buffer(core)[1:].split()
        star = word.endswith("*")
        parts.extend((piece, star and index == len(pieces) - 1) for index, piece in enumerate(pieces))
    return parts


def _atoms(pattern: str) -> tuple[list[bytes], tuple[str, ...]]:
    """A pattern as regex atoms over the buffer, and its words that must match in capitals."""
    atoms: list[bytes] = []
    previous = b""
    for part, tail in _parts(pattern):
        if atoms:
            atoms.append(rb" {0,2}" if b"%" in (part, previous) else rb" {1,3}")
        previous = part
        if part == b"#":
            atoms.append(NUMBER)
            continue
        atoms.extend(re.escape(bytes([c])) for c in part)
        atoms.append(WORD + b"*" if tail else b"(?!" + WORD + b")")
    caps = tuple(
        piece
        for word in pattern.split(" ")
        for piece in re.split(r"\W+", word.rstrip("*"))
        if sum(c.isalpha() for c in piece) >= 2 and piece.isupper()
    )
    return atoms, caps


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


# --- the Hyperscan engine ----------------------------------------------------------------------
# Hyperscan runs over the raw Latin-1 bytes of the text (no translated copy): each buffer byte
# becomes the class of raw bytes that translate to it. It only says WHERE a pattern may start;
# the trie regex of the regex engine then decides at each such word start, in text order and
# skipping starts inside the previous match, exactly as `finditer` does: both engines give the
# same hits. Each match is decided on a window of the buffer holding every token an attempt from
# that start can reach (words are joined by at most three spaces, a number spans six tokens).
_PREIMAGE = {code: bytes(raw for raw in range(256) if TABLE[raw] == code) for code in set(TABLE)}
_WORD_BYTE = re.compile(WORD)


def _hs_class(codes: Iterable[int]) -> bytes:
    return b"[" + b"".join(b"\\x%02x" % code for code in codes) + b"]"


_HS_SPACE = _hs_class(_PREIMAGE[0x20])
_HS_WORD = _hs_class(raw for raw in range(256) if _WORD_BYTE.fullmatch(TABLE[raw : raw + 1]))
_RAW_SPACE = re.escape(_PREIMAGE[0x20])
# A number (NUMBER_DIGITS: 30 bytes at most, number words are shorter) and the separator after it.
NUMBER_REACH = 34


@dataclass(slots=True)
class _Anchor:
    """What a report of one Hyperscan expression means: a run of a pattern's words starts at the
    report's start (after the word break the expression begins with), and what may start there."""

    reach: int | None = None  # a pattern starts at the words (0) or up to `reach` bytes before them
    cue: bool = False  # a negation or proof cue starts at the words


def _anchor_expression(parts: list[tuple[bytes, bool]], first: int) -> bytes:
    """A Hyperscan expression that every match of a pattern holds: its words from `first` (a word
    start) up to the next number or `%`. Runs of words at different word starts end at different
    offsets, so Hyperscan's leftmost start of each report is the start of every such run."""
    pieces = []
    for index in range(first, len(parts)):
        part, tail = parts[index]
        if part in (b"#", b"%"):
            break
        literal = b"".join(_hs_class(_PREIMAGE[code]) for code in part)
        pieces.append(literal + (_HS_WORD + b"*" if tail else b""))
    if pieces[-1].endswith(b"*"):  # a tail at the end adds nothing but one report per letter
        pieces[-1] = pieces[-1][: -len(_HS_WORD) - 1]
    return b"(?:^|" + _HS_SPACE + b")" + (_HS_SPACE + b"{1,3}").join(pieces)


def _compiled(expressions: list[bytes]) -> Any:
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=expressions,
        ids=list(range(len(expressions))),
        elements=len(expressions),
        flags=[hyperscan.HS_FLAG_SOM_LEFTMOST] * len(expressions),
    )
    return database


def _database(expressions: list[bytes]) -> Any:
    """The Hyperscan database of `expressions`, from keino's cache folder when it holds one for the
    same expressions: compiling costs about half a second a language, loading a millisecond. A
    missing, damaged or foreign (other CPU) file is only a reason to compile afresh."""
    if os.environ.get("KEINO_NO_CACHE"):
        return _compiled(expressions)
    from keino_cli.catalog.cache import cache_dir

    digest = hashlib.sha256(hyperscan.__version__.encode())  # type: ignore[attr-defined]
    for expression in expressions:
        digest.update(b"\n" + expression)
    target = cache_dir() / f"hyperscan-{digest.hexdigest()[:32]}.db"
    try:
        database = hyperscan.loadb(target.read_bytes(), hyperscan.HS_MODE_BLOCK)
        database.scratch = hyperscan.Scratch(database)
        database.scan(b"probe", match_event_handler=lambda *_: None)
        return database
    except Exception:  # see the docstring
        pass
    database = _compiled(expressions)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for stale in sorted(target.parent.glob("hyperscan-*.db"), key=lambda p: p.stat().st_mtime)[:-8]:
            stale.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False) as out:
            out.write(hyperscan.dumpb(database))
        os.replace(out.name, target)
    except OSError:
        pass
    return database


@dataclass(slots=True)
class Cues:
    """Where negation and proof cues may start in one text, so that a hit with none near it skips
    reading its clause. In the clause's own buffer a cue starts at a word start of the text, or at
    the clause's start where the clause was cut inside a word (checked directly)."""

    positions: list[int]
    raw: bytes
    literals: tuple[bytes, ...]  # the first word of every cue
    longest: int  # the longest of them

    def near(self, start: int, end: int) -> bool:
        low = start - MAX_CLAUSE
        index = bisect.bisect_left(self.positions, max(low, 0))
        if index < len(self.positions) and self.positions[index] < end + MAX_CLAUSE:
            return True
        return low > 0 and self.raw[low : low + self.longest].translate(TABLE).startswith(self.literals)


@dataclass(slots=True)
class Prefilter:
    """One Hyperscan database over the words of every pattern and cue of a matcher."""

    database: Any
    anchors: list[_Anchor]
    tokens: re.Pattern[bytes]  # the tokens an attempt from a word start can reach
    cue_literals: tuple[bytes, ...] | None  # None: some cue does not start with a word

    @classmethod
    def build(cls, patterns: list[str], cues: list[str]) -> Prefilter | None:
        """None when some pattern has no word to anchor on (the regex engine then runs alone)."""
        by_expression: dict[bytes, _Anchor] = {}
        most_tokens = 1
        for pattern in patterns:
            parts = _parts(pattern)
            first = next((i for i, (part, _) in enumerate(parts) if part not in (b"#", b"%")), None)
            if first is None or b"%" in (part for part, _ in parts[:first]):
                return None  # no word to anchor on, or one that may follow "%" without a space
            most_tokens = max(most_tokens, sum(6 if part == b"#" else 1 for part, _ in parts))
            anchor = by_expression.setdefault(_anchor_expression(parts, first), _Anchor())
            anchor.reach = max(anchor.reach or 0, first * NUMBER_REACH)
        literals: list[bytes] | None = []
        for cue in cues:
            parts = _parts(cue)
            if not parts or parts[0][0] in (b"#", b"%") or literals is None:
                literals = None
                continue
            literals.append(parts[0][0])
            by_expression.setdefault(_anchor_expression(parts, 0), _Anchor()).cue = True
        database = _database(list(by_expression))
        tokens = re.compile(b"(?:[%s]*[^%s]+){1,%d}" % (_RAW_SPACE, _RAW_SPACE, most_tokens))
        return cls(database, list(by_expression.values()), tokens, tuple(literals) if literals else None)

    def find(self, text: str, regex: re.Pattern[bytes]) -> tuple[list[tuple[int, int, str]], Cues | None]:
        """The matches of `regex.finditer(buffer(text))` as (start, end, group) in buffer offsets,
        and where cues may start."""
        raw = text.encode("latin-1", "replace")
        reports: list[tuple[int, int]] = []
        self.database.scan(raw, match_event_handler=lambda i, begin, _e, _f, _c: reports.append((i, begin)))
        starts: set[int] = set()
        cue_positions: list[int] = []
        for index, begin in reports:
            anchor = self.anchors[index]
            if TABLE[raw[begin]] == 0x20:
                begin += 1  # the report starts at the word break (else at the text's start)
            if anchor.cue:
                cue_positions.append(begin)
            if anchor.reach == 0:
                starts.add(begin)
            elif anchor.reach:  # a number comes first: every word start a number's length before
                low = max(0, begin - anchor.reach)
                starts.update(p for p in range(low, begin) if p == 0 or TABLE[raw[p - 1]] == 0x20)
        found: list[tuple[int, int, str]] = []
        position = 0
        for start in sorted(starts):
            if start < position:
                continue
            reach = self.tokens.match(raw, start)
            stop = reach.end() + 1 if reach else start + 1  # one byte more: a `(?!…)` looks at it
            window = (raw[start - 1 : stop] if start else b" " + raw[:stop]).translate(TABLE)
            match = regex.match(window)
            if match is not None:
                found.append((start, start + match.end(), match.lastgroup))  # type: ignore[arg-type]
                position = start + match.end()
        if self.cue_literals is None:
            return found, None
        return found, Cues(sorted(cue_positions), raw, self.cue_literals, max(map(len, self.cue_literals)))


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
    plain: re.Pattern[bytes] | None  # phrases blanked before the cues are read (NegationCues.plain)
    prefilter: Prefilter | None = None  # None: the regex engine alone

    @classmethod
    def compile(
        cls, lang: str, entries: list[EvidenceEntry], negations: dict[str, list[str]], engine: str = "re"
    ) -> Matcher:
        root: dict[bytes, Any] = {}
        terminals: list[list[Target]] = []
        patterns: list[str] = []
        for entry in entries:
            for group, rule in ((entry.rule.patterns, entry.rule), (entry.rule.exclude, None)):
                for pattern in [*getattr(group, lang), *group.any]:
                    atoms, caps = _atoms(pattern)
                    if not atoms:
                        continue
                    patterns.append(pattern)
                    node = root
                    for atom in atoms:
                        node = node.setdefault(atom, {})
                    if b"" not in node:
                        node[b""] = len(terminals)
                        terminals.append([])
                    terminals[node[b""]].append(Target(entry.fact, rule, pattern, caps))
        regex = re.compile(b" " + _render(root)) if root else None
        cues = {kind: negations.get(kind, []) for kind in ("cancel", "prohibit", "proof")}
        prefilter = None
        if engine == "hyperscan" and regex is not None:
            prefilter = Prefilter.build(patterns, [cue for each in cues.values() for cue in each])
        return cls(
            lang,
            regex,
            terminals,
            _cue_regex(cues["cancel"]),
            _cue_regex(cues["prohibit"]),
            _cue_regex(cues["proof"]),
            _cue_regex(negations.get("plain", [])),
            prefilter,
        )

    def _matches(
        self, text: str, regex: re.Pattern[bytes]
    ) -> tuple[Iterable[tuple[int, int, str]], Cues | None]:
        if self.prefilter is not None:
            return self.prefilter.find(text, regex)
        return ((m.start(), m.end(), m.lastgroup) for m in regex.finditer(buffer(text))), None  # type: ignore[misc]

    def scan(self, text: str) -> list[Hit]:
        """Every hit in `text`, in order; kept, negated, cancelled and excluded ones alike."""
        if self.regex is None:
            return []
        hits: list[Hit] = []
        found, cues = self._matches(text, self.regex)
        for start, stop, group in found:
            end = stop - 1
            targets = self.terminals[int(group[1:])]
            original = text[start:end]
            for target in targets:
                if any(cap not in original for cap in target.caps):
                    continue
                if target.rule is None:
                    hits.append(Hit(target.fact, None, start, end, "excluded", target.pattern))
                    break
                hits.append(self._read(text, start, end, target, target.rule, cues))
        return hits

    def _read(
        self, text: str, start: int, end: int, target: Target, rule: EvidenceRule, cues: Cues | None
    ) -> Hit:
        hit = Hit(target.fact, rule.value, start, end, "found", target.pattern)
        if cues is None or cues.near(start, end):  # else no cue can be in the clause: skip reading it
            clause = buffer(_clause(text, start, end))
            if self.plain is not None:
                clause = self.plain.sub(_blank, clause)
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


def _blank(match: re.Match[bytes]) -> bytes:
    return b" " * (match.end() - match.start())


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


_NUMBER_SPACES = re.compile(r"[\s\u00a0\u202f]")
_DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_COMMA_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?")  # English "2,600,000"


def parse_number(raw: str) -> float | None:
    """`1 500 000`, `1.500.000`, `0,1`, `38,5` and `1,5` as numbers (Nordic commas are decimals)."""
    digits = _NUMBER_SPACES.sub("", raw)
    if _DOTTED_THOUSANDS.fullmatch(digits):
        digits = digits.replace(".", "")
    elif _COMMA_THOUSANDS.fullmatch(digits):
        digits = digits.replace(",", "")
    digits = digits.replace(",", ".")
    try:
        number = float(digits)
    except ValueError:
        return None
    return number if math.isfinite(number) else None  # a 400-digit run is no quantity


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
_STOPWORD_BYTES = {word.encode("latin-1"): lang for word, lang in _STOPWORD_LANG.items()}
LANG_SAMPLE = 200_000


def detect_language(text: str) -> tuple[str | None, dict[str, int]]:
    """The language with most stop-words (fi/sv/en) in the first part of a text, and the counts."""
    languages = list(map(_STOPWORD_BYTES.get, buffer(text[:LANG_SAMPLE]).split()))
    ranked = {lang: languages.count(lang) for lang in LANGS}
    best = max(ranked, key=lambda lang: ranked[lang])
    return (best if ranked[best] else None), ranked


@dataclass(slots=True)
class Evidence:
    """The compiled matchers of one catalog, one per language, built on first use."""

    catalog: Catalog
    engine: str = "re"  # one of ENGINES
    matchers: dict[str, Matcher] = field(default_factory=dict)
    _fact_scopes: dict[str, tuple[Criterion, ...] | None] | None = None
    _readers: dict[str, list[str]] | None = None  # fact -> ids of the criteria reading it

    def matcher(self, lang: str) -> Matcher:
        if lang not in self.matchers:
            negations = self.catalog.negations.get(lang, {})
            self.matchers[lang] = Matcher.compile(lang, self.catalog.evidence, negations, self.engine)
        return self.matchers[lang]

    def selected(self, fact: str, codes: list[str]) -> bool:
        """Whether some criterion reading `fact` applies to these CPV codes (`Catalog.covers`), or
        to any CPV; a fact no criterion reads is kept."""
        if self._fact_scopes is None:
            from keino_cli.rules import criterion_facts

            # Per fact, the criteria reading it; None once one of them applies to any CPV.
            scopes: dict[str, tuple[Criterion, ...] | None] = {}
            for entry in self.catalog.criteria.values():
                criterion = entry.criterion
                for fact_read in criterion_facts(criterion):
                    if fact_read not in scopes or scopes[fact_read] is not None:
                        scoped = (*(scopes.get(fact_read) or ()), criterion)
                        scopes[fact_read] = None if criterion.applies_to.all else scoped
            self._fact_scopes = scopes
        readers = self._fact_scopes.get(fact)
        return readers is None or any(self.catalog.covers(c, codes) for c in readers)

    def criteria_reading(self, fact: str) -> list[str]:
        """Ids of the criteria that read `fact`, in catalog order (for `keino scan`; every
        criterion's facts are listed once, not once per fact asked)."""
        if self._readers is None:
            from keino_cli.rules import criterion_facts

            readers: dict[str, list[str]] = {}
            for cid, entry in self.catalog.criteria.items():
                for each in criterion_facts(entry.criterion):
                    readers.setdefault(each, []).append(cid)
            self._readers = readers
        return list(self._readers.get(fact, ()))


_CACHE: list[Evidence] = []


def evidence_for(catalog: Catalog, engine: str | None = None) -> Evidence:
    """The matchers of a catalog, compiled once however many documents are read; `engine`
    defaults to `default_engine()`."""
    engine = engine or default_engine()
    for evidence in _CACHE:
        if evidence.catalog is catalog and evidence.engine == engine:
            return evidence
    evidence = Evidence(catalog, engine)
    _CACHE[:] = [*_CACHE[-3:], evidence]
    return evidence
