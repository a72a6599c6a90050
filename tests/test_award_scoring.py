"""How tender documents say award criteria are scored (issue #13): each case in
tests/award/scoring-cases.yaml is a small fi/sv/en tender document, read through the document
reader; expectations come from what its text says."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from keino_cli.readers import read_input

sys.path.insert(0, str(Path(__file__).parent))
from docxgen import make_docx
from pdfgen import make_pdf

CASES = yaml.safe_load((Path(__file__).parent / "award" / "scoring-cases.yaml").read_text(encoding="utf-8"))[
    "cases"
]


def _write(case: dict[str, Any], folder: Path) -> Path:
    path = folder / f"{case['id']}.{case['format']}"
    if case["format"] == "docx":
        path.write_bytes(make_docx([tuple(p) for p in case.get("paragraphs", [])], case["table"]))
    elif case["format"] == "pdf":
        path.write_bytes(make_pdf([case["text"].splitlines()]))
    else:
        path.write_text(case["text"], encoding="utf-8")
    return path


def _matches(want: dict[str, Any], got: dict[str, Any]) -> bool:
    """`got` holds every field `want` states (bands in order, each band's stated fields)."""
    for key, value in want.items():
        if key == "bands":
            bands = got.get("bands", [])
            if len(bands) != len(value) or not all(_matches(w, g) for w, g in zip(value, bands, strict=True)):
                return False
        elif key == "condition":
            if (got.get(key) or "").lower() != value.lower():
                return False
        elif got.get(key) != value:
            return False
    return True


def _criterion_matches(want: dict[str, Any], got: dict[str, Any]) -> bool:
    if got["type"] != want["type"] or got.get("weight") != want["weight"]:
        return False
    if "name" in want and got["name"].lower() != want["name"].lower():
        return False
    if not set(want.get("rewards", [])) <= set(got.get("rewards", [])):
        return False
    scoring = got.get("scoring")
    if want["scoring"] is None:
        return scoring is None
    return scoring is not None and _matches(want["scoring"], scoring)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_award_scoring_read_from_tender_text(case: dict[str, Any], tmp_path: Path) -> None:
    data = read_input(str(_write(case, tmp_path)))
    criteria = [
        c.model_dump(exclude_none=True, exclude_defaults=True) | {"type": c.type}
        for c in data.procurement.award_criteria or []
    ]
    for item in criteria:
        item.setdefault("weight", None)
    assert len(criteria) == len(case["award"]), criteria
    left = list(criteria)
    for want in case["award"]:
        match = next((got for got in left if _criterion_matches(want, got)), None)
        assert match is not None, f"{want} not in {left}"
        left.remove(match)


def test_reports_show_how_award_criteria_are_scored(tmp_path: Path) -> None:
    """assess: JSON lists each scored criterion (schema 2.1); Markdown shows a line for it, with a
    judged (qualitative) scale marked as such."""
    import json

    from typer.testing import CliRunner

    from keino_cli.cli import app

    case = next(case for case in CASES if case["id"] == "en-formula-levels-threshold")
    path = _write(case, tmp_path)
    runner = CliRunner()
    outcome = runner.invoke(app, ["assess", str(path), "-f", "json"])
    assert outcome.exit_code in (0, 1), outcome.output
    document = json.loads(outcome.stdout)
    assert document["schema_version"] == "2.1"
    scored = document["results"][0]["procurement"]["award_scoring"]
    assert [(item["type"], item["scoring"]["method"], item["measurable"]) for item in scored] == [
        ("price", "formula", True),
        ("quality", "bands", False),
    ]
    assert scored[1]["scoring"]["min_points_to_qualify"] == 3
    markdown = runner.invoke(app, ["assess", str(path), "-f", "markdown"]).stdout
    assert "### How award criteria are scored" in markdown
    assert "excellent → 5" in markdown and "at least 3 points to qualify" in markdown
    assert "points judged, not measured" in markdown


def test_no_scoring_stated_adds_no_field(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from keino_cli.cli import app

    path = tmp_path / "weights.txt"
    path.write_text("Vertailuperusteet: hinta 70 %, laatu 30 %.\n", encoding="utf-8")
    outcome = CliRunner().invoke(app, ["assess", str(path), "-f", "json"])
    assert "award_scoring" not in json.loads(outcome.stdout)["results"][0]["procurement"]
