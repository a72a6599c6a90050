"""How many award criteria read from tender text get a structured scoring method, per language.

Reads the labelled corpus (tests/corpus/{dev,test}) passage by passage and the award scoring cases
(tests/award/scoring-cases.yaml) through the document reader, and counts per language: award
criteria read, those with a scoring `method`, and per method. Run: python benchmarks/award_scoring.py
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _criteria(text: str, lang: str, catalog: object) -> list[dict]:
    from keino_cli.readers.documents import Document, scan_documents
    from keino_cli.readers.documents.text import blocks_of

    blocks, title = blocks_of(text, markdown=True)
    findings = scan_documents([Document("passage.md", blocks, title, "markdown")], catalog, lang)
    return [criterion for criterion, _ in findings.awards]


def count() -> dict[str, dict[str, dict]]:
    from keino_cli.catalog import load_catalog

    catalog = load_catalog()
    sources: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path in sorted((ROOT / "tests" / "corpus").glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        sources["corpus"] += [(data["lang"], passage["text"]) for passage in data["passages"]]
    cases = yaml.safe_load((ROOT / "tests" / "award" / "scoring-cases.yaml").read_text(encoding="utf-8"))
    for case in cases["cases"]:
        text = case.get("text") or "\n".join(" | ".join(row) for row in case["table"])
        sources["cases"].append((case["lang"], text))
    figures: dict[str, dict[str, dict]] = {}
    for source, passages in sources.items():
        per_lang: dict[str, dict] = {}
        for lang, text in passages:
            row = per_lang.setdefault(lang, {"criteria": 0, "scored": 0, "methods": Counter()})
            for criterion in _criteria(text, lang, catalog):
                row["criteria"] += 1
                method = (criterion.get("scoring") or {}).get("method")
                if method:
                    row["scored"] += 1
                    row["methods"][method] += 1
        figures[source] = per_lang
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    figures = count()
    print(f"{'source':<8}{'lang':<6}{'criteria':>9}{'scored':>8}  methods")
    for source, per_lang in figures.items():
        for lang, row in sorted(per_lang.items()):
            methods = ", ".join(f"{m} {n}" for m, n in sorted(row["methods"].items()))
            print(f"{source:<8}{lang:<6}{row['criteria']:>9}{row['scored']:>8}  {methods}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, default=dict), encoding="utf-8")


if __name__ == "__main__":
    main()
