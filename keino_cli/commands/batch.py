"""`keino batch`: `assess` with worker processes, input lists, resume and a portfolio summary."""

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
    LangOption,
    MemoryLimitOption,
    NoBundledOption,
    NoConfigOption,
    OutputOption,
    ProfileOption,
    TimeLimitOption,
)

FORMATS = [
    "table",
    "csv",
    "csv-excel",
    "jsonl",
    "json",
    "summary",
    "summary-csv",
    "summary-csv-excel",
    "html",
]


def batch(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="PATH", help="Input files and folders (walked recursively), or globs."),
    ] = None,
    from_list: Annotated[
        str | None,
        typer.Option(
            "--from-list", metavar="FILE", help="Also read input paths from FILE, one a line; - is stdin."
        ),
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option("--include", metavar="GLOB", help="In folders, take only files matching this glob."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude", metavar="GLOB", help="In folders, skip files and folders matching this glob."
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes (default: CPU count)."),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"{', '.join(FORMATS)} (default: table; jsonl with --resume).",
        ),
    ] = None,
    output: OutputOption = None,
    summary: Annotated[
        bool, typer.Option("--summary", help="Add the portfolio summary (always part of json).")
    ] = False,
    resume: Annotated[
        str | None,
        typer.Option(
            "--resume",
            metavar="FILE",
            help="Skip inputs that have a result in this JSONL file; append to it.",
        ),
    ] = None,
    fail_under: FailUnderOption = None,
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = None,
    profile: ProfileOption = None,
    lang: LangOption = None,
    input_format: InputFormatOption = None,
    doc_lang: DocLangOption = None,
    encoding: EncodingOption = None,
    time_limit: TimeLimitOption = None,
    memory_limit: MemoryLimitOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Score many procurements in parallel (any input format keino reads) and summarise the portfolio.

    Inputs are read exactly as `assess` reads them (a folder of tender documents is one package).
    JSONL streams one line per input as it finishes, so a long run can be followed and, with
    --resume, continued. A summary that goes with csv or jsonl on stdout is printed to stderr.
    Exit codes as for `assess`: 2 when any input failed (all others are still reported), 1 when
    one is below the bar (a legal obligation not shown as met, a score under --fail-under), else 0.

    Example: keino batch notices/ --jobs 2 --format jsonl -o results.jsonl --summary
    """
    arguments = locals()  # first, so it holds the parameters only
    from keino_cli.batch import read_list
    from keino_cli.commands.common import check_choice, fail, load_settings
    from keino_cli.commands.run import Extras, run_assessment
    from keino_cli.errors import InputError
    from keino_cli.pipeline import default_jobs

    fmt = check_choice(fmt or ("jsonl" if resume else "table"), FORMATS, "--format")
    if resume is not None:
        if fmt != "jsonl" or output not in (None, resume):
            raise typer.BadParameter("--resume appends to its file: use it with --format jsonl alone")
        output = resume
    if not paths and from_list is None:
        raise typer.BadParameter("give input paths or --from-list")
    settings = load_settings(arguments)
    args = list(paths or [])
    if from_list is not None:
        try:
            args += read_list(from_list)
        except InputError as error:
            fail(error.problems)
    extras = Extras(
        jobs=jobs or default_jobs(),
        include=include or (),
        exclude=exclude or (),
        resume=resume,
        summary=summary,
        compact=True,
    )
    run_assessment(settings, args, fmt, output, "batch", extras)
