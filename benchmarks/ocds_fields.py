"""What the OCDS reader recovers from real OCDS files: procurements read and fields filled.

Run from a checkout (compare two by putting each first on PYTHONPATH):

    .venv/bin/python benchmarks/ocds_fields.py [FOLDER]     # default: ../shared/data/ocds

Counts, over every procurement read: cpv, buyer, buyer country, value, procedure, lots, award
criteria (and those with a weight), and fact values; files that could not be read are listed.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "ocds"


def _facts(facts: dict) -> int:
    return sum(_facts(v) if isinstance(v, dict) else 1 for v in facts.values())


def recovered(folder: Path) -> tuple[Counter, list[str]]:
    from keino_cli import readers
    from keino_cli.errors import InputError

    counts: Counter = Counter()
    failed: list[str] = []
    read_all = getattr(readers, "read_inputs", None)
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".json", ".jsonl")):
        try:
            inputs = read_all(str(path)) if read_all else [readers.read_input(str(path))]
        except InputError as error:
            failed.append(f"{path.name}: {error.problems[0].message[:80]}")
            continue
        for each in inputs:
            p = each.procurement
            scopes = [p, *p.lots]
            criteria = [c for s in scopes for c in (s.award_criteria or [])]
            counts["procurements"] += 1
            counts["cpv"] += bool(p.cpv or any(lot.cpv for lot in p.lots))
            counts["buyer"] += p.buyer is not None
            counts["buyer.country"] += bool(p.buyer and p.buyer.country)
            counts["value"] += bool(p.value or any(lot.value for lot in p.lots))
            counts["procedure"] += p.procedure is not None
            counts["lots"] += len(p.lots)
            counts["award criteria"] += len(criteria)
            counts["award weights"] += sum(c.weight is not None for c in criteria)
            counts["fact values"] += sum(_facts(s.facts) for s in scopes)
    return counts, failed


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    counts, failed = recovered(folder)
    for key, value in counts.items():
        print(f"{key:<16}{value:>6}")
    for line in failed:
        print(f"not read: {line}")


if __name__ == "__main__":
    main()
