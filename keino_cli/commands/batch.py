"""`keino batch`: score many inputs in parallel and report them with a portfolio summary."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from keino_cli.commands.common import (
    EXIT_BELOW_BAR,
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
)

if TYPE_CHECKING:
    from keino_cli.batch import Resume

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
        list[str] | None, typer.Argument(help="Input files and folders (walked recursively), or globs.")
    ] = None,
    from_list: Annotated[
        str | None,
        typer.Option("--from-list", help="Also read input paths from FILE, one a line; - is stdin."),
    ] = None,
    include: Annotated[
        list[str] | None, typer.Option("--include", help="In folders, take only files matching this glob.")
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", help="In folders, skip files and folders matching this glob."),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: CPU count).")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help=f"{', '.join(FORMATS)} (default: table; jsonl with --resume)."),
    ] = None,
    output: OutputOption = None,
    summary: Annotated[
        bool, typer.Option("--summary", help="Add the portfolio summary (always part of json).")
    ] = False,
    resume: Annotated[
        str | None,
        typer.Option("--resume", help="Skip inputs that have a result in this JSONL file; append to it."),
    ] = None,
    fail_under: Annotated[
        float | None, typer.Option("--fail-under", help="Exit 1 when an overall score is below this.")
    ] = None,
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = False,
    profile: ProfileOption = None,
    lang: LangOption = "en",
) -> None:
    """Score many procurements (any input format keino reads) and summarise the portfolio.

    JSONL streams one line per input as it finishes, so a long run can be followed and, with
    --resume, continued. A summary that goes with csv or jsonl on stdout is printed to stderr.
    Exit code 2 when any input failed (all others are still reported), 1 when --fail-under is
    given and a score is below it, else 0.
    """
    from keino_cli.batch import Runner, Settings, collect, default_jobs, read_list, read_resume
    from keino_cli.errors import InputError
    from keino_cli.portfolio import Portfolio, record
    from keino_cli.render.stream import WRITERS

    fmt = check_choice(fmt or ("jsonl" if resume else "table"), FORMATS, "--format")
    if resume is not None:
        if fmt != "jsonl" or output not in (None, resume):
            raise typer.BadParameter("--resume appends to its file: use it with --format jsonl alone")
        output = resume
    if not paths and from_list is None:
        raise typer.BadParameter("give input paths or --from-list")
    catalog = catalog_from(criteria, no_bundled)
    engine = engine_from(catalog, profile, check_lang(lang))
    args = list(paths or [])
    if from_list is not None:
        try:
            args += read_list(from_list)
        except InputError as error:
            fail(error.problems)
    entries = collect(args, include or (), exclude or ())
    portfolio = Portfolio() if summary or fmt in ("json", "html") or fmt.startswith("summary") else None
    state: Resume | None = None
    if resume is not None:
        try:
            state = read_resume(resume, keep=portfolio is not None)
        except InputError as error:
            fail(error.problems)
        entries = [e for e in entries if not isinstance(e, str) or e not in state.done]
        if state.bad_lines:
            sys.stderr.write(
                f"{resume}: {state.bad_lines} unreadable lines left out (their inputs run again)\n"
            )
        if portfolio is not None:
            for data in state.lines:
                portfolio.add(record(data))
    writer_type = WRITERS[fmt]
    settings = Settings(tuple(criteria or ()), not no_bundled, profile, lang, writer_type.needs_lines)
    inputs = sum(isinstance(e, str) for e in entries)
    failed = below = assessed = 0
    with _open(output, fmt, state) as (out, terminal):
        writer = writer_type(out, terminal, lang)
        runner = Runner(settings, min(jobs or default_jobs(), max(1, inputs)), engine)
        with runner, _progress(len(entries)) as (advance, say):
            for item in runner.items(entries, ordered=fmt != "jsonl"):
                advance()
                if item.record is None:
                    failed += 1
                    writer.failure(item.path, item.problems)
                    for problem in item.problems:
                        say(str(problem))
                    if portfolio is not None:
                        portfolio.add_failure()
                    continue
                assessed += 1
                writer.result(item.record, item.line)
                if portfolio is not None:
                    portfolio.add(item.record)
                if fail_under is not None and (item.record.score or 0.0) < fail_under:
                    below += 1
        totals = portfolio.to_dict() if portfolio is not None else None
        writer.close(totals)
    if totals is not None and summary and fmt in ("csv", "csv-excel", "jsonl"):
        from keino_cli.render.summary import show

        stream = sys.stdout if output not in (None, "-") else sys.stderr
        show(totals, stream, stream.isatty(), lang)
    from keino_cli.i18n import t

    skipped = t("cli.batch_skipped", lang, count=len(state.done), path=resume) if state is not None else ""
    sys.stderr.write(t("cli.batch_done", lang, assessed=assessed, failed=failed, skipped=skipped) + "\n")
    if failed:
        raise typer.Exit(EXIT_INPUT_ERROR)
    if below:
        raise typer.Exit(EXIT_BELOW_BAR)


@contextmanager
def _open(output: str | None, fmt: str, state: Resume | None) -> Iterator[tuple[TextIO, bool]]:
    """JSONL goes straight to its file, line by line (a killed run keeps every whole line, and a
    resumed one appends after the last); the other formats are written atomically."""
    from keino_cli.output import open_output_lines
    from keino_cli.render import open_output

    if fmt != "jsonl" or output in (None, "-"):
        with open_output(output) as opened:
            yield opened
        return
    keep = state.size if state is not None and Path(output).exists() else None  # type: ignore[arg-type]
    with open_output_lines(output, keep) as handle:  # type: ignore[arg-type]
        yield handle, False


@contextmanager
def _progress(total: int) -> Iterator[tuple[Callable[[], None], Callable[[str], Any]]]:
    """A progress bar on stderr when stderr is a terminal; messages go above it."""
    if not sys.stderr.isatty() or total < 2:
        yield (lambda: None), (lambda message: sys.stderr.write(message + "\n"))
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True, highlight=False)
    columns = (TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("scoring", total=total)
        yield (lambda: progress.advance(task)), (lambda message: console.print(message, markup=False))
