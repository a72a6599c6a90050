"""Both evidence engines give the same hits: Hyperscan (a prefilter, then the trie regex at each
candidate) and the regex engine alone (`KEINO_MATCHER=re`, the fallback where no wheel installs).

Held over the labelled corpus, the document fixtures, generated tender texts, the hostile texts
of the linear-time tests, the text of the real notices in ../shared/data (when present), and
random texts built from the patterns' own words, cues, numbers and punctuation.
"""

from __future__ import annotations

import json
import random
import re
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, SHARED_DATA, run

from keino_cli.catalog import load_catalog
from keino_cli.evidence import LANGS, NUMBER_REACH, buffer, evidence_for

pytest.importorskip("hyperscan")

sys.path.insert(0, str(Path(__file__).parent))
from tendergen import tender_text
from test_limits import ADVERSARIAL as NOTICE_ADVERSARIAL
from test_linear_text import ADVERSARIAL as DOCUMENT_ADVERSARIAL


@pytest.fixture(scope="module")
def engines():
    catalog = load_catalog()
    fast, plain = evidence_for(catalog, "hyperscan"), evidence_for(catalog, "re")
    return {lang: (fast.matcher(lang), plain.matcher(lang)) for lang in LANGS}


def same(engines, text: str) -> int:
    """Assert both engines agree on `text` in every language; the number of hits."""
    count = 0
    for lang, (fast, plain) in engines.items():
        assert fast.prefilter is not None, lang
        hits = plain.scan(text)
        assert fast.scan(text) == hits, (lang, text[:200])
        count += len(hits)
    return count


def corpus_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests" / "corpus").glob("*/*.yaml")):
        texts.extend(p["text"] for p in yaml.safe_load(path.read_text(encoding="utf-8"))["passages"])
    return texts


def test_corpus_passages_alone_and_joined(engines) -> None:
    texts = corpus_texts()
    assert sum(same(engines, text) for text in texts) > 200
    assert same(engines, "\n\n".join(texts)) > 200
    assert same(engines, " ".join(texts).upper()) > 0


def test_document_fixtures(engines) -> None:
    paths = [*ROOT.glob("examples/tenders/*/*.md"), *FIXTURES.glob("pairs/*/*.md")]
    assert len(paths) >= 4
    assert sum(same(engines, path.read_text(encoding="utf-8")) for path in paths) > 20


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("seed", [1, 2])
def test_generated_tenders(engines, lang: str, seed: int) -> None:
    assert same(engines, tender_text(60_000, lang, seed, evidence_share=0.4)) > 100


@pytest.mark.parametrize("text", [*DOCUMENT_ADVERSARIAL.values(), *NOTICE_ADVERSARIAL], ids=lambda t: t[:12])
def test_hostile_texts(engines, text: str) -> None:
    same(engines, text)


def test_real_notice_texts(engines) -> None:
    notices = sorted(SHARED_DATA.glob("eforms/*-published/**/*.xml"))[:40] if SHARED_DATA.exists() else []
    if not notices:
        pytest.skip("../shared/data not present")
    for path in notices:
        text = "\n\n".join(t.strip() for t in ElementTree.parse(path).getroot().itertext() if t.strip())
        same(engines, text)


def _vocabulary() -> list[str]:
    """Words of every pattern and cue (with their inflections cut or grown), numbers, noise."""
    catalog = load_catalog()
    words: set[str] = set()
    for entry in catalog.evidence:
        for group in (entry.rule.patterns, entry.rule.exclude):
            for lang in (*LANGS, "any"):
                for pattern in getattr(group, lang):
                    words.update(pattern.split(" "))
    for negations in catalog.negations.values():
        for cues in negations.values():
            for cue in cues:
                words.update(cue.split(" "))
    grown = set()
    for word in words:
        core = word.rstrip("*")
        grown.update({core, core + "ssa", core + "ä", core[:-1], core.upper(), core.capitalize()})
    numbers = ["1", "30", "1 500", "1 500 000", "38,5", "0.1", "12345678", "kaksi", "två", "two", "2"]
    return sorted(w for w in grown | set(numbers) if w and w != "#")


SEPARATORS = [" ", " ", " ", "  ", "   ", "    ", "\n", "\n\n", ". ", ", ", "; ", "-", ":", "%", " % ", "€ "]
SEPARATORS += ["•", "\u2013", "!", "?", "\u00a0", "", "", ".", "%"]  # "": words glued, a match inside a word


def test_random_texts_from_pattern_words(engines) -> None:
    vocabulary = _vocabulary()
    rng = random.Random(17)
    total = 0
    for _ in range(300):
        pieces = []
        for _ in range(rng.randint(1, 400)):
            pieces.append(rng.choice(vocabulary))
            pieces.append(rng.choice(SEPARATORS))
        total += same(engines, "".join(pieces))
    assert total > 1000


@pytest.mark.parametrize(
    "text",
    [
        "",
        "luomu",
        "Luomua",
        "30 % luomua",
        "x" * 300 + "ei edellytetä luomua",
        "kei saa " + "x" * 232 + " luomua",  # the clause is cut inside a word, where a cue starts
        "sfår inte " + "x" * 230 + " ekologisk",
        "a" * 230 + "ei saa käyttää kertakäyttöisiä muoviastioita",
        "12 345 678 910 pitkäaikaistyötöntä",
        "WCAG 2.1 AA ja WCAG 2.1 -tason AA",
        "1" * (NUMBER_REACH + 5) + " pitkäaikaistyötöntä",
        "x;luomua! ei;edellytetä?luomua",
        "Joutsenmerkki\u2013EU-ympäristömerkki•luomu€30 %",
        "eiluomua luomuluomua luomu luomu 30.luomua 30%luomua x.ei edellytetä",
        "ympäristömerkkiympäristömerkki ympäristömerkki",
    ],
)
def test_edges(engines, text: str) -> None:
    same(engines, text)
    assert len(buffer(text)) == len(text) + 1


def test_scan_command_output_is_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = tmp_path / "tarjouspyynto.md"
    document.write_text(tender_text(40_000, "fi", 3, evidence_share=0.4), encoding="utf-8")
    folders = [str(p) for p in ROOT.glob("examples/tenders/*")]
    outputs = []
    for engine in ("hyperscan", "re"):
        monkeypatch.setenv("KEINO_MATCHER", engine)
        result = run("scan", str(document), *folders, "--format", "json", "--all")
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])["documents"][0]["hits"]) > 50


def test_lowered_search_is_a_case_insensitive_search() -> None:
    """`lowered` stands in for `re.IGNORECASE` in the plain searches that find where money, CPV
    labels and price-only wording may be: checked for every code point against every letter."""
    import string

    from keino_cli.evidence import lowered

    every = [chr(code) for code in range(sys.maxunicode + 1) if code < 0xD800 or code > 0xDFFF]
    kept = "".join(char for char in every if lowered(char) is not None)
    lowers = {char: char.lower() for char in kept}
    for letter in string.ascii_lowercase + "äöåéü":
        by_regex = set(re.findall(letter, kept, re.IGNORECASE))
        assert by_regex == {char for char, lower in lowers.items() if lower == letter}, letter
    assert lowered("İstanbul") is None and lowered("ſek") is None and lowered("EUR") == "eur"


def test_assess_with_documents_is_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Facts, award criteria and their scoring read from documents, and the scores: the same
    JSON result under both engines (the award scoring cases, a generated tender, the examples)."""
    cases = yaml.safe_load((ROOT / "tests" / "award" / "scoring-cases.yaml").read_text(encoding="utf-8"))
    paths = []
    for case in cases["cases"]:
        if case["format"] in ("md", "txt"):
            path = tmp_path / case["id"] / f"tarjous.{case['format']}"
            path.parent.mkdir()
            path.write_text(case["text"], encoding="utf-8")
            paths.append(str(path.parent))
    generated = tmp_path / "generated" / "tarjouspyynto.md"
    generated.parent.mkdir()
    generated.write_text(tender_text(40_000, "fi", 4, evidence_share=0.4), encoding="utf-8")
    paths += [str(generated.parent), *(str(p) for p in ROOT.glob("examples/tenders/*"))]
    outputs = []
    for engine in ("hyperscan", "re"):
        monkeypatch.setenv("KEINO_MATCHER", engine)
        result = run("assess", *paths, "--format", "json")
        assert result.exit_code in (0, 1), result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    results = json.loads(outputs[0])["results"]
    assert len(results) == len(paths) and sum("award_scoring" in json.dumps(r) for r in results) > 10
