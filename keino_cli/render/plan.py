"""A ranked procurement plan as a table (people), CSV (spreadsheets) or JSON (programs)."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from keino_cli import __version__
from keino_cli.errors import Problem
from keino_cli.model.result import SCHEMA_VERSION
from keino_cli.plan import Potential

COLUMNS = [
    "rank",
    "id",
    "title",
    "cpv",
    "value_eur",
    "start",
    "buyer",
    "criteria_sets",
    "core_criteria",
    "comprehensive_criteria",
    "legal_gates",
    "potential_weight",
    "expected_impact",
]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return "'" + text if text.startswith(("=", "+", "-", "@")) else text


def render_csv(potentials: list[Potential], out: TextIO) -> None:
    extra = list(dict.fromkeys(key for p in potentials for key in p.row.extra))
    rows = csv.writer(out, lineterminator="\n")
    rows.writerow(COLUMNS + extra)
    for potential in potentials:
        data = potential.to_dict()
        rows.writerow([_cell(data[c]) for c in COLUMNS] + [_cell(potential.row.extra.get(k)) for k in extra])


def render_json(potentials: list[Potential], problems: list[Problem], plan: str, out: TextIO) -> None:
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "keino", "version": __version__},
        "plan": plan,
        "procurements": [p.to_dict() for p in potentials],
        "errors": [{"path": p.path, "line": p.line, "message": p.message} for p in problems],
    }
    json.dump(document, out, ensure_ascii=False, indent=2, allow_nan=False)
    out.write("\n")


def render_table(potentials: list[Potential], out: TextIO, terminal: bool) -> None:
    from rich.table import Table

    from keino_cli.render import make_console

    table = Table(title="Where to invest effort first", title_justify="left", header_style="bold")
    for name, justify in (("#", "right"), ("Procurement", "left"), ("Value €", "right"), ("Start", "left")):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    table.add_column("Criteria core / compr.", justify="right")
    table.add_column("Legal gates", overflow="fold")
    table.add_column("Impact", justify="right")
    for p in potentials:
        value = "–" if p.row.value_eur is None else f"{p.row.value_eur:,.0f}".replace(",", " ")
        impact = "–" if p.impact is None else f"{p.impact:,.0f}".replace(",", " ")
        what = f"{p.row.title} [dim]({p.row.id}, CPV {', '.join(p.row.cpv)})[/]"
        table.add_row(
            str(p.rank), what, value, p.row.start or "–", f"{p.core} / {p.comprehensive}",
            ", ".join(p.gates) or "–", impact,
        )  # fmt: skip
    console = make_console(out, terminal)
    console.print(table)
    console.print(
        "[dim]Impact = estimated value × potential weight (weighted number of applicable criteria).[/]"
    )
