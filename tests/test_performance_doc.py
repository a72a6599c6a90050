"""benchmarks/performance.py renders docs/performance.md's table from the rows the benches write
(no timing here: the figures are the benches')."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "performance.py"

spec = importlib.util.spec_from_file_location("performance", SCRIPT)
assert spec is not None and spec.loader is not None
performance = importlib.util.module_from_spec(spec)
sys.modules["performance"] = performance  # dataclasses look their module up
spec.loader.exec_module(performance)

ROWS = [
    {
        "figure": "batch --jobs 1, YAML descriptions, vs read + CSafeLoader",
        "command": "python benchmarks/bench_batch.py --count 2000",
        "floor": "read + yaml.load(CSafeLoader)",
        "floor_s": 2.0,
        "measured_s": 4.0,
        "ratio": 0.5,
        "goal": ">= 0.8",
        "met": False,
    },
    {
        "figure": '`keino --help` vs `python -c "import typer, pydantic, yaml"`',
        "command": "python benchmarks/bench_startup.py --rounds 10",
        "floor": 'python -c "import typer, pydantic, yaml"',
        "floor_s": 0.13,
        "measured_s": 0.1,
        "ratio": 0.769,
        "goal": "<= 1.2",
        "met": True,
    },
    {
        "figure": "document matcher | per engine",
        "command": "python benchmarks/bench_scan.py",
        "floor": "re.finditer",
        "floor_s": 0.01,
        "measured_s": 0.5,
        "ratio": 0.0213,
        "goal": "reported",
        "met": True,
    },
]
PROSE = "# Performance\n\nHow we measure.\n\n{section}\n\n## Where the time goes\n\nStart-up is imports.\n"


def table_rows(text: str) -> list[list[str]]:
    """The table's body rows, cell by cell (the header is the first line that starts so)."""
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in lines[1:]]


def test_a_rows_file_becomes_the_table_between_the_markers(tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    doc.write_text(
        PROSE.format(section=f"{performance.BEGIN}\nold table\n{performance.END}"), encoding="utf-8"
    )
    saved = tmp_path / "run.json"
    run = {"date": "2026-12-02 01:00 UTC", "machine": "2 CPUs", "load_before": [0.5, 1.0, 1.5], "rows": ROWS}
    saved.write_text(json.dumps(run), encoding="utf-8")
    subprocess.run(
        [sys.executable, str(SCRIPT), "--rows", str(saved), "--out", str(doc)], check=True, timeout=60
    )
    text = doc.read_text(encoding="utf-8")
    assert "old table" not in text
    assert text.startswith("# Performance\n\nHow we measure.\n")
    assert text.endswith("## Where the time goes\n\nStart-up is imports.\n")
    assert "Measured 2026-12-02 01:00 UTC on 2 CPUs; load average (1, 5, 15 min) 0.5 1.0 1.5" in text
    assert table_rows(text) == [
        [
            "batch --jobs 1, YAML descriptions, vs read + CSafeLoader",
            "`python benchmarks/bench_batch.py --count 2000`",
            "read + yaml.load(CSafeLoader)",
            "0.50",
            ">= 0.8",
            "**no**",
        ],
        [
            '`keino --help` vs `python -c "import typer, pydantic, yaml"`',
            "`python benchmarks/bench_startup.py --rounds 10`",
            'python -c "import typer, pydantic, yaml"',
            "0.77",
            "<= 1.2",
            "yes",
        ],
        [
            "document matcher \\| per engine",
            "`python benchmarks/bench_scan.py`",
            "re.finditer",
            "0.021",
            "reported",
            "—",
        ],
    ]
    assert "| figure | command | floor | ratio | goal | met |\n|---|---|---|---|---|---|\n" in text


def test_a_document_without_markers_gets_the_section_appended(tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\nNotes.\n", encoding="utf-8")
    performance.regenerate(doc, {"rows": ROWS[:1], "notes": {"bench_eforms.py": "not in this checkout"}})
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n\nNotes.\n\n" + performance.BEGIN)
    assert "bench_eforms.py: not in this checkout." in text
    assert len(table_rows(text)) == 1


def test_a_bench_rows_file_alone_renders_and_a_bad_row_is_named(tmp_path: Path) -> None:
    rows = tmp_path / "rows.json"
    rows.write_text(json.dumps(ROWS), encoding="utf-8")
    assert performance.read_run(rows) == {"rows": ROWS}
    assert performance.check_row({"figure": "x", "ratio": 1}) == (
        "row 'x' lacks command, floor, floor_s, measured_s, goal, met"
    )
    assert all(performance.check_row(row) is None for row in ROWS)


def test_every_bench_of_the_table_is_run() -> None:
    scripts = [bench.script for bench in performance.BENCHES]
    assert scripts == ["bench_batch.py", "bench_eforms.py", "bench_scan.py", "bench_startup.py"]
