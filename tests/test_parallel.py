"""Worker processes change nothing but the time: `batch --jobs 2` writes what `--jobs 1` writes.

Inputs are generated (benchmarks/generate.py) so that a run spans many chunks, with broken and
missing inputs between them; ordered formats must be byte for byte the same, JSONL (written
as inputs finish) the same lines."""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from keino_cli import pipeline
from keino_cli.catalog import load_catalog
from keino_cli.cli import app
from keino_cli.pipeline import MAX_CHUNK, chunks

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import write  # noqa: E402


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("parallel")
    paths = [str(p) for p in write(150, folder, "yaml", 7, load_catalog([]))]
    broken = folder / "broken.yaml"
    broken.write_text("id: X\ntitle: [unclosed\n", encoding="utf-8")
    return [*paths[:40], str(broken), str(folder / "missing.yaml"), *paths[40:]]


def run(inputs: list[str], *args: str) -> str:
    result = CliRunner().invoke(app, ["batch", *inputs, *args])
    assert result.exit_code in (1, 2), result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "summary"])
def test_two_workers_write_what_one_writes(inputs: list[str], fmt: str) -> None:
    assert run(inputs, "-f", fmt, "--jobs", "2") == run(inputs, "-f", fmt, "--jobs", "1")


def test_jsonl_from_two_workers_has_the_same_lines(inputs: list[str]) -> None:
    one = run(inputs, "-f", "jsonl", "--jobs", "1").splitlines()
    two = run(inputs, "-f", "jsonl", "--jobs", "2").splitlines()
    assert len(one) == len(inputs) and sorted(two) == sorted(one)


def test_spawned_workers_build_their_own_assessor(inputs: list[str], monkeypatch) -> None:
    """Where processes cannot fork, each worker builds its assessor from the picklable spec."""
    spawn = multiprocessing.get_context("spawn")
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: spawn)
    few = inputs[38:45]
    assert run(few, "-f", "json", "--jobs", "2") == run(few, "-f", "json", "--jobs", "1")


@pytest.mark.parametrize("count", [0, 1, 7, 64, 65, 1000, 5000])
@pytest.mark.parametrize("jobs", [2, 3])
def test_chunks_cover_the_units_in_order_and_shrink_at_the_end(count: int, jobs: int) -> None:
    units = [pipeline.FileUnit(str(i)) for i in range(count)]
    sizes = [len(chunk) for chunk in chunks(units, jobs)]
    assert [u for chunk in chunks(units, jobs) for u in chunk] == units
    assert all(1 <= size <= MAX_CHUNK for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    assert not sizes or sizes[-1] == 1
