"""Markdown and plain text: UTF-8 with or without BOM; another encoding only when `--encoding` names it.

Paragraphs are runs of lines between blank lines (Markdown headings and list items start their
own); each keeps the file line it starts on, so a citation and a SARIF location point at it.
"""

from __future__ import annotations

import codecs
import re

from keino_cli.errors import InputError
from keino_cli.model.origin import ProcurementInput
from keino_cli.readers import ReadOptions
from keino_cli.readers.documents import Block, Document, read_documents

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


def decode(path: str, data: bytes, encoding: str | None) -> str:
    """The text of a file: UTF-8 (BOM or not) unless `encoding` is given; never a silent guess."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
            return data.decode(encoding)
        except LookupError:
            raise InputError.single(path, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as error:
            raise InputError.single(path, f"not valid {encoding} text at byte {error.start}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError.single(
            path, f"not UTF-8 text (byte 0x{data[error.start]:02x}); give --encoding, e.g. cp1252", line
        ) from None


def blocks_of(text: str, markdown: bool) -> tuple[list[Block], str | None]:
    """Paragraph blocks with their first line number, and the first heading (a title hint)."""
    blocks: list[Block] = []
    lines: list[str] = []
    first_line = 1
    heading: str | None = None
    title: str | None = None

    def flush() -> None:
        if lines:
            body = "\n".join(lines).strip()
            if body:
                blocks.append(Block(body, f"¶{len(blocks) + 1}", first_line, heading))
            lines.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        found = _HEADING.match(line) if markdown else None
        if not line.strip() or found or _ITEM.match(line):
            flush()
        if found:
            heading = found.group(1)
            title = title or heading
            blocks.append(Block(heading, f"¶{len(blocks) + 1}", number, heading))
            continue
        if line.strip():
            if not lines:
                first_line = number
            lines.append(line)
    flush()
    return blocks, title


def extract(path: str, data: bytes, options: ReadOptions) -> Document:
    markdown = path.lower().endswith((".md", ".markdown"))
    blocks, title = blocks_of(decode(path, data, options.encoding), markdown)
    return Document(path, blocks, title, "markdown" if markdown else "text")


def read(path: str, data: bytes, options: ReadOptions) -> ProcurementInput:
    return read_documents([path], options, {path: data})
