"""Bad input: one located line per problem, exit code 2, no traceback, other inputs still reported."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import MINI, mini, run

LOCATED = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def problems(stderr: str) -> list[dict[str, str]]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    return [m.groupdict() if (m := LOCATED.match(line)) else {"raw": line} for line in lines]


@pytest.mark.parametrize(
    ("name", "text", "line", "fragment"),
    [
        ("syntax.yaml", "id: X\ntitle: [unclosed\n", 3, "YAML syntax error"),
        ("dup.yaml", "id: X\ntitle: T\nid: Y\n", 3, "duplicate key 'id'"),
        ("unknown.yaml", "id: X\ntitle: T\ntittle: T\n", 3, "unknown key 'tittle'"),
        ("type.yaml", "id: X\ntitle: T\nduration_months: many\n", 3, "valid integer"),
        ("cpv.yaml", "id: X\ntitle: T\ncpv: [1234]\n", 3, "is not a CPV code"),
        (
            "fact.yaml",
            "id: X\ntitle: T\nfacts:\n  test:\n    batery_cycles: 5\n",
            5,
            "did you mean 'test.battery_cycles'",
        ),
        (
            "no.yaml",
            "id: X\ntitle: T\nfacts: {test: {iso14001: no}}\n",
            3,
            "expected true or false, got 'no'",
        ),
        ("octal.yaml", "id: X\ntitle: T\nfacts: {test: {battery_cycles: 010}}\n", 3, "leading zero"),
        (
            "waiver.yaml",
            "id: X\ntitle: T\nwaivers: [{criterion: T-BAND-02, reason: none}]\n",
            3,
            "did you mean 'T-BAND-01'",
        ),
        ("structural.yaml", "id: X\ntitle: T\nfacts: {labels: {required: [fsc]}}\n", 3, "structured fields"),
    ],
)
def test_description_problem_is_located(write, name: str, text: str, line: int, fragment: str) -> None:
    result = mini("assess", str(write(name, text)))
    assert result.exit_code == 2
    (problem,) = problems(result.stderr)
    assert problem["path"].endswith(name)
    assert int(problem["line"]) == line
    assert fragment in problem["message"]


def test_missing_file_and_good_file_both_reported(write) -> None:
    good = write("good.yaml", "id: G\ntitle: Good\ncpv: ['30213100']\n")
    result = mini("assess", str(good), "nowhere.yaml", "--format", "json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert [r["procurement"]["id"] for r in document["results"]] == ["G"]
    assert document["errors"] == [
        {"path": "nowhere.yaml", "line": None, "column": None, "message": "no such file"}
    ]
    assert problems(result.stderr) == [{"raw": "nowhere.yaml: no such file"}]


def test_malformed_json_is_located(write) -> None:
    path = write("bad.json", '{"id": "X",\n "title": "T",,}')
    result = mini("assess", str(path))
    assert result.exit_code == 2
    (problem,) = problems(result.stderr)
    assert (problem["line"], problem["column"]) == ("2", "15")


def test_duplicate_json_key(write) -> None:
    result = mini("assess", str(write("dup.json", '{"id": "X", "title": "T", "id": "Y"}')))
    assert result.exit_code == 2
    assert "duplicate key 'id'" in result.stderr


def test_several_problems_in_one_file_each_get_a_line(write) -> None:
    text = "id: X\ntitle: T\nfacts: {test: {iso14001: maybe, battery_cycles: lots}}\n"
    result = mini("assess", str(write("two.yaml", text)))
    assert result.exit_code == 2
    assert len(problems(result.stderr)) == 2


CRITERION = """\
id: user
title: {en: User set, fi: Käyttäjä, sv: Användare}
theme: climate
version: "1"
criteria:
  - id: U-ONE-01
    title: {en: One, fi: Yksi, sv: En}
    type: award
    level: core
    applies_to: {all: true}
    rule: RULE
    evidence: [{en: E, fi: E, sv: E}]
    recommendation: {en: R, fi: R, sv: R}
    source: {document: Test doc, reference: "1"}
    examples: {pass: [{test: {iso14001: true}}], fail: [{test: {iso14001: false}}]}
"""


@pytest.mark.parametrize(
    ("rule", "line", "fragment"),
    [
        ("{fact: test.iso14001, gte: 3}", 11, "operator 'gte' does not suit boolean fact"),
        ("{fact: test.iso1400, eq: true}", 11, "did you mean 'test.iso14001'"),
        ("{fact: test.iso14001, eq: {param: nope}}", 11, "unknown parameter 'nope'"),
        ("{fact: labels.required, contains: fcs}", 11, "did you mean 'fsc'"),
        ("{fact: test.iso14001, equals: true}", 11, "unknown key 'equals'"),
    ],
)
def test_criteria_problem_is_located(write, rule: str, line: int, fragment: str) -> None:
    path = write("user.yaml", CRITERION.replace("RULE", rule))
    result = run(
        "assess",
        "-",
        "--criteria",
        str(path),
        "--criteria",
        str(MINI),
        "--no-bundled",
        input="id: X\ntitle: T\n",
    )
    assert result.exit_code == 2
    found = problems(result.stderr)
    assert any(int(p.get("line", 0)) == line and fragment in p.get("message", "") for p in found), found


def test_duplicate_criterion_id_needs_override(write) -> None:
    text = CRITERION.replace("RULE", "{fact: test.iso14001, eq: true}").replace("U-ONE-01", "T-EMS-01")
    path = write("user.yaml", text)
    result = run(
        "assess",
        "-",
        "--criteria",
        str(MINI),
        "--criteria",
        str(path),
        "--no-bundled",
        input="id: X\ntitle: T\n",
    )
    assert result.exit_code == 2
    assert "override: true" in result.stderr
    overriding = write(
        "over.yaml", text.replace("    level: core\n", "    level: core\n    override: true\n")
    )
    result = run(
        "assess",
        "-",
        "--format",
        "json",
        "--criteria",
        str(MINI),
        "--criteria",
        str(overriding),
        "--no-bundled",
        input="id: X\ntitle: T\nfacts: {test: {iso14001: true}}\n",
    )
    assert result.exit_code == 0, result.stderr
    ems = next(c for c in json.loads(result.stdout)["results"][0]["criteria"] if c["id"] == "T-EMS-01")
    assert ems["overridden_by"] == "user"
    assert ems["type"] == "award"


def test_criteria_sets_and_profiles_are_not_taken_for_descriptions(tmp_path) -> None:
    """A folder walk passes over keino's own criteria and profile files; naming one says what it is."""
    (tmp_path / "sets").mkdir()
    (tmp_path / "sets" / "mine.yaml").write_text((MINI / "mini.yaml").read_text(encoding="utf-8"))
    (tmp_path / "profile.yaml").write_text("theme_weights: {climate: 2}\n", encoding="utf-8")
    (tmp_path / "tender.yaml").write_text("id: T\ntitle: Tender\ncpv: ['30213100']\n", encoding="utf-8")
    result = mini("assess", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [r["procurement"]["id"] for r in json.loads(result.stdout)["results"]] == ["T"]
    named = mini("assess", str(tmp_path / "profile.yaml"))
    assert named.exit_code == 2
    assert "not a procurement (use --criteria or --profile)" in named.stderr


def test_folder_walks_pass_over_json_that_is_not_a_description(tmp_path) -> None:
    (tmp_path / "extension.json").write_text('{"name": {"en": "Lots"}, "schemas": []}', encoding="utf-8")
    (tmp_path / "tender.json").write_text('{"id": "J", "title": "T", "cpv": ["30213100"]}', encoding="utf-8")
    result = mini("assess", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [r["procurement"]["id"] for r in json.loads(result.stdout)["results"]] == ["J"]
