"""`keino diff`: what changed between two versions of a tender."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from keino_cli.diff import compare
from tests.conftest import ROOT, run

TRANSPORT = ROOT / "examples" / "school-transport.yaml"


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    """Version 1 saved as JSON; version 2 raises the zero-emission light-duty share from 4/20 to
    9/20 (45 %), which clears Finland's 38.5 % minimum for 2026-2030 (Act 740/2021 §9(1))."""
    old = tmp_path / "v1.json"
    assert run("assess", str(TRANSPORT), "--format", "json", "--output", str(old)).exit_code in (0, 1)
    text = TRANSPORT.read_text(encoding="utf-8")
    text = text.replace("clean_count: 4", "clean_count: 9").replace(
        "zero_emission_count: 4 ", "zero_emission_count: 9 "
    )
    new = tmp_path / "v2.yaml"
    new.write_text(text, encoding="utf-8")
    return old, new


def test_same_version_has_no_changes() -> None:
    result = run("diff", str(TRANSPORT), str(TRANSPORT))
    assert result.exit_code == 0, result.stderr
    assert "No change in scores, ambition, statuses or obligations." in result.stdout


def test_a_revised_tender_shows_scores_statuses_and_obligations(versions: tuple[Path, Path]) -> None:
    old, new = versions
    result = run("diff", str(old), str(new), "--format", "json")
    assert result.exit_code == 0, result.stderr
    changes = json.loads(result.stdout)["diff"]["changes"]
    by = {(c["kind"], c["id"]): c for c in changes}
    assert by[("obligation", "CLI-VEH-02")]["before"] == "not_met"
    assert by[("obligation", "CLI-VEH-02")]["after"] == "met"
    assert by[("obligation", "CLI-VEH-02")]["direction"] == 1
    score = by[("score", "overall")]
    assert score["after"] > score["before"] and score["direction"] == 1
    assert all(c["direction"] >= 0 for c in changes)


def test_markdown_and_table_in_the_language(versions: tuple[Path, Path]) -> None:
    old, new = versions
    markdown = run("diff", str(old), str(new), "--format", "markdown", "--lang", "sv").stdout
    assert markdown.startswith("## Vad som ändrats:")
    assert "| ▲ | CLI-VEH-02 " in markdown and "| ej uppfyllt | uppfyllt |" in markdown
    table = run("diff", str(old), str(new), "--lang", "fi", env={"COLUMNS": "80"}).stdout
    assert "Muuttuneet lakisääteiset velvoitteet" in table
    assert max(len(line) for line in table.splitlines()) <= 80


def test_worse_is_worse() -> None:
    old = {"score": 50.0, "ambition_level": "core", "criteria": [{"id": "A", "status": "met"}], "gates": []}
    new = {
        "score": 40.0,
        "ambition_level": "none",
        "criteria": [{"id": "A", "status": "unknown"}],
        "gates": [],
    }
    diff = compare(old, new, "a", "b")
    assert diff.worse == 3 and diff.better == 0


def test_a_saved_file_with_many_results_is_refused(tmp_path: Path) -> None:
    many = tmp_path / "many.json"
    examples = [str(p) for p in sorted((ROOT / "examples").glob("*.yaml"))[:2]]
    run("assess", *examples, "--format", "json", "--output", str(many))
    result = run("diff", str(many), str(TRANSPORT))
    assert result.exit_code == 2
    assert "holds 2 results" in result.stderr
