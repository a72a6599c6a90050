"""`keino diff OLD NEW`: what changed between two versions of a tender."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from keino_cli.commands.common import (
    CriteriaOption,
    LangOption,
    NoBundledOption,
    OutputOption,
    ProfileOption,
    catalog_from,
    check_choice,
    check_lang,
    engine_from,
    fail,
)

VersionArgument = Annotated[
    str,
    typer.Argument(
        metavar="PATH",
        help="A description, notice, tender documents (a folder) or a JSON result of keino assess.",
    ),
]
FORMATS = ["table", "json", "markdown"]


def diff(
    old: VersionArgument,
    new: VersionArgument,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or markdown.")] = "table",
    output: OutputOption = None,
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = False,
    profile: ProfileOption = None,
    lang: LangOption = "en",
) -> None:
    """Show what changed between two versions of a tender: scores, ambition, statuses, obligations.

    Example: keino diff tender-v1.yaml tender-v2.yaml --format markdown

    Each side is assessed now, or read as it was saved with `keino assess --format json`; each
    must hold one procurement. Exit code 2 when a side cannot be read or assessed.
    """
    from keino_cli.diff import compare
    from keino_cli.render import open_output
    from keino_cli.render.diff import render_json, render_markdown, render_table

    fmt = check_choice(fmt, FORMATS, "--format")
    lang = check_lang(lang)
    catalog = catalog_from(criteria, no_bundled)
    sides = [_result(path, catalog, profile, lang) for path in (old, new)]
    changes = compare(sides[0], sides[1], old, new)
    with open_output(output) as (out, terminal):
        if fmt == "json":
            render_json(changes, out)
        elif fmt == "markdown":
            render_markdown(changes, out, lang, catalog)
        else:
            render_table(changes, out, terminal, lang, catalog)


def _saved(path: str) -> dict[str, Any] | None:
    """A JSON result written by keino, or None when `path` is an input to assess."""
    if not path.endswith(".json") or not Path(path).is_file():
        return None
    from keino_cli.errors import InputError, Problem
    from keino_cli.jsonsource import load_json

    try:
        data, _ = load_json(Path(path).read_bytes(), path)
    except (OSError, InputError):
        return None  # not a result; the readers report what is wrong with it
    if not isinstance(data, dict) or (data.get("tool") or {}).get("name") != "keino" or "results" not in data:
        return None
    results = data["results"]
    if len(results) != 1:
        fail([Problem(path, f"holds {len(results)} results; keino diff compares one procurement")])
    return results[0]


def _result(path: str, catalog: Any, profile: Path | None, lang: str) -> dict[str, Any]:
    from keino_cli.api import assess_inputs
    from keino_cli.errors import Problem

    saved = _saved(path)
    if saved is not None:
        return saved
    engine = engine_from(catalog, profile, lang)
    outcomes = list(assess_inputs([path], engine))
    problems = [p for o in outcomes for p in o.problems]
    if problems:
        fail(problems)
    if len(outcomes) != 1 or outcomes[0].result is None:
        fail([Problem(path, f"gives {len(outcomes)} procurements; keino diff compares one")])
    return outcomes[0].result.to_dict()
