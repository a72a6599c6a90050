"""`keino diff` as a table (people), JSON (programs) or Markdown (a manager's e-mail or an issue)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from keino_cli import __version__, i18n
from keino_cli.diff import Change, Diff
from keino_cli.render.view import measured_text

if TYPE_CHECKING:
    from keino_cli.catalog import Catalog

MARK = {1: "▲", -1: "▼", 0: "•"}
SECTIONS = (
    ("diff.score", ("score", "coverage", "ambition", "theme", "group")),
    ("diff.obligations", ("obligation",)),
    ("diff.statuses", ("criterion",)),
)


def _what(change: Change, lang: str, catalog: Catalog | None) -> str:
    if change.kind == "score":
        return i18n.t("diff.score", lang)
    if change.kind == "coverage":
        return i18n.t("diff.coverage", lang)
    if change.kind == "ambition":
        return i18n.t("diff.ambition", lang)
    if change.kind == "theme":
        return i18n.theme(change.id, lang)
    if change.kind == "group":
        groups = getattr(catalog, "product_groups", None) or {}
        group = groups.get(change.id) if isinstance(groups, dict) else None
        title = group.title.get(lang) if group is not None and hasattr(group, "title") else change.id
        return f"{i18n.t('report.group', lang)}: {title}"
    entry = catalog.criteria.get(change.id) if catalog is not None else None
    return f"{change.id} {entry.criterion.title.get(lang)}" if entry else change.id


def _value(change: Change, value: Any, lang: str) -> str:
    if value is None:
        return "–"
    if change.kind == "coverage":
        return i18n.percent(value, lang)
    if change.kind in ("score", "theme"):
        return i18n.number(value, lang)
    if change.kind in ("ambition", "group"):
        return i18n.level(value, lang)
    return i18n.status(value, lang)


def _delta(change: Change, lang: str) -> str:
    if change.kind in ("score", "theme") and change.before is not None and change.after is not None:
        return i18n.signed(change.after - change.before, lang)
    if change.kind == "coverage" and change.before is not None and change.after is not None:
        return f"{i18n.signed(100 * (change.after - change.before), lang, 0)} {i18n.t('diff.points', lang)}"
    if change.before == "not_applicable":
        return i18n.t("diff.added", lang)
    if change.after == "not_applicable":
        return i18n.t("diff.removed", lang)
    return ""


def _obligation_note(change: Change, lang: str) -> str:
    if not change.detail:
        return ""
    parts = []
    for side in ("before", "after"):
        values = change.detail.get(side) or {}
        text = ", ".join(f"{i18n.t(f'report.{k}', lang)} {measured_text(v, lang)}" for k, v in values.items())
        parts.append(text or "–")
    return " → ".join(parts)


def _rows(diff: Diff, lang: str, catalog: Catalog | None) -> list[tuple[str, list[Change]]]:
    return [(i18n.t(key, lang), diff.of(*kinds)) for key, kinds in SECTIONS if diff.of(*kinds)]


def _summary(diff: Diff, lang: str) -> str:
    if not diff.changes:
        return i18n.t("diff.no_change", lang)
    better = i18n.t("diff.improved", lang, count=diff.better)
    return f"{better} · {i18n.t('diff.worsened', lang, count=diff.worse)}"


def render_table(diff: Diff, out: TextIO, terminal: bool, lang: str, catalog: Catalog | None) -> None:
    from rich.table import Table
    from rich.text import Text

    from keino_cli.render import make_console

    console = make_console(out, terminal)
    console.print(Text(i18n.t("diff.title", lang, old=diff.old, new=diff.new), style="bold"), overflow="fold")
    if diff.title:
        console.print(diff.title, style="dim", overflow="ellipsis", no_wrap=True)
    style = {1: "green", -1: "red", 0: "dim"}
    for heading, changes in _rows(diff, lang, catalog):
        cells = [
            (
                change,
                _value(change, change.before, lang),
                _value(change, change.after, lang),
                _delta(change, lang),
            )
            for change in changes
        ]
        widths = [
            max([len(i18n.t(key, lang)), *(len(row[i]) for row in cells)])
            for i, key in ((1, "diff.before"), (2, "diff.after"), (3, "diff.change"))
        ]
        table = Table(title=heading, title_justify="left", header_style="bold", pad_edge=False, box=None)
        table.add_column("", no_wrap=True, min_width=1)
        what_width = max(12, console.width - sum(widths) - 2 - 2 * 4)
        table.add_column(i18n.t("diff.what", lang), overflow="ellipsis", no_wrap=True, max_width=what_width)
        for key, width in zip(("diff.before", "diff.after", "diff.change"), widths, strict=True):
            table.add_column(
                i18n.t(key, lang),
                no_wrap=True,
                min_width=width,
                justify="right" if key == "diff.change" else "left",
            )
        for change, before, after, delta in cells:
            table.add_row(
                Text(MARK[change.direction], style=style[change.direction]),
                _what(change, lang, catalog),
                before,
                after,
                delta,
            )
            note = _obligation_note(change, lang)
            if note:
                table.add_row("", Text(note, style="dim"), "", "", "")
        console.print()
        console.print(table)
    console.print()
    console.print(_summary(diff, lang), style="bold")


def render_markdown(diff: Diff, out: TextIO, lang: str, catalog: Catalog | None) -> None:
    from keino_cli.render.markdown import _text

    out.write(f"## {_text(i18n.t('diff.title', lang, old=diff.old, new=diff.new))}\n\n")
    if diff.title:
        out.write(f"{_text(diff.title)}\n\n")
    out.write(f"**{_summary(diff, lang)}**\n\n")
    for heading, changes in _rows(diff, lang, catalog):
        out.write(f"### {heading}\n\n")
        out.write(
            f"| | {i18n.t('diff.what', lang)} | {i18n.t('diff.before', lang)} | "
            f"{i18n.t('diff.after', lang)} | {i18n.t('diff.change', lang)} |\n"
            "| --- | --- | --- | --- | ---: |\n"
        )
        for change in changes:
            what = _what(change, lang, catalog)
            note = _obligation_note(change, lang)
            if note:
                what = f"{what} ({note})"
            out.write(
                f"| {MARK[change.direction]} | {_text(what)} | {_value(change, change.before, lang)} | "
                f"{_value(change, change.after, lang)} | {_delta(change, lang)} |\n"
            )
        out.write("\n")


def render_json(diff: Diff, out: TextIO) -> None:
    from keino_cli.model.result import SCHEMA_VERSION

    document = {"schema_version": SCHEMA_VERSION, "tool": {"name": "keino", "version": __version__}}
    json.dump(document | {"diff": diff.to_dict()}, out, ensure_ascii=False, indent=2)
    out.write("\n")
