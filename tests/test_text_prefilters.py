"""Prefilters over document text skip only what cannot match.

The award reader: read with its prefilters, read with the case-insensitive fallback (a block
whose lower-cased text is no stand-in), and read with every sentence and shape tried, the same
blocks give the same award statements — over the award scoring cases, the labelled corpus,
generated tenders, and random texts built from the shapes' own words, numbers, units and
punctuation; and each alternative of the cue-led shapes holds one of the words looked for.
Criterion texts: one lower-casing of the whole text gives each word lower-cased.
"""

from __future__ import annotations

import copy
import random
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from keino_cli.readers.documents import award

sys.path.insert(0, str(Path(__file__).parent))
from tendergen import tender_text


def _read_all(blocks: list[str], monkeypatch: pytest.MonkeyPatch, variant: str) -> list[Any]:
    """Each block's statement (and the earlier criteria, which a block may change), one variant."""
    with monkeypatch.context() as patch:
        if variant in ("fallback", "every"):
            patch.setattr(award, "lowered", lambda _text: None)
        if variant == "every":
            patch.setattr(award, "scoring_wording", lambda text, _lower: [(0, len(text))])
        known: list[dict[str, Any]] = []
        out = []
        for index, block in enumerate(blocks):
            statement = award.read_award(block, index * 1000, None, known, False)
            if statement is not None:
                known.extend(statement.criteria)
            out.append((statement, copy.deepcopy(known)))
        return out


def same(blocks: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    fast = _read_all(blocks, monkeypatch, "fast")
    assert fast == _read_all(blocks, monkeypatch, "every")
    assert _read_all(blocks, monkeypatch, "fallback") == fast
    return sum(statement is not None for statement, _ in fast)


def test_award_scoring_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = yaml.safe_load((ROOT / "tests" / "award" / "scoring-cases.yaml").read_text(encoding="utf-8"))
    blocks = [b for case in cases["cases"] if "text" in case for b in case["text"].split("\n\n")]
    assert same(blocks, monkeypatch) > 20
    assert same([b.upper() for b in blocks], monkeypatch) > 10


def test_corpus_passages(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = []
    for path in sorted((ROOT / "tests" / "corpus").glob("*/*.yaml")):
        texts.extend(p["text"] for p in yaml.safe_load(path.read_text(encoding="utf-8"))["passages"])
    assert same(texts, monkeypatch) > 5


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_generated_tenders(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    assert same(tender_text(40_000, lang, 5, evidence_share=0.4).split("\n\n"), monkeypatch) > 5


WORDS = [
    "/", "asteikolla", "skalan", "scale of", "between", "mellan", "and", "och", "to", "till", "out of",
    "pisteen välillä", "muut", "övriga", "others", "relative to the lowest", "lineaarisesti", "linjärt",
    "linear", "interpoloidaan", "pro rata", "hylätään", "karsitaan", "ei oteta", "jatkoon",
    "vähimmäispistemäärä", "kynnysarvo", "förkastas", "minimipoäng", "excluded", "rejected",
    "qualify", "pass mark", "minimum quality score", "threshold", "hinta", "laatu", "pris", "kvalitet",
    "price", "quality",
    "pistettä", "pisteen", "p", "poäng", "points", "pts", "%", "prosenttia", "procent", "per cent",
    "yli", "alle", "över", "more than", "at least", "vähintään", "enintään", "högst", "max", "up to",
    "kyllä", "ei", "ja", "nej", "yes", "no", "erinomainen", "hyvä", "bra", "good", "poor", "=", ":",
    "→", "–", "-", "|", "(", ")", "x", "×", "kohden", "per", "each", "jos", "om", "if", "saa", "får",
    "receives", "halvin", "lowest", "halvimman hinnan", "hinnaltaan", "yksinomaan", "ainoastaan",
    "lägsta", "lägst", "enbart", "endast", "på grundval av", "uteslutande", "only", "alone", "tarjous",
    "tender", "kaava", "formula", "0", "5", "10", "30,5", "60", "100", "1 000", "İ", "ſ", "K", "\u212a",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "", "\n", ". ", ", ", "; ", "! ", "? ", "-", "/", "\u00a0"]


def test_random_texts_from_shape_words(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(23)
    blocks = []
    for _ in range(400):
        pieces = []
        for _ in range(rng.randint(1, 60)):
            word = rng.choice(WORDS)
            pieces.append(word.upper() if rng.random() < 0.1 else word)
            pieces.append(rng.choice(SEPARATORS))
        blocks.append("".join(pieces))
    assert same(blocks, monkeypatch) > 50


@pytest.mark.parametrize(
    "text",
    [
        "Hinta 60-%, laatu 40 - pistettä.",
        "Price 60 per cent, quality 40 percent",
        "Laatu 40 -p. Hinta 60 - %.",
        "Laatu pisteytetään välillä 0 and 10 points; between 0 and 10 points",
        "Palvelu arvioidaan 1 ja 5 pisteen välillä.",
        "Muut tarjoukset saavat 60 pistettä suhteessa siihen.",
        "Quality is scored out of 10. Price: 70.",
        "Tarjous hylätään, jos laatupisteet jäävät alle 20 pisteen.",
        "Hinta 1.5. Laatu 2/3 pistettä",
        "K\u212aLAATU 30 P\u0130STETTÄ, HİNTA 70 %",
    ],
)
def test_edges(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    same([text, text.upper(), text.replace(" ", "\n")], monkeypatch)


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex, as written."""
    parts, depth, current = [], 0, ""
    for char in pattern:
        depth += char in "(["
        depth -= char in ")]"
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (award.THRESHOLD_CUE, award.THRESHOLD_WORDS),
        (award.RELATIVE, award.RELATIVE_WORDS),
        (award.LINEAR, award.LINEAR_WORDS),
        *((p, w) for p, w in zip(award.SCALES, award.SCALE_WORDS, strict=True) if w is not None),
    ],
)
def test_each_cue_alternative_holds_a_prefilter_word(
    pattern: re.Pattern[str], words: tuple[str, ...]
) -> None:
    """Every way the shape can match spells one of `words` (as written, in lower case), so a
    sentence without them cannot match it."""
    if pattern in award.SCALES:
        assert any(word in pattern.pattern for word in words)  # each of these names its words once
        return
    for alternative in _alternatives(pattern.pattern):
        literal = re.sub(
            r"\\[bws]|\(\?:quality \)\?", lambda m: " " if m.group() == r"\s" else "", alternative
        )
        literal = re.sub(r"\\w\{0,30\}|\(\?:.*", "", literal)
        assert any(word in literal.lower() for word in words), alternative


def test_each_price_only_wording_holds_a_price_word() -> None:
    """A block without one of `PRICE_WORDS` cannot hold price-only wording: every alternative of
    `PRICE_ONLY` (each branch of a leading group) spells one."""
    for alternative in _alternatives(award.PRICE_ONLY.pattern):
        group = re.match(r"\(\?:([^()]*)\)", alternative)
        for head in group.group(1).split("|") if group else [re.sub(r"\\w\*", "", alternative)]:
            assert any(word in head for word in award.PRICE_WORDS), alternative


def test_lower_words_as_each_word_lowered() -> None:
    """criterion_texts lower-cases the whole text once where that gives each word lower-cased:
    every character that lower-cases to one character keeps being a word character or not, and
    texts with a capital sigma (lower-cased by its neighbours) or İ/ı/ſ take the word-by-word way."""
    from keino_cli.readers.documents.criterion_texts import WORD, _lower_words

    word = re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if not 0xD800 <= code <= 0xDFFF and len(char.lower()) == 1:
            assert bool(word.match(char)) == bool(word.match(char.lower())), hex(code)
    rng = random.Random(5)
    alphabet = "aAäÄöÖåÅ ΣσςΑ'\u00ad-.\nİıſK\u212aǅ1²"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert _lower_words(text) == [w.lower() for w in WORD.findall(text)], text


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_document_wording_found_once_as_block_by_block(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    """Scoring wording found once over a document's joined text gives each block what the block
    finds alone."""
    from keino_cli.readers import ReadOptions
    from keino_cli.readers.documents import Findings, _read_awards, extract

    cases = yaml.safe_load((ROOT / "tests" / "award" / "scoring-cases.yaml").read_text(encoding="utf-8"))
    texts = [case["text"] for case in cases["cases"] if "text" in case]
    text = "\n\n".join([*texts, tender_text(40_000, lang, 9, evidence_share=0.4), *texts])
    document = extract("tarjous.md", text.encode(), ReadOptions())

    def read() -> tuple[Any, ...]:
        findings = Findings()
        return _read_awards(findings, document), findings.awards

    once = read()
    with monkeypatch.context() as patch:
        patch.setattr(award.DocumentWording, "of", classmethod(lambda _cls, _text: None))
        assert read() == once
    assert len(once[1]) > 20


BUYER_WORDS = [
    "Järvilahden", "Järvilahti", "Espoon", "Vantaa", "Malmö", "Göteborgs", "Region", "City", "of",
    "Municipality", "kaupunki", "kunta", "kuntayhtymä", "seurakunta", "hyvinvointialue", "kommun",
    "stad", "Stad", "landskap", "Ålands", "Skåne", "Leeds", "n", "N", "-", "x" * 38, "Ä" + "ö" * 39,
    "Xn", "Kommun", "KAUPUNKI", "Helsingin",
]  # fmt: skip


@pytest.mark.parametrize("dense", [0, 10**9])
def test_buyer_names_tried_only_at_their_words(monkeypatch: pytest.MonkeyPatch, dense: float) -> None:
    """`identity._buyer_names` finds what `_BUYER_NAME.finditer` finds over the whole text
    (also where the words are so dense that it would search the whole text anyway)."""
    from keino_cli.readers.documents import identity

    monkeypatch.setattr(identity, "_DENSE", dense)

    rng = random.Random(11)
    texts = [tender_text(30_000, lang, 2) for lang in ("fi", "sv", "en")]
    longest = "Ä" + "ö" * 40  # a capital and the 40 name characters at most
    texts += ["Municipality of Leeds", "City of Leeds", "Region Skåne", "Ab kommun", "Xn kaupunki"]
    texts += [f"{longest}n {kind}, {longest[:-1]}n {kind}" for kind in ("kunta", "seurakunta", "kuntayhtymä")]
    texts += [f"{longest} {kind}. {longest[:-2]} {kind}" for kind in ("kommun", "Stad", "landskap")]
    for _ in range(400):
        pieces = [
            rng.choice(BUYER_WORDS) + rng.choice([" ", " ", "", "\n", ". ", "\u00a0", "  "])
            for _ in range(30)
        ]
        texts.append("".join(pieces))
    found = 0
    for text in texts:
        expected = [m.span() for m in identity._BUYER_NAME.finditer(text)]
        assert [m.span() for m in identity._buyer_names(text)] == expected, text
        found += len(expected)
    assert found > 300


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_criteria_tagged_by_the_caller_as_by_the_reader(lang: str) -> None:
    """`read_award(tag=False)` then `AwardStatement.tag` (a document tags only the criteria it
    keeps) gives the criteria the reader tags itself: the same rewards, themes and unread flags."""
    cases = yaml.safe_load((ROOT / "tests" / "award" / "scoring-cases.yaml").read_text(encoding="utf-8"))
    blocks = [b for case in cases["cases"] if "text" in case for b in case["text"].split("\n\n")]
    blocks += tender_text(40_000, lang, 9, evidence_share=0.4).split("\n\n")
    tagged = 0
    for heading in (None, "Vertailuperusteet"):
        for block in blocks:
            itself = award.read_award(block, 0, heading, [], False)
            by_caller = award.read_award(block, 0, heading, [], False, tag=False)
            if itself is None or by_caller is None:
                assert itself is by_caller
                continue
            assert len(by_caller.untagged) >= sum(c["type"] != "price" for c in by_caller.criteria)
            by_caller.tag(by_caller.criteria)
            by_caller.untagged = []
            assert by_caller == itself, block
            tagged += sum("rewards" in c or "rewards_read" in c for c in itself.criteria)
    assert tagged > 10
