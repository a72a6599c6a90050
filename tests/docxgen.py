"""Small DOCX files for tests, written with python-docx: paragraphs (text, style) and one table."""

from __future__ import annotations

import io


def make_docx(paragraphs: list[tuple[str, str | None]], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
