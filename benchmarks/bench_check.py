"""`keino check` against `keino assess` on the same descriptions, as a ratio measured in the same run.

    python benchmarks/bench_check.py [--count 200] [--rounds 7] [--criteria DIR --no-bundled]

Generates COUNT descriptions (benchmarks/generate.py, from the bundled criteria unless told
otherwise) into a temporary folder, then runs, alternately in every round:

* `keino assess DIR --format json --output FILE`
* `keino check DIR --format json --output FILE --fail-under 50 --min-level core --no-fail`
* `keino check ... --report sarif:FILE --report junit:FILE` (all CI reports in one run)

and prints the median wall time of each, the ratio of check to assess (target <= 1.1) and each
command's peak resident set (from `os.wait4`, per process). Ratios of interleaved runs are what
to compare: absolute times on a shared VM drift (see shared/research/performance-floor.md §0).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEINO = Path(sys.executable).with_name("keino")


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one process, start-up included."""
    with tempfile.TemporaryFile() as stderr:  # a file, not a pipe: a chatty run cannot block
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage, not all children's
        elapsed = time.perf_counter() - start
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            stderr.seek(0)
            raise SystemExit(f"{' '.join(command)} exited {code}:\n{stderr.read().decode()}")
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--criteria", type=Path, action="append", default=[])
    parser.add_argument("--no-bundled", action="store_true")
    args = parser.parse_args()

    criteria_args = [a for c in args.criteria for a in ("--criteria", str(c))]
    criteria_args += ["--no-bundled"] if args.no_bundled else []
    with tempfile.TemporaryDirectory(prefix="keino-bench-check-") as tmp:
        folder = Path(tmp) / "descriptions"
        generate = [sys.executable, str(HERE / "generate.py"), str(args.count), "--out", str(folder)]
        subprocess.run([*generate, *criteria_args], check=True, cwd=HERE.parent, stdout=subprocess.DEVNULL)
        out = Path(tmp) / "out"
        common = [str(folder), *criteria_args, "--format", "json", "--output", str(out)]
        bar = ["--no-config", "--fail-under", "50", "--min-level", "core", "--no-fail"]
        reports = ["--report", f"sarif:{tmp}/k.sarif", "--report", f"junit:{tmp}/k.xml"]
        commands = {
            "assess": [str(KEINO), "assess", *common],
            "check": [str(KEINO), "check", *common, *bar],
            "check + sarif + junit": [str(KEINO), "check", *common, *bar, *reports],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, int] = dict.fromkeys(commands, 0)
        timed(commands["assess"])  # warm the file cache and the catalog cache
        for _ in range(args.rounds):
            for name, command in commands.items():
                elapsed, rss = timed(command)
                times[name].append(elapsed)
                peaks[name] = max(peaks[name], rss)
        ratios = [c / a for c, a in zip(times["check"], times["assess"], strict=True)]

    print(f"{args.count} descriptions, {args.rounds} rounds, Python {sys.version.split()[0]}")
    for name in commands:
        median = statistics.median(times[name])
        print(f"  {name:<22} median {median * 1000:7.0f} ms   peak RSS {peaks[name] / 1024:6.1f} MiB")
    print(f"  check / assess: median of per-round ratios {statistics.median(ratios):.3f} (target <= 1.1)")
    ratio_reports = statistics.median(times["check + sarif + junit"]) / statistics.median(times["assess"])
    print(f"  check + sarif + junit / assess: {ratio_reports:.3f}")


if __name__ == "__main__":
    main()
