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
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


def render_table(potentials: list[Potential], out: TextIO, terminal: bool, lang: str = "en") -> None:
    """Two or three lines per planned procurement, ranked: what it is, then value, start,
    criteria available and impact, then the legal obligations that apply (wrapped, never broken)."""
    from rich.text import Text

    from keino_cli import i18n
    from keino_cli.render import make_console
    from keino_cli.render.table import clip, wrap

    console = make_console(out, terminal)
    width = console.width
    console.print(Text(i18n.t("plan.title", lang), style="bold"))
    for p in potentials:
        head = f"{p.rank:>3}. "
        what = f"{p.row.title} ({p.row.id}, CPV {', '.join(p.row.cpv)})"
        console.print(Text(head, style="bold") + clip(what, width - len(head)), no_wrap=True, crop=True)
        facts = [
            f"{i18n.t('plan.value', lang)} {i18n.money(p.row.value_eur, lang)}",
            f"{i18n.t('plan.start', lang)} {p.row.start or '–'}",
            i18n.t("plan.criteria", lang, core=p.core, comprehensive=p.comprehensive),
            f"{i18n.t('plan.impact', lang)} {'–' if p.impact is None else i18n.number(p.impact, lang, 0)}",
        ]
        for line in wrap("  ·  ".join(facts), width, 5):
            console.print(line, no_wrap=True, crop=True)
        if p.gates:
            gates = f"{i18n.t('plan.gates', lang)}: {', '.join(p.gates)}"
            for line in wrap(gates, width, 5, lines=2):
                console.print(line, style="dim", no_wrap=True, crop=True)
    console.print()
    for line in wrap(i18n.t("plan.note", lang), width):
        console.print(line, style="dim", no_wrap=True, crop=True)
