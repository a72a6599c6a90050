"""`keino assess`: score procurements and report each one."""

from __future__ import annotations

from typing import Annotated

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
from keino_cli.render import Format

FORMATS = [f.value for f in Format]


def assess(
    inputs: InputsArgument,
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = None,
    profile: ProfileOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help=f"{', '.join(FORMATS)}.")
    ] = "table",
    output: OutputOption = None,
    lang: LangOption = None,
    input_format: InputFormatOption = None,
    fail_under: FailUnderOption = None,
    doc_lang: DocLangOption = None,
    encoding: EncodingOption = None,
    time_limit: TimeLimitOption = None,
    memory_limit: MemoryLimitOption = None,
    details: Annotated[
        bool, typer.Option("--details", "-v", help="Add every criterion by status, the facts used, the plan.")
    ] = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Score procurements (descriptions, notices, tender documents) and report each one.

    Exit code 1 when a score is below --fail-under or a legal obligation is not shown as met;
    2 when an input or the criteria cannot be read (the other inputs are still reported).

    Example: keino assess examples/school-catering.yaml --lang fi
    """
    arguments = locals()  # first, so it holds the parameters only
    from keino_cli.commands.common import check_choice, load_settings
    from keino_cli.commands.run import Extras, run_assessment

    check_choice(fmt, FORMATS, "--format")
    run_assessment(load_settings(arguments), inputs, fmt, output, "assess", Extras(details=details))
