"""DOCX: paragraphs and table rows in document order (python-docx), headings kept for citations.

The zip is checked before python-docx opens it: member count, total and per-member unpacked
size and compression ratio, so a zip bomb is refused with a message instead of filling memory.
"""

from __future__ import annotations

import io
import zipfile

from keino_cli.errors import InputError
from keino_cli.model.procurement import ProcurementInput
from keino_cli.readers import ReadOptions
from keino_cli.readers.documents import MAX_TEXT_CHARS, Block, Document, read_documents

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_RATIO = 200  # unpacked / packed; real DOCX XML compresses ~10-30x


def check_zip(path: str, data: bytes) -> None:
    """Refuse a DOCX whose zip would unpack to too much, before anything decompresses it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise InputError.single(path, f"malformed DOCX (not a zip file): {error}") from None
    if len(members) > MAX_MEMBERS:
        raise InputError.single(path, f"DOCX has {len(members)} parts; the limit is {MAX_MEMBERS}")
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise InputError.single(
            path, f"DOCX unpacks to {total // 2**20} MiB; the limit is {MAX_UNPACKED_BYTES // 2**20} MiB"
        )
    for member in members:
        ratio = member.file_size // max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            message = f"DOCX part {member.filename} is compressed {ratio}:1; refused as a zip bomb"
            raise InputError.single(path, message)
    if "word/document.xml" not in {member.filename for member in members}:
        raise InputError.single(path, "malformed DOCX: no word/document.xml")


def _is_heading(style_name: str) -> bool:
    name = style_name.lower()
    return name.startswith(("heading", "title", "otsikko", "rubrik")) or name == "subtitle"


def extract(path: str, data: bytes, options: ReadOptions) -> Document:
    check_zip(path, data)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx and lxml raise many kinds on broken files
        raise InputError.single(path, f"malformed DOCX: {type(error).__name__}: {error}") from None
    blocks: list[Block] = []
    heading: str | None = None
    title: str | None = None
    paragraphs = tables = total = 0
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            paragraphs += 1
            if not text:
                continue
            style = paragraph.style.name if paragraph.style is not None else ""
            if _is_heading(style or ""):
                heading = text
                title = title or text
            blocks.append(Block(text, f"¶{paragraphs}", paragraphs, heading))
            total += len(text)
        elif tag == "tbl":
            tables += 1
            for row_number, row in enumerate(Table(child, document).rows, start=1):
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                        cells.append(text)
                if cells:
                    text = " | ".join(cells)
                    blocks.append(Block(text, f"table {tables} row {row_number}", paragraphs, heading))
                    total += len(text)
        if total > MAX_TEXT_CHARS:
            raise InputError.single(path, f"DOCX text exceeds {MAX_TEXT_CHARS} characters")
    return Document(path, blocks, title, "docx")


def read(path: str, data: bytes, options: ReadOptions) -> ProcurementInput:
    return read_documents([path], options, {path: data})
