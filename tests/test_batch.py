"""`keino batch`: isolation of bad inputs, exit codes, order, output shapes, resume, atomic output."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from keino_cli import batch as batch_lib
from keino_cli.cli import app
from keino_cli.render.csv import HEADER

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD = FIXTURES / "batch" / "good"
MIXED = FIXTURES / "batch" / "mixed"
MINI = ["--criteria", str(FIXTURES / "criteria" / "mini.yaml"), "--no-bundled"]
GOOD_FILES = [
    str(GOOD / "a-vehicles.yaml"),
    str(GOOD / "b-laptops.yaml"),
    str(GOOD / "c-cleaning.json"),
    str(GOOD / "sub" / "d-vans.yml"),
]


def batch(*args: str):
    return CliRunner().invoke(app, ["batch", *args, *MINI])


def test_folders_are_walked_in_order_and_hidden_files_skipped() -> None:
    assert batch_lib.collect([str(GOOD)]) == GOOD_FILES


def test_include_exclude_and_missing_paths() -> None:
    assert batch_lib.collect([str(GOOD)], include=["*.json"]) == [str(GOOD / "c-cleaning.json")]
    assert batch_lib.collect([str(GOOD)], exclude=["sub"]) == GOOD_FILES[:3]
    entries = batch_lib.collect([str(GOOD / "b-laptops.yaml"), "missing.yaml", str(GOOD / "b-laptops.yaml")])
    assert entries[0] == str(GOOD / "b-laptops.yaml") and len(entries) == 2
    assert entries[1].message == "no such file"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_json_keeps_input_order_and_has_a_summary(jobs: str) -> None:
    result = batch(str(GOOD), "--format", "json", "--jobs", jobs)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document.keys() == {"schema_version", "tool", "results", "errors", "summary"}
    assert [r["input"]["path"] for r in document["results"]] == GOOD_FILES
    assert document["summary"]["procurements"] == 4
    assert document["errors"] == []


def test_a_broken_input_is_reported_and_the_others_still_scored() -> None:
    result = batch(str(MIXED), "--format", "csv", "--jobs", "2")
    assert result.exit_code == 2
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [Path(r["path"]).name for r in rows] == ["a-vehicles.yaml", "broken.yaml", "invalid.yaml"]
    assert rows[0]["score"] == "83.33" and rows[0]["error"] == ""
    assert "YAML syntax error" in rows[1]["error"] and rows[1]["score"] == ""
    assert "title: required key is missing" in rows[2]["error"]
    assert "broken.yaml:3:1" in result.stderr
    assert "1 assessed, 2 failed" in result.stderr


def test_csv_shape() -> None:
    result = batch(str(GOOD), "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == HEADER
    first = dict(zip(HEADER, rows[1], strict=True))
    assert first["id"] == "A-1" and first["value_eur"] == "100000" and first["gates_failed"] == "T-GATE-01"
    assert first["carries_environmental"] == "1" and first["carries_social"] == "0"


def test_jsonl_lines_are_results_or_errors() -> None:
    result = batch(str(MIXED), "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3
    results = [line for line in lines if "errors" not in line]
    assert [r["procurement"]["id"] for r in results] == ["A-1"]
    # Batch lines are compact: no criteria that do not apply, no per-criterion source.
    assert all(c["status"] != "not_applicable" and "source" not in c for c in results[0]["criteria"])
    errors = [line for line in lines if "errors" in line]
    assert {Path(e["input"]["path"]).name for e in errors} == {"broken.yaml", "invalid.yaml"}


def test_exit_codes() -> None:
    assert batch(str(GOOD), "--format", "csv").exit_code == 0
    assert batch(str(GOOD), "--format", "csv", "--fail-under", "60").exit_code == 1
    assert batch(str(GOOD), "--format", "csv", "--fail-under", "30").exit_code == 0
    assert batch(str(MIXED), "--format", "csv", "--fail-under", "99").exit_code == 2
    assert batch(str(GOOD), "--format", "xml").exit_code == 2
    assert batch(str(GOOD), "--resume", "x.jsonl", "--format", "csv").exit_code == 2


def test_from_list_with_comments_and_a_missing_entry(tmp_path: Path) -> None:
    listing = tmp_path / "inputs.txt"
    listing.write_text(f"# two inputs\n{GOOD_FILES[1]}\n\n{tmp_path / 'gone.yaml'}\n", encoding="utf-8")
    result = batch("--from-list", str(listing), "--format", "json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert [r["procurement"]["id"] for r in document["results"]] == ["B-1"]
    assert document["errors"][0]["message"] == "no such file"
    assert document["summary"]["failed_inputs"] == 1


def test_resume_skips_done_inputs_drops_a_torn_line_and_appends(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    first = batch(GOOD_FILES[0], str(MIXED / "broken.yaml"), "--format", "jsonl", "--output", str(out))
    assert first.exit_code == 2
    with out.open("a", encoding="utf-8") as handle:
        handle.write('{"input": {"path": "torn')  # the run was killed mid-line
    second = batch(str(GOOD), "--resume", str(out), "--jobs", "2")
    assert second.exit_code == 0, second.stderr
    assert "3 assessed, 0 failed, 1 already in" in second.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    paths = [line["input"]["path"] for line in lines if "errors" not in line]
    assert sorted(paths) == sorted(GOOD_FILES)
    assert batch_lib.read_resume(str(out)).done == set(GOOD_FILES)


def test_resume_summary_covers_earlier_results(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    batch(*GOOD_FILES[:2], "--format", "jsonl", "--output", str(out))
    result = batch(str(GOOD), "--resume", str(out), "--summary")
    assert "procurements assessed 4" in result.stdout  # the output is a file, so the summary is on stdout


def test_output_file_is_replaced_whole_or_not_at_all(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "report.csv"
    out.write_text("earlier report\n", encoding="utf-8")

    def broken_items(self, entries, ordered=True):
        yield from []
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(batch_lib.Runner, "items", broken_items)
    result = batch(str(GOOD), "--format", "csv", "--output", str(out), "--jobs", "1")
    assert isinstance(result.exception, RuntimeError)
    assert out.read_text(encoding="utf-8") == "earlier report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_table_lists_each_input_and_the_summary(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(GOOD, folder)
    result = batch(str(folder), "--summary")
    assert result.exit_code == 0
    for procurement_id in ("A-1", "B-1", "C-1", "D-1"):
        assert procurement_id in result.stdout
    assert "Carries criteria" in result.stdout


def test_standard_input_needs_from_list() -> None:
    result = CliRunner().invoke(
        app, ["batch", "--from-list", "-", "--format", "csv", *MINI], input=GOOD_FILES[2]
    )
    assert result.exit_code == 0
    assert "C-1" in result.stdout
    assert batch("-", "--format", "csv").exit_code == 2
