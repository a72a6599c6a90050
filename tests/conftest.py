"""Shared test helpers: paths, a CLI runner, and the small criteria set the core tests use."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from keino_cli.cli import app

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
MINI = FIXTURES / "criteria"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True, scope="session")
def isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test run starts from an empty catalog cache of its own: a developer's warm cache
    must never let a test pass that fails on a fresh machine (subprocesses inherit it too)."""
    os.environ["KEINO_CACHE_DIR"] = str(tmp_path_factory.mktemp("keino-cache"))


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
    """Invoke the real CLI in-process; stdout and stderr stay apart."""
    return CliRunner().invoke(app, list(args), input=input, env=env)


def mini(*args: str, **kwargs):
    """Run a command against the test criteria set only."""
    return run(*args, "--criteria", str(MINI), "--no-bundled", **kwargs)


@pytest.fixture
def write(tmp_path: Path):
    """Write a text file into the test's temporary folder and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write
