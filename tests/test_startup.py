"""Start-up stays close to keino's imports: what a command does not use is never imported.

Each case runs keino in a fresh interpreter and lists the modules it loaded (no timing here:
the ratios are benchmarks/bench_startup.py's)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "examples/school-catering.yaml"

# Runs keino in this interpreter, then prints what `report` (a Python expression) finds.
PROBE = """
import dataclasses, io, json, sys
sys.argv = ["keino", *json.loads(sys.argv[1])]
from keino_cli.cli import main
sys.stdout = io.StringIO()
try:
    main()
except SystemExit:
    pass
sys.stdout = sys.__stdout__
print(json.dumps({report}))
"""


def probe(report: str, *args: str) -> Any:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(report=report), json.dumps(args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout.splitlines()[-1])


def loaded(*args: str) -> set[str]:
    return set(probe("sorted(sys.modules)", *args))


def under(modules: set[str], package: str) -> list[str]:
    return sorted(m for m in modules if m == package or m.startswith(package + "."))


# Typer converts options with pydantic TypeAdapters (keino converts text and paths itself); the
# terminal, report-template and number-formatting libraries belong to the human formats.
NOT_FOR_JSON = ("typer._adapters", "rich", "jinja2", "babel")


@pytest.mark.parametrize("package", NOT_FOR_JSON)
def test_a_json_assessment_does_not_import(package: str) -> None:
    assert under(loaded("assess", EXAMPLE, "--format", "json"), package) == []


def test_help_imports_no_library_module() -> None:
    modules = loaded("--help")
    library = [m for m in under(modules, "keino_cli") if not m.startswith("keino_cli.commands")]
    # the format table (`assess --format`) is the one library name help shows; it imports no model
    assert library == [
        "keino_cli",
        "keino_cli.cli",
        "keino_cli.errors",
        "keino_cli.output",
        "keino_cli.render",
    ]
    assert under(modules, "typer._adapters") == []


def test_only_the_command_that_runs_is_built() -> None:
    modules = loaded("schema", "description")
    assert "keino_cli.commands.schema" in modules
    assert under(modules, "keino_cli.commands.batch") == []


# A cached catalog is read as records (model/records.py): no pydantic model is built, no model
# module imported. The first run writes the cache; the second is the cached run a user sees.
MODEL_MACHINERY = ("pydantic.main", "pydantic._internal._model_construction", "pydantic.fields")
MODEL_FREE = {"keino_cli.model", *(f"keino_cli.model.{name}" for name in ("origin", "records", "result"))}


@pytest.mark.parametrize("example", sorted(p.name for p in (ROOT / "examples").glob("*.yaml")))
def test_a_cached_json_assessment_builds_no_model(example: str) -> None:
    args = ("assess", f"examples/{example}", "--format", "json")
    loaded(*args)
    modules = loaded(*args)
    assert [m for m in MODEL_MACHINERY if m in modules] == []
    assert [m for m in under(modules, "keino_cli.model") if m not in MODEL_FREE] == []
    # The cache file is named by a zlib checksum: hashlib (it loads OpenSSL) is not needed.
    assert under(modules, "hashlib") == []


# A notice or a tender document is read the same way (`readers.notices.build_input`,
# `readers.documents.merge`), and `keino scan` reads the cached catalog as records too.
@pytest.mark.parametrize(
    "args",
    [
        ("assess", "tests/fixtures/eforms/green.xml", "--format", "json"),
        ("assess", "tests/fixtures/ocds/release-package.json", "--format", "json"),
        ("assess", "examples/tenders/koulujen-ateriapalvelut", "--format", "json"),
        ("scan", "examples/tenders/koulujen-ateriapalvelut/tarjouspyynto.md", "--format", "json"),
    ],
    ids=["eforms", "ocds", "documents", "scan"],
)
def test_a_cached_run_over_notices_and_documents_builds_no_model(args: tuple[str, ...]) -> None:
    loaded(*args)
    modules = loaded(*args)
    assert [m for m in MODEL_MACHINERY if m in modules] == []
    assert [m for m in under(modules, "keino_cli.model") if m not in MODEL_FREE] == []


# `@dataclass` writes and compiles each class's methods at import (about 1 ms a class): the
# modules of a JSON assessment use plain `__slots__` classes, except these: value objects whose
# equality or `dataclasses.replace` callers rely on (Problem, ReadOptions), a subclass of Typer's
# own dataclass, and the classes of the engine, scope, YAML reader and library API (not converted:
# about 8 ms in all). A new dataclass on this path fails here: make it a plain class, or list it.
DATACLASSES = """sorted(
    f"{name}.{attribute}"
    for name, module in list(sys.modules.items())
    if name.startswith("keino_cli")
    for attribute, value in vars(module).items()
    if isinstance(value, type) and value.__module__ == name and dataclasses.is_dataclass(value)
)"""
KEPT_DATACLASSES = [
    "keino_cli.api.Outcome",
    "keino_cli.commands.group._Converter",  # a subclass of Typer's own dataclass
    "keino_cli.engine.Compiled",
    "keino_cli.engine.Plan",
    "keino_cli.engine.ScopeScore",
    "keino_cli.errors.Problem",
    "keino_cli.readers.ReadOptions",
    "keino_cli.readers.ReaderInfo",
    "keino_cli.scope.ScopeContext",
    "keino_cli.yamlsource.Marks",
    "keino_cli.yamlsource._Builder",
]


def test_a_json_assessment_creates_few_dataclasses() -> None:
    assert probe(DATACLASSES, "assess", EXAMPLE, "--format", "json") == KEPT_DATACLASSES
