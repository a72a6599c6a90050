"""Streaming writers: the one renderer interface of `assess`, `check` and `batch`.

A writer is fed one input at a time: `begin()`, then `result(item)` for each assessed input and
`failure(item)` for each input that could not be assessed, then `end(totals)`. Formats that
stream (JSON, JSONL, CSV) write as items arrive, so output never waits for the end and memory
stays flat; the other formats (`ReportWriter`) gather a `Report` and hand it to their renderer
module at the end. `needs` tells the pipeline what each item must carry (see `pipeline.Needs`).
The JSON document, and the JSON shape of a problem, are built here and nowhere else.
"""

from __future__ import annotations

import json
import math
import re
from typing import TYPE_CHECKING, Any, TextIO

import orjson

from keino_cli import __version__
from keino_cli.errors import Problem
from keino_cli.model.result import SCHEMA_VERSION
from keino_cli.pipeline import Item, Needs
from keino_cli.render import Format, Report, render

if TYPE_CHECKING:
    from keino_cli.catalog import Catalog
    from keino_cli.gate import Summary
    from keino_cli.model.result import CriterionResult, InputResult


class RunInfo:
    """What a writer may show besides the items. (The classes here are plain `__slots__`
    classes, see keino_cli/values.py.)"""

    __slots__ = ("catalog", "compact", "details", "gate", "lang")

    def __init__(
        self,
        catalog: Catalog,
        lang: str = "en",
        gate: bool = False,
        compact: bool = False,
        details: bool = False,
    ) -> None:
        self.catalog = catalog
        self.lang = lang
        self.gate = gate  # a `check` run: each result's verdict and the overall one are shown
        self.compact = compact  # batch: results in their compact shape (see `InputResult.to_dict`)
        self.details = details  # the human formats add every criterion, the facts used, the whole plan


class Totals:
    """What a run ends with: the gate summary, and the portfolio summary when one was kept."""

    __slots__ = ("portfolio", "summary")

    def __init__(self, summary: Summary, portfolio: dict[str, Any] | None = None) -> None:
        self.summary = summary
        self.portfolio = portfolio


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "column": problem.column, "message": problem.message}


def dumps(data: Any) -> str:
    """One compact JSON line, ending in a newline."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


_SCALARS: frozenset[type] = frozenset({str, int, bool, type(None)})
_SKELETON = _SCALARS | {orjson.Fragment}  # a result's dict with its criteria lists held out

# Where orjson writes a float unlike `json.dumps` (Python's repr): below 1e-4 it writes
# `0.00001` or `1e-7` where repr writes `1e-05` and `1e-07`. A match (also inside a text)
# sends the line through `dumps`, so every line is byte for byte what `dumps` writes.
_SHORT_EXPONENT = re.compile(rb"e-[0-9](?![0-9])")


def compact_line(data: dict[str, Any]) -> str:
    """`dumps(data)` for a compact batch result, several times faster: orjson, unless a number
    could be written differently (see `_UNLIKE_REPR`) or is not finite (orjson writes NaN as
    null where `dumps` refuses it), or orjson cannot take a value (a key that is not text, an
    integer beyond 64 bits, a lone surrogate)."""
    if not _compact_finite(data):
        return dumps(data)
    try:
        line = orjson.dumps(data)
    except TypeError:  # orjson.JSONEncodeError
        return dumps(data)
    if b"0.0000" in line or _SHORT_EXPONENT.search(line) is not None:
        return dumps(data)
    return line.decode() + "\n"


def pretty(data: Any) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)`, many times faster for a
    large result (the standard library indents in pure Python): orjson, under the same checks as
    `compact_line`, else `json.dumps` (which raises where JSON has no form for a value)."""
    if _finite(data):
        try:
            text = orjson.dumps(data, option=orjson.OPT_INDENT_2)
        except TypeError:  # orjson.JSONEncodeError
            pass
        else:
            if b"0.0000" not in text and _SHORT_EXPONENT.search(text) is None:
                return text.decode()
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)


def nested(text: str) -> str:
    """A pretty JSON value indented one level into the results list: a prefix after every
    newline. JSON has no blank lines and escapes every newline inside a text, so this is exact;
    `textwrap.indent` was not (it also breaks at U+0085, U+2028 and U+2029, which JSON leaves
    unescaped, and so wrote spaces into texts holding them)."""
    return "    " + text.replace("\n", "\n    ")


# Stands in the document for a list of criteria until their text is put in: a raw NUL byte, which
# orjson never writes (it escapes U+0000 inside a text).
_CRITERIA = orjson.Fragment(b"\x00")


class _Unusual(Exception):
    """A result `result_parts` leaves to the general writer."""


def result_parts(result: InputResult, extra: dict[str, Any] | None = None) -> list[str]:
    """`nested(pretty(result.to_dict() | extra))`, the result's text in the JSON document, in parts
    to be written one after the other (a notice's result is megabytes: joining it, then encoding
    the whole, costs more than making it), and without turning every criterion into a dict
    again: most criterion results are objects the engine shares among inputs (see
    `CriterionResult`), so the text of each is made once per indentation and kept on it; the rest
    of the result goes through `pretty`'s checks. Anything unusual (a value orjson would write
    unlike `json.dumps`) goes the general way, which writes it, or raises, as `json.dumps` does."""
    lists: list[list[CriterionResult]] = []

    def hold(criteria: list[CriterionResult]) -> orjson.Fragment:
        lists.append(criteria)
        return _CRITERIA

    data = result.to_dict(criteria=hold)
    if extra:
        data.update(extra)
    try:
        return _spliced(data, lists)
    except (_Unusual, ValueError, TypeError):
        data = result.to_dict()
        if extra:
            data.update(extra)
        return [nested(pretty(data))]


def _spliced(data: dict[str, Any], lists: list[list[CriterionResult]]) -> list[str]:
    if not _finite(data, _SKELETON):
        raise _Unusual
    raw = orjson.dumps(data, option=orjson.OPT_INDENT_2)
    if b"0.0000" in raw or _SHORT_EXPONENT.search(raw) is not None:
        raise _Unusual
    pieces = nested(raw.decode()).split("\x00")
    if len(pieces) != len(lists) + 1:
        raise _Unusual
    parts = [pieces[0]]
    for criteria, after in zip(lists, pieces[1:], strict=True):
        before = parts[-1]
        line = before[before.rfind("\n") + 1 :]
        if criteria:
            _criteria_parts(criteria, len(line) - len(line.lstrip(" ")) + 2, parts)
        else:
            parts.append("[]")
        parts.append(after)
    return parts


def _criteria_parts(criteria: list[CriterionResult], pad: int, parts: list[str]) -> None:
    """A list of criterion results, its items `pad` spaces in, as `json.dumps(indent=2)` nests it."""
    inside = " " * pad
    between = ",\n" + inside
    parts.append("[\n" + inside)
    for criterion in criteria:
        kept = criterion._texts
        if kept is None:
            kept = criterion._texts = {}
        text = kept.get(pad)
        if text is None:
            base = kept.get(0)
            if base is None:
                base = kept[0] = pretty(criterion.to_dict())
            text = kept[pad] = base.replace("\n", "\n" + inside)
        parts.append(text)
        parts.append(between)
    parts[-1] = "\n" + inside[:-2] + "]"


def _compact_finite(data: dict[str, Any]) -> bool:
    """`_finite(data)` for a compact result, looking only where a number or a value of the input
    can be: a criterion's fraction and obligation (the rest are its ids and words), a fact's value
    (its origin is text and line numbers)."""
    isfinite = math.isfinite
    for key, value in data.items():
        if key == "criteria":
            for item in value:  # `_finite` of each fraction and obligation, the common cases inline
                fraction = item["fraction"]
                if fraction.__class__ is float:
                    if not isfinite(fraction):
                        return False
                elif fraction is not None and not _finite(fraction):
                    return False
                obligation = item.get("obligation")
                if obligation is not None and not _finite(obligation):
                    return False
        elif key == "facts":
            if not all(_finite(fact["value"]) for fact in value.values()):
                return False
        elif not _finite(value):
            return False
    return True


def _finite(value: Any, scalars: frozenset[type] = _SCALARS) -> bool:
    """Whether `value` is made of JSON's own types only (orjson also writes dates, dataclasses
    and the like, which `dumps` refuses) with finite numbers (JSON has no NaN or Infinity);
    `scalars` are the other types taken."""
    kind = value.__class__
    if kind is dict:
        items = value.values()
    elif kind is list or kind is tuple:
        items = value
    elif kind is float:
        return math.isfinite(value)
    else:
        return kind in scalars or isinstance(value, str)
    for item in items:  # the common scalars inline: this runs over every number of a result
        kind = item.__class__
        if kind is str or kind is int or item is None:
            continue
        if kind is float:
            if not math.isfinite(item):
                return False
        elif not _finite(item, scalars):
            return False
    return True


class Writer:
    """Base writer: ignores what its format does not show."""

    def __init__(self, out: TextIO, terminal: bool, info: RunInfo) -> None:
        self.out = out
        self.terminal = terminal
        self.info = info

    @property
    def needs(self) -> Needs:
        return Needs()

    def begin(self) -> None:
        """Before the first input."""

    def result(self, item: Item) -> None:
        """One assessed input."""

    def failure(self, item: Item) -> None:
        """One input that could not be assessed."""

    def end(self, totals: Totals) -> None:
        """After the last input."""

    def result_data(self, item: Item) -> dict[str, Any]:
        """The JSON shape of one result: compact in batch, with its verdict in a `check` run."""
        if self.info.compact:
            assert item.line is not None
            data: dict[str, Any] = json.loads(item.line)
        else:
            assert item.result is not None
            data = item.result.to_dict()
        if self.info.gate and item.verdict is not None:
            data["verdict"] = item.verdict.to_dict()
        return data


class JsonWriter(Writer):
    """The JSON document: `schema_version`, `tool`, `results`, `errors`, then `verdict` (check)
    or `summary` (batch). Results are written as they arrive."""

    def __init__(self, out: TextIO, terminal: bool, info: RunInfo) -> None:
        super().__init__(out, terminal, info)
        self.errors: list[dict[str, Any]] = []
        self.count = 0

    @property
    def needs(self) -> Needs:
        return Needs(line=True) if self.info.compact and not self.info.gate else Needs(result=True)

    def begin(self) -> None:
        head = {"schema_version": SCHEMA_VERSION, "tool": {"name": "keino", "version": __version__}}
        self.out.write(
            json.dumps(head, ensure_ascii=False, indent=2, allow_nan=False)[:-2] + ',\n  "results": ['
        )

    def result(self, item: Item) -> None:
        self.out.write("\n" if not self.count else ",\n")
        self.count += 1
        if self.info.compact and not self.info.gate:
            assert item.line is not None
            self.out.write("    " + item.line.rstrip("\n"))
        elif self.info.compact:
            self.out.write(nested(pretty(self.result_data(item))))
        else:
            assert item.result is not None
            verdict = item.verdict if self.info.gate else None
            extra = {"verdict": verdict.to_dict()} if verdict is not None else None
            self.out.writelines(result_parts(item.result, extra))

    def failure(self, item: Item) -> None:
        self.errors.extend(problem_dict(p) for p in item.problems)

    def end(self, totals: Totals) -> None:
        tail: dict[str, Any] = {"errors": self.errors}
        if self.info.gate:
            tail["verdict"] = totals.summary.to_dict()
        if totals.portfolio is not None:
            tail["summary"] = totals.portfolio
        body = json.dumps(tail, ensure_ascii=False, indent=2, allow_nan=False)[1:]  # drop the opening brace
        self.out.write(("\n  ]," if self.count else "],") + body + "\n")


class JsonlWriter(Writer):
    """One line per result (the shape of one `results[]` item) or per failed input
    (`{"input": {"path": ...}, "errors": [...]}`); the last line for a path is the one that counts."""

    @property
    def needs(self) -> Needs:
        return Needs(line=True) if self.info.compact and not self.info.gate else Needs(result=True)

    def result(self, item: Item) -> None:
        if self.info.compact and not self.info.gate:
            assert item.line is not None
            self.out.write(item.line)
        else:
            self.out.write(dumps(self.result_data(item)))
        self.out.flush()

    def failure(self, item: Item) -> None:
        errors = [{k: v for k, v in problem_dict(p).items() if k != "path"} for p in item.problems]
        self.out.write(dumps({"input": {"path": item.path}, "errors": errors}))
        self.out.flush()


class CsvWriter(Writer):
    """One row per input (see `keino_cli.render.csv`)."""

    excel = False  # the Excel dialect: semicolons, byte-order mark, the language's decimal comma

    @property
    def needs(self) -> Needs:
        return Needs(record=True)

    def begin(self) -> None:
        from keino_cli.render import csv as csv_render

        self.csv = csv_render
        self.rows = csv_render.writer(self.out, self.excel)
        self.rows.writerow(csv_render.HEADER)

    def result(self, item: Item) -> None:
        assert item.record is not None
        self.rows.writerow(self.csv.row(item.record, self.excel, self.info.lang))

    def failure(self, item: Item) -> None:
        self.rows.writerow(self.csv.error_row(item.path, item.problems))


class ExcelCsvWriter(CsvWriter):
    excel = True


class SummaryCsvWriter(Writer):
    """`batch --format summary-csv`: the portfolio summary as CSV rows (section, group, name, value)."""

    excel = False

    def end(self, totals: Totals) -> None:
        from keino_cli.render import csv as csv_render

        assert totals.portfolio is not None
        csv_render.write_summary(totals.portfolio, self.out, self.info.lang, self.excel)


class ExcelSummaryCsvWriter(SummaryCsvWriter):
    excel = True


class OverviewWriter(Writer):
    """`batch --format table`: one row per input, then the portfolio summary when kept. Keeps
    its rows (a table is for people, not for 100 000 inputs)."""

    def __init__(self, out: TextIO, terminal: bool, info: RunInfo) -> None:
        super().__init__(out, terminal, info)
        self.records: list[Any] = []

    @property
    def needs(self) -> Needs:
        return Needs(record=True)

    def result(self, item: Item) -> None:
        self.records.append(item.record)

    def end(self, totals: Totals) -> None:
        from keino_cli.render.summary import overview, show

        overview(self.records, self.out, self.terminal, self.info.lang)
        if totals.portfolio is not None:
            show(totals.portfolio, self.out, self.terminal, self.info.lang)


class SummaryWriter(Writer):
    """`batch --format summary`: the portfolio summary alone."""

    def end(self, totals: Totals) -> None:
        from keino_cli.render.summary import show

        assert totals.portfolio is not None
        show(totals.portfolio, self.out, self.terminal, self.info.lang)


class PortfolioPageWriter(OverviewWriter):
    """`batch --format html`: the portfolio page, the summary's charts and the procurements ranked."""

    def __init__(self, out: TextIO, terminal: bool, info: RunInfo) -> None:
        super().__init__(out, terminal, info)
        self.failed: list[str] = []

    def failure(self, item: Item) -> None:
        self.failed.extend(str(p) for p in item.problems)

    def end(self, totals: Totals) -> None:
        from keino_cli.render.html import render_portfolio

        assert totals.portfolio is not None
        render_portfolio(self.records, totals.portfolio, self.out, self.info.lang, self.failed)


class ReportWriter(Writer):
    """A format that needs the whole report (terminal table, Markdown, SARIF, JUnit, GitHub ...):
    gathers the results and renders them through the `RENDERERS` table at the end."""

    def __init__(self, out: TextIO, terminal: bool, info: RunInfo, fmt: Format) -> None:
        super().__init__(out, terminal, info)
        self.format = fmt
        self.report = Report(
            [], info.catalog, info.lang, verdicts=[] if info.gate else None, details=info.details
        )

    @property
    def needs(self) -> Needs:
        return Needs(result=True)

    def result(self, item: Item) -> None:
        assert item.result is not None
        self.report.results.append(item.result)
        if self.report.verdicts is not None:
            assert item.verdict is not None
            self.report.verdicts.append(item.verdict)

    def failure(self, item: Item) -> None:
        self.report.problems.extend(item.problems)

    def end(self, totals: Totals) -> None:
        render(self.format, self.report, self.out, self.terminal)


STREAMED: dict[str, type[Writer]] = {
    "json": JsonWriter,
    "jsonl": JsonlWriter,
    "csv": CsvWriter,
    "csv-excel": ExcelCsvWriter,
}
BATCH_ONLY: dict[str, type[Writer]] = {
    "table": OverviewWriter,
    "summary": SummaryWriter,
    "summary-csv": SummaryCsvWriter,
    "summary-csv-excel": ExcelSummaryCsvWriter,
    "html": PortfolioPageWriter,
}
PORTFOLIO_FORMATS = ("json", "summary", "summary-csv", "summary-csv-excel", "html")  # batch: need the summary


def writer_for(fmt: str, out: TextIO, terminal: bool, info: RunInfo) -> Writer:
    """The writer of a format: batch's own table and summary, a streaming one, or a report."""
    if info.compact and fmt in BATCH_ONLY:
        return BATCH_ONLY[fmt](out, terminal, info)
    if fmt in STREAMED:
        return STREAMED[fmt](out, terminal, info)
    return ReportWriter(out, terminal, info, Format(fmt))


def feed_report(writer: Writer, report: Report) -> None:
    """Write a gathered report through a streaming writer (the whole-report entry of a format)."""
    from keino_cli.gate import summarise

    verdicts: list[Any] = [None] * len(report.results) if report.verdicts is None else list(report.verdicts)
    writer.begin()
    for result, verdict in zip(report.results, verdicts, strict=True):
        writer.result(Item(result.path, result, verdict=verdict))
    failed: dict[str, list[Problem]] = {}
    for problem in report.problems:
        failed.setdefault(problem.path, []).append(problem)
    for path, problems in failed.items():
        writer.failure(Item(path, problems=problems))
    writer.end(Totals(summarise(report.verdicts or [], failed)))


class PortfolioWriter(Writer):
    """Keeps the portfolio summary of a run (batch `--summary`, `json`, `summary`)."""

    def __init__(self, out: TextIO, terminal: bool, info: RunInfo) -> None:
        from keino_cli.portfolio import Portfolio

        super().__init__(out, terminal, info)
        self.portfolio = Portfolio()

    @property
    def needs(self) -> Needs:
        return Needs(record=True)

    def result(self, item: Item) -> None:
        assert item.record is not None
        self.portfolio.add(item.record)

    def failure(self, item: Item) -> None:
        self.portfolio.add_failure()
