"""The drafted annex as one self-contained HTML page (inline CSS, no script, nothing fetched)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from keino_cli.draft import SECTION_ORDER, Draft
from keino_cli.draft.render import (
    label_line,
    parameter_lines,
    scoring_lines,
    section_title,
    source_line,
    with_unit,
    words,
)


def _sections(draft: Draft) -> list[dict[str, Any]]:
    lang = draft.lang
    w = words(lang)
    sections = []
    for name in SECTION_ORDER:
        items = draft.section(name)
        if not items:
            continue
        note = w["section_obligations_note"] if name == "obligations" else None
        if name == "award" and draft.award_weight is not None:
            note = w["award_weight_note"].format(weight=with_unit(draft.award_weight, None, lang))
        entries = [
            {
                "item": item,
                "parameters": [
                    (p.description, line.removeprefix(f"{p.description}: "))
                    for p, line in zip(item.parameters, parameter_lines(item, lang), strict=True)
                ],
                "weight": with_unit(item.suggested_weight, "%", lang) if item.suggested_weight else None,
                "scoring": scoring_lines(item, lang),
                "source": source_line(item),
                "labels": label_line(item, lang),
            }
            for item in items
        ]
        sections.append(
            {
                "number": len(sections) + 1,
                "title": section_title(name, lang),
                "note": note,
                "entries": entries,
            }
        )
    return sections


def render(draft: Draft) -> bytes:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    folder = Path(__file__).resolve().parent.parent / "templates"
    environment = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html", "j2"]))
    template = environment.get_template("draft.html.j2")
    page = template.render(draft=draft, sections=_sections(draft), w=words(draft.lang), lang=draft.lang)
    return page.encode("utf-8")
