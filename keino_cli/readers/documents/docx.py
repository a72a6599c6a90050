"""DOCX: paragraphs and table rows in document order (python-docx), headings kept for citations.

The zip is checked before python-docx opens it: member count, total and per-member unpacked
size and compression ratio, so a zip bomb is refused with a message instead of filling memory;
compression methods, zip versions and encryption python's zipfile cannot read are named; each
table's column spans are checked before python-docx expands them (a `gridSpan` of a billion
would build a billion cells). Anything else python-docx trips over is one "malformed DOCX" line.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from keino_cli.errors import InputError
from keino_cli.model.origin import ProcurementInput
from keino_cli.readers import ReadOptions
from keino_cli.readers.documents import MAX_TEXT_CHARS, Block, Document, read_documents

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_RATIO = 200  # unpacked / packed; real DOCX XML compresses ~10-30x
MAX_XML_PART_BYTES = 64 * 1024 * 1024  # one parsed XML part; lxml needs several times this in memory
MAX_COLUMNS = 64  # Word allows 63 columns in a table
_READABLE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)


def check_zip(path: str, data: bytes) -> None:
    """Refuse a DOCX whose zip would unpack to too much, before anything decompresses it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except NotImplementedError as error:  # e.g. a zip version newer than zipfile reads
        raise InputError.single(path, f"DOCX uses a zip feature that cannot be read: {error}") from None
    except Exception as error:  # zipfile raises BadZipFile, but also EOFError, ValueError, struct.error
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
    check_members(path, members)


def check_members(path: str, members: list[zipfile.ZipInfo]) -> None:
    """Refuse parts zipfile or lxml cannot read safely, naming the part and why."""
    for member in members:
        name = member.filename
        if member.flag_bits & 0x1:
            raise InputError.single(path, f"encrypted DOCX (part {name}): keino cannot read it")
        if member.compress_type not in _READABLE_METHODS:
            message = f"DOCX part {name} uses zip compression method {member.compress_type}; "
            raise InputError.single(path, message + "zip readers support stored, deflate, bzip2 and lzma")
        if name.endswith((".xml", ".rels")) and member.file_size > MAX_XML_PART_BYTES:
            size, limit = member.file_size, MAX_XML_PART_BYTES
            raise InputError.single(
                path, f"DOCX part {name} unpacks to {size:,} bytes; the limit is {limit:,}"
            )


def check_table(path: str, table: Any, number: int) -> None:
    """Refuse a table whose cells span more columns than Word allows, before python-docx expands
    each span into that many cells."""
    for span in table.iter(*_SPANS):
        value = span.get(_VAL, "1")
        if not value.isdigit() or int(value) > MAX_COLUMNS:
            message = f"DOCX table {number} has a cell spanning {value[:20]} columns; at most {MAX_COLUMNS}"
            raise InputError.single(path, message)


def _is_heading(style_name: str) -> bool:
    name = style_name.lower()
    return name.startswith(("heading", "title", "otsikko", "rubrik")) or name == "subtitle"


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPANS = (f"{_W}gridSpan", f"{_W}gridBefore", f"{_W}gridAfter")
_VAL = f"{_W}val"


def extract(path: str, data: bytes, options: ReadOptions) -> Document:
    check_zip(path, data)
    try:
        return _extract(path, data)
    except InputError:
        raise
    except Exception as error:  # python-docx and lxml raise many kinds on unusual structure
        raise InputError.single(path, f"malformed DOCX: {type(error).__name__}: {error}") from None


def _extract(path: str, data: bytes) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
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
            check_table(path, child, tables)
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
