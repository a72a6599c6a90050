"""A cached catalog is read as records (model/records.py), not models: the results must not change.

Every example is assessed in fresh interpreters twice over, once with the cache off (the pydantic
models read the criteria, the legal tables and the default profile) and once from a warm cache
(records only), in the formats that show the most of a result; the outputs, messages and exit codes
must be identical. The criteria's own examples (the self-test) must give the same cases either way.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from keino_cli.catalog import load_catalog
from keino_cli.catalog.selftest import run_examples
from keino_cli.model.records import Record

EXAMPLES = sorted(p.name for p in (ROOT / "examples").glob("*.yaml"))
FORMATS = ("json", "table", "markdown", "sarif", "csv")


def keino(args: list[str], cache: Path | None) -> tuple[str, str, int]:
    env = {k: v for k, v in os.environ.items() if k not in ("KEINO_NO_CACHE", "NO_COLOR")}
    env["NO_COLOR"] = "1"
    if cache is None:
        env["KEINO_NO_CACHE"] = "1"
    else:
        env["KEINO_CACHE_DIR"] = str(cache)
    done = subprocess.run(
        [sys.executable, "-m", "keino_cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=120,
    )
    return done.stdout, done.stderr, done.returncode


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp("records-cache")
    keino(["assess", f"examples/{EXAMPLES[0]}", "--format", "json"], cache)
    assert any(cache.glob("records-*.pickle")), "the records form of the catalog was not written"
    return cache


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("example", EXAMPLES)
def test_a_cached_run_gives_what_the_models_give(warm: Path, example: str, fmt: str) -> None:
    args = ["assess", f"examples/{example}", "--format", fmt]
    assert keino(args, warm) == keino(args, None)


OTHER_RUNS = {
    "profile": [
        "assess",
        "examples/school-catering.yaml",
        "--profile",
        "examples/profiles/city-climate-programme.yaml",
    ],
    "user set": [
        "assess",
        "examples/school-catering.yaml",
        "--criteria",
        "examples/criteria",
        "--format",
        "json",
    ],
    "package": ["assess", "examples/tenders/koulujen-ateriapalvelut", "--format", "json"],
    "batch": ["batch", "examples", "--format", "jsonl", "--jobs", "1"],
    "check": ["check", "examples/ict-laptops.yaml", "--fail-under", "60", "--lang", "fi"],
}


@pytest.mark.parametrize("name", OTHER_RUNS)
def test_other_runs_give_what_the_models_give(warm: Path, name: str) -> None:
    assert keino(OTHER_RUNS[name], warm) == keino(OTHER_RUNS[name], None)


def test_a_bad_profile_gets_the_same_messages(warm: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(
        "parameters:\n  RES-FOOD-01:\n    min_share_pct: lots\n    nope: 1\n  NOPE-XX-01: {a: 1}\n",
        encoding="utf-8",
    )
    args = ["assess", "examples/school-catering.yaml", "--profile", str(profile)]
    cached, fresh = keino(args, warm), keino(args, None)
    assert cached == fresh
    assert cached[2] == 2 and "expected a number" in cached[1]


def test_a_bad_input_gets_the_same_messages(warm: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: X\ntitle: T\ncpv: ['39830000']\nwaivers:\n  - criterion: NOPE-XX-01\n    reason: no\n"
        "facts:\n  cleaning: {ecolabel_products_pct: many}\n",
        encoding="utf-8",
    )
    args = ["check", str(bad), "--format", "json"]
    cached, fresh = keino(args, warm), keino(args, None)
    assert cached == fresh
    assert cached[2] == 2 and "bad.yaml:" in cached[1]


def test_the_criteria_examples_give_the_same_cases() -> None:
    load_catalog(records=True)  # written now, read from the cache below
    catalog = load_catalog(records=True)
    assert isinstance(next(iter(catalog.criteria.values())).criterion, Record)
    cached = [repr(case) for case in run_examples(catalog)]
    models = [repr(case) for case in run_examples(load_catalog())]
    assert len(cached) > 500
    assert cached == models
