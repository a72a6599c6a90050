"""Start-up cost of keino against the floor of its own imports, measured in the same run.

    python benchmarks/bench_startup.py [--rounds 15] [--example examples/school-catering.yaml]

Baseline: `python -c "import typer, pydantic, yaml"` (what any keino command must pay).
Each round runs every command once, interleaved, so machine noise hits all of them alike;
the report gives medians and the ratio of each to the baseline (targets: assess --format json
<= 1.5, --help <= 1.2).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def keino() -> list[str]:
    script = Path(sys.executable).parent / "keino"
    return [str(script)] if script.exists() else [sys.executable, "-m", "keino_cli"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--example", default="examples/school-catering.yaml")
    args = parser.parse_args()
    commands = {
        "baseline: import typer, pydantic, yaml": [sys.executable, "-c", "import typer, pydantic, yaml"],
        f"keino assess {args.example} --format json": [*keino(), "assess", args.example, "--format", "json"],
        "keino --help": [*keino(), "--help"],
    }
    for command in commands.values():  # warm the file cache and .pyc files
        timed(command)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, command in commands.items():
            samples[name].append(timed(command))
    baseline = statistics.median(samples[next(iter(commands))])
    print(f"{'command':<60} {'median ms':>10} {'ratio':>7}")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<60} {median * 1000:>10.1f} {median / baseline:>7.2f}")


if __name__ == "__main__":
    main()
