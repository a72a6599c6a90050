"""`keino assess`: score procurement descriptions and report each one."""

from __future__ import annotations

from typing import Annotated

import typer

from keino_cli.commands.common import (
    EXIT_BELOW_BAR,
    EXIT_INPUT_ERROR,
    CriteriaOption,
    InputsArgument,
    LangOption,
    NoBundledOption,
    OutputOption,
    ProfileOption,
    catalog_from,
    check_choice,
    check_lang,
    engine_from,
    report_problems,
)
from keino_cli.commands.scan import DocLangOption, EncodingOption, check_doc_lang


def assess(
    inputs: InputsArgument,
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = False,
    profile: ProfileOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="table, json, csv, csv-excel, jsonl, summary, sarif, junit, github, markdown or html.",
        ),
    ] = "table",
    output: OutputOption = None,
    lang: LangOption = "en",
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format", help="Read inputs as eforms, ocds or description (default: by content)."
        ),
    ] = None,
    fail_under: Annotated[
        float | None, typer.Option("--fail-under", help="Exit 1 when an overall score is below this.")
    ] = None,
    doc_lang: DocLangOption = None,
    encoding: EncodingOption = None,
    details: Annotated[
        bool, typer.Option("--details", "-v", help="Add every criterion by status, the facts used, the plan.")
    ] = False,
) -> None:
    """Score procurement descriptions against the criteria and report each one.

    Exit code 1 when a score is below --fail-under or a legal obligation is not shown as met;
    2 when an input or the criteria cannot be read (the other inputs are still reported).
    """
    from keino_cli.api import assess_inputs
    from keino_cli.gate import Bar, evaluate
    from keino_cli.readers import ReadOptions, reader_names
    from keino_cli.render import Format, Report, open_output, render

    try:
        out_format = Format(fmt)
    except ValueError:
        choices = ", ".join(Format)
        raise typer.BadParameter(f"choose one of: {choices}", param_hint="--format") from None
    if input_format is not None:
        check_choice(input_format, reader_names(), "--input-format")
    catalog = catalog_from(criteria, no_bundled)
    engine = engine_from(catalog, profile, check_lang(lang))
    report = Report([], catalog, lang, details=details)
    options = ReadOptions(encoding=encoding, doc_lang=check_doc_lang(doc_lang))
    for outcome in assess_inputs(inputs, engine, options, input_format=input_format):
        if outcome.result is not None:
            report.results.append(outcome.result)
        report.problems.extend(outcome.problems)
    report_problems(report.problems)
    with open_output(output) as (out, terminal):
        render(out_format, report, out, terminal)
    if report.problems:
        raise typer.Exit(EXIT_INPUT_ERROR)
    bar = Bar(fail_under=fail_under)  # the same verdict as `keino check` with only this bar
    if not all(evaluate(result, bar).passed for result in report.results):
        raise typer.Exit(EXIT_BELOW_BAR)
