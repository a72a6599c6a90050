"""Loading the bundled criteria against parsing the same YAML with libyaml alone, in one run.

    python benchmarks/bench_catalog.py [--rounds 20]

Baseline: `yaml.load(text, Loader=yaml.CSafeLoader)` over every bundled criteria file.
Measured: keino's full load (strict parse with line marks, pydantic validation, cross-checks)
without the cache, and the cached load a command normally gets. Rounds are interleaved and
medians reported with the ratio to the baseline (target for the full load: <= 1.5).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable

import yaml

from keino_cli.catalog import bundled_criteria_dir, criteria_files, load_catalog


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    files = criteria_files(bundled_criteria_dir())
    texts = [f.read_bytes() for f in files]

    def baseline() -> None:
        for text in texts:
            yaml.load(text, Loader=yaml.CSafeLoader)

    def uncached() -> None:
        os.environ["KEINO_NO_CACHE"] = "1"
        try:
            load_catalog()
        finally:
            del os.environ["KEINO_NO_CACHE"]

    with tempfile.TemporaryDirectory() as cache:
        os.environ["XDG_CACHE_HOME"] = cache
        load_catalog()  # fill the cache
        measures: dict[str, Callable[[], object]] = {
            "baseline: CSafeLoader over the files": baseline,
            "keino load_catalog, no cache": uncached,
            "keino load_catalog, cached": load_catalog,
        }
        samples: dict[str, list[float]] = {name: [] for name in measures}
        for _ in range(args.rounds):
            for name, action in measures.items():
                samples[name].append(timed(action))
    catalog = load_catalog()
    size = sum(len(t) for t in texts)
    counts = f"{len(catalog.criteria)} criteria, {len(catalog.facts)} facts"
    print(f"{len(files)} files, {size / 1024:.0f} KiB, {counts}")
    base = statistics.median(samples["baseline: CSafeLoader over the files"])
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<40} {median * 1000:8.1f} ms  ratio {median / base:5.2f}")


if __name__ == "__main__":
    main()
