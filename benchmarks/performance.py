"""Run every benchmark of docs/performance.md and regenerate its table from their rows.

    python benchmarks/performance.py [--quick] [--only bench_startup ...] [--out docs/performance.md]
    python benchmarks/performance.py --rows benchmarks/out/performance.json   # re-render only

Each bench script runs in its own process with `--json FILE` and writes a list of rows
`{figure, command, floor, floor_s, measured_s, ratio, goal, met}` (ratios oriented as issue #17's
table: throughput = floor / measured time, >= goal; start-up = measured / floor, <= goal). A
script that is missing or fails is named under the table, never a reason to stop. The run (date,
machine, load averages before and after, rows) is kept in benchmarks/out/performance.json, and the
table replaces what stands between the two markers of docs/performance.md (the prose around it
is the contributors'). The machine is shared: run it when `uptime` is low, and read every ratio
with the load printed beside it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOC = ROOT / "docs" / "performance.md"
SAVED = HERE / "out" / "performance.json"
BEGIN, END = "<!-- figures: begin (benchmarks/performance.py) -->", "<!-- figures: end -->"
FIELDS = ("figure", "command", "floor", "floor_s", "measured_s", "ratio", "goal", "met")


@dataclass(frozen=True, slots=True)
class Bench:
    script: str
    args: tuple[str, ...] = ()  # a full run (each under about two minutes on a quiet machine)
    quick: tuple[str, ...] = ()  # a check that the script and its rows work, not a figure


BENCHES = (
    Bench("bench_batch.py", (), ("--count", "200", "--rounds", "1", "--memory", "100", "400")),
    Bench("bench_eforms.py", (), ("--count", "20", "--rounds", "1")),
    Bench("bench_scan.py", (), ("--quick",)),
    Bench("bench_startup.py", ("--rounds", "10"), ("--rounds", "2")),
)


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover - not on Unix
        return []


def run_bench(bench: Bench, quick: bool, timeout: float) -> tuple[list[dict[str, Any]], str | None]:
    """The rows of one bench script, or none and why."""
    script = HERE / bench.script
    if not script.exists():
        return [], "not in this checkout, no figures"
    with tempfile.TemporaryDirectory(prefix="keino-perf-") as tmp:
        rows_file = Path(tmp) / "rows.json"
        command = [
            sys.executable,
            str(script),
            *(bench.quick if quick else bench.args),
            "--json",
            str(rows_file),
        ]
        print(f"$ {' '.join(command[1:])}", flush=True)
        try:
            done = subprocess.run(command, cwd=ROOT, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return [], f"stopped after {timeout:g} s, no figures"
        if done.returncode != 0:
            return [], f"failed (exit code {done.returncode}), no figures"
        try:
            rows = json.loads(rows_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            return [], f"wrote no rows ({error})"
    problems = [problem for row in rows for problem in [check_row(row)] if problem]
    return rows, "; ".join(problems) or None


def check_row(row: Any) -> str | None:
    if not isinstance(row, dict):
        return f"a row is not an object: {row!r}"
    missing = [name for name in FIELDS if name not in row]
    return f"row {row.get('figure', '?')!r} lacks {', '.join(missing)}" if missing else None


def ratio_text(value: Any) -> str:
    if not isinstance(value, int | float):
        return str(value)
    return f"{value:.3f}" if abs(value) < 0.1 else f"{value:.2f}"


def met_text(row: dict[str, Any]) -> str:
    if str(row.get("goal", "")).strip() in ("", "reported"):
        return "—"
    return "yes" if row.get("met") else "**no**"


def cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def render(run: dict[str, Any]) -> str:
    """The figures section: when and where, then one table row per figure."""
    load = run.get("load_before") or []
    after = run.get("load_after") or []
    lines = [
        BEGIN,
        "",
        f"Measured {run.get('date', 'at an unknown date')} on {run.get('machine', 'an unknown machine')}; "
        f"load average (1, 5, 15 min) {' '.join(map(str, load)) or 'unknown'} before the run"
        + (f", {' '.join(map(str, after))} after" if after else "")
        + (" (quick run: the plumbing, not the figures)" if run.get("quick") else "")
        + ". Each ratio is against the floor measured in the same run.",
        "",
        "| figure | command | floor | ratio | goal | met |",
        "|---|---|---|---|---|---|",
    ]
    for row in run.get("rows", []):
        command = f"`{row.get('command', '')}`" if row.get("command") else ""
        lines.append(
            f"| {cell(row.get('figure', ''))} | {cell(command)} | {cell(row.get('floor', ''))} "
            f"| {ratio_text(row.get('ratio'))} | {cell(row.get('goal', ''))} | {met_text(row)} |"
        )
    for script, why in sorted((run.get("notes") or {}).items()):
        lines.append(f"\n{script}: {why}.")
    lines += ["", END]
    return "\n".join(lines)


def regenerate(doc: Path, run: dict[str, Any]) -> None:
    """Replace the figures section of `doc` (or append one), keeping the rest of the file."""
    section = render(run)
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    doc.write_text(text, encoding="utf-8")


def read_run(path: Path) -> dict[str, Any]:
    """A saved run, or a bare list of rows (one bench's --json file)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {"rows": data}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Tiny runs: check the scripts, not the figures.")
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", help="Run only these scripts (bench_startup ...)."
    )
    parser.add_argument("--rows", type=Path, metavar="FILE", help="Render FILE's rows; run nothing.")
    parser.add_argument(
        "--out", type=Path, help="The document to regenerate (default docs/performance.md; none for --quick)."
    )
    parser.add_argument("--timeout", type=float, default=600, help="Seconds one script may take.")
    args = parser.parse_args()
    if args.rows is not None:
        regenerate(args.out or DOC, read_run(args.rows))
        return
    chosen = [b for b in BENCHES if not args.only or b.script.removesuffix(".py") in args.only]
    run: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}",
        "load_before": load_average(),
        "quick": args.quick,
        "rows": [],
        "notes": {},
    }
    start = time.perf_counter()
    for bench in chosen:
        rows, why = run_bench(bench, args.quick, args.timeout)
        run["rows"] += rows
        if why:
            run["notes"][bench.script] = why
    run["load_after"] = load_average()
    print(f"{len(run['rows'])} rows in {time.perf_counter() - start:.0f} s; load average {run['load_after']}")
    saved = SAVED.with_name("performance-quick.json") if args.quick else SAVED
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps(run, indent=2) + "\n", encoding="utf-8")
    out = args.out or (None if args.quick else DOC)
    if out is None:
        print(render(run))
    else:
        regenerate(out, run)


if __name__ == "__main__":
    main()
