"""One pipeline for assess, check and batch: every input isolated, a budget per input, the same
inputs and read options everywhere, profile and config values checked where they are loaded."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from keino_cli.pipeline import FileUnit, PackageUnit, expand
from keino_cli.readers import description
from tests.conftest import FIXTURES, MINI, ROOT, mini, run

GOOD = (FIXTURES / "batch" / "good" / "b-laptops.yaml").read_text(encoding="utf-8")
COMMANDS = [
    ("assess", "-f", "json"),
    ("check", "-f", "json"),
    ("batch", "-f", "json", "--jobs", "1"),
    ("batch", "-f", "json", "--jobs", "2"),
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """20 descriptions, of which 2 (10 %) make the reader crash or hang or run out of memory."""
    for index in range(20):
        name = f"bad-{index:02d}.yaml" if index in (4, 13) else f"good-{index:02d}.yaml"
        (tmp_path / name).write_text(GOOD.replace("id: B-1", f"id: B-{index}"), encoding="utf-8")
    return tmp_path


def _patch_reader(monkeypatch: pytest.MonkeyPatch, misbehave) -> None:
    """Make the description reader misbehave on files named bad-*; worker processes are forked,
    so they inherit the patch."""
    real = description.read

    def read(path: str, data: bytes, options):
        if Path(path).name.startswith("bad-"):
            misbehave()
        return real(path, data, options)

    monkeypatch.setattr(description, "read", read)


def _crash() -> None:
    raise RuntimeError("reader bug")


def _hang() -> None:
    while True:
        pass


def _hog() -> None:
    hog = bytearray(64 * 2**30)  # 64 GiB: past any memory limit
    raise AssertionError(len(hog))


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_a_crashing_reader_loses_only_its_own_input(monkeypatch, folder: Path, command) -> None:
    _patch_reader(monkeypatch, _crash)
    result = mini(*command[:1], str(folder), *command[1:])
    assert result.exit_code == 2, result.stderr
    document = json.loads(result.stdout)
    assert len(document["results"]) == 18  # every good result kept
    failed = {Path(e["path"]).name: e["message"] for e in document["errors"]}
    assert failed.keys() == {"bad-04.yaml", "bad-13.yaml"}
    assert all("RuntimeError: reader bug" in message for message in failed.values())
    assert "bad-04.yaml: internal error while reading this input" in result.stderr


@pytest.mark.parametrize("command", COMMANDS[::3], ids=["assess", "batch -j2"])
def test_an_input_over_its_time_budget_is_one_problem(monkeypatch, folder: Path, command) -> None:
    _patch_reader(monkeypatch, _hang)
    result = mini(*command[:1], str(folder), *command[1:], "--time-limit", "0.2")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert len(document["results"]) == 18
    assert {Path(e["path"]).name for e in document["errors"]} == {"bad-04.yaml", "bad-13.yaml"}
    assert "took too long" in document["errors"][0]["message"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="address-space limit")
@pytest.mark.parametrize("command", COMMANDS[::3], ids=["assess", "batch -j2"])
def test_an_input_over_its_memory_budget_is_one_problem(monkeypatch, folder: Path, command) -> None:
    _patch_reader(monkeypatch, _hog)
    result = mini(*command[:1], str(folder), *command[1:], "--memory-limit", "512")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert len(document["results"]) == 18
    assert all("too large" in e["message"] for e in document["errors"])


def test_one_expander_gives_typed_units(tmp_path: Path) -> None:
    package = tmp_path / "tender"
    package.mkdir()
    (package / "a.md").write_text("Luomuelintarvikkeiden osuus on vähintään 30 %.", encoding="utf-8")
    (package / "desc.yaml").write_text("id: T\ntitle: T\n", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "b.pdf").write_bytes(b"%PDF-1.4")
    units = expand([str(tmp_path), "missing.yaml"])
    assert units[0] == PackageUnit(str(other), (str(other / "b.pdf"),))
    assert units[1] == PackageUnit(str(package), (str(package / "desc.yaml"), str(package / "a.md")))
    assert units[2].path == "missing.yaml" and units[2].message == "no such file"
    assert expand([str(package / "desc.yaml")]) == [FileUnit(str(package / "desc.yaml"))]


def test_a_folder_of_tender_documents_is_one_result_in_every_command() -> None:
    tender = ROOT / "examples" / "tenders" / "koulujen-ateriapalvelut"
    counts = []
    for command in (["assess"], ["check"], ["batch", "--jobs", "1"]):
        result = run(*command, str(tender), "-f", "json")
        assert result.exit_code in (0, 1), result.stderr
        counts.append(len(json.loads(result.stdout)["results"]))
    assert counts == [1, 1, 1]


def test_read_options_work_in_every_command(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("Luomuelintarvikkeiden osuus on vähintään 30 %.\n".encode("cp1252"))
    for command in (["assess"], ["check"], ["batch", "--jobs", "1"]):
        result = run(
            *command, str(tmp_path / "a.txt"), "-f", "json", "--encoding", "cp1252", "--doc-lang", "fi"
        )
        assert result.exit_code in (0, 1), result.stderr
        bad = run(*command, str(tmp_path / "a.txt"), "--doc-lang", "de")
        assert bad.exit_code == 2 and "--doc-lang" in bad.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [("true", "expected a number, got true"), ('"40"', 'expected a number, got "40"')],
    ids=["boolean", "string"],
)
def test_profile_values_are_checked_at_load_with_their_line(write, value: str, message: str) -> None:
    profile = write("profile.yaml", f"id: p\nparameters:\n  T-GATE-01:\n    min_share_pct: {value}\n")
    for command in ("assess", "check"):
        result = mini(
            command, str(FIXTURES / "batch" / "good" / "a-vehicles.yaml"), "--profile", str(profile)
        )
        assert result.exit_code == 2
        assert f"{profile}:4:20: parameters.T-GATE-01.min_share_pct: {message}" in result.stderr


def test_profile_unknown_names_are_located(write) -> None:
    profile = write("profile.yaml", "parameters:\n  T-GATE-01:\n    min_share: 40\n  T-NOPE: {}\n")
    result = mini("assess", str(FIXTURES / "batch" / "good" / "a-vehicles.yaml"), "--profile", str(profile))
    assert result.exit_code == 2
    assert f"{profile}:3:16: parameters.T-GATE-01: unknown parameter 'min_share'" in result.stderr
    assert f"{profile}:4:11: parameters: unknown criterion 'T-NOPE'" in result.stderr


def test_config_lang_applies_to_every_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "keino.toml").write_text('lang = "fi"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    shown = run("criteria", "show", "CLI-VEH-01")
    assert shown.exit_code == 0 and "Puhtaiden" in shown.stdout
    example = str(ROOT / "examples" / "school-transport.yaml")
    finnish, english = run("assess", example).stdout, run("assess", example, "--lang", "en").stdout
    assert finnish != english and "School transport" in finnish  # the report's words, not the data
    (tmp_path / "keino.toml").write_text('lang = "de"\n', encoding="utf-8")
    broken = run("criteria", "list")
    assert broken.exit_code == 2 and "keino.toml:1:1: lang:" in broken.stderr


def test_config_read_options_and_limits_are_settings(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "keino.toml").write_text('time-limit = 5\nencoding = "cp1252"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    shown = json.loads(run("config", "show", "-f", "json").stdout)["settings"]
    assert shown["time-limit"] == {"value": 5, "source": str(tmp_path / "keino.toml")}
    assert shown["encoding"]["value"] == "cp1252" and shown["memory-limit"]["source"] == "default"


def _cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "keino_cli", *args], env=env, capture_output=True, **kwargs)


def test_a_closed_pipe_ends_quietly_with_the_signal_status() -> None:
    reader = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.run(
        [sys.executable, "-m", "keino_cli", "criteria", "export", "--format", "json"],
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        env=env,
    )
    reader.stdin.close()
    reader.wait()
    assert writer.returncode in (-13, 141)  # killed by SIGPIPE, as a shell reports it: 141
    assert writer.stderr == b""


def test_help_conventions() -> None:
    short = _cli("assess", "-h", text=True)
    assert short.returncode == 0
    assert "Example: keino assess" in short.stdout
    assert "<list" not in short.stdout and "{inputs}" not in short.stdout and "PATH..." in short.stdout
    top = _cli("--help", text=True).stdout
    assert "--install-completion" in top and "…" not in top and "Example:" in top


def test_every_command_help_has_an_example() -> None:
    commands = ["assess", "batch", "plan", "check", "facts", "scan", "convert", "schema"]
    commands += ["criteria list", "criteria show", "criteria validate", "criteria test", "criteria export"]
    commands += ["config show"]
    for command in commands:
        result = run(*command.split(), "--help")
        assert result.exit_code == 0, command
        assert "Example: keino" in result.stdout, command
        assert not re.search(r"<(list|str|int|float|path|bool)\b", result.stdout, re.I), command


def test_resume_keeps_one_record_per_input(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    good, broken = str(FIXTURES / "batch" / "good" / "b-laptops.yaml"), str(tmp_path / "gone.yaml")
    mini("batch", good, broken, "-f", "jsonl", "-o", str(out))
    for _ in range(3):
        mini("batch", good, broken, "--resume", str(out))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [("errors" in line, line["input"]["path"]) for line in lines] == [(False, good), (True, broken)]


# The child stands for keino run in a terminal's foreground, where Ctrl-C raises KeyboardInterrupt.
# A test run started as a background job inherits SIGINT ignored, and Python then never installs
# that handler, so the child puts it back itself.
HANGING_RUN = """
import signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)
from keino_cli.readers import description
def hang(path, data, options):
    while True:
        time.sleep(0.01)
description.read = hang
sys.argv = ["keino", *sys.argv[1:]]
from keino_cli.cli import main
main()
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_ends_quietly(folder: Path, jobs: str) -> None:
    """Ctrl-C reaches the whole process group, workers included: one line, status 130."""
    import signal
    import time

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = ["batch", str(folder), "--jobs", jobs, "-f", "jsonl", "--criteria", str(MINI), "--no-bundled"]
    process = subprocess.Popen(
        [sys.executable, "-c", HANGING_RUN, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(4)  # not a timing assertion: only to be inside the run when interrupting it
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert b"Traceback" not in stderr and b"KeyboardInterrupt" not in stderr
