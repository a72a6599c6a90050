"""The spread of scores over a folder of inputs (notices, descriptions): is a ranking more than noise?

    python benchmarks/score_spread.py ../shared/data/eforms [--bins 10]

Prints, for the headline score (and, where the result has them, the practice score and the
evidence coverage): n, min, median, max and a histogram of 0-100 in equal bins. Inputs that do
not assess are counted apart. To compare with another checkout, run the same script with
PYTHONPATH pointing at it (the fields that checkout does not have are left out).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable
from typing import Any

from keino_cli.api import assess_inputs, load_catalog
from keino_cli.engine import Engine


def spread(name: str, values: list[float], bins: int) -> str:
    if not values:
        return f"{name:>9}: no values"
    counts = [0] * bins
    for value in values:
        counts[min(int(value / (100 / bins)), bins - 1)] += 1
    width = 100 / bins
    histogram = "  ".join(f"{int(i * width)}-{int((i + 1) * width)}:{c}" for i, c in enumerate(counts) if c)
    return (
        f"{name:>9}: n={len(values)} min={min(values):.1f} median={statistics.median(values):.1f} "
        f"max={max(values):.1f}  [{histogram}]"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("inputs", nargs="+", help="Files or folders to assess.")
    parser.add_argument("--bins", type=int, default=10)
    args = parser.parse_args()
    engine = Engine(load_catalog())
    fields: dict[str, Callable[[Any], float | None]] = {
        "score": lambda a: a.score,
        "practice": lambda a: getattr(getattr(a, "practice", None), "score", None),
        "coverage": lambda a: None if getattr(a, "coverage", None) is None else 100 * a.coverage,
    }
    values: dict[str, list[float]] = {name: [] for name in fields}
    failed = 0
    for outcome in assess_inputs(args.inputs, engine):
        if outcome.result is None:
            failed += 1
            continue
        for name, get in fields.items():
            value = get(outcome.result.assessment)
            if value is not None:
                values[name].append(value)
    for name, found in values.items():
        if found or name == "score":
            print(spread(name, found, args.bins))
    print(f"{'failed':>9}: {failed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
