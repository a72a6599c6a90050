"""The CLI as a user meets it: formats, output files, languages, colour, exit codes."""

from __future__ import annotations

import json

from keino_cli import __version__
from tests.conftest import FIXTURES, ROOT, mini, run

VEHICLES = str(FIXTURES / "descriptions" / "vehicles.yaml")
GOOD = (
    "id: OK-1\ntitle: Laptops\ncpv: ['30213100']\nlabels: [emas]\n"
    "facts: {test: {battery_cycles: 1200, renewable_pct: 100}}\n"
)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"keino {__version__}"


def test_json_shape_is_the_same_for_one_and_many_inputs(write) -> None:
    good = write("good.yaml", GOOD)
    one = json.loads(mini("assess", str(good), "--format", "json").stdout)
    two = json.loads(mini("assess", str(good), VEHICLES, "--format", "json").stdout)
    assert one.keys() == two.keys() == {"schema_version", "tool", "results", "errors"}
    assert len(one["results"]) == 1 and len(two["results"]) == 2
    result = one["results"][0]
    for key in (
        "input",
        "procurement",
        "score",
        "ambition_level",
        "themes",
        "criteria",
        "gates",
        "improvement_plan",
    ):
        assert key in result
    assert result["input"] == {"path": str(good), "format": "yaml"}
    criterion = result["criteria"][0]
    for key in ("id", "theme", "status", "fraction", "weight", "facts_used", "source"):
        assert key in criterion


def test_exit_0_when_everything_is_fine(write) -> None:
    result = mini("assess", str(write("good.yaml", GOOD)))
    assert result.exit_code == 0, result.stderr
    assert "Score 100.0 / 100" in result.stdout
    assert result.stderr == ""


def test_exit_1_when_a_legal_gate_is_not_met() -> None:
    result = mini("assess", VEHICLES)
    assert result.exit_code == 1
    assert "NOT COMPLIANT" in result.stdout


def test_exit_1_below_fail_under(write) -> None:
    path = str(write("good.yaml", GOOD))
    assert mini("assess", path, "--fail-under", "99").exit_code == 0
    assert mini("assess", path, "--fail-under", "100.5").exit_code == 2  # a score is 0..100


def test_exit_2_for_usage_errors(write) -> None:
    path = str(write("good.yaml", GOOD))
    assert mini("assess", path, "--format", "xml").exit_code == 2
    assert mini("assess", path, "--lang", "de").exit_code == 2
    assert run("assess", path, "--no-bundled").exit_code == 2
    assert run("assess").exit_code == 2


def test_piped_table_has_no_colour_codes_and_reads_as_text() -> None:
    result = mini("assess", VEHICLES, "--details", env={"NO_COLOR": "1"})
    assert "\x1b[" not in result.stdout
    for text in ("Test vehicles", "Climate", "partly met", "Improvement plan", "T-LIN-01", "+16.7"):
        assert text in result.stdout


def test_forced_colour_is_honoured_per_call() -> None:
    result = mini("assess", VEHICLES, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[" in result.stdout


def test_output_file_is_written_and_stdout_stays_empty(tmp_path) -> None:
    target = tmp_path / "report.json"
    result = mini("assess", VEHICLES, "--format", "json", "--output", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(target.read_text())["results"][0]["procurement"]["id"] == "T-1"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_output_dash_is_stdout() -> None:
    result = mini("assess", VEHICLES, "--format", "json", "--output", "-")
    assert json.loads(result.stdout)["tool"]["name"] == "keino"


def test_stdin_input() -> None:
    result = mini("assess", "-", "--format", "json", input=GOOD)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["results"][0]["input"]["path"] == "-"


def test_language_of_texts() -> None:
    result = mini("criteria", "list", "--lang", "fi")
    assert "Akun syklit" in result.stdout
    result = mini("criteria", "list", "--lang", "sv", "--format", "json")
    titles = {row["id"]: row["title"] for row in json.loads(result.stdout)["criteria"]}
    assert titles["T-BAND-01"] == "Batteriets cykler"


def test_criteria_list_filters() -> None:
    def ids(*args: str) -> list[str]:
        rows = json.loads(mini("criteria", "list", "--format", "json", *args).stdout)["criteria"]
        return [row["id"] for row in rows]

    assert ids("--cpv", "30213100-6") == ["T-BAND-01", "T-LIN-01", "T-EMS-01"]
    assert ids("--cpv", "34110000") == ["T-GATE-01", "T-LIN-01", "T-EMS-01"]
    assert ids("--theme", "innovation") == []


def test_criteria_show() -> None:
    result = mini("criteria", "show", "T-BAND-01")
    assert result.exit_code == 0
    for text in ("Battery cycles", "bands", "IEC 61960", "Test GPP", "buyer-set"):
        assert text in result.stdout
    missing = mini("criteria", "show", "T-BAND-1")
    assert missing.exit_code == 2
    assert "did you mean 'T-BAND-01'" in missing.stderr


def test_facts_lists_users_and_derivations() -> None:
    rows = {r["name"]: r for r in json.loads(mini("facts", "--format", "json").stdout)["facts"]}
    assert rows["test.battery_cycles"]["used_by"] == ["T-BAND-01"]
    assert rows["test.vehicles.count"]["used_by"] == ["T-GATE-01"]
    assert rows["test.vehicles.clean_share_pct"]["derived_from"] == [
        "test.vehicles.clean_count",
        "test.vehicles.count",
    ]
    assert rows["labels.required"]["used_by"] == ["T-EMS-01"]
    table = mini("facts", env={"COLUMNS": "200"}).stdout
    assert "test.battery_cycles" in table and "T-BAND-01" in table


def test_criteria_test_command_reports_and_fails_on_a_wrong_example(write) -> None:
    ok = run("criteria", "test", str(FIXTURES / "criteria"))
    assert ok.exit_code == 0
    assert ok.stdout.strip().splitlines()[-1] == "10 passed, 0 failed"
    broken = (
        (FIXTURES / "criteria" / "mini.yaml")
        .read_text()
        .replace("battery_cycles: 1200", "battery_cycles: 700")
    )
    bad = run("criteria", "test", str(write("mini.yaml", broken)))
    assert bad.exit_code == 1
    assert bad.stdout.strip().splitlines()[-1] == "9 passed, 1 failed"
    assert "T-BAND-01: pass example 0 gives partly_met, expected met" in bad.stderr
    assert "mini.yaml:62:14: " in bad.stderr


def test_report_speaks_the_chosen_language() -> None:
    finnish = run("assess", str(ROOT / "examples" / "school-transport.yaml"), "--lang", "fi").stdout
    for text in (
        "Pisteet 0,0 / 100",
        "tavoitetaso",
        "Ilmasto",
        "Lakisääteiset velvoitteet",
        "ALLE TAVOITTEEN",
    ):
        assert text in finnish
    swedish = run("assess", str(ROOT / "examples" / "school-transport.yaml"), "--lang", "sv").stdout
    for text in ("Poäng 0,0 / 100", "Klimat", "Viktigaste förbättringar", "UNDER MÅLET"):
        assert text in swedish


def test_schemas_for_editors_are_current() -> None:
    for kind in ("description", "criteria", "profile"):
        result = run("schema", kind)
        assert result.exit_code == 0
        document = json.loads(result.stdout)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        committed = json.loads((ROOT / "docs" / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert committed == document, f"run: keino schema {kind} > docs/schema/{kind}.schema.json"


def test_examples_validate_against_the_description_schema() -> None:
    """What editors check with the schema agrees with what keino accepts."""
    import jsonschema

    from keino_cli.yamlsource import load_yaml

    schema = json.loads((ROOT / "docs" / "schema" / "description.schema.json").read_text(encoding="utf-8"))
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        data, _ = load_yaml(example.read_bytes(), str(example))
        jsonschema.validate(data, schema)
