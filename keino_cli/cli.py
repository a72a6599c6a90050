"""The `keino` command: parse options, call the library, hand results to a renderer. No logic here.

Exit codes: 0 ok, 1 an assessment is below the bar (or a legal obligation is not met),
2 a usage or input error. Heavy modules load inside the commands that need them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from keino_cli import __version__
from keino_cli.errors import InputError, Problem

if TYPE_CHECKING:
    from keino_cli.catalog import Catalog
    from keino_cli.engine import Engine

EXIT_OK, EXIT_BELOW_BAR, EXIT_INPUT_ERROR = 0, 1, 2

app = typer.Typer(
    name="keino",
    help="Assess how sustainable and innovative a public procurement is.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
criteria_app = typer.Typer(help="List, show, validate, test and export criteria sets.", no_args_is_help=True)
app.add_typer(criteria_app, name="criteria")

CriteriaOption = Annotated[
    list[Path] | None,
    typer.Option("--criteria", "-c", help="A criteria set file or folder, loaded after the bundled sets."),
]
NoBundledOption = Annotated[
    bool, typer.Option("--no-bundled", help="Use only the --criteria sets, not the bundled ones.")
]
LangOption = Annotated[str, typer.Option("--lang", "-l", help="Language of texts: en, fi or sv.")]


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


def catalog_from(criteria: list[Path] | None, no_bundled: bool) -> Catalog:
    from keino_cli.catalog import load_catalog

    if no_bundled and not criteria:
        raise typer.BadParameter("--no-bundled needs at least one --criteria path")
    try:
        return load_catalog(criteria or [], bundled=not no_bundled)
    except InputError as error:
        fail(error.problems)


def engine_from(catalog: Catalog, profile: Path | None, lang: str) -> Engine:
    from keino_cli.api import load_profile
    from keino_cli.engine import Engine

    try:
        return Engine(catalog, load_profile(profile), lang)
    except InputError as error:
        fail(error.problems)


def version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"keino {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Assess how sustainable and innovative a public procurement is."""


@app.command()
def assess(
    inputs: Annotated[list[str], typer.Argument(help="Description files, folders or globs; - for stdin.")],
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = False,
    profile: Annotated[
        Path | None, typer.Option("--profile", "-p", help="Scoring profile (theme weights, parameters).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to FILE; - is stdout.")] = None,
    lang: LangOption = "en",
    fail_under: Annotated[
        float | None, typer.Option("--fail-under", help="Exit 1 when an overall score is below this.")
    ] = None,
) -> None:
    """Score procurement descriptions against the criteria and report each one."""
    from keino_cli.api import assess_inputs
    from keino_cli.model.result import Status
    from keino_cli.render import Format, Report, open_output, render

    try:
        out_format = Format(fmt)
    except ValueError:
        raise typer.BadParameter(f"choose one of: {', '.join(Format)}", param_hint="--format") from None
    catalog = catalog_from(criteria, no_bundled)
    engine = engine_from(catalog, profile, check_lang(lang))
    report = Report([], catalog, lang)
    for outcome in assess_inputs(inputs, engine):
        if outcome.result is not None:
            report.results.append(outcome.result)
        report.problems.extend(outcome.problems)
    report_problems(report.problems)
    with open_output(output) as (out, terminal):
        render(out_format, report, out, terminal)
    if report.problems:
        raise typer.Exit(EXIT_INPUT_ERROR)
    for result in report.results:
        a = result.assessment
        below = fail_under is not None and (a.score or 0.0) < fail_under
        if below or any(g.status is not Status.MET for g in a.gates):
            raise typer.Exit(EXIT_BELOW_BAR)


@app.command()
def facts(
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = False,
    lang: LangOption = "en",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """List every fact the loaded criteria read: type, unit, meaning, and which criteria use it."""
    from keino_cli.render.catalog import render_facts

    catalog = catalog_from(criteria, no_bundled)
    render_facts(catalog, check_lang(lang), fmt, sys.stdout)


@criteria_app.command("list")
def criteria_list(
    theme: Annotated[str | None, typer.Option(help="Only this theme.")] = None,
    cpv: Annotated[str | None, typer.Option(help="Only criteria that apply to this CPV code.")] = None,
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = False,
    lang: LangOption = "en",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """List criteria, optionally filtered by theme or by a CPV code they apply to."""
    from keino_cli.render.catalog import render_list

    catalog = catalog_from(criteria, no_bundled)
    render_list(catalog, check_lang(lang), fmt, sys.stdout, theme=theme, cpv=cpv)


@criteria_app.command("show")
def criteria_show(
    criterion_id: Annotated[str, typer.Argument(metavar="ID", help="Criterion id, e.g. CLI-VEH-01.")],
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = False,
    lang: LangOption = "en",
) -> None:
    """Show one criterion in full: rule, parameters, evidence, recommendation and source."""
    from keino_cli.render.catalog import render_show
    from keino_cli.validation import suggest

    catalog = catalog_from(criteria, no_bundled)
    if criterion_id not in catalog.criteria:
        fail([Problem(criterion_id, f"no such criterion{suggest(criterion_id, catalog.criteria)}")])
    render_show(catalog, criterion_id, check_lang(lang), sys.stdout)


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(EXIT_OK)
