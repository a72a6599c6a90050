"""The portfolio summary for people: shares carried, score distributions, ambition, gates, breakdowns.

Also the one-entry-per-input overview that `keino batch --format table` prints before it. The
JSON shape of the summary (`Portfolio.to_dict()`) is what both read, so a summary reads the same
whether it was just computed or loaded back. Every word comes from the message catalog
(keino_cli/i18n.py) and numbers are formatted for the language; entries are stacked on two lines
rather than squeezed into columns, so nothing is broken at 80 columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from rich.console import Console
from rich.text import Text

from keino_cli import i18n
from keino_cli.portfolio import THEME_GROUPS, THEMES, Record, summarise
from keino_cli.render import Report, make_console
from keino_cli.render.table import clip, grid, wrap

BREAKDOWNS = ("cpv_division", "buyer", "procedure")
BREAKDOWN_ROWS = 25
SPARK = " ▁▂▃▄▅▆▇█"


def _spark(histogram: list[int]) -> str:
    top = max(histogram) or 1
    return "".join(SPARK[round(8 * count / top)] for count in histogram)


def _print(console: Console, text: str | Text, style: str = "") -> None:
    console.print(text, style=style, no_wrap=True, overflow="ellipsis", crop=True)


def overview(records: Iterable[Record], out: TextIO, terminal: bool, lang: str = "en") -> None:
    """Two lines per assessed input, in input order: score, ambition, id and title; then the
    theme scores, the groups it carries, open obligations and its path."""
    console = make_console(out, terminal)
    width = console.width
    _print(console, Text(i18n.t("summary.overview", lang), style="bold"))
    for rec in records:
        head = f"{i18n.number(rec.score, lang):>5}  {i18n.level(rec.ambition, lang)}  {rec.id}  "
        _print(console, Text(head, style="bold") + clip(rec.title, max(10, width - len(head))))
        themes = " · ".join(
            f"{i18n.t(f'theme_short.{t}', lang)} {i18n.number(rec.themes.get(t), lang)}" for t in THEMES
        )
        carries = " ".join(i18n.t(f"summary.group.{g}", lang) for g in THEME_GROUPS if g in rec.carries)
        parts = [themes, carries or "–"]
        if rec.gates:
            gates = ", ".join(f"{gate} ({i18n.status(status, lang)})" for gate, status in rec.gates.items())
            parts.append(f"{i18n.t('summary.gates_open', lang)}: {gates}")
        parts.append(rec.path)
        for line in wrap("  ·  ".join(parts), width, 7, lines=3):
            _print(console, line, style="dim")


def show(summary: Mapping[str, Any], out: TextIO, terminal: bool, lang: str = "en") -> None:
    """Print a summary in its JSON shape as a short human report."""
    console = make_console(out, terminal)
    width = console.width
    value = summary["value"]
    headline = i18n.t(
        "summary.portfolio",
        lang,
        count=summary["procurements"],
        failed=summary["failed_inputs"],
        value=i18n.money(value["total_eur"], lang),
        without=value["without_value"],
    )
    console.print()
    for line in wrap(headline, width):
        _print(console, Text(line, style="bold"))
    if summary.get("not_procurements"):
        kinds = ", ".join(f"{kind} {count}" for kind, count in summary["not_procurements"].items())
        for line in wrap(i18n.t("summary.not_procurements", lang, kinds=kinds), width):
            _print(console, line)
    share, value_share = i18n.t("summary.share", lang), i18n.t("summary.value_share", lang)
    headers = [i18n.t("summary.group", lang), i18n.t("summary.assessed", lang), share, value_share]
    headers += [i18n.t("summary.declared", lang), share, value_share]
    rows, why = [], []
    for group, c in summary["carries"].items():
        reasons = ", ".join(
            f"{i18n.t(f'summary.reason.{reason}', lang)} {count}" for reason, count in c["reasons"].items()
        )
        declared = c.get("declared") or {}
        rows.append(
            [
                i18n.t(f"summary.group.{group}", lang),
                str(c["procurements"]),
                i18n.percent(c["share"], lang),
                i18n.percent(c["value_share"], lang),
                str(declared.get("procurements", "–")),
                i18n.percent(declared.get("share"), lang),
                i18n.percent(declared.get("value_share"), lang),
            ]
        )
        why.append(f"{i18n.t(f'summary.group.{group}', lang)}: {reasons or '–'}")
    title = i18n.t("summary.carries", lang)
    grid(console, headers, rows, right=frozenset(range(1, 7)), flex=0, title=title)
    for line in wrap(f"{i18n.t('summary.reasons', lang)}: {'; '.join(why)}", width):
        _print(console, line, style="dim")
    headers = [i18n.t(f"summary.{key}", lang) for key in ("scores", "n", "mean", "min", "q1", "median")]
    headers += [i18n.t(f"summary.{key}", lang) for key in ("q3", "max")] + ["0 … 100"]
    rows = []
    for key, d in summary["scores"].items():
        name = i18n.t("summary.overall", lang) if key == "overall" else i18n.theme(key, lang)
        stats = [i18n.number(d[k], lang) for k in ("mean", "min", "q1", "median", "q3", "max")]
        rows.append([name, str(d["n"]), *stats, _spark(d["histogram"])])
    grid(console, headers, rows, right=frozenset(range(1, 8)), flex=0, title=i18n.t("summary.scores", lang))
    console.print()
    ambition = ", ".join(f"{i18n.level(level, lang)} {count}" for level, count in summary["ambition"].items())
    for line in wrap(f"{i18n.t('summary.ambition', lang)}: {ambition}", width):
        _print(console, line)
    gates = summary["gates"]
    text = i18n.t("summary.gates", lang, count=gates["procurements_failed"])
    failed = "; ".join(
        i18n.t("summary.gate_line", lang, gate=gate, not_met=c["not_met"], unknown=c["unknown"])
        for gate, c in gates["by_gate"].items()
    )
    for line in wrap(f"{text} {failed}".strip(), width):
        _print(console, line)
    for name in BREAKDOWNS:
        _breakdown(console, name, summary[f"by_{name}"], lang)


def _breakdown(console: Console, name: str, groups: Mapping[str, Mapping[str, Any]], lang: str) -> None:
    header = i18n.t(f"summary.{name}", lang)
    headers = [header, "n", i18n.t("summary.value", lang)]
    headers += [i18n.t(f"summary.group.{group}", lang) for group in THEME_GROUPS]
    headers.append(i18n.t("summary.mean", lang))
    ranked = sorted(groups.items(), key=lambda item: (-item[1]["value"]["total_eur"], item[0]))
    rows = []
    for group, g in ranked[:BREAKDOWN_ROWS]:
        label = group
        if name == "cpv_division" and (division := i18n.cpv_division(group, lang)):
            label = f"{group} {division}"
        elif name == "procedure":
            label = i18n.procedure(group, lang)
        shares = [i18n.percent(g["carries"][x]["share"], lang) for x in THEME_GROUPS]
        mean = i18n.number(g["scores"]["overall"]["mean"], lang)
        rows.append([label, str(g["procurements"]), i18n.money(g["value"]["total_eur"], lang), *shares, mean])
    grid(
        console, headers, rows, right=frozenset(range(1, 7)), flex=0, title=i18n.t(f"summary.by_{name}", lang)
    )
    if len(ranked) > BREAKDOWN_ROWS:
        _print(console, i18n.t("summary.more", lang, count=len(ranked) - BREAKDOWN_ROWS), style="dim")


def render(report: Report, out: TextIO, terminal: bool) -> None:
    failed = len({p.path for p in report.problems})
    show(summarise(report.results, failed).to_dict(), out, terminal, report.lang)
