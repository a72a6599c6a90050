"""eForms notices: keino's time per notice against a bare `lxml.etree.fromstring` of the same bytes.

    python benchmarks/bench_eforms.py [--count 40] [--rounds 3] [--criteria FILE] [--clock wall|cpu]
                                      [--json FILE]

The notices are the real samples under `../shared/data/eforms` when present (else the test
fixtures), copied round-robin under distinct names into a temporary folder. Every round times,
in turn and in one process, over the same notices:

* the floor: `lxml.etree.fromstring(bytes)` of each notice's bytes (read beforehand);
* keino's parse alone: `keino_cli.readers.eforms.parse(path, bytes)`;
* assess per notice: what `keino assess NOTICE --format json` does for each notice, in process
  (the pipeline's `Assessor` reads the file with the eForms reader, the engine scores it, the JSON
  writer writes the result to memory), with the catalog loaded once before the rounds.

Then, end to end, one process `keino assess FOLDER --format json` over all the notices against one
process that reads and parses them with lxml (start-up included on both sides). Ratios are
floor / measured time (the issue's goal: assess per notice >= 0.5); the report gives the median of
the per-round ratios and the best (floor) times.

By default the bundled catalog scores each notice (as `keino assess NOTICE` does); with
`--criteria tests/fixtures/notice-criteria/green.yaml` a three-criterion set does, which leaves
the reader's share of the time visible (issue #17's "now" figure was taken that way).
`--clock cpu` times CPU (this process's, and the children's for the end-to-end pair) instead of
wall time: steadier on a machine shared with other work.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's keino, not an installed one
SAMPLES = ROOT.parent / "shared" / "data" / "eforms"
FIXTURES = ROOT / "tests" / "fixtures" / "eforms"
FIXTURE_NOTICES = ("green.xml", "plain.xml", "award-cvd.xml")
FLOOR_SCRIPT = """
import sys
from pathlib import Path
from lxml import etree
for path in sorted(Path(sys.argv[1]).glob("*.xml")):
    etree.fromstring(path.read_bytes())
"""


def sources() -> list[Path]:
    if SAMPLES.is_dir():
        return sorted(SAMPLES.glob("*/*.xml"))
    return [FIXTURES / name for name in FIXTURE_NOTICES]


def copy_notices(count: int, folder: Path) -> list[Path]:
    found = sources()
    paths = []
    for number in range(count):
        target = folder / f"n{number:04d}-{found[number % len(found)].name}"
        shutil.copyfile(found[number % len(found)], target)
        paths.append(target)
    return paths


CLOCK = "wall"  # or "cpu" (--clock)


def cpu_seconds() -> float:
    """User + system time of this process and of its waited-for children so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(function: Callable[[], object]) -> float:
    clock = time.perf_counter if CLOCK == "wall" else cpu_seconds
    start = clock()
    function()
    return clock() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=40, help="notices per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the figures as rows to this file")
    parser.add_argument(
        "--criteria",
        type=Path,
        help="assess with this criteria set only (--no-bundled -c FILE) instead of the bundled catalog",
    )
    parser.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="time by wall time (what a user waits) or CPU time (steadier on a busy machine)",
    )
    args = parser.parse_args()
    global CLOCK
    CLOCK = args.clock

    from keino_cli.catalog import load_catalog
    from keino_cli.engine import Engine
    from keino_cli.gate import Bar
    from keino_cli.pipeline import Assessor, FileUnit
    from keino_cli.readers import ReadOptions
    from keino_cli.readers.eforms import parse
    from keino_cli.render.stream import JsonWriter, RunInfo

    catalog = load_catalog([args.criteria] if args.criteria else [], bundled=args.criteria is None)
    assessor = Assessor(Engine(catalog), ReadOptions(catalog=catalog), Bar())
    info = RunInfo(catalog)

    with tempfile.TemporaryDirectory(prefix="bench-eforms-") as tmp:
        folder = Path(tmp)
        paths = copy_notices(args.count, folder)
        blobs = [(str(path), path.read_bytes()) for path in paths]
        units = [FileUnit(str(path)) for path in paths]

        def floor() -> None:
            for _, data in blobs:
                etree.fromstring(data)

        def parse_alone() -> None:
            for path, data in blobs:
                parse(path, data)

        def assess() -> None:
            writer = JsonWriter(io.StringIO(), False, info)
            writer.begin()
            for unit in units:
                for item in assessor.assess(unit):
                    if item.problems:
                        raise SystemExit(f"{item.path}: {item.problems[0].message}")
                    writer.result(item)

        env = dict(os.environ, NO_COLOR="1", PYTHONPATH=str(ROOT))
        chosen = ["--no-bundled", "-c", str(args.criteria)] if args.criteria else []
        keino_run = [sys.executable, "-m", "keino_cli", "assess", *chosen, str(folder), "-f", "json"]
        keino_run += ["--output", os.devnull]
        floor_run = [sys.executable, "-c", FLOOR_SCRIPT, str(folder)]

        def end_to_end() -> None:
            done = subprocess.run(keino_run, env=env, capture_output=True, text=True)
            if done.returncode not in (0, 1):
                raise SystemExit(f"keino assess failed ({done.returncode}): {done.stderr[-500:]}")

        def floor_process() -> None:
            subprocess.run(floor_run, env=env, check=True)

        assess()  # warm: imports, compiled patterns, the catalog's lazy parts
        times: dict[str, list[float]] = {k: [] for k in ("floor", "parse", "assess", "e2e_floor", "e2e")}
        for _ in range(args.rounds):  # the floor is taken before each keino figure, the best counts
            first_floor = timed(floor)
            times["parse"].append(timed(parse_alone))
            times["floor"].append(min(first_floor, timed(floor)))
            times["assess"].append(timed(assess))
            times["e2e_floor"].append(timed(floor_process))
            times["e2e"].append(timed(end_to_end))

    def ratio(measured: str, against: str) -> float:
        return statistics.median(f / m for f, m in zip(times[against], times[measured], strict=True))

    per = {key: min(values) / args.count * 1e3 for key, values in times.items()}
    names = sorted({p.name.split("-", 1)[1] for p in paths})
    print(f"{args.count} notices ({len(names)} distinct: {', '.join(names)}), {args.rounds} rounds")
    print("load average: {:.2f} {:.2f} {:.2f}; {} time".format(*os.getloadavg(), CLOCK))
    print(f"floor lxml.etree.fromstring    {per['floor']:8.3f} ms/notice")
    print(
        f"keino parse alone              {per['parse']:8.3f} ms/notice  ratio {ratio('parse', 'floor'):.3f}"
    )
    print(
        f"keino assess per notice        {per['assess']:8.3f} ms/notice  ratio {ratio('assess', 'floor'):.3f}"
    )
    print(f"floor process (read + parse)   {min(times['e2e_floor']):8.3f} s")
    e2e = ratio("e2e", "e2e_floor")
    print(f"keino assess FOLDER -f json    {min(times['e2e']):8.3f} s            ratio {e2e:.3f}")
    if args.json:
        command = f"python benchmarks/bench_eforms.py --count {args.count} --rounds {args.rounds}"
        if args.criteria:
            command += f" --criteria {args.criteria.resolve().relative_to(ROOT)}"
        if CLOCK == "cpu":
            command += " --clock cpu"
        catalog_name = f"criteria {args.criteria.name} only" if args.criteria else "bundled catalog"
        floor_text = "lxml.etree.fromstring of the same bytes"
        rows = [
            (
                f"eForms notices, assess per notice ({catalog_name}) vs a bare lxml parse",
                "assess",
                "floor",
                floor_text,
                0.5,
            ),
            ("eForms notices, keino's parse alone vs a bare lxml parse", "parse", "floor", floor_text, None),
            (
                f"eForms notices, `keino assess FOLDER -f json` ({catalog_name}) end to end"
                " vs a process parsing them",
                "e2e",
                "e2e_floor",
                "python reading + lxml-parsing the same files",
                None,
            ),
        ]
        out = []
        for figure, measured, against, floor_text, goal in rows:
            value = ratio(measured, against)
            out.append(
                {
                    "figure": figure,
                    "command": command,
                    "floor": floor_text,
                    "floor_s": min(times[against]),
                    "measured_s": min(times[measured]),
                    "ratio": round(value, 4),
                    "goal": f">= {goal}" if goal is not None else "reported",
                    "met": value >= goal if goal is not None else True,
                }
            )
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
