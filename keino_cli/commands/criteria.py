"""`keino criteria list|show|validate|test|export` and `keino facts`: the criteria as data."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from keino_cli.commands.common import (
    EXIT_BELOW_BAR,
    EXIT_INPUT_ERROR,
    CriteriaOption,
    LangOption,
    NoBundledOption,
    catalog_for,
    check_choice,
    fail,
    load_settings,
    report_problems,
)
from keino_cli.errors import InputError, Problem

FormatOption = Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="table or json.")]
criteria_app = typer.Typer(
    help="List, show, validate, test and export criteria sets.", no_args_is_help=True, rich_markup_mode=None
)


def facts(
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = None,
    lang: LangOption = None,
    fmt: FormatOption = "table",
) -> None:
    """List every fact the loaded criteria read: type, unit, meaning, and which criteria use it.

    Example: keino facts --format json
    """
    settings = load_settings(locals())
    from keino_cli.render.catalog import render_facts

    fmt = check_choice(fmt, ["table", "json"], "--format")
    render_facts(catalog_for(settings), settings["lang"], fmt, sys.stdout)


@criteria_app.command("list")
def criteria_list(
    theme: Annotated[str | None, typer.Option(metavar="THEME", help="Only this theme.")] = None,
    cpv: Annotated[
        str | None, typer.Option(metavar="CODE", help="Only criteria that apply to this CPV code.")
    ] = None,
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = None,
    lang: LangOption = None,
    fmt: FormatOption = "table",
) -> None:
    """List criteria, optionally only one theme's or those that apply to a CPV code.

    Example: keino criteria list --cpv 55524000
    """
    settings = load_settings(locals())
    from keino_cli.render.catalog import render_list

    fmt = check_choice(fmt, ["table", "json"], "--format")
    render_list(catalog_for(settings), settings["lang"], fmt, sys.stdout, theme=theme, cpv=cpv)


@criteria_app.command("show")
def criteria_show(
    criterion_id: Annotated[str, typer.Argument(metavar="ID", help="Criterion id, e.g. CLI-VEH-01.")],
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = None,
    lang: LangOption = None,
) -> None:
    """Show one criterion in full: rule, parameters, evidence, recommendation and source.

    Example: keino criteria show CLI-VEH-01 --lang fi
    """
    settings = load_settings(locals())
    from keino_cli.render.catalog import render_show
    from keino_cli.validation import suggest

    catalog = catalog_for(settings)
    if criterion_id not in catalog.criteria:
        fail([Problem(criterion_id, f"no such criterion{suggest(criterion_id, catalog.criteria)}")])
    render_show(catalog, criterion_id, settings["lang"], sys.stdout)


@criteria_app.command("validate")
def criteria_validate(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="A criteria set file or a folder of them.")],
) -> None:
    """Check a criteria set: schema, rules, ids, facts, parameters, translations and its examples.

    Example: keino criteria validate my-city.yaml

    The set is loaded beside the bundled ones (so it may use their facts and override them).
    Every problem is one line with file:line:column; exit code 2 when there is any.
    """
    from keino_cli.catalog import criteria_files, load_catalog
    from keino_cli.catalog.lint import lint
    from keino_cli.catalog.selftest import run_examples

    try:
        catalog = load_catalog([path])
    except InputError as error:
        fail(error.problems)
    wanted = {str(p) for p in criteria_files(path)} | {str(p.resolve()) for p in criteria_files(path)}
    files = [f for f in catalog.files if f.path in wanted or str(Path(f.path).resolve()) in wanted]
    paths = {f.path for f in files}
    problems = lint(catalog, files)
    problems.extend(case.problem for case in run_examples(catalog, paths) if case.problem is not None)
    count = sum(1 for e in catalog.criteria.values() if e.file.path in paths)
    report_problems(problems)
    sys.stdout.write(f"{path}: {count} criteria in {len(files)} files, {len(problems)} problems\n")
    if problems:
        raise typer.Exit(EXIT_INPUT_ERROR)


@criteria_app.command("test")
def criteria_test(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="PATH", help="Criteria files or folders; default: bundled."),
    ] = None,
) -> None:
    """Run every criterion's pass / fail / partly examples and print a summary per set.

    Example: keino criteria test my-city.yaml

    Exit code 1 when an example does not give the expected status, 2 when the sets do not load.
    """
    from collections import Counter

    from keino_cli.catalog import criteria_files, load_catalog
    from keino_cli.catalog.selftest import run_examples

    try:
        catalog = load_catalog(paths or [])
    except InputError as error:
        fail(error.problems)
    only = None
    if paths:
        wanted = {f.resolve() for path in paths for f in criteria_files(path)}
        only = {f.path for f in catalog.files if Path(f.path).resolve() in wanted}
    cases = run_examples(catalog, only)
    passed: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    for case in cases:
        set_id = catalog.criteria[case.criterion_id].set_id
        (passed if case.ok else failed)[set_id] += 1
    report_problems([case.problem for case in cases if case.problem is not None])
    for set_id in sorted(set(passed) | set(failed)):
        sys.stdout.write(f"{set_id}: {passed[set_id]} passed, {failed[set_id]} failed\n")
    sys.stdout.write(f"{sum(passed.values())} passed, {sum(failed.values())} failed\n")
    if failed:
        raise typer.Exit(EXIT_BELOW_BAR)


@criteria_app.command("export")
def criteria_export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="markdown or json.")
    ] = "markdown",
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = None,
    lang: LangOption = None,
) -> None:
    """Export every set, criterion, parameter and fact as documentation (Markdown) or data (JSON).

    Example: keino criteria export > criteria.md
    """
    settings = load_settings(locals())
    import json

    catalog = catalog_for(settings)
    if check_choice(fmt, ["markdown", "json"], "--format") == "markdown":
        from keino_cli.render.criteria_docs import markdown

        sys.stdout.write(markdown(catalog, settings["lang"]))
        return
    sets = [s.model_dump(mode="json", by_alias=True, exclude_none=True) for s in catalog.sets]
    json.dump({"sets": sets}, sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.write("\n")
