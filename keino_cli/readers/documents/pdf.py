"""PDF: the text layer of each page (pypdf), split into paragraphs; no OCR, no network.

A malformed, password-protected or image-only PDF is one clear problem line, never a traceback.
PDFs encrypted with AES but without a password open through pypdf's `cryptography` extra.
Extraction runs under a content budget (`ContentBudget`): a page of millions of text
operators is refused before pypdf parses it, instead of running for many minutes.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from keino_cli.errors import InputError
from keino_cli.model.origin import ProcurementInput
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


# Content-stream bytes pypdf will interpret (pages that show text only; figures are skipped).
# Parsing costs about a second per few MiB; a 500-page report has some 20 MiB in all.
MAX_PAGE_CONTENT_BYTES = 8 * 1024 * 1024
MAX_CONTENT_BYTES = 64 * 1024 * 1024
_TEXT_OPERATOR = re.compile(rb"T[Jj*]|['\"]")


class ContentBudget:
    """The text budget of one PDF, checked on each page's decoded content before pypdf parses
    it: a text bomb (one page of millions of operators) is refused in a moment, not read for
    many minutes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.used = 0

    def check(self, page: Any, page_number: int) -> None:
        contents = page.get_contents()
        if contents is None:
            return
        data = contents.get_data()
        if not _TEXT_OPERATOR.search(data):
            return
        if len(data) > MAX_PAGE_CONTENT_BYTES:
            raise InputError.single(
                self.path,
                f"PDF page {page_number} has {len(data) // 2**20} MiB of drawing instructions; "
                f"the limit is {MAX_PAGE_CONTENT_BYTES // 2**20} MiB per page",
            )
        self.used += len(data)
        if self.used > MAX_CONTENT_BYTES:
            raise InputError.single(
                self.path, f"PDF has more than {MAX_CONTENT_BYTES // 2**20} MiB of text drawing instructions"
            )


def extract(path: str, data: bytes, options: ReadOptions) -> Document:
    from pypdf import PdfReader

    # pypdf logs what it recovers from (even at ERROR: an unknown font encoding, with its whole
    # table); what it cannot read raises, and becomes keino's one located line.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    name = path.rsplit("/", 1)[-1]
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError.single(path, "encrypted PDF: it needs a password, keino cannot read it")
        if len(reader.pages) > MAX_PAGES:
            raise InputError.single(path, f"PDF has {len(reader.pages)} pages; the limit is {MAX_PAGES}")
        blocks: list[Block] = []
        total = 0
        budget = ContentBudget(path)
        for page_number, page in enumerate(reader.pages, start=1):
            budget.check(page, page_number)
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
