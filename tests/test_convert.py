"""`keino convert`: a notice becomes a description that assesses exactly like the notice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from keino_cli.cli import app
from keino_cli.yamlsource import load_yaml

FIXTURES = Path(__file__).parent / "fixtures"
CRITERIA = FIXTURES / "notice-criteria" / "green.yaml"
SAMPLES = Path(__file__).parents[2] / "shared" / "data"
runner = CliRunner()
INPUTS = [
    FIXTURES / "eforms" / "green.xml",
    FIXTURES / "eforms" / "award-cvd.xml",
    FIXTURES / "ocds" / "release-package.json",
]


def scores(path: Path) -> tuple[dict, list]:
    result = runner.invoke(app, ["assess", "--no-bundled", "-c", str(CRITERIA), "-f", "json", str(path)])
    report = json.loads(result.stdout)
    assert report["errors"] == []
    (assessed,) = report["results"]
    statuses = {c["id"]: (c["status"], c["fraction"]) for c in assessed["criteria"]}
    return statuses, [(lot["id"], lot["score"]) for lot in assessed.get("lots", [])]


@pytest.mark.parametrize("notice", INPUTS, ids=lambda p: p.name)
def test_round_trip_assesses_the_same(notice: Path, tmp_path: Path) -> None:
    out = tmp_path / "described.yaml"
    result = runner.invoke(app, ["convert", str(notice), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert scores(out) == scores(notice)


def test_values_carry_their_origin_as_comments() -> None:
    result = runner.invoke(app, ["convert", str(FIXTURES / "eforms" / "green.xml")])
    assert result.exit_code == 0
    text = result.stdout
    assert 'procedure: "open"  # /*/cac:TenderingProcess/cbc:ProcedureCode (line 32)' in text
    assert (
        "title: \"Koulukuljetukset 2027-2031\"  # /*/cac:ProcurementProject/cbc:Name[@languageID='FIN']"
        in text
    )
    assert "also SWE: Skolskjutsar 2027-2031" in text
    data, _ = load_yaml(text, "converted")
    assert data["lots"][0]["facts"]["strategic"]["environmental_impact"] == ["clim-mitig"]


def test_ocds_comments_are_json_pointers() -> None:
    result = runner.invoke(app, ["convert", str(FIXTURES / "ocds" / "release-package.json")])
    assert "  # /releases/2/tender/lots/0/coveredBy" in result.stdout


def test_explicit_none_survives_the_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "can.yaml"
    runner.invoke(app, ["convert", str(FIXTURES / "eforms" / "award-cvd.xml"), "-o", str(out)])
    data, _ = load_yaml(out.read_bytes(), str(out))
    strategic = data["lots"][0]["facts"]["strategic"]
    assert strategic["environmental_impact"] == [] and strategic["gpp_criteria_source"] == ["none"]


def test_unreadable_notice_exits_2_with_one_line() -> None:
    result = runner.invoke(app, ["convert", str(FIXTURES / "eforms" / "ted-export.xml")])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


SAMPLE_FILES = (
    sorted([*(SAMPLES / "eforms").glob("*/*.xml"), *(SAMPLES / "ocds").glob("*.json")])
    if SAMPLES.is_dir()
    else []
)


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared sample data not present")
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_real_samples_round_trip(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "described.yaml"
    assert runner.invoke(app, ["convert", str(path), "-o", str(out)]).exit_code == 0
    assert scores(out) == scores(path)
