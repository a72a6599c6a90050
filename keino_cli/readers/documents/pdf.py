"""PDF: the text layer of each page (pypdf), split into paragraphs; no OCR, no network.

A malformed, encrypted or image-only PDF is one clear problem line, never a traceback.
"""

from __future__ import annotations

import io
import logging

from keino_cli.errors import InputError
from keino_cli.model.procurement import ProcurementInput
from keino_cli.readers import ReadOptions
from keino_cli.readers.documents import MAX_PAGES, MAX_TEXT_CHARS, Block, Document, read_documents


def _paragraphs(page_text: str) -> list[tuple[str, int]]:
    """Paragraphs of a page with their first line: blank lines, or lines ending a sentence, end them."""
    paragraphs: list[tuple[str, int]] = []
    lines: list[str] = []
    start = 1
    for number, line in enumerate(page_text.splitlines(), start=1):
        if not line.strip():
            if lines:
                paragraphs.append(("\n".join(lines), start))
                lines = []
            continue
        if not lines:
            start = number
        lines.append(line.rstrip())
        if line.rstrip().endswith((".", ":", "!", "?")):
            paragraphs.append(("\n".join(lines), start))
            lines = []
    if lines:
        paragraphs.append(("\n".join(lines), start))
    return paragraphs


def extract(path: str, data: bytes, options: ReadOptions) -> Document:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings about odd PDFs are not ours to print
    name = path.rsplit("/", 1)[-1]
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError.single(path, "encrypted PDF: it needs a password, keino cannot read it")
        if len(reader.pages) > MAX_PAGES:
            raise InputError.single(path, f"PDF has {len(reader.pages)} pages; the limit is {MAX_PAGES}")
        blocks: list[Block] = []
        total = 0
        for page_number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            total += len(text)
            if total > MAX_TEXT_CHARS:
                raise InputError.single(path, f"PDF text exceeds {MAX_TEXT_CHARS} characters")
            for index, (body, line) in enumerate(_paragraphs(text), start=1):
                blocks.append(Block(body, f"p.{page_number} ¶{index}", line, None))
    except InputError:
        raise
    except Exception as error:  # pypdf raises many kinds on broken files; each is one line for the user
        kind = "encrypted PDF" if "crypt" in str(error).lower() else "malformed PDF"
        raise InputError.single(path, f"{kind}: {type(error).__name__}: {error}".rstrip(": ")) from None
    if not any(block.text.strip() for block in blocks):
        raise InputError.single(path, f"{name} has no text layer (a scanned PDF?); keino does not OCR")
    return Document(path, blocks, None, "pdf")


def read(path: str, data: bytes, options: ReadOptions) -> ProcurementInput:
    return read_documents([path], options, {path: data})
