"""`keino check` as CI meets it: exit codes, the bar, waivers, baseline, ignores, stdin, pre-commit."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT, run

CHECK = FIXTURES / "check"
CRITERIA = CHECK / "criteria"
DESCRIPTIONS = CHECK / "descriptions"
PASS = str(DESCRIPTIONS / "pass.yaml")
GATE_FAILS = str(DESCRIPTIONS / "gate-fails.yaml")
UNKNOWN_GATE = str(DESCRIPTIONS / "unknown-gate.yaml")
WAIVED = str(DESCRIPTIONS / "waived.yaml")
EXPIRED = str(DESCRIPTIONS / "expired.yaml")


def check(*args: str, **kwargs):
    """`keino check` against the test criteria only, ignoring any config file around the repo."""
    return run("check", *args, "--criteria", str(CRITERIA), "--no-bundled", "--no-config", **kwargs)


def verdict(*args: str, **kwargs) -> dict:
    result = check(*args, "--format", "json", **kwargs)
    return json.loads(result.stdout)


# --- exit codes -------------------------------------------------------------------------------


def test_exit_0_when_every_input_clears_the_bar() -> None:
    result = check(PASS, "--fail-under", "90", "--require", "C-AWARD-01", "--min-level", "comprehensive")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["verdict"]["passed"] is True


def test_exit_1_when_a_legal_gate_is_not_met() -> None:
    result = check(PASS, GATE_FAILS, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    passed = {r["input"]["path"]: r["verdict"]["passed"] for r in document["results"]}
    assert passed == {PASS: True, GATE_FAILS: False}
    failure = document["results"][1]["verdict"]["failures"][0]
    assert (failure["kind"], failure["id"]) == ("gate", "C-GATE-01")
    assert failure["line"] == 11  # the gate_ok fact in gate-fails.yaml
    assert document["verdict"] == {
        "passed": False,
        "inputs": 2,
        "failed": 1,
        "errors": 0,
        "waived": 0,
        "baselined": 0,
        "warnings": 0,
    }


def test_unknown_gate_fails_by_default_and_only_warns_when_allowed() -> None:
    assert check(UNKNOWN_GATE).exit_code == 1
    allowed = check(UNKNOWN_GATE, "--allow-unknown-gates", "--format", "json")
    assert allowed.exit_code == 0
    warnings = json.loads(allowed.stdout)["results"][0]["verdict"]["warnings"]
    assert [w["id"] for w in warnings] == ["C-GATE-01"]


def test_exit_2_for_an_unreadable_input_and_the_others_are_still_checked(write) -> None:
    broken = write("broken.yaml", "id: X\ntitle: [unclosed\n")
    result = check(str(broken), PASS, str(broken.parent / "missing.yaml"), "--format", "json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert [r["input"]["path"] for r in document["results"]] == [PASS]
    assert {e["path"] for e in document["errors"]} == {str(broken), str(broken.parent / "missing.yaml")}
    assert document["verdict"]["errors"] == 2 and document["verdict"]["passed"] is False
    assert "broken.yaml:" in result.stderr and "missing.yaml: no such file" in result.stderr


def test_exit_2_for_an_unknown_required_criterion() -> None:
    result = check(PASS, "--require", "C-GATE-1")
    assert result.exit_code == 2
    assert "unknown criterion 'C-GATE-1'" in result.stderr and "C-GATE-01" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["--fail-under", "101"],
        ["--fail-under-theme", "climat=50"],
        ["--fail-under-theme", "climate"],
        ["--fail-under-theme", "climate=high"],
        ["--min-level", "gold"],
        ["--format", "xml"],
        ["--report", "sarif"],
        ["--report", "pdf:out.pdf"],
        ["--lang", "de"],
    ],
)
def test_exit_2_for_a_bad_option(args: list[str]) -> None:
    assert check(PASS, *args).exit_code == 2


def test_no_fail_turns_a_failure_into_0_but_not_an_input_error(write) -> None:
    assert check(GATE_FAILS, "--no-fail").exit_code == 0
    broken = write("broken.yaml", "id: [\n")
    assert check(str(broken), "--no-fail").exit_code == 2


# --- the bar ----------------------------------------------------------------------------------


def test_fail_under_and_theme_bars() -> None:
    # unknown-gate.yaml scores 100 on climate and social responsibility; allow its gate.
    base = (UNKNOWN_GATE, "--allow-unknown-gates")
    assert check(*base, "--fail-under", "100").exit_code == 0
    document = verdict(*base, "--fail-under-theme", "innovation=10", "--fail-under-theme", "climate=50")
    failures = document["results"][0]["verdict"]["failures"]
    assert [(f["kind"], f["id"]) for f in failures] == [("theme", "innovation")]
    assert "no score" in failures[0]["message"]
    gate = verdict(GATE_FAILS, "--fail-under", "60")["results"][0]["verdict"]["failures"]  # it scores 56.67
    assert [(f["kind"], f["id"]) for f in gate] == [("gate", "C-GATE-01"), ("score", "overall")]


def test_required_criteria_and_min_level() -> None:
    failures = verdict(GATE_FAILS, "--require", "C-AWARD-01", "--min-level", "core")["results"][0]["verdict"][
        "failures"
    ]
    assert [(f["kind"], f["id"]) for f in failures] == [
        ("gate", "C-GATE-01"),
        ("required", "C-AWARD-01"),
        ("level", "ambition"),
    ]
    assert failures[1]["line"] == 5  # award_criteria in gate-fails.yaml
    assert check(PASS, "--min-level", "comprehensive").exit_code == 0


# --- waivers and baseline ---------------------------------------------------------------------


def test_waived_items_are_counted_apart_and_pass() -> None:
    result = check(WAIVED, "--require", "C-SPEC-01", "--min-level", "comprehensive", "--format", "json")
    assert result.exit_code == 0, result.stdout
    document = json.loads(result.stdout)
    waived = document["results"][0]["verdict"]["waived"]
    assert [(w["kind"], w["id"]) for w in waived] == [("required", "C-SPEC-01")]
    assert document["verdict"]["waived"] == 1


def test_an_expired_waiver_fails() -> None:
    result = check(EXPIRED, "--format", "json")
    assert result.exit_code == 1
    failures = json.loads(result.stdout)["results"][0]["verdict"]["failures"]
    assert [(f["kind"], f["id"]) for f in failures] == [("waiver", "C-SPEC-01")]
    assert "expired on 2000-01-31" in failures[0]["message"]


def test_baseline_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tenders = tmp_path / "tenders"
    tenders.mkdir()
    for name in ("pass.yaml", "gate-fails.yaml"):
        shutil.copy(DESCRIPTIONS / name, tenders / name)
    baseline = tmp_path / "keino-baseline.json"
    written = check(str(tenders), "--write-baseline", str(baseline), "--format", "json")
    assert written.exit_code == 0, written.stderr
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    assert recorded["failures"] == [{"input": "tenders/gate-fails.yaml", "kind": "gate", "id": "C-GATE-01"}]
    assert json.loads(written.stdout)["verdict"]["baselined"] == 1

    # The same failures pass against the baseline, from any working folder ...
    monkeypatch.chdir(tenders)
    again = check(".", "--baseline", str(baseline), "--format", "json")
    assert again.exit_code == 0, again.stdout
    baselined = [c for r in json.loads(again.stdout)["results"] for c in r["verdict"]["baselined"]]
    assert [(c["kind"], c["id"]) for c in baselined] == [("gate", "C-GATE-01")]
    monkeypatch.chdir(ROOT)
    # ... but a new failure does not.
    shutil.copy(DESCRIPTIONS / "expired.yaml", tenders / "expired.yaml")
    new = check(str(tenders), "--baseline", str(baseline), "--format", "json")
    assert new.exit_code == 1
    failed = [r["input"]["path"] for r in json.loads(new.stdout)["results"] if not r["verdict"]["passed"]]
    assert failed == [str(tenders / "expired.yaml")]
    # Rewriting the baseline is stable: same content, byte for byte.
    before = baseline.read_bytes()
    (tenders / "expired.yaml").unlink()
    check(str(tenders), "--write-baseline", str(baseline))
    assert baseline.read_bytes() == before


def test_a_missing_or_bad_baseline_is_an_input_error(write) -> None:
    assert check(PASS, "--baseline", "/nonexistent/baseline.json").exit_code == 2
    bad = write("baseline.json", '{"results": []}')
    result = check(PASS, "--baseline", str(bad))
    assert result.exit_code == 2 and "not a keino baseline" in result.stderr


# --- inputs -----------------------------------------------------------------------------------


def test_stdin_input() -> None:
    text = (DESCRIPTIONS / "gate-fails.yaml").read_text(encoding="utf-8")
    result = check("-", "--format", "json", input=text)
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["results"][0]["input"]["path"] == "-"
    sarif = json.loads(check("-", "--format", "sarif", input=text).stdout)
    assert sarif["runs"][0]["results"][0]["ruleId"] == "C-GATE-01"
    assert "locations" not in sarif["runs"][0]["results"][0]  # no file to point at


def test_folders_globs_and_ignore_patterns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("pass.yaml", "gate-fails.yaml"):
        shutil.copy(DESCRIPTIONS / name, tmp_path / name)
    (tmp_path / "drafts").mkdir()
    shutil.copy(DESCRIPTIONS / "expired.yaml", tmp_path / "drafts" / "expired.yaml")
    everything = verdict(str(tmp_path))
    assert len(everything["results"]) == 3
    monkeypatch.chdir(tmp_path)
    result = check(
        str(tmp_path / "*.yaml"), "drafts", "--ignore", "gate-*", "--ignore", "drafts", "-f", "json"
    )
    assert result.exit_code == 0, result.stdout
    assert [r["input"]["path"] for r in json.loads(result.stdout)["results"]] == [str(tmp_path / "pass.yaml")]
    assert "skipped 2 input(s)" in result.stderr


def test_several_reports_in_one_run(tmp_path: Path) -> None:
    sarif, junit, md = tmp_path / "k.sarif", tmp_path / "k.xml", tmp_path / "k.md"
    result = check(
        GATE_FAILS,
        "--format",
        "github",
        "--report",
        f"sarif:{sarif}",
        "--report",
        f"junit:{junit}",
        "--report",
        f"markdown:{md}",
    )
    assert result.exit_code == 1
    assert result.stdout.startswith("::group::")
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert junit.read_text(encoding="utf-8").startswith("<?xml")
    assert md.read_text(encoding="utf-8").startswith("## keino check")


def test_output_file_and_unwritable_report(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = check(PASS, "--output", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["verdict"]["passed"] is True  # auto -> json in a file
    bad = check(PASS, "--report", f"sarif:{tmp_path / 'no' / 'such' / 'k.sarif'}")
    assert bad.exit_code == 2 and "k.sarif: cannot write: folder" in bad.stderr


# --- pre-commit -------------------------------------------------------------------------------


def test_pre_commit_hook_runs_the_real_entry(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "keino-check")
    files = re.compile(hook["files"])
    assert files.search("procurements/2026/laptops.yaml") and files.search("buses.tender.yml")
    assert not files.search(".github/workflows/ci.yaml") and not files.search("pyproject.toml")

    # A project as a user has it: its config names the criteria; pre-commit passes the files.
    (tmp_path / "keino.toml").write_text(
        f"criteria = [{json.dumps(str(CRITERIA))}]\nno-bundled = true\n", encoding="utf-8"
    )
    folder = tmp_path / "procurements"
    folder.mkdir()
    for name in ("pass.yaml", "gate-fails.yaml"):
        shutil.copy(DESCRIPTIONS / name, folder / name)
    keino = Path(sys.executable).with_name("keino")
    command = [str(keino), *shlex.split(hook["entry"])[1:], *hook.get("args", [])]
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}

    def hook_run(*names: str) -> subprocess.CompletedProcess[str]:
        paths = [f"procurements/{n}" for n in names]
        assert all(files.search(p) for p in paths)
        return subprocess.run(
            [*command, *paths], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60
        )

    ok = hook_run("pass.yaml")
    assert ok.returncode == 0, ok.stderr
    assert "passed" in ok.stdout
    failed = hook_run("pass.yaml", "gate-fails.yaml")
    assert failed.returncode == 1
    assert "C-GATE-01" in failed.stdout and "FAILED" in failed.stdout


# --- docs/ci.md: the CI snippets run as written -------------------------------------------------


def _ci_project(tmp_path: Path) -> Path:
    """A repository laid out as docs/ci.md assumes: procurements/ and a [tool.keino] bar."""
    (tmp_path / "pyproject.toml").write_text(
        f"[tool.keino]\ncriteria = [{json.dumps(str(CRITERIA))}]\nno-bundled = true\n"
        'require = ["C-AWARD-01"]\n',
        encoding="utf-8",
    )
    (tmp_path / "procurements").mkdir()
    shutil.copy(DESCRIPTIONS / "pass.yaml", tmp_path / "procurements" / "pass.yaml")
    return tmp_path


def _yaml_blocks() -> list[dict]:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.S)]


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_ci_snippets_in_the_docs_run(ci: str, tmp_path: Path) -> None:
    blocks = _yaml_blocks()
    if ci == "github":
        workflow = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
        steps = workflow["jobs"]["check"]["steps"]
        commands = [s["run"] for s in steps if "keino check" in s.get("run", "")]
        sarif_file = next(s["with"]["sarif_file"] for s in steps if "upload-sarif" in s.get("uses", ""))
        env_extra = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    else:
        job = next(b for b in blocks if isinstance(b, dict) and "keino" in b)["keino"]
        commands = [line for line in job["script"] if line.startswith("keino check")]
        sarif_file = job["artifacts"]["paths"][0]
        env_extra = {}
    assert len(commands) == 1
    project = _ci_project(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | env_extra
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    done = subprocess.run(
        ["bash", "-c", commands[0]], cwd=project, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    sarif = json.loads((project / sarif_file).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    if ci == "github":
        assert done.stdout.startswith("::group::procurements/pass.yaml")
        assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("## keino check: ✅ passed")
    else:
        assert "keino check" in done.stdout
        junit = job["artifacts"]["reports"]["junit"]
        assert (project / junit).read_text(encoding="utf-8").startswith("<?xml")
