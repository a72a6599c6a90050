"""The portfolio summary for people: shares carried, score distributions, ambition, gates, breakdowns.

Also the one-row-per-input overview that `keino batch --format table` prints before it. The JSON
shape of the summary (`Portfolio.to_dict()`) is what both read, so a summary reads the same
whether it was just computed or loaded back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from rich.table import Table

from keino_cli.portfolio import THEME_GROUPS, THEMES, Record, summarise
from keino_cli.render import Report, make_console

THEME_SHORT = {
    "climate": "Clim",
    "resource-efficiency": "Res",
    "social-responsibility": "Soc",
    "innovation": "Inn",
}
BREAKDOWN_TITLES = {"cpv_division": "CPV division", "buyer": "Buyer", "procedure": "Procedure"}
BREAKDOWN_ROWS = 25
SPARK = " ▁▂▃▄▅▆▇█"


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def _eur(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ") + " €"


def _spark(histogram: list[int]) -> str:
    top = max(histogram) or 1
    return "".join(SPARK[round(8 * count / top)] for count in histogram)


def overview(records: Iterable[Record], out: TextIO, terminal: bool) -> None:
    """One row per assessed input, in input order."""
    table = Table(header_style="bold", pad_edge=False)
    for name, justify in (("Input", "left"), ("Id", "left"), ("Score", "right"), ("Ambition", "left")):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for theme in THEMES:
        table.add_column(THEME_SHORT[theme], justify="right")
    table.add_column("Carries")
    table.add_column("Gates not met", overflow="fold")
    for rec in records:
        carries = " ".join(group[:3] for group in THEME_GROUPS if group in rec.carries) or "–"
        gates = ", ".join(f"{gate} ({status})" for gate, status in rec.gates.items()) or "–"
        themes = (_num(rec.themes.get(theme)) for theme in THEMES)
        table.add_row(rec.path, rec.id, _num(rec.score), rec.ambition, *themes, carries, gates)
    make_console(out, terminal).print(table)


def show(summary: Mapping[str, Any], out: TextIO, terminal: bool) -> None:
    """Print a summary in its JSON shape as a short human report."""
    console = make_console(out, terminal)
    value = summary["value"]
    console.print(
        f"[bold]Portfolio[/]: {summary['procurements']} procurements assessed, "
        f"{summary['failed_inputs']} inputs failed; total estimated value {_eur(value['total_eur'])} "
        f"({value['without_value']} without a value in euro, left out of value shares)"
    )
    if summary.get("not_procurements"):
        kinds = ", ".join(f"{kind} {count}" for kind, count in summary["not_procurements"].items())
        console.print(f"Not procurements of their own (left out of every share): {kinds}")
    carries = Table(
        title="Carries criteria: requires or awards them (assessed), declares eForms codes (declared)",
        title_justify="left",
        header_style="bold",
        pad_edge=False,
    )
    for name in (
        "Group",
        "Assessed",
        "Share",
        "Value share",
        "Reasons",
        "Declared",
        "Share ",
        "Value share ",
    ):
        carries.add_column(name, justify="left" if name in ("Group", "Reasons") else "right")
    for group, c in summary["carries"].items():
        reasons = ", ".join(f"{reason} {count}" for reason, count in c["reasons"].items()) or "–"
        declared = c["declared"]
        carries.add_row(
            group,
            str(c["procurements"]),
            _pct(c["share"]),
            _pct(c["value_share"]),
            reasons,
            str(declared["procurements"]),
            _pct(declared["share"]),
            _pct(declared["value_share"]),
        )
    console.print(carries)
    scores = Table(title="Scores", title_justify="left", header_style="bold", pad_edge=False)
    for name in ("Score", "n", "Mean", "Min", "Q1", "Median", "Q3", "Max", "0 … 100"):
        scores.add_column(name, justify="left" if name in ("Score", "0 … 100") else "right")
    for key, d in summary["scores"].items():
        stats = (_num(d[k]) for k in ("mean", "min", "q1", "median", "q3", "max"))
        scores.add_row(key, str(d["n"]), *stats, _spark(d["histogram"]))
    console.print(scores)
    ambition = ", ".join(f"{level} {count}" for level, count in summary["ambition"].items())
    console.print(f"[bold]Ambition level[/]: {ambition}")
    gates = summary["gates"]
    failed = "; ".join(
        f"{gate}: {c['not_met']} not met, {c['unknown']} unknown" for gate, c in gates["by_gate"].items()
    )
    console.print(f"[bold]Legal gates[/]: {gates['procurements_failed']} procurements fail one. {failed}")
    for name, title in BREAKDOWN_TITLES.items():
        _breakdown(console, title, summary[f"by_{name}"])


def _breakdown(console: Any, title: str, groups: Mapping[str, Mapping[str, Any]]) -> None:
    table = Table(title=f"By {title}", title_justify="left", header_style="bold", pad_edge=False)
    table.add_column(title, overflow="fold")
    for name in ("n", "Value", "Env", "Soc", "Inn", "Mean score"):
        table.add_column(name, justify="right")
    ranked = sorted(groups.items(), key=lambda item: (-item[1]["value"]["total_eur"], item[0]))
    for group, g in ranked[:BREAKDOWN_ROWS]:
        shares = (_pct(g["carries"][name]["share"]) for name in THEME_GROUPS)
        mean = _num(g["scores"]["overall"]["mean"])
        table.add_row(group, str(g["procurements"]), _eur(g["value"]["total_eur"]), *shares, mean)
    if len(ranked) > BREAKDOWN_ROWS:
        table.caption = f"{len(ranked) - BREAKDOWN_ROWS} more in the JSON summary"
    console.print(table)


def render(report: Report, out: TextIO, terminal: bool) -> None:
    failed = len({p.path for p in report.problems})
    show(summarise(report.results, failed).to_dict(), out, terminal)
