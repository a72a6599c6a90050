"""`keino check`: the CI gate. Assess inputs, judge each against the bar, report, set the exit code.

Settings come from the command line, else the nearest config file (`[tool.keino]` in
pyproject.toml or `keino.toml`), else defaults; `keino config show` prints the merge. The verdict
logic is `keino_cli.gate`; this module only wires options, inputs, outputs and exit codes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from keino_cli.commands.common import (
    ConfigOption,
    CriteriaOption,
    DocLangOption,
    EncodingOption,
    FailUnderOption,
    InputFormatOption,
    InputsArgument,
    LangOption,
    MemoryLimitOption,
    NoBundledOption,
    NoConfigOption,
    OutputOption,
    ProfileOption,
    TimeLimitOption,
)

if TYPE_CHECKING:
    from keino_cli.render import Format

# Options shared with `keino config show`, so it can show what a flag would change. A value left
# at None means "not given" and falls back to the config file, then the default.
IgnoreOption = Annotated[
    list[str] | None,
    typer.Option("--ignore", metavar="GLOB", help="Skip inputs whose path matches (repeatable)."),
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
    str | None,
    typer.Option(
        "--min-level", metavar="LEVEL", help="Ambition level to reach: core, comprehensive or spearhead."
    ),
]
AllowUnknownOption = Annotated[
    bool | None,
    typer.Option(
        "--allow-unknown-gates",
        help="Let legal gates that are unknown (not shown either way) warn, not fail.",
    ),
]
BaselineOption = Annotated[
    Path | None,
    typer.Option(
        "--baseline", metavar="FILE", help="Fail only on failures not recorded in this baseline file."
    ),
]


def resolve_format(name: str, output: str | None) -> Format:
    """`auto`: github under GitHub Actions (writing to stdout); for an output file, the format its
    suffix names (.json, .sarif, .xml for JUnit, .md); else the human table, as linters print
    human text in any CI. Machine formats on stdout are asked for by name."""
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
    by_suffix = {".json": Format.JSON, ".sarif": Format.SARIF, ".xml": Format.JUNIT, ".md": Format.MARKDOWN}
    return Format.TABLE if to_stdout else by_suffix.get(Path(str(output)).suffix.lower(), Format.TABLE)


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
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="auto, table, json, sarif, junit, github, markdown or html.",
        ),
    ] = "auto",
    output: OutputOption = None,
    reports: Annotated[
        list[str] | None,
        typer.Option("--report", metavar="FORMAT:PATH", help="Also write this format to PATH (repeatable)."),
    ] = None,
    baseline: BaselineOption = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline", metavar="FILE", help="Record today's failures in FILE; they then pass."
        ),
    ] = None,
    no_fail: Annotated[
        bool, typer.Option("--no-fail", help="Exit 0 even when an input is below the bar.")
    ] = False,
    input_format: InputFormatOption = None,
    doc_lang: DocLangOption = None,
    encoding: EncodingOption = None,
    time_limit: TimeLimitOption = None,
    memory_limit: MemoryLimitOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Check procurements against a bar, for CI and pre-commit.

    An input fails when a legal obligation is not shown as met (unknown counts as not met unless
    --allow-unknown-gates), a --require'd criterion is not met, a score is below --fail-under or
    --fail-under-theme, the ambition level is below --min-level, or a waiver has expired. Waived
    and baselined items are counted apart. Exit 0 when every input clears the bar, 1 when one
    does not, 2 on a usage or input error (unreadable inputs are reported, the rest still checked);
    --no-fail turns 1 into 0.

    Example: keino check procurements/ --fail-under 60 --report sarif:keino.sarif
    """
    arguments = locals()  # first, so it holds the parameters only
    from keino_cli.commands.common import load_settings
    from keino_cli.commands.run import Extras, run_assessment

    out_format = resolve_format(fmt, output)
    extra = [(f.value, path) for f, path in parse_reports(reports or [])]
    settings = load_settings(arguments)
    run_assessment(
        settings,
        inputs,
        out_format.value,
        output,
        "check",
        Extras(reports=extra, write_baseline=write_baseline, no_fail=no_fail, summary_line=True),
    )
