"""OCDS: packages, records and bare releases become the same procurement model as notices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from keino_cli.cli import app
from keino_cli.readers import read_input

FIXTURES = Path(__file__).parent / "fixtures"
OCDS = FIXTURES / "ocds"
CRITERIA = FIXTURES / "notice-criteria" / "green.yaml"
SAMPLES = Path(__file__).parents[2] / "shared" / "data"
runner = CliRunner()


def assess(*args: str) -> tuple[int, dict, str]:
    result = runner.invoke(app, ["assess", "--no-bundled", "-c", str(CRITERIA), "-f", "json", *args])
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_release_package_is_compiled_in_date_order() -> None:
    data = read_input(str(OCDS / "release-package.json"))
    p = data.procurement
    assert data.format == "ocds"
    # The tender release (2nd by date) gives the title; the later award release does not erase it.
    assert (p.id, p.title, p.procedure) == ("ocds-kein0-2026-7", "Sähköbussit ja latausinfra", "restricted")
    assert p.value.amount == 5000000  # "5000000" as a string, as converters write it
    assert (p.buyer.name, p.buyer.country) == ("Järvilahden kaupunki", "FI")
    assert data.locate(("title",)).pointer == "/releases/2/tender/title"
    assert data.locate(("buyer",)).pointer == "/releases/1/parties/0"


def test_items_give_normalised_cpv_per_lot() -> None:
    p = read_input(str(OCDS / "release-package.json")).procurement
    assert [lot.cpv for lot in p.lots] == [["34144910"], ["45233130", "45315000"]]  # UNSPSC left out
    assert p.cpv == ["34144910", "45233130", "45315000"]


def test_lot_award_criteria_and_sustainability() -> None:
    data = read_input(str(OCDS / "release-package.json"))
    buses, depot = data.procurement.lots
    assert [(c.type, c.weight) for c in buses.award_criteria] == [
        ("price", 50),
        ("quality", 30),
        ("quality", 20),
    ]
    assert buses.award_criteria[1].rewards == ["energy-efficiency"]
    assert buses.award_criteria[1].theme == "climate"
    strategic = buses.facts["strategic"]
    assert strategic["environmental_impact"] == ["clim-mitig"]
    assert strategic["social_objective"] == ["hum-right"]  # the mapping tables' spelling
    assert strategic["innovation"] == ["proc-innov"]  # ditto
    assert strategic["gpp_criteria_source"] == ["eu"]
    assert buses.facts["cvd"] == {"applies": True}
    assert buses.facts["accessibility"] == {"criteria": "inc"}
    assert buses.facts["reserved"] == {"participation": ["none"], "execution": False}
    assert buses.requirements[0].type == "contract-performance-clause"
    # hasSustainability: false is an explicit "no".
    assert depot.facts["strategic"]["environmental_impact"] == []
    origin = data.locate(("lots", 0, "facts", "strategic", "gpp_criteria_source"))
    assert (origin.source, origin.pointer) == (
        "ocds",
        "/releases/2/tender/lots/0/sustainability/0/strategies",
    )


def test_record_package_uses_compiled_release() -> None:
    data = read_input(str(OCDS / "record-package.json"))
    assert data.procurement.title == "Sähköbussit ja latausinfra"
    assert data.locate(("lots", 0, "title")).pointer == "/records/0/compiledRelease/tender/lots/0/title"


def test_bare_release_with_core_award_criteria() -> None:
    p = read_input(str(OCDS / "bare-release.json")).procurement
    assert p.cpv == ["30197630"]
    assert [(c.type, c.weight) for c in p.award_criteria] == [("price", 100)]
    assert p.lots == []


def test_lots_weighted_by_value_in_the_procedure_result() -> None:
    _, report, _ = assess(str(OCDS / "release-package.json"))
    result = report["results"][0]
    by_lot = {lot["id"]: lot for lot in result["lots"]}
    award = {c["id"]: c for c in result["criteria"]}["NG-AWARD-01"]
    # met on the 4 M€ lot, not met on the 1 M€ lot: 0.8 of the criterion overall
    assert award["fraction"] == pytest.approx(0.8)
    assert by_lot["1"]["value"] == 4000000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--input-format", "ocds", str(OCDS / "not-ocds.json")], "not OCDS: expected a release package"),
    ],
)
def test_json_that_is_not_ocds_gets_one_line_and_exit_2(args: list[str], message: str) -> None:
    code, report, stderr = assess(*args)
    assert code == 2
    assert report["results"] == []
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_a_description_json_is_not_taken_for_ocds(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"id": "D-1", "title": "Paper", "cpv": ["30197630"]}))
    assert read_input(str(path)).format == "json"


SAMPLE_FILES = sorted((SAMPLES / "ocds").glob("*.json")) if SAMPLES.is_dir() else []
WITH_LOTS = {
    "doffin-converter-output_ContractNotice_cn-desg_2024-101636_release.json",
    "doffin-converter-output_ContractAwardNotice_can-standard_2022-347651_release.json",
}


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared sample data not present")
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_real_ocds_files_load_with_cpv(path: Path) -> None:
    _, report, _ = assess(str(path))
    assert report["errors"] == [], report["errors"]
    (assessed,) = report["results"]
    assert assessed["input"]["format"] == "ocds"
    assert assessed["procurement"]["cpv"]
    assert bool(assessed.get("lots")) == (path.name in WITH_LOTS)


def test_all_four_ocds_samples_are_present() -> None:
    if not SAMPLES.is_dir():
        pytest.skip("shared sample data not present")
    assert len(SAMPLE_FILES) == 4
