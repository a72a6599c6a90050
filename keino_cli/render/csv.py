"""CSV for spreadsheets: one row per input with scores, ambition, what it carries and failed gates;
and the portfolio summary as rows (`summary_rows`), long format for pivot tables.

Two dialects. Plain CSV (`--format csv`, `summary-csv`): comma, UTF-8, decimal point, for
programs. Excel CSV (`csv-excel`, `summary-csv-excel`): semicolon, UTF-8 with a byte-order mark
and the language's decimal separator (3,5 with --lang fi or sv), which is what Excel in a Finnish
or Swedish locale opens into columns with ä and ö intact.

Text cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a
leading apostrophe: titles and buyer names come from untrusted notices.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
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
SUMMARY_HEADER = ["section", "group", "name", "metric", "value"]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def _text(value: str | None) -> str:
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA) else value


def _number(value: float | None, excel: bool = False, lang: str = "en") -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    if excel:
        from babel.numbers import format_decimal

        from keino_cli.i18n import LOCALES

        return format_decimal(value, "0.####", locale=LOCALES.get(lang, "en_GB"))
    return repr(float(value))


def row(rec: Record, excel: bool = False, lang: str = "en") -> list[str]:
    return [
        _text(rec.path),
        rec.format,
        _text(rec.id),
        _text(rec.title),
        _text(rec.buyer),
        _text(rec.procedure),
        rec.cpv or "",
        _number(rec.value_eur, excel, lang),
        _number(rec.score, excel, lang),
        rec.ambition,
        *(_number(rec.themes.get(theme), excel, lang) for theme in THEMES),
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


def writer(out: TextIO, excel: bool = False) -> Any:
    """A csv writer; the Excel dialect writes its byte-order mark first."""
    if excel:
        out.write(BOM)
    return csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")


def summary_rows(summary: Mapping[str, Any], lang: str = "en", excel: bool = False) -> Iterator[list[str]]:
    """The portfolio summary (its JSON shape) as (section, group, name, metric, value) rows.

    `name` is a CPV division's name in `lang` where the group is a division."""
    from keino_cli.i18n import cpv_division

    def num(value: Any) -> str:
        return _number(value, excel, lang) if isinstance(value, int | float) else _text(str(value))

    value = summary["value"]
    yield ["portfolio", "", "", "procurements", num(summary["procurements"])]
    yield ["portfolio", "", "", "failed_inputs", num(summary["failed_inputs"])]
    for metric in ("total_eur", "with_value", "without_value"):
        yield ["portfolio", "", "", f"value_{metric}", num(value[metric])]
    for group, c in summary["carries"].items():
        for metric in ("procurements", "share", "value_eur", "value_share"):
            yield ["carries", group, "", metric, num(c[metric])]
        for reason, count in c["reasons"].items():
            yield ["carries", group, "", f"reason_{reason}", num(count)]
        for metric, figure in (c.get("declared") or {}).items():
            yield ["declared", group, "", metric, num(figure)]
    for kind, count in (summary.get("not_procurements") or {}).items():
        yield ["not_procurements", _text(kind), "", "notices", num(count)]
    for key, d in summary["scores"].items():
        for metric in ("n", "mean", "min", "q1", "median", "q3", "max"):
            yield ["scores", key, "", metric, num(d[metric]) if d[metric] is not None else ""]
        for index, count in enumerate(d["histogram"]):
            yield ["scores", key, "", f"bin_{10 * index:02d}_{10 * index + 10}", num(count)]
    for level, count in summary["ambition"].items():
        yield ["ambition", level, "", "procurements", num(count)]
    yield ["gates", "", "", "procurements_failed", num(summary["gates"]["procurements_failed"])]
    for gate, c in summary["gates"]["by_gate"].items():
        for metric in ("not_met", "unknown"):
            yield ["gates", _text(gate), "", metric, num(c[metric])]
    for breakdown in ("cpv_division", "buyer", "procedure"):
        for group, g in summary[f"by_{breakdown}"].items():
            name = cpv_division(group, lang) or "" if breakdown == "cpv_division" else ""
            cells = [f"by_{breakdown}", _text(group), _text(name)]
            yield [*cells, "procurements", num(g["procurements"])]
            yield [*cells, "value_total_eur", num(g["value"]["total_eur"])]
            for theme_group in THEME_GROUPS:
                yield [*cells, f"share_{theme_group}", num(g["carries"][theme_group]["share"])]
            mean = g["scores"]["overall"]["mean"]
            yield [*cells, "mean_score", num(mean) if mean is not None else ""]


def write_summary(summary: Mapping[str, Any], out: TextIO, lang: str = "en", excel: bool = False) -> None:
    rows = writer(out, excel)
    rows.writerow(SUMMARY_HEADER)
    rows.writerows(summary_rows(summary, lang, excel))


def render_rows(report: Report, out: TextIO, excel: bool) -> None:
    rows = writer(out, excel)
    rows.writerow(HEADER)
    for result in report.results:
        rows.writerow(row(record(result.to_dict()), excel, report.lang))
    failed: dict[str, list[Problem]] = {}
    for problem in report.problems:
        failed.setdefault(problem.path, []).append(problem)
    for path, problems in failed.items():
        rows.writerow(error_row(path, problems))


def render(report: Report, out: TextIO, terminal: bool) -> None:
    render_rows(report, out, excel=False)
