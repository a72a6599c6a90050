"""Output renderers: one module per format behind one small interface, registered in one table.

A renderer module exposes `render(report, out, terminal)`: it writes the whole report to the
text stream `out`; `terminal` says whether `out` is an interactive terminal (colour, width).
Modules load only when their format is asked for, so the JSON path never imports rich.
"""

from __future__ import annotations

import importlib
from enum import StrEnum
from typing import TYPE_CHECKING, TextIO

from keino_cli.errors import Problem
from keino_cli.output import open_output as open_output  # commands import it from here

if TYPE_CHECKING:
    from rich.console import Console

    from keino_cli.catalog import Catalog
    from keino_cli.gate import Verdict
    from keino_cli.model.result import InputResult


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    JSONL = "jsonl"
    SUMMARY = "summary"
    SARIF = "sarif"
    JUNIT = "junit"
    GITHUB = "github"
    MARKDOWN = "markdown"
    HTML = "html"
    CSV_EXCEL = "csv-excel"


RENDERERS: dict[Format, str] = {
    Format.TABLE: "keino_cli.render.table",
    Format.JSON: "keino_cli.render.json",
    Format.CSV: "keino_cli.render.csv",
    Format.JSONL: "keino_cli.render.jsonl",
    Format.SUMMARY: "keino_cli.render.summary",
    Format.SARIF: "keino_cli.render.sarif",
    Format.JUNIT: "keino_cli.render.junit",
    Format.GITHUB: "keino_cli.render.github",
    Format.MARKDOWN: "keino_cli.render.markdown",
    Format.HTML: "keino_cli.render.html",
    Format.CSV_EXCEL: "keino_cli.render.csv_excel",
}


class Report:
    """Everything a renderer may show: results, the inputs that failed, and the criteria used.
    A plain `__slots__` class (why: keino_cli/values.py)."""

    __slots__ = ("catalog", "details", "lang", "problems", "results", "verdicts")

    def __init__(
        self,
        results: list[InputResult],
        catalog: Catalog,
        lang: str = "en",
        problems: list[Problem] | None = None,
        verdicts: list[Verdict] | None = None,
        details: bool = False,
    ) -> None:
        self.results = results
        self.catalog = catalog
        self.lang = lang
        self.problems = [] if problems is None else problems
        # One per result, in the same order, when the run judged a bar (`keino check`); None for
        # assess.
        self.verdicts = verdicts
        # The human formats add every criterion, each fact used and the whole plan (`--details`).
        self.details = details

    def gate_verdicts(self) -> list[Verdict]:
        """The verdicts, or for a run without a bar those of the default one (legal gates only),
        so the CI formats say something true for `assess` too."""
        if self.verdicts is not None:
            return self.verdicts
        from keino_cli.gate import Bar, evaluate

        return [evaluate(result, Bar()) for result in self.results]


def render(fmt: Format, report: Report, out: TextIO, terminal: bool) -> None:
    importlib.import_module(RENDERERS[fmt]).render(report, out, terminal)


def make_console(out: TextIO, terminal: bool) -> Console:
    """A rich Console per call, so NO_COLOR, FORCE_COLOR and COLUMNS are read when it is used.
    Markup is off: reports print criteria's rules, notices' titles and paths, whose square
    brackets ("in [inc, n-inc-just]", "[/]") rich would take for style tags, dropping the text
    or failing on it; styles are given as `Text` and `style=` instead."""
    from rich.console import Console

    return Console(file=out, force_terminal=terminal or None, highlight=False, soft_wrap=False, markup=False)
