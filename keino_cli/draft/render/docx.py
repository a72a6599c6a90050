"""The drafted annex as a Word document: real headings, numbered items, bullet lists and tables,
so it drops into a municipality's tender template (styles of python-docx's default template)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from keino_cli.draft import SECTION_ORDER, Draft, DraftItem
from keino_cli.draft.render import (
    label_line,
    number,
    parameter_lines,
    scoring_lines,
    section_title,
    source_line,
    with_unit,
    words,
)

if TYPE_CHECKING:
    from docx.document import Document as WordDocument


def _item(document: WordDocument, heading: str, item: DraftItem, lang: str) -> None:
    w = words(lang)
    marker = f" ({w['obligation']})" if item.obligation else ""
    document.add_heading(f"{heading} {item.title}{marker}", level=3)
    document.add_paragraph(item.text)
    if item.parameters:
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text = w["parameter"]
        table.rows[0].cells[1].text = w["value"]
        for parameter, line in zip(item.parameters, parameter_lines(item, lang), strict=True):
            row = table.add_row().cells
            row[0].text = parameter.description
            row[1].text = line.removeprefix(f"{parameter.description}: ")
    if item.suggested_weight is not None:
        document.add_paragraph(f"{w['weight']}: {with_unit(item.suggested_weight, '%', lang)}")
    steps = scoring_lines(item, lang)
    if steps:
        document.add_paragraph(f"{w['scoring']}:")
        for line in steps:
            document.add_paragraph(line, style="List Bullet")
    document.add_paragraph(f"{w['verification']}:")
    for text in item.verification:
        document.add_paragraph(text, style="List Bullet")
    labels = label_line(item, lang)
    if labels:
        document.add_paragraph(labels)
    document.add_paragraph(f"{w['source']}: {source_line(item)}. {w['keino_id']}: {item.criterion_id}")


def render(draft: Draft) -> bytes:
    from docx import Document

    lang = draft.lang
    w = words(lang)
    document = Document()
    document.core_properties.title = w["annex_title"]
    document.core_properties.language = lang
    document.add_heading(w["annex_title"], level=1)
    document.add_paragraph(f"{w['product_groups']}: {', '.join(draft.group_titles) or '-'}")
    document.add_paragraph(f"{w['cpv']}: {', '.join(draft.cpv)}")
    document.add_paragraph(f"{w['level']}: {w['level_' + draft.level]}")
    document.add_paragraph(w["intro"])
    count = 0
    for section in SECTION_ORDER:
        items = draft.section(section)
        if not items:
            continue
        count += 1
        document.add_heading(f"{count}. {section_title(section, lang)}", level=2)
        if section == "obligations":
            document.add_paragraph(w["section_obligations_note"])
        if section == "award" and draft.award_weight is not None:
            document.add_paragraph(w["award_weight_note"].format(weight=number(draft.award_weight, lang)))
        for index, item in enumerate(items, 1):
            _item(document, f"{count}.{index}", item, lang)
    if draft.declarations:
        count += 1
        document.add_heading(f"{count}. {w['section_declarations']}", level=2)
        for key, codes in draft.declarations.items():
            document.add_paragraph(f"{w[key]}: {', '.join(codes)}", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
