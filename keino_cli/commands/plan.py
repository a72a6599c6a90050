"""`keino plan`: rank a procurement plan by where sustainability criteria could matter most."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from keino_cli.commands.common import (
    EXIT_INPUT_ERROR,
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
    report_problems,
)


def plan(
    file: Annotated[Path, typer.Argument(help="The plan: CSV or YAML, one row per planned procurement.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    output: OutputOption = None,
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = False,
    profile: ProfileOption = None,
    lang: LangOption = "en",
) -> None:
    """Rank planned procurements by expected impact: estimated value × weight of applicable criteria.

    Shows which criteria sets apply, how many core and comprehensive criteria are available and
    which legal gates apply. A bad row is reported as file:line and the rest are still ranked
    (exit code 2).
    """
    from keino_cli.errors import InputError
    from keino_cli.plan import assess_plan, read_plan
    from keino_cli.render import open_output
    from keino_cli.render.plan import render_csv, render_json, render_table

    check_choice(fmt, ["table", "csv", "json"], "--format")
    engine = engine_from(catalog_from(criteria, no_bundled), profile, check_lang(lang))
    try:
        rows, problems = read_plan(file)
    except InputError as error:
        fail(error.problems)
    report_problems(problems)
    potentials = assess_plan(rows, engine)
    with open_output(output) as (out, terminal):
        if fmt == "csv":
            render_csv(potentials, out)
        elif fmt == "json":
            render_json(potentials, problems, str(file), out)
        else:
            render_table(potentials, out, terminal, lang)
    if problems:
        raise typer.Exit(EXIT_INPUT_ERROR)
