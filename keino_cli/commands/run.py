"""The run shared by `assess`, `check` and `batch`: expand inputs, open the outputs, feed every
item to the writers, end with one summary line and the exit code of `keino_cli.gate.exit_code`.

The three commands differ only in their defaults and extras, all listed in `Extras`: `check`
adds more reports, a baseline and `--no-fail`; `batch` adds worker processes, input lists,
include/exclude globs, resuming a JSONL file and the portfolio summary.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

import typer

from keino_cli.commands.common import assessor_for, catalog_for, fail, feed
from keino_cli.errors import InputError, Problem

if TYPE_CHECKING:
    from keino_cli.batch import Resume
    from keino_cli.config import Settings
    from keino_cli.pipeline import Item


class Extras:
    """What a command adds to the shared run (the defaults are `assess`'s). A plain `__slots__`
    class (why: keino_cli/values.py)."""

    __slots__ = (
        "compact",
        "details",
        "exclude",
        "include",
        "jobs",
        "no_fail",
        "reports",
        "resume",
        "summary",
        "summary_line",
        "write_baseline",
    )

    def __init__(
        self,
        *,
        reports: Sequence[tuple[str, str]] = (),
        write_baseline: Path | None = None,
        no_fail: bool = False,
        jobs: int = 1,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        resume: str | None = None,
        summary: bool = False,
        compact: bool = False,
        summary_line: bool = False,
        details: bool = False,
    ) -> None:
        self.reports = reports  # (format, path): more reports from the same run
        self.write_baseline = write_baseline
        self.no_fail = no_fail
        self.jobs = jobs
        self.include = include
        self.exclude = exclude
        self.resume = resume
        self.summary = summary  # keep the portfolio summary (batch)
        self.compact = compact  # batch: compact results
        self.summary_line = summary_line  # check: `N inputs, N passed ...` on stderr for machine formats
        self.details = details  # assess --details: every criterion in the human formats


def run_assessment(
    settings: Settings,
    inputs: Sequence[str],
    fmt: str,
    output: str | None,
    command: str,
    extras: Extras | None = None,
) -> NoReturn:
    """Assess `inputs` with `settings`, write `fmt` to `output` (and the extras), exit."""
    extras = extras or Extras()
    from keino_cli.gate import Tally, apply_baseline, exit_code, read_baseline, record_baseline
    from keino_cli.gate import write_baseline as save_baseline
    from keino_cli.pipeline import Needs, Runner, expand
    from keino_cli.render.stream import (
        PORTFOLIO_FORMATS,
        PortfolioWriter,
        RunInfo,
        Totals,
        Writer,
        writer_for,
    )

    catalog = catalog_for(settings, records=True)
    bar = settings.bar()
    unknown = [ident for ident in bar.require if ident not in catalog.criteria]
    if unknown:
        from keino_cli.validation import suggest

        where = settings.values["require"].source
        fail(
            [
                Problem(where, f"require: unknown criterion {i!r}{suggest(i, catalog.criteria)}")
                for i in unknown
            ]
        )
    baseline_path: Path | None = settings["baseline"]
    known: set[tuple[str, str, str]] = set()
    if baseline_path is not None and extras.write_baseline is None:  # a rewrite records every failure
        try:
            known = read_baseline(baseline_path)
        except InputError as error:
            fail(error.problems)
    baseline_root = baseline_path.parent if baseline_path is not None else Path.cwd()

    units = expand(inputs, extras.include, extras.exclude)
    kept = [u for u in units if isinstance(u, Problem) or not settings.ignored(u.path)]
    skipped = len(units) - len(kept)
    state: Resume | None = None
    keep: int | None = None  # bytes of an earlier JSONL output to append after
    if extras.resume is not None:
        from keino_cli.batch import read_resume, repair

        try:
            state = read_resume(extras.resume, keep=extras.summary or fmt in PORTFOLIO_FORMATS)
            keep = repair(extras.resume, state)
        except InputError as error:
            fail(error.problems)
        except OSError as error:
            fail([Problem(extras.resume, f"cannot repair: {error.strerror or error}")])
        kept = [u for u in kept if isinstance(u, Problem) or u.path not in state.done]
        if state.bad_lines:
            sys.stderr.write(
                f"{extras.resume}: {state.bad_lines} unreadable lines left out (their inputs run again)\n"
            )

    info = RunInfo(
        catalog, settings["lang"], gate=command == "check", compact=extras.compact, details=extras.details
    )
    recorded: list[dict[str, str]] = []
    tally = Tally()

    def on_result(item: Item) -> None:
        assert item.verdict is not None
        if known:
            apply_baseline(item.verdict, known, baseline_root)
        if extras.write_baseline is not None:
            recorded.extend(record_baseline(item.verdict, extras.write_baseline.parent))

    with ExitStack() as stack:
        writers: list[Writer] = []
        for report_format, path in [(fmt, output), *extras.reports]:
            out, terminal = stack.enter_context(_open(path, report_format, keep))
            writers.append(writer_for(report_format, out, terminal, info))
        portfolio = None
        if extras.summary or (extras.compact and fmt in PORTFOLIO_FORMATS):
            portfolio = PortfolioWriter(sys.stderr, False, info)
            writers.append(portfolio)
            if state is not None:
                from keino_cli.portfolio import record

                for data in state.lines:
                    portfolio.portfolio.add(record(data))
        needs = Needs()
        for writer in writers:
            needs = needs | writer.needs
        assessor, spec = assessor_for(settings, needs, catalog)
        local = sum(not isinstance(u, Problem) for u in kept)
        runner = Runner(assessor, spec, min(extras.jobs, max(1, local)), kept)
        ordered = not (extras.compact and fmt == "jsonl")
        feed(runner, kept, writers, tally, ordered, on_result)
        totals = Totals(tally.summary(), portfolio.portfolio.to_dict() if portfolio else None)
        for writer in writers:
            writer.end(totals)
    if extras.write_baseline is not None:
        try:
            save_baseline(extras.write_baseline, recorded)
        except InputError as error:
            fail(error.problems)

    from keino_cli.i18n import t

    summary, lang = totals.summary, settings["lang"]
    if totals.portfolio is not None and extras.summary and fmt in ("csv", "csv-excel", "jsonl"):
        from keino_cli.render.summary import show

        stream = sys.stdout if output not in (None, "-") else sys.stderr
        show(totals.portfolio, stream, stream.isatty(), settings["lang"])
    if skipped:
        sys.stderr.write(t("cli.check_skipped", lang, count=skipped) + "\n")
    if command == "batch":
        assessed = summary.inputs - summary.errors
        done = t("cli.batch_skipped", lang, count=len(state.done), path=extras.resume) if state else ""
        sys.stderr.write(
            t("cli.batch_done", lang, assessed=assessed, failed=summary.errors, skipped=done) + "\n"
        )
    elif extras.summary_line and fmt in ("json", "sarif", "junit") and output in (None, "-"):
        from keino_cli.render.view import summary_line

        sys.stderr.write(t("cli.check_summary", lang, line=summary_line(summary, lang)) + "\n")
    raise typer.Exit(exit_code(summary, extras.no_fail))


@contextmanager
def _open(target: str | None, fmt: str, keep: int | None) -> Iterator[tuple[TextIO, bool]]:
    """JSONL to a file goes straight to it in whole lines (a killed run keeps every whole line,
    and a resumed one appends after the `keep` bytes of the last); the rest is written atomically."""
    from keino_cli.output import open_output_lines
    from keino_cli.render import open_output

    if fmt != "jsonl" or target in (None, "-"):
        with open_output(target) as opened:
            yield opened
        return
    with open_output_lines(target, keep) as handle:
        yield handle, False
