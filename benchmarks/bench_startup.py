"""Start-up cost of keino against the floor of its own imports, measured in the same run.

    python benchmarks/bench_startup.py [--rounds 15] [--example examples/school-catering.yaml]
        [--clock wall|cpu] [--json FILE]

Floor: `python -c "import typer, pydantic, yaml"` (what any keino command must pay). Each round
runs every command once, interleaved, so machine noise hits all of them alike; each ratio is the
median of the per-round ratios to the floor (goals: assess --format json <= 1.5, --help <= 1.2;
the table format is reported beside them). The keino under test is this checkout's (PYTHONPATH),
with byte-code caching on, as an installed keino runs. `--clock cpu` times each command by the
CPU time of its process (user + system) instead of the wall clock: on a shared machine it leaves
out the time spent waiting for a core.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = "import typer, pydantic, yaml"


def keino() -> list[str]:
    script = Path(sys.executable).parent / "keino"
    return [str(script)] if script.exists() else [sys.executable, "-m", "keino_cli"]


def environment() -> dict[str, str]:
    """This checkout first on the path, and .pyc files written and used as in a normal install."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str], clock: str = "wall") -> float:
    """Seconds `command` took: by the wall clock, or (`cpu`) the CPU time of its process."""
    now = children_cpu if clock == "cpu" else time.perf_counter
    start = now()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=ROOT, env=env
    )
    return now() - start


def load() -> str:
    """The load averages (1, 5, 15 minutes) while the benchmark ran, as `uptime` shows them."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on Unix
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--example", default="examples/school-catering.yaml")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    parser.add_argument("--json", type=Path, metavar="FILE", help="Write the figures as rows to FILE.")
    args = parser.parse_args()
    env = environment()
    assess = f"keino assess {args.example}"
    commands = {
        "floor": [sys.executable, "-c", FLOOR],
        f"{assess} --format json": [*keino(), "assess", args.example, "--format", "json"],
        f"{assess} --format table": [*keino(), "assess", args.example, "--format", "table"],
        "keino --help": [*keino(), "--help"],
    }
    for command in commands.values():  # warm the file cache and .pyc files
        timed(command, env)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, command in commands.items():
            samples[name].append(timed(command, env, args.clock))
    floor = samples["floor"]

    def ratio(name: str) -> float:
        return statistics.median(x / f for x, f in zip(samples[name], floor, strict=True))

    print(f"load average {load()}; {args.rounds} rounds, interleaved, {args.clock} clock")
    print(f"{'command':<60} {'median ms':>10} {'ratio':>7}")
    for name, values in samples.items():
        print(f"{name:<60} {statistics.median(values) * 1000:>10.1f} {ratio(name):>7.2f}")
    if args.json is None:
        return
    clock = "" if args.clock == "wall" else f" --clock {args.clock}"
    this = f"python benchmarks/bench_startup.py --rounds {args.rounds}{clock}"
    goals: dict[str, float | None] = {
        f"{assess} --format json": 1.5,
        f"{assess} --format table": None,
        "keino --help": 1.2,
    }
    rows = [
        {
            "figure": f'`{name}` vs `python -c "{FLOOR}"`',
            "command": this,
            "floor": f'python -c "{FLOOR}"',
            "floor_s": round(statistics.median(floor), 4),
            "measured_s": round(statistics.median(samples[name]), 4),
            "ratio": round(ratio(name), 3),
            "goal": "reported" if goal is None else f"<= {goal}",
            "met": goal is None or ratio(name) <= goal,
        }
        for name, goal in goals.items()
    ]
    args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
