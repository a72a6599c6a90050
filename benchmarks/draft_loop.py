"""The draft loop, per product group, level and language: does `assess` on the drafted description
reach the level, and how many drafted criteria does the document reader find in the drafted DOCX?
`--patterns-only` measures the evidence patterns alone, without word-for-word criterion texts.

    .venv/bin/python benchmarks/draft_loop.py [--levels core comprehensive] [--missing] [--patterns-only]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from keino_cli.catalog import load_catalog
from keino_cli.draft import build_draft
from keino_cli.draft.description import read_drafted
from keino_cli.draft.roundtrip import round_trip
from keino_cli.engine import Engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--levels", nargs="+", default=["core", "comprehensive"])
    parser.add_argument("--langs", nargs="+", default=["en", "fi", "sv"])
    parser.add_argument("--missing", action="store_true", help="list the criteria not found back")
    parser.add_argument(
        "--patterns-only", action="store_true", help="without recognising drafted criterion texts"
    )
    args = parser.parse_args()
    if args.patterns_only:
        import keino_cli.readers.documents as documents

        documents.criterion_text_hits = lambda *_: []
    catalog = load_catalog([])
    engine = Engine(catalog)
    totals = {lang: [0, 0] for lang in args.langs}
    print(
        f"{'group':22} {'level':14} {'items':>5} {'description':>11}  "
        + "  ".join(f"{x:>9}" for x in args.langs)
    )
    for group in catalog.product_groups:
        for level in args.levels:
            draft = build_draft(catalog, groups=[group], level=level)
            result = engine.assess(read_drafted(draft, catalog))
            levels = {g.id: g.ambition_level for g in getattr(result.assessment, "groups", [])}
            reached = str(levels.get(group, result.assessment.ambition_level))
            shares = []
            for lang in args.langs:
                trip = round_trip(build_draft(catalog, groups=[group], level=level, lang=lang), engine)
                totals[lang][0] += len(trip.found)
                totals[lang][1] += len(trip.drafted)
                shares.append(f"{trip.share:9.2f}")
                if args.missing and trip.missing:
                    print(f"    {lang} missing: {' '.join(trip.missing)}")
            print(f"{group:22} {level:14} {len(draft.items):5} {reached:>11}  " + "  ".join(shares))
    print("all".ljust(56) + "  ".join(f"{found / total:9.2f}" for found, total in totals.values()))


if __name__ == "__main__":
    main()
