"""Finding words that a terminal layout broke: every printed word must be a word of the texts the
output is made of (criteria sets, the message catalog, CPV and act names, the inputs and their
JSON results). Used by tests/test_terminal_report.py and benchmarks/report_figures.py."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STRIP = "()[]{}.,;:!?\"'’”“|│·—–-*§✓✗?◐~▲▼•=+/"
LAYOUT = re.compile(r"[\d.,:%€+−-]+|\d+[a-z]{0,2}|CPV|[ ▁▂▃▄▅▆▇█░▰▱─━│┃┏┓┗┛┡┩╇╋┳┻╭╮╰╯├┤┼┬┴└┘┌┐═]+")


def words(text: str) -> list[str]:
    """Words as the layout sees them: split at white space, punctuation stripped at both ends."""
    return [word for token in text.split() if (word := token.strip(STRIP))]


def vocabulary(extra_texts: Iterable[str] = ()) -> set[str]:
    """Every word of the criteria sets, the message catalog, the check messages and Babel's
    month names, plus `extra_texts` (inputs, their JSON results, paths)."""
    from babel.dates import get_month_names

    from keino_cli.i18n import LOCALES

    sources = [
        *sorted((ROOT / "criteria").glob("*.yaml")),
        *sorted((ROOT / "keino_cli" / "locale").glob("*")),
    ]
    sources.append(ROOT / "keino_cli" / "gate.py")  # the check verdict's own messages
    texts = [path.read_text(encoding="utf-8") for path in sources]
    texts += [" ".join(get_month_names("abbreviated", locale=locale).values()) for locale in LOCALES.values()]
    texts += list(extra_texts)
    vocab: set[str] = set()
    for text in texts:
        # YAML, JSON and CSV quote and separate: split those characters off too.
        for word in words(re.sub(r"[\\\"{}\[\],;]", " ", text)):
            vocab.add(word.casefold())
            vocab.update(part.casefold() for part in re.split(r"[/=(),]", word) if part)
    return vocab


def _known(word: str, vocab: set[str]) -> bool:
    if LAYOUT.fullmatch(word) or word.casefold() in vocab:
        return True
    parts = [p for p in re.split(r"[/=(),]", word) if p]
    return bool(parts) and all(LAYOUT.fullmatch(p) or p.casefold() in vocab for p in parts)


def broken(outputs: Mapping[str, str], vocab: set[str]) -> tuple[Counter[str], int]:
    """Words not found in `vocab`, per output name, and how many words were elided with "…"."""
    bad: Counter[str] = Counter()
    elided = 0
    for name, text in outputs.items():
        for word in words(text):
            if word.endswith("…") or word.startswith("…"):
                elided += 1
            elif not _known(word, vocab):
                bad[f"{name}: {word}"] += 1
    return bad, elided
