"""What every command shares: options, exit codes, loading criteria and profile, reporting problems."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from keino_cli.errors import InputError, Problem

if TYPE_CHECKING:
    from keino_cli.catalog import Catalog
    from keino_cli.engine import Engine

EXIT_OK, EXIT_BELOW_BAR, EXIT_INPUT_ERROR = 0, 1, 2

InputsArgument = Annotated[
    list[str],
    typer.Argument(help="Descriptions, notices or tender documents: files, folders, globs; - is stdin."),
]
CriteriaOption = Annotated[
    list[Path] | None,
    typer.Option("--criteria", "-c", help="A criteria set file or folder, loaded after the bundled sets."),
]
NoBundledOption = Annotated[
    bool, typer.Option("--no-bundled", help="Use only the --criteria sets, not the bundled ones.")
]
LangOption = Annotated[str, typer.Option("--lang", "-l", help="Language of texts: en, fi or sv.")]
ProfileOption = Annotated[
    Path | None, typer.Option("--profile", "-p", help="Scoring profile (theme weights, parameters).")
]
OutputOption = Annotated[str | None, typer.Option("--output", "-o", help="Write to FILE; - is stdout.")]


def report_problems(problems: list[Problem]) -> None:
    for problem in problems:
        sys.stderr.write(f"{problem}\n")


def fail(problems: list[Problem]) -> NoReturn:
    report_problems(problems)
    raise typer.Exit(EXIT_INPUT_ERROR)


def check_lang(lang: str) -> str:
    if lang not in ("en", "fi", "sv"):
        raise typer.BadParameter("choose en, fi or sv", param_hint="--lang")
    return lang


def check_choice(value: str, choices: list[str], option: str) -> str:
    if value not in choices:
        raise typer.BadParameter(f"choose one of: {', '.join(choices)}", param_hint=option)
    return value


def catalog_from(criteria: list[Path] | None, no_bundled: bool) -> Catalog:
    from keino_cli.catalog import load_catalog

    if no_bundled and not criteria:
        raise typer.BadParameter("--no-bundled needs at least one --criteria path")
    try:
        return load_catalog(criteria or [], bundled=not no_bundled)
    except InputError as error:
        fail(error.problems)


def engine_from(catalog: Catalog, profile: Path | None, lang: str, country: str | None = None) -> Engine:
    """`country` (keino.toml) is the default for inputs that name no buyer country."""
    from keino_cli.api import load_profile
    from keino_cli.engine import Engine

    try:
        loaded = load_profile(profile)
        if country is not None:
            legal = loaded.legal.model_copy(update={"country": country})
            loaded = loaded.model_copy(update={"legal": legal})
        return Engine(catalog, loaded, lang)
    except InputError as error:
        fail(error.problems)
