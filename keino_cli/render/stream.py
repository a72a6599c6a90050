"""Streaming writers for `keino batch`: fed one input at a time, so output never waits for the end.

Each writer takes `result(record, line)` for an assessed input (`line` is its JSON line when the
format needs one), `failure(path, problems)` for an input that could not be assessed, and
`close(summary)` at the end. Only the table keeps its rows (a table is for people, not 100 000
inputs); the JSON document writes each result as one compact line inside `results`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TextIO

from keino_cli import __version__
from keino_cli.errors import Problem
from keino_cli.model.result import SCHEMA_VERSION
from keino_cli.portfolio import Record
from keino_cli.render import csv as csv_render
from keino_cli.render.jsonl import error_line


class Writer:
    """Base writer: ignores what its format does not show."""

    needs_lines = False  # whether results must come with their JSON line

    def __init__(self, out: TextIO, terminal: bool, lang: str = "en") -> None:
        self.out = out
        self.terminal = terminal
        self.lang = lang

    def result(self, record: Record, line: str | None) -> None:
        """One assessed input."""

    def failure(self, path: str, problems: list[Problem]) -> None:
        """One input that could not be assessed."""

    def close(self, summary: Mapping[str, Any] | None) -> None:
        """The end of the run, with the portfolio summary when there is one."""


class JsonlWriter(Writer):
    needs_lines = True

    def result(self, record: Record, line: str | None) -> None:
        assert line is not None
        self.out.write(line)
        self.out.flush()

    def failure(self, path: str, problems: list[Problem]) -> None:
        self.out.write(error_line(path, problems))
        self.out.flush()


class CsvWriter(Writer):
    excel = False  # the Excel dialect: semicolons, byte-order mark, the language's decimal comma

    def __init__(self, out: TextIO, terminal: bool, lang: str = "en") -> None:
        super().__init__(out, terminal, lang)
        self.rows = csv_render.writer(out, self.excel)
        self.rows.writerow(csv_render.HEADER)

    def result(self, record: Record, line: str | None) -> None:
        self.rows.writerow(csv_render.row(record, self.excel, self.lang))

    def failure(self, path: str, problems: list[Problem]) -> None:
        self.rows.writerow(csv_render.error_row(path, problems))


class ExcelCsvWriter(CsvWriter):
    excel = True


class SummaryCsvWriter(Writer):
    """The portfolio summary as CSV rows (section, group, name, metric, value)."""

    excel = False

    def close(self, summary: Mapping[str, Any] | None) -> None:
        assert summary is not None
        csv_render.write_summary(summary, self.out, self.lang, self.excel)


class ExcelSummaryCsvWriter(SummaryCsvWriter):
    excel = True


class JsonWriter(Writer):
    """The JSON report of `keino assess` plus `summary`, with results written as they arrive."""

    needs_lines = True

    def __init__(self, out: TextIO, terminal: bool, lang: str = "en") -> None:
        super().__init__(out, terminal, lang)
        self.errors: list[dict[str, Any]] = []
        self.count = 0
        tool = json.dumps({"name": "keino", "version": __version__})
        out.write(f'{{\n  "schema_version": "{SCHEMA_VERSION}",\n  "tool": {tool},\n  "results": [')

    def result(self, record: Record, line: str | None) -> None:
        assert line is not None
        self.out.write(("\n    " if not self.count else ",\n    ") + line.rstrip("\n"))
        self.count += 1

    def failure(self, path: str, problems: list[Problem]) -> None:
        self.errors.extend(
            {"path": p.path, "line": p.line, "column": p.column, "message": p.message} for p in problems
        )

    def close(self, summary: Mapping[str, Any] | None) -> None:
        tail = {"errors": self.errors, "summary": summary}
        body = json.dumps(tail, ensure_ascii=False, indent=2)[1:]  # drop the opening brace
        self.out.write(("\n  ]," if self.count else "],") + body + "\n")


class TableWriter(Writer):
    def __init__(self, out: TextIO, terminal: bool, lang: str = "en") -> None:
        super().__init__(out, terminal, lang)
        self.records: list[Record] = []

    def result(self, record: Record, line: str | None) -> None:
        self.records.append(record)

    def close(self, summary: Mapping[str, Any] | None) -> None:
        from keino_cli.render.summary import overview, show

        overview(self.records, self.out, self.terminal, self.lang)
        if summary is not None:
            show(summary, self.out, self.terminal, self.lang)


class SummaryWriter(Writer):
    def close(self, summary: Mapping[str, Any] | None) -> None:
        from keino_cli.render.summary import show

        assert summary is not None
        show(summary, self.out, self.terminal, self.lang)


class HtmlWriter(TableWriter):
    """The portfolio page: the summary's charts and the procurements ranked."""

    def __init__(self, out: TextIO, terminal: bool, lang: str = "en") -> None:
        super().__init__(out, terminal, lang)
        self.failed: list[str] = []

    def failure(self, path: str, problems: list[Problem]) -> None:
        self.failed.extend(str(p) for p in problems)

    def close(self, summary: Mapping[str, Any] | None) -> None:
        from keino_cli.render.html import render_portfolio

        assert summary is not None
        render_portfolio(self.records, summary, self.out, self.lang, self.failed)


WRITERS: dict[str, type[Writer]] = {
    "table": TableWriter,
    "csv": CsvWriter,
    "jsonl": JsonlWriter,
    "json": JsonWriter,
    "summary": SummaryWriter,
    "html": HtmlWriter,
    "csv-excel": ExcelCsvWriter,
    "summary-csv": SummaryCsvWriter,
    "summary-csv-excel": ExcelSummaryCsvWriter,
}
