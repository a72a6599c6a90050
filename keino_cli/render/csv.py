"""CSV for spreadsheets: one row per input with scores, ambition, what it carries and failed gates.

Text cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a
leading apostrophe: titles and buyer names come from untrusted notices.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from keino_cli.errors import Problem
from keino_cli.portfolio import THEME_GROUPS, THEMES, Record, record
from keino_cli.render import Report

HEADER = [
    "path",
    "format",
    "id",
    "title",
    "buyer",
    "procedure",
    "cpv",
    "value_eur",
    "score",
    "ambition",
    *(f"score_{theme.replace('-', '_')}" for theme in THEMES),
    *(f"carries_{group}" for group in THEME_GROUPS),
    "gates_failed",
    "gates_unknown",
    "error",
]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str | None) -> str:
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA) else value


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def row(rec: Record) -> list[str]:
    return [
        _text(rec.path),
        rec.format,
        _text(rec.id),
        _text(rec.title),
        _text(rec.buyer),
        _text(rec.procedure),
        rec.cpv or "",
        _number(rec.value_eur),
        _number(rec.score),
        rec.ambition,
        *(_number(rec.themes.get(theme)) for theme in THEMES),
        *("1" if group in rec.carries else "0" for group in THEME_GROUPS),
        ";".join(g for g, status in rec.gates.items() if status == "not_met"),
        ";".join(g for g, status in rec.gates.items() if status == "unknown"),
        "",
    ]


def error_row(path: str, problems: Iterable[Problem]) -> list[str]:
    cells: list[Any] = [""] * len(HEADER)
    cells[0] = _text(path)
    cells[-1] = _text("; ".join(str(p) for p in problems))
    return cells


def writer(out: TextIO) -> Any:
    return csv.writer(out, lineterminator="\n")


def render(report: Report, out: TextIO, terminal: bool) -> None:
    rows = writer(out)
    rows.writerow(HEADER)
    for result in report.results:
        rows.writerow(row(record(result.to_dict())))
    failed: dict[str, list[Problem]] = {}
    for problem in report.problems:
        failed.setdefault(problem.path, []).append(problem)
    for path, problems in failed.items():
        rows.writerow(error_row(path, problems))
