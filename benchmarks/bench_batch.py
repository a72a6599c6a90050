"""`keino batch` against parsing floors measured in the same run, as ratios (absolute times on a
shared VM drift by up to 1.6x; ratios of interleaved runs do not, see performance-floor.md §0).

    python benchmarks/bench_batch.py [--count 2000] [--rounds 3] [--memory 1000 20000] [--json FILE]
                                     [--clock wall|cpu] [--no-memory]

Each round runs every command once, in turn; the report gives the median of the per-round ratios:

* YAML throughput: `keino batch --jobs 1 -f jsonl` over N generated YAML descriptions, against
  one process that reads the same files and parses them with `yaml.load(..., CSafeLoader)`
  (target >= 0.8).
* JSON throughput: the same over JSON descriptions, against `json.loads` + validating keino's
  `Procurement` model (target >= 0.5).
* Speed-up of `--jobs 2` over `--jobs 1` on the YAML inputs (target >= 1.7 on 2 cores), and that
  speed-up as a share of what two independent floor processes (the YAML floor over each half of
  the inputs, side by side) gain over one in the same round (target >= 0.85).
* Peak memory (resident set of keino and its workers together, sampled every 20 ms) for the
  two `--memory` sizes with `--format jsonl` (target: within 1.2x).

Every command is timed from outside (wall time of the whole process, start-up included), and
the batch output goes to a file, so the figures are what a user would see. keino runs from this
checkout (`python -m keino_cli` with the checkout first on the path), whichever keino is
installed; `--json FILE` writes the figures as rows for benchmarks/performance.py.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from generate import write  # noqa: E402

from keino_cli.catalog import Catalog, load_catalog  # noqa: E402

YAML_FLOOR = """
import sys, yaml
for path in open(sys.argv[1]).read().split():
    with open(path, "rb") as f:
        yaml.load(f.read(), Loader=yaml.CSafeLoader)
"""
JSON_FLOOR = """
import json, sys
from keino_cli.model.procurement import Procurement
for path in open(sys.argv[1]).read().split():
    with open(path, "rb") as f:
        Procurement.model_validate(json.loads(f.read()))
"""


def keino() -> list[str]:
    """This checkout's keino (the environment puts the checkout first on the path, see `run`)."""
    return [sys.executable, "-m", "keino_cli"]


CLOCK = "wall"  # or "cpu" (--clock): on a machine shared with other work, CPU time drifts less
ENV = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def tree_rss_kib(pid: int) -> int:
    """Resident set of a process and all its descendants, in KiB (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def cpu_seconds() -> float:
    """User + system time of the waited-for child processes (and theirs) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], sample: bool = False) -> tuple[float, int]:
    """Wall time of a command (or, with `--clock cpu`, its CPU time: user + system of the
    command and its workers) and (when sampled) the peak RSS of its process tree in KiB."""
    start, cpu_start = time.perf_counter(), cpu_seconds()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    peak = 0
    if sample:
        done = threading.Event()

        def poll() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss_kib(process.pid))
                done.wait(0.02)

        thread = threading.Thread(target=poll)
        thread.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - start if CLOCK == "wall" else cpu_seconds() - cpu_start
    if sample:
        done.set()
        thread.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stderr.decode()[-2000:]}")
    return elapsed, peak


def side_by_side(commands: list[list[str]]) -> float:
    """Wall time (whatever `--clock` says: a speed-up is wall time) of commands started together,
    until the last one ends: what the machine gives two independent processes at this moment."""
    start = time.perf_counter()
    processes = [
        subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV) for c in commands
    ]
    for command, process in zip(commands, processes, strict=True):
        _, stderr = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stderr.decode()[-2000:]}")
    return time.perf_counter() - start


def speedup_share(one: list[float], two: list[float], floor: list[float], pair: list[float]) -> float:
    """Median over rounds of keino's speed-up (--jobs 1 time / --jobs 2 time) as a share of the
    speed-up two floor processes got in the same round (one floor / two halves side by side)."""
    return statistics.median((a / b) / (f / p) for a, b, f, p in zip(one, two, floor, pair, strict=True))


def listing(paths: list[Path], where: Path) -> Path:
    where.write_text("\n".join(str(p) for p in paths) + "\n")
    return where


def _shown_arguments(arguments: list[str]) -> list[str]:
    """The command line as a reader reruns it: without `--json FILE`, whose path is this run's own."""
    shown: list[str] = []
    skip = False
    for argument in arguments:
        if skip:
            skip = False
        elif argument == "--json":
            skip = True
        elif not argument.startswith("--json="):
            shown.append(argument)
    return shown


def memory_figure(
    sizes: list[int], work: Path, seed: int, catalog: Catalog, batch: list[str]
) -> tuple[str, float, float, str, float, float]:
    """Peak memory of `batch` over the two sizes of inputs, as a figure (see `main`)."""
    small, large = sizes
    paths = write(large, work / "memory", "yaml", seed, catalog)
    peaks = []
    for count in (small, large):
        memory_list = listing(paths[:count], work / f"memory-{count}.txt")
        elapsed, peak = run([*batch, str(memory_list)], sample=True)
        peaks.append((peak, elapsed))
        mib = peak / 1024
        print(f"  memory, {count:6} inputs, jsonl, default jobs: peak {mib:6.1f} MiB ({elapsed:.1f} s)")
    return (
        f"peak memory {large} vs {small} inputs",
        peaks[1][0] / peaks[0][0],
        -1.2,
        f"peak resident set with {small} inputs, {peaks[0][0] / 1024:.1f} MiB (vs "
        f"{peaks[1][0] / 1024:.1f} MiB; the times are the two runs' wall times)",
        peaks[0][1],
        peaks[1][1],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory", type=int, nargs=2, default=[1000, 20000], metavar=("SMALL", "LARGE"))
    parser.add_argument(
        "--no-memory", action="store_true", help="Leave out the peak-memory runs (quick A/B)."
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--criteria", action="append", default=[], help="Extra criteria (as for keino).")
    parser.add_argument("--no-bundled", action="store_true")
    parser.add_argument("--json", type=Path, metavar="FILE", help="Also write the figures as JSON rows.")
    parser.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="Time commands by wall time (what a user waits) or CPU time (steadier on a busy machine; "
        "the --jobs 2 speed-up needs wall time).",
    )
    args = parser.parse_args()
    global CLOCK
    CLOCK = args.clock
    criteria = [x for path in args.criteria for x in ("--criteria", path)]
    criteria += ["--no-bundled"] if args.no_bundled else []
    catalog = load_catalog([Path(p) for p in args.criteria], bundled=not args.no_bundled)
    print(f"python {sys.version.split()[0]} ({sys.executable}); {os.cpu_count()} CPUs; {CLOCK} time")
    print(f"catalog: {len(catalog.criteria)} criteria, {len(catalog.facts)} facts")
    with tempfile.TemporaryDirectory(prefix="keino-bench-") as tmp:
        work = Path(tmp)
        yaml_paths = write(args.count, work / "yaml", "yaml", args.seed, catalog)
        yaml_list = listing(yaml_paths, work / "yaml.txt")
        half = len(yaml_paths) // 2
        halves = [
            listing(yaml_paths[:half], work / "yaml-1.txt"),
            listing(yaml_paths[half:], work / "yaml-2.txt"),
        ]
        json_list = listing(write(args.count, work / "json", "json", args.seed, catalog), work / "json.txt")
        size = sum(p.stat().st_size for p in (work / "yaml").iterdir()) / args.count
        print(f"{args.count} descriptions, YAML mean {size:.0f} B; {args.rounds} rounds, interleaved\n")
        out = str(work / "out.jsonl")
        batch = [*keino(), "batch", *criteria, "-f", "jsonl", "-o", out, "--from-list"]
        commands = {
            "yaml floor": [sys.executable, "-c", YAML_FLOOR, str(yaml_list)],
            "batch yaml -j1": [*batch, str(yaml_list), "--jobs", "1"],
            "batch yaml -j2": [*batch, str(yaml_list), "--jobs", "2"],
            "json floor": [sys.executable, "-c", JSON_FLOOR, str(json_list)],
            "batch json -j1": [*batch, str(json_list), "--jobs", "1"],
        }
        # the YAML floor split in two halves, run side by side: two independent parse-floor processes
        pair = [[sys.executable, "-c", YAML_FLOOR, str(part)] for part in halves]
        times: dict[str, list[float]] = {name: [] for name in [*commands, "two yaml floors"]}
        for _ in range(args.rounds):
            for name, command in commands.items():
                times[name].append(run(command)[0])
            times["two yaml floors"].append(side_by_side(pair))
        for name, values in times.items():
            median = statistics.median(values)
            print(f"  {name:16} median {median:7.2f} s  ({args.count / median:7.0f} docs/s)")

        def ratio(a: str, b: str) -> float:
            return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))

        def against(
            figure: str, floor: str, measured: str, target: float, what: str
        ) -> tuple[str, float, float, str, float, float]:
            """A throughput figure: the floor's time over keino's, both measured in this run."""
            floor_s, measured_s = statistics.median(times[floor]), statistics.median(times[measured])
            return (figure, ratio(floor, measured), target, what, floor_s, measured_s)

        print()
        # (figure, value, target: negative for an upper bound, floor name, floor s, measured s)
        figures = [
            against(
                "batch --jobs 1, YAML descriptions, vs read + CSafeLoader",
                "yaml floor",
                "batch yaml -j1",
                0.8,
                "read + yaml.load(CSafeLoader) of the same files, one process",
            ),
            against(
                "batch --jobs 1, JSON descriptions, vs read + json.loads + pydantic",
                "json floor",
                "batch json -j1",
                0.5,
                "read + json.loads + Procurement.model_validate of the same files, one process",
            ),
            against(
                "--jobs 2 over --jobs 1 (YAML)",
                "batch yaml -j1",
                "batch yaml -j2",
                1.7,
                "keino batch --jobs 1 over the same inputs",
            ),
            (
                "--jobs 2 speed-up as a share of two independent floor processes' (YAML)",
                speedup_share(
                    *(times[n] for n in ("batch yaml -j1", "batch yaml -j2", "yaml floor", "two yaml floors"))
                ),
                0.85,
                "two read + CSafeLoader processes, each over half of the files, side by side, vs one",
                statistics.median(times["two yaml floors"]),
                statistics.median(times["batch yaml -j2"]),
            ),
        ]
        if not args.no_memory:
            figures.append(memory_figure(args.memory, work, args.seed + 1, catalog, batch))
        print()
        command = "python benchmarks/bench_batch.py " + " ".join(_shown_arguments(sys.argv[1:]))
        rows = []
        for name, value, target, floor, floor_s, measured_s in figures:
            ok = value <= -target if target < 0 else value >= target
            bound = f"<= {-target}" if target < 0 else f">= {target}"
            print(f"  {name:66} {value:5.2f}  (target {bound}: {'met' if ok else 'MISSED'})")
            rows.append(
                {
                    "figure": name,
                    "command": command.strip(),
                    "floor": floor,
                    "floor_s": round(floor_s, 4),
                    "measured_s": round(measured_s, 4),
                    "ratio": round(value, 3),
                    "goal": bound,
                    "met": ok,
                }
            )
        print(f"\n  load average after the run: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
        if args.json is not None:
            args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
