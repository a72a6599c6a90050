"""`keino check`: the CI gate. Assess inputs, judge each against the bar, report, set the exit code.

Settings come from the command line, else the nearest config file (`[tool.keino]` in
pyproject.toml or `keino.toml`), else defaults; `keino config show` prints the merge. The verdict
logic is `keino_cli.gate`; this module only wires options, inputs, outputs and exit codes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from keino_cli.commands.common import (
    EXIT_BELOW_BAR,
    EXIT_INPUT_ERROR,
    EXIT_OK,
    CriteriaOption,
    InputsArgument,
    OutputOption,
    ProfileOption,
    fail,
)

if TYPE_CHECKING:
    from keino_cli.config import Settings
    from keino_cli.render import Format

# Options shared with `keino config show`, so it can show what a flag would change. A value left
# at None means "not given" and falls back to the config file, then the default.
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Use this config file instead of searching for one.")
]
NoConfigOption = Annotated[bool, typer.Option("--no-config", help="Ignore config files.")]
NoBundledOption = Annotated[
    bool | None, typer.Option("--no-bundled", help="Use only the --criteria sets, not the bundled ones.")
]
LangOption = Annotated[str | None, typer.Option("--lang", "-l", help="Language of texts: en, fi or sv.")]
IgnoreOption = Annotated[
    list[str] | None,
    typer.Option("--ignore", metavar="GLOB", help="Skip inputs whose path matches (repeatable)."),
]
FailUnderOption = Annotated[
    float | None,
    typer.Option(
        "--fail-under", min=0, max=100, metavar="SCORE", help="Fail an input whose overall score is below."
    ),
]
FailUnderThemeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--fail-under-theme", metavar="THEME=SCORE", help="Fail below this theme score (repeatable)."
    ),
]
RequireOption = Annotated[
    list[str] | None,
    typer.Option("--require", metavar="ID", help="A criterion that must be met (repeatable)."),
]
MinLevelOption = Annotated[
    str | None, typer.Option("--min-level", help="Ambition level to reach: core, comprehensive or spearhead.")
]
AllowUnknownOption = Annotated[
    bool | None,
    typer.Option(
        "--allow-unknown-gates",
        help="Let legal gates that are unknown (not shown either way) warn, not fail.",
    ),
]
BaselineOption = Annotated[
    Path | None, typer.Option("--baseline", help="Fail only on failures not recorded in this baseline file.")
]


def load_settings(config: Path | None, no_config: bool, arguments: dict[str, Any]) -> Settings:
    """Effective settings: flags (None = not given) over the config file over defaults.

    `arguments` are the command's parameters (its `locals()`); those named like a setting are
    the flags, so `check` and `config show` share one list of settings: `config.DEFAULTS`."""
    from keino_cli.config import DEFAULTS, discover, load_config, parse_theme_bars, resolve
    from keino_cli.errors import InputError

    given = {name: arguments.get(name) for name in DEFAULTS}  # `country` is set in keino.toml only

    if given.get("fail_under_theme") is not None:
        try:
            given["fail_under_theme"] = parse_theme_bars(given["fail_under_theme"])
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--fail-under-theme") from None
    if given.get("min_level") not in (None, "core", "comprehensive", "spearhead"):
        raise typer.BadParameter("choose core, comprehensive or spearhead", param_hint="--min-level")
    if given.get("lang") not in (None, "en", "fi", "sv"):
        raise typer.BadParameter("choose en, fi or sv", param_hint="--lang")
    try:
        found = None if no_config else load_config(config) if config else discover(Path.cwd())
    except InputError as error:
        fail(error.problems)
    return resolve(given, found)


def resolve_format(name: str, output: str | None) -> Format:
    """`auto`: github under GitHub Actions (writing to stdout), table on a terminal, else json."""
    from keino_cli.render import Format

    if name != "auto":
        try:
            return Format(name)
        except ValueError:
            choices = ", ".join(["auto", *(f.value for f in Format)])
            raise typer.BadParameter(f"choose one of: {choices}", param_hint="--format") from None
    to_stdout = output in (None, "-")
    if to_stdout and os.environ.get("GITHUB_ACTIONS", "").lower() not in ("", "false", "0"):
        return Format.GITHUB
    return Format.TABLE if to_stdout and sys.stdout.isatty() else Format.JSON


def parse_reports(specs: list[str]) -> list[tuple[Format, str]]:
    """`FORMAT:PATH` pairs; the format is everything before the first colon."""
    from keino_cli.render import Format

    reports = []
    for spec in specs:
        name, sep, path = spec.partition(":")
        if not sep or not path or name not in {f.value for f in Format}:
            choices = ", ".join(f.value for f in Format)
            raise typer.BadParameter(
                f"{spec!r}: expected FORMAT:PATH with FORMAT one of {choices}", param_hint="--report"
            )
        reports.append((Format(name), path))
    return reports


def check(
    inputs: InputsArgument,
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = None,
    profile: ProfileOption = None,
    lang: LangOption = None,
    fail_under: FailUnderOption = None,
    fail_under_theme: FailUnderThemeOption = None,
    require: RequireOption = None,
    min_level: MinLevelOption = None,
    allow_unknown_gates: AllowUnknownOption = None,
    ignore: IgnoreOption = None,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="auto, table, json, sarif, junit, github, markdown or html."),
    ] = "auto",
    output: OutputOption = None,
    reports: Annotated[
        list[str] | None,
        typer.Option("--report", metavar="FORMAT:PATH", help="Also write this format to PATH (repeatable)."),
    ] = None,
    baseline: BaselineOption = None,
    write_baseline: Annotated[
        Path | None, typer.Option("--write-baseline", help="Record today's failures in FILE; they then pass.")
    ] = None,
    no_fail: Annotated[
        bool, typer.Option("--no-fail", help="Exit 0 even when an input is below the bar.")
    ] = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Check procurement descriptions against a bar, for CI and pre-commit.

    An input fails when a legal obligation is not shown as met (unknown counts as not met unless
    --allow-unknown-gates), a --require'd criterion is not met, a score is below --fail-under or
    --fail-under-theme, the ambition level is below --min-level, or a waiver has expired. Waived
    and baselined items are counted apart. Exit 0 when every input clears the bar, 1 when one
    does not, 2 on a usage or input error (unreadable inputs are reported, the rest still checked);
    --no-fail turns 1 into 0.
    """
    arguments = locals()  # first, so it holds the parameters only
    from keino_cli.api import assess_inputs, expand_inputs
    from keino_cli.commands.common import catalog_from, engine_from, report_problems
    from keino_cli.errors import InputError, Problem
    from keino_cli.gate import Verdict, apply_baseline, evaluate, read_baseline, summarise
    from keino_cli.gate import write_baseline as save_baseline
    from keino_cli.i18n import t
    from keino_cli.render import Format, Report, open_output, render
    from keino_cli.render.view import summary_line
    from keino_cli.validation import suggest

    out_format = resolve_format(fmt, output)
    extra = parse_reports(reports or [])
    settings = load_settings(config, no_config, arguments)
    bar = settings.bar()
    catalog = catalog_from(settings["criteria"] or None, settings["no_bundled"])
    unknown = [ident for ident in bar.require if ident not in catalog.criteria]
    if unknown:
        where = settings.values["require"].source
        fail(
            [
                Problem(where, f"require: unknown criterion {i!r}{suggest(i, catalog.criteria)}")
                for i in unknown
            ]
        )
    engine = engine_from(catalog, settings["profile"], settings["lang"], settings["country"])
    baseline_path: Path | None = settings["baseline"]
    known: set[tuple[str, str, str]] = set()
    if baseline_path is not None and write_baseline is None:  # a rewrite records every failure anyway
        try:
            known = read_baseline(baseline_path)
        except InputError as error:
            fail(error.problems)
    baseline_root = baseline_path.parent if baseline_path is not None else Path.cwd()

    verdicts: list[Verdict] = []
    report = Report([], catalog, settings["lang"], verdicts=verdicts)
    paths: list[str] = []
    skipped = 0
    for item in expand_inputs(inputs):
        if isinstance(item, Problem):
            report.problems.append(item)
        elif settings.ignored(item):
            skipped += 1
        else:
            paths.append(item)
    for outcome in assess_inputs(paths, engine):
        report.problems.extend(outcome.problems)
        if outcome.result is not None:
            verdict = evaluate(outcome.result, bar)
            if known:
                apply_baseline(verdict, known, baseline_root)
            report.results.append(outcome.result)
            verdicts.append(verdict)
    if write_baseline is not None:
        try:
            save_baseline(write_baseline, verdicts)
        except InputError as error:
            fail(error.problems)

    report_problems(report.problems)
    if skipped:
        sys.stderr.write(t("cli.check_skipped", settings["lang"], count=skipped) + "\n")
    try:
        for report_format, path in extra:
            with open_output(path) as (out, _):
                render(report_format, report, out, False)
        with open_output(output) as (out, terminal):
            render(out_format, report, out, terminal)
    except OSError as error:
        fail([Problem(error.filename or "output", f"cannot write report: {error.strerror or error}")])
    summary = summarise(verdicts, (p.path for p in report.problems))
    if out_format in (Format.JSON, Format.SARIF, Format.JUNIT) and output in (None, "-"):
        line = summary_line(summary, settings["lang"])
        sys.stderr.write(t("cli.check_summary", settings["lang"], line=line) + "\n")
    if report.problems:
        raise typer.Exit(EXIT_INPUT_ERROR)
    raise typer.Exit(EXIT_OK if summary.passed or no_fail else EXIT_BELOW_BAR)
