"""Configuration: discovery upwards, keino.toml over pyproject.toml, paths relative to the file,
flags over file over defaults, and `keino config show`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from keino_cli.config import COMMAND_LINE, DEFAULT, discover, load_config, parse_theme_bars, resolve
from keino_cli.errors import InputError
from tests.conftest import FIXTURES, run

CRITERIA = FIXTURES / "check" / "criteria"
DESCRIPTIONS = FIXTURES / "check" / "descriptions"

PROJECT = """\
[project]
name = "tenders"

[tool.keino]
criteria = ["keino-criteria"]
no-bundled = true
fail-under = 90
fail-under-theme = {climate = 20}
require = ["C-AWARD-01"]
min-level = "core"
ignore = ["drafts"]
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with its bar in pyproject.toml, its criteria beside it, and a subfolder to run from."""
    shutil.copytree(CRITERIA, tmp_path / "keino-criteria")
    (tmp_path / "pyproject.toml").write_text(PROJECT, encoding="utf-8")
    sub = tmp_path / "procurements" / "2026"
    sub.mkdir(parents=True)
    for name in ("pass.yaml", "gate-fails.yaml"):
        shutil.copy(DESCRIPTIONS / name, sub / name)
    (tmp_path / "drafts").mkdir()
    shutil.copy(DESCRIPTIONS / "expired.yaml", tmp_path / "drafts" / "expired.yaml")
    monkeypatch.chdir(sub)
    return tmp_path


def show(*args: str) -> dict:
    result = run("config", "show", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_discovery_walks_up_and_resolves_paths_against_the_config_folder(project: Path) -> None:
    found = discover(Path.cwd())
    assert found is not None and found.path == (project / "pyproject.toml").resolve()
    settings = resolve({}, found)
    assert settings["criteria"] == [project.resolve() / "keino-criteria"]
    assert settings["baseline"] is None
    assert settings["fail_under_theme"] == {"climate": 20}
    assert settings.values["fail_under"].source == f"{found.path} [tool.keino]"
    assert settings.values["lang"].source == DEFAULT


def test_keino_toml_wins_over_pyproject_in_the_same_folder_and_nearer_wins(project: Path) -> None:
    (project / "keino.toml").write_text("fail-under = 10\n", encoding="utf-8")
    assert discover(Path.cwd()).path.name == "keino.toml"
    (project / "procurements" / "keino.toml").write_text("fail-under = 20\n", encoding="utf-8")
    assert resolve({}, discover(Path.cwd()))["fail_under"] == 20


def test_a_pyproject_without_tool_keino_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "keino.toml").write_text("fail-under = 33\n", encoding="utf-8")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert discover(inner).path == (tmp_path / "keino.toml").resolve()


def test_flags_override_the_file_and_the_file_overrides_defaults(project: Path) -> None:
    shown = show("--fail-under", "70", "--require", "C-GATE-01", "--fail-under-theme", "innovation=5")
    rows = shown["settings"]
    assert shown["config_file"] == str((project / "pyproject.toml").resolve())
    assert rows["fail-under"] == {"value": 70.0, "source": COMMAND_LINE}
    assert rows["require"] == {"value": ["C-GATE-01"], "source": COMMAND_LINE}
    assert rows["fail-under-theme"]["value"] == {"innovation": 5.0}  # replaced whole, not merged
    assert rows["min-level"]["value"] == "core" and rows["min-level"]["source"].endswith("[tool.keino]")
    assert rows["allow-unknown-gates"] == {"value": False, "source": DEFAULT}
    assert show("--no-config")["config_file"] is None


def test_text_output_of_config_show(project: Path) -> None:
    result = run("config", "show")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"config file: {(project / 'pyproject.toml').resolve()}")
    assert any(line.startswith("fail-under ") and "90" in line for line in result.stdout.splitlines())


def test_check_uses_the_discovered_config(project: Path) -> None:
    # From procurements/2026: criteria, bar and baseline all come from ../../pyproject.toml.
    result = run("check", ".", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    failures = {
        r["input"]["path"]: [(f["kind"], f["id"]) for f in r["verdict"]["failures"]]
        for r in document["results"]
    }
    assert failures == {
        "gate-fails.yaml": [
            ("gate", "C-GATE-01"),
            ("required", "C-AWARD-01"),
            ("score", "overall"),
            ("theme", "climate"),
            ("level", "ambition"),
        ],
        "pass.yaml": [],
    }
    # The flag replaces the file's bar; the file's ignore skips drafts/ relative to the config.
    assert run("check", ".", "--fail-under", "0", "--require", "C-LIN-01").exit_code == 1  # gate still fails
    drafts = run("check", str(project / "drafts"), "-f", "json")
    assert drafts.exit_code == 0 and json.loads(drafts.stdout)["results"] == []
    assert "skipped 1 input" in drafts.stderr


def test_baseline_path_from_config_is_used(project: Path) -> None:
    with (project / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write('baseline = "keino-baseline.json"\n')
    assert run("check", ".").exit_code == 2  # named but not written yet
    written = run("check", ".", "--write-baseline", str(project / "keino-baseline.json"))
    assert written.exit_code == 0, written.stderr
    assert run("check", ".").exit_code == 0  # the baseline named in pyproject.toml
    assert run("check", ".", "--baseline", str(project / "missing.json")).exit_code == 2


def test_explicit_config_file_and_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    own = tmp_path / "ci.toml"
    own.write_text("fail-under = 42\nmin-level = 'comprehensive'\n", encoding="utf-8")
    assert show("--config", str(own))["settings"]["fail-under"]["value"] == 42
    cases = {
        "typo.toml": ("fail-undr = 42\n", "unknown key 'fail-undr'"),
        "syntax.toml": ("fail-under = \n", "TOML syntax error"),
        "range.toml": ("fail-under = 142\n", "fail-under"),
        "theme.toml": ("fail-under-theme = {climat = 1}\n", "fail-under-theme"),
        "pyproject.toml": ("[project]\nname = 'x'\n", "has no [tool.keino] table"),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = run("config", "show", "--config", str(path))
        assert result.exit_code == 2, name
        assert message in result.stderr, (name, result.stderr)
        assert run("check", str(DESCRIPTIONS / "pass.yaml"), "--config", str(path)).exit_code == 2
    with pytest.raises(InputError):
        load_config(tmp_path / "absent.toml")


def test_a_broken_discovered_config_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "keino.toml").write_text("require = 'C-GATE-01'\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("check", str(DESCRIPTIONS / "pass.yaml"))
    assert result.exit_code == 2 and "keino.toml" in result.stderr
    assert (
        run(
            "check", str(DESCRIPTIONS / "pass.yaml"), "--no-config", "-c", str(CRITERIA), "--no-bundled"
        ).exit_code
        == 0
    )


def test_unknown_required_criterion_from_the_config_names_the_file(project: Path) -> None:
    (project / "keino.toml").write_text(
        'criteria = ["keino-criteria"]\nno-bundled = true\nrequire = ["C-NOPE-01"]\n'
    )
    result = run("check", ".")
    assert result.exit_code == 2
    assert "keino.toml: require: unknown criterion 'C-NOPE-01'" in result.stderr


def test_parse_theme_bars() -> None:
    assert parse_theme_bars(["climate=50", "innovation = 10"]) == {"climate": 50.0, "innovation": 10.0}
    for bad in ("climate", "climate=x", "weather=1", "climate=101"):
        with pytest.raises(ValueError):
            parse_theme_bars([bad])
