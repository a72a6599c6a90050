"""Output faults: devices written in place, umask permissions, one clear line per fault naming the
user's path, no temporary file left behind, JSONL never cut mid-line."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from keino_cli.output import TEMP_PREFIX, LineFile, OutputError, atomic_file, remove_stale_temporaries
from tests.conftest import ROOT, mini

DESCRIPTION = ROOT / "tests" / "fixtures" / "descriptions"


def _example() -> str:
    return str(next(iter(sorted(DESCRIPTION.glob("*.yaml")))))


def _temporaries(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_a_device_is_written_in_place_not_replaced() -> None:
    before = os.stat("/dev/null")
    result = mini("assess", _example(), "--format", "json", "--output", "/dev/null")
    assert result.exit_code in (0, 1), result.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_new_files_get_the_umask_permissions_and_replaced_files_keep_theirs(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with atomic_file(str(tmp_path / "new.json")) as out:
            out.write("{}\n")
        kept = tmp_path / "kept.json"
        kept.write_text("old")
        kept.chmod(0o640)
        with atomic_file(str(kept)) as out:
            out.write("new")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text() == "new"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("{tmp}/missing/dir/out.json", "does not exist"),
        ("{tmp}", "is a folder"),
        ("/dev/full", "no space left"),
    ],
)
def test_output_faults_are_one_line_naming_the_path(tmp_path: Path, target: str, message: str) -> None:
    if target == "/dev/full" and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    target = target.format(tmp=tmp_path)
    result = mini("assess", _example(), "--format", "json", "--output", target)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{target}: cannot write: {result.stderr.split(': ')[-1].strip()}"]
    assert message in result.stderr and ".tmp" not in result.stderr
    assert _temporaries(tmp_path) == []


def test_a_failed_write_leaves_no_temporary_file_and_the_old_target(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old report")
    with pytest.raises(RuntimeError), atomic_file(str(target)) as out:
        out.write("half")
        raise RuntimeError("renderer failed")
    assert target.read_text() == "old report" and _temporaries(tmp_path) == []


def _run_limited(code: str, limit: int) -> subprocess.CompletedProcess[str]:
    def limit_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=limit_size,
        timeout=60,
    )


def test_file_size_limit_is_a_clean_error_without_leftovers(tmp_path: Path) -> None:
    code = (
        "from keino_cli.output import atomic_file, OutputError\n"
        "try:\n"
        f"    with atomic_file({str(tmp_path / 'big.txt')!r}) as out:\n"
        "        out.write('x' * 200_000)\n"
        "except OutputError as e:\n"
        "    print(e)\n"
    )
    done = _run_limited(code, 10_000)
    assert "file too large" in done.stdout, done.stderr
    assert _temporaries(tmp_path) == [] and not (tmp_path / "big.txt").exists()


def test_jsonl_is_cut_back_to_the_last_whole_line_on_a_write_error(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    code = (
        "from keino_cli.output import LineFile, OutputError\n"
        f"out = LineFile({str(target)!r})\n"
        "try:\n"
        "    for i in range(10_000):\n"
        '        out.write(\'{"n": %d, "pad": "%s"}\\n\' % (i, \'p\' * 50))\n'
        "except OutputError as e:\n"
        "    print(e)\n"
    )
    done = _run_limited(code, 20_000)
    assert "file too large" in done.stdout, done.stderr
    data = target.read_bytes()
    assert data and data.endswith(b"\n") and len(data) <= 20_000


def test_line_file_appends_after_the_kept_bytes(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_bytes(b'{"a": 1}\n{"torn')
    handle = LineFile(str(target), keep_bytes=9)
    handle.write('{"b": 2}\n')
    handle.close()
    assert target.read_bytes() == b'{"a": 1}\n{"b": 2}\n'


def test_temporaries_of_dead_runs_are_removed_and_fresh_ones_kept(tmp_path: Path) -> None:
    stale = tmp_path / f"{TEMP_PREFIX}999999999-abc.tmp"
    fresh = tmp_path / f"{TEMP_PREFIX}999999998-def.tmp"
    stale.write_text("left by kill -9")
    fresh.write_text("another run, just started")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    remove_stale_temporaries(tmp_path)
    assert not stale.exists() and fresh.exists()


def test_sigterm_while_writing_removes_the_temporary_file(tmp_path: Path) -> None:
    code = (
        "import os, signal\n"
        "from keino_cli.output import atomic_file\n"
        f"with atomic_file({str(tmp_path / 'out.json')!r}) as out:\n"
        "    out.write('partial')\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    import time; time.sleep(5)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_non_utf8_stdout_does_not_crash(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "KEINO_NO_CACHE": "1"}
    command = [sys.executable, "-m", "keino_cli", "assess", str(ROOT / "examples" / "school-catering.yaml")]
    done = subprocess.run([*command, "-f", "json"], cwd=ROOT, capture_output=True, env=env, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout.decode("utf-8").rstrip().endswith("}")


def test_output_error_names_the_users_path() -> None:
    error = OutputError("report.sarif", "no space left on the device")
    assert str(error) == "report.sarif: cannot write: no space left on the device"
