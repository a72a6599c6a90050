"""Every `keino` command shown in docs/ runs, against the bundled examples, as a reader would run it.

Each ```sh block line that starts with `keino` is run in a folder laid out as the docs assume
(`procurements/` and `tenders/` hold the bundled examples, `notices/` sample notices); it must
end with 0 or 1 (1 is a tender below the bar, which is what a gate is for), never with a usage
or input error. Criterion ids named anywhere in the docs must exist.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from keino_cli.catalog import load_catalog
from tests.conftest import FIXTURES, ROOT, run

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def documented_commands() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        for block in re.findall(r"```(?:sh|bash|console)\n(.*?)```", doc.read_text(encoding="utf-8"), re.S):
            for line in block.splitlines():
                command = line.split("  #", 1)[0].strip()
                if command.startswith("keino "):
                    found.append((doc.relative_to(ROOT).as_posix(), command))
    return found


COMMANDS = documented_commands()


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / "procurements").mkdir()
    for example in (ROOT / "examples").glob("*.yaml"):
        shutil.copy(example, tmp_path / "procurements" / example.name)
    shutil.copytree(ROOT / "examples" / "tenders", tmp_path / "tenders")
    shutil.copytree(FIXTURES / "eforms", tmp_path / "notices")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_docs_show_commands() -> None:
    assert len(COMMANDS) >= 4


@pytest.mark.parametrize(("doc", "command"), COMMANDS, ids=[f"{d}: {c}" for d, c in COMMANDS])
def test_documented_command_runs(workspace: Path, doc: str, command: str) -> None:
    args = shlex.split(command)[1:]
    if "--baseline" in args and not (workspace / args[args.index("--baseline") + 1]).exists():
        assert run(*args[: args.index("--baseline")], "--write-baseline", args[args.index("--baseline") + 1])
    result = run(*args)
    assert result.exit_code in (0, 1), f"{doc}: {command}\n{result.stderr}"
    assert "internal error" not in result.stderr


def test_criterion_ids_in_the_docs_exist() -> None:
    catalog = load_catalog([])
    pattern = re.compile(r"\b[A-Z]{3,5}-[A-Z]{2,6}-\d{2}\b")
    for doc in [ROOT / "README.md", ROOT / "docs" / "ci.md"]:
        for ident in set(pattern.findall(doc.read_text(encoding="utf-8"))):
            assert ident in catalog.criteria, f"{doc.name}: {ident} is not a criterion"


def test_no_doc_installs_the_unrelated_pypi_package() -> None:
    for doc in [*DOCS, ROOT / ".pre-commit-hooks.yaml"]:
        text = doc.read_text(encoding="utf-8")
        assert not re.search(r"pip install (--\S+ )*keino(\s|$|\[|=)", text), doc.name
