"""Views of the criteria themselves: `criteria list`, `criteria show` and `facts`."""

from __future__ import annotations

import json
from typing import Any, TextIO

from keino_cli.catalog import Catalog
from keino_cli.model.procurement import normalise_cpv
from keino_cli.rules import criterion_facts

WIDE = 120  # columns from which `criteria list` also names each criterion's type


def fact_users(catalog: Catalog) -> dict[str, list[str]]:
    """Which criteria read each fact (derived facts also count for the facts they come from)."""
    users: dict[str, list[str]] = {key: [] for key in catalog.facts}
    for criterion_id, entry in catalog.criteria.items():
        criterion = entry.criterion
        for key in criterion_facts(criterion):
            users.setdefault(key, []).append(criterion_id)
            derived = catalog.facts[key].derived if key in catalog.facts else None
            if derived is not None:
                for source_key in (derived.share_of.part, derived.share_of.whole):
                    users.setdefault(source_key, []).append(criterion_id)
    return {key: sorted(set(ids)) for key, ids in users.items()}


def fact_labels(catalog: Catalog) -> dict[str, list[str]]:
    """Which label schemes certify each fact, as `label/scheme (of products|provider)`."""
    found: dict[str, list[str]] = {}
    for label_id, label in sorted(catalog.labels.items()):
        for scheme in label.schemes:
            for key in scheme.certifies:
                found.setdefault(key, []).append(f"{label_id}/{scheme.id} (of {scheme.of.value})")
    return found


def fact_rows(catalog: Catalog, lang: str) -> list[dict[str, Any]]:
    users = fact_users(catalog)
    labels = fact_labels(catalog)
    return [
        {
            "name": key,
            "type": spec.type.value,
            "unit": spec.unit,
            "meaning": spec.description.get(lang),
            "values": spec.values,
            "derived_from": [spec.derived.share_of.part, spec.derived.share_of.whole]
            if spec.derived
            else None,
            "used_by": users.get(key, []),
            "certified_by": labels.get(key, []),
        }
        for key, spec in sorted(catalog.facts.items())
    ]


def render_facts(catalog: Catalog, lang: str, fmt: str, out: TextIO) -> None:
    rows = fact_rows(catalog, lang)
    if fmt == "json":
        json.dump({"facts": rows}, out, ensure_ascii=False, indent=2, allow_nan=False)
        out.write("\n")
        return
    from rich.table import Table

    from keino_cli.render import make_console

    table = Table(title=f"{len(rows)} facts the criteria read", title_justify="left", header_style="bold")
    for column in ("Fact", "Type", "Unit", "Meaning", "Used by"):
        table.add_column(column, overflow="fold")
    for row in rows:
        meaning = row["meaning"]
        if row["values"]:
            meaning += f" Values: {', '.join(row['values'])}."
        if row["derived_from"]:
            meaning += f" Derived from {row['derived_from'][0]} / {row['derived_from'][1]} when not given."
        if row["certified_by"]:
            meaning += f" Certified by label: {', '.join(row['certified_by'])}."
        table.add_row(row["name"], row["type"], row["unit"] or "", meaning, ", ".join(row["used_by"]) or "—")
    make_console(out, out.isatty()).print(table)


def applies_to_cpv(catalog: Catalog, criterion_id: str, cpv: str) -> bool:
    entry = catalog.criteria[criterion_id]
    return entry.criterion.applies_to.all or catalog.covers(entry.criterion, [cpv])


def render_list(
    catalog: Catalog, lang: str, fmt: str, out: TextIO, theme: str | None = None, cpv: str | None = None
) -> None:
    code = normalise_cpv(cpv) if cpv and len(cpv) >= 8 else cpv
    rows: list[dict[str, Any]] = [
        {
            "id": cid,
            "set": entry.set_id,
            "theme": entry.theme.value,
            "type": entry.criterion.type.value,
            "level": entry.criterion.level.value,
            "legal_gate": entry.criterion.legal_gate,
            "title": entry.criterion.title.get(lang),
            "source": f"{entry.criterion.source.document}, {entry.criterion.source.reference}",
        }
        for cid, entry in catalog.criteria.items()
        if (theme is None or entry.theme.value == theme)
        and (code is None or applies_to_cpv(catalog, cid, code))
    ]
    if fmt == "json":
        json.dump({"criteria": rows}, out, ensure_ascii=False, indent=2, allow_nan=False)
        out.write("\n")
        return
    _list_table(rows, lang, out)


def _list_table(rows: list[dict[str, Any]], lang: str, out: TextIO) -> None:
    """One line per criterion under its theme: id, level and type in words, the title elided to
    the width (no word is broken across lines); `criteria show ID` has the rest."""
    from rich.text import Text

    from keino_cli import i18n
    from keino_cli.render import make_console
    from keino_cli.render.table import clip

    console = make_console(out, out.isatty())
    width = console.width
    level_w = max(len(i18n.level(level, lang)) for level in ("core", "comprehensive"))
    id_w = max((len(row["id"]) for row in rows), default=0) + 2
    console.print(Text(i18n.t("list.title", lang, count=len(rows)), style="bold"))
    theme = None
    for row in rows:
        if row["theme"] != theme:
            theme = row["theme"]
            console.print()
            console.print(Text(i18n.theme(theme, lang), style="bold"))
        mark = "§" if row["legal_gate"] else " "
        head = f"{mark} {row['id']:<{id_w}}{i18n.level(row['level'], lang):<{level_w}}  "
        text = row["title"]
        if width >= WIDE:  # room for the criterion type too
            text += " · " + i18n.t(f"type.{row['type']}", lang)
        rest = clip(text, max(10, width - len(head)))
        console.print(Text(head) + Text(rest), no_wrap=True, overflow="ellipsis", crop=True)
    console.print()
    console.print(f"{i18n.t('list.legal', lang)}. {i18n.t('list.hint', lang)}", style="dim", overflow="fold")


def render_show(catalog: Catalog, criterion_id: str, lang: str, out: TextIO) -> None:
    import yaml
    from rich.panel import Panel
    from rich.text import Text

    from keino_cli.render import make_console

    entry = catalog.criteria[criterion_id]
    c = entry.criterion
    body = Text()

    def line(label: str, value: str) -> None:
        body.append(f"{label}: ", style="bold")
        body.append(f"{value}\n")

    line(
        "Set",
        f"{entry.set_id} ({entry.file.path})" + (f", overrides {entry.overrides}" if entry.overrides else ""),
    )
    line("Theme", entry.theme.value)
    line("Type", c.type.value)
    kind = c.resolved_kind.value
    line(
        "Kind",
        kind
        + ("" if c.kind else " (inferred)")
        + (" — what is bought" if kind == "subject" else " — how it is procured"),
    )
    line("Level", c.level.value + ("  — legal obligation" if c.legal_gate else ""))
    line("Weight", f"{c.weight:g}")
    if c.applies_to.all:
        line("Applies to", "every procurement")
    else:
        groups = ", ".join(c.applies_to.product_groups)
        line(
            "Applies to",
            "; ".join(
                x for x in (groups, ", ".join(c.applies_to.cpv) and "CPV " + ", ".join(c.applies_to.cpv)) if x
            ),
        )
    if c.description:
        line("Description", c.description.get(lang))
    how = c.rule if c.rule is not None else c.scoring
    assert how is not None
    dumped = yaml.safe_dump(
        how.model_dump(by_alias=True, exclude_none=True), default_flow_style=True, sort_keys=False
    )
    line("Rule" if c.rule is not None else "Scoring", dumped.strip())
    for name, param in c.parameters.items():
        unit = f" {param.unit}" if param.unit else ""
        legal = param.legal_minimum
        line(
            f"Parameter {name}",
            f"{param.default}{unit} ({param.status.value}) — {param.description.get(lang)}"
            + (f"; legal baseline {legal.value}{unit}: {legal.source}" if legal else ""),
        )
    for evidence in c.evidence:
        line("Evidence", evidence.get(lang))
    line("Recommendation", c.recommendation.get(lang))
    source = c.source
    line(
        "Source",
        f"{source.document}, {source.reference} ({source.status.value})"
        + (f" {source.url}" if source.url else ""),
    )
    if c.eforms:
        line(
            "eForms", ", ".join(f"{k.upper()}={v}" for k, v in c.eforms.model_dump(exclude_none=True).items())
        )
    make_console(out, out.isatty()).print(Panel(body, title=f"{c.id}  {c.title.get(lang)}", expand=False))
