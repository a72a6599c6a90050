"""Hostile nesting and sizes become one clear problem: rules nested too deep, YAML deeper than any
real file, DOCX spans, zip methods and inflated parts, PDF encryption and text bombs."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from keino_cli.model.rules import MAX_RULE_DEPTH
from tests.conftest import FIXTURES, run

MINI = (FIXTURES / "criteria" / "mini.yaml").read_text(encoding="utf-8")
GATE_RULE = "rule: {fact: test.vehicles.clean_share_pct, gte: {param: min_share_pct}}"
DESCRIPTION = str(FIXTURES / "descriptions" / "vehicles.yaml")


def _nested(levels: int, style: str) -> str:
    rule = "{fact: test.vehicles.clean_share_pct, gte: {param: min_share_pct}}"
    for _ in range(levels):
        rule = f"{{{style}: [{rule}]}}" if style != "not" else f"{{not: {rule}}}"
    return MINI.replace(GATE_RULE, "rule: " + rule, 1)


@pytest.mark.parametrize("style", ["all", "any", "not"])
def test_rules_nested_too_deep_are_a_located_problem(tmp_path: Path, style: str) -> None:
    criteria = tmp_path / "deep.yaml"
    criteria.write_text(_nested(MAX_RULE_DEPTH + 1, style), encoding="utf-8")
    result = run("assess", DESCRIPTION, "--criteria", str(criteria), "--no-bundled", "--format", "json")
    assert result.exit_code == 2
    assert f"{criteria}:" in result.stderr and "nested more than" in result.stderr
    assert "internal error" not in result.stderr


def test_400_nested_all_is_refused_while_parsing(tmp_path: Path) -> None:
    criteria = tmp_path / "deep.yaml"
    criteria.write_text(_nested(400, "all"), encoding="utf-8")
    result = run("assess", DESCRIPTION, "--criteria", str(criteria), "--no-bundled", "--format", "json")
    assert result.exit_code == 2 and "nested more than 100 levels deep" in result.stderr


def test_rules_at_the_limit_still_work(tmp_path: Path) -> None:
    criteria = tmp_path / "deep.yaml"
    criteria.write_text(_nested(MAX_RULE_DEPTH - 1, "all"), encoding="utf-8")
    result = run("assess", DESCRIPTION, "--criteria", str(criteria), "--no-bundled", "--format", "json")
    assert result.exit_code in (0, 1), result.stderr


# --- DOCX and PDF safety guards --------------------------------------------------------------


def _docx(table_span: str | None = None) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Hankinnan kohde on koulukuljetus.")
    if table_span is not None:
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "a"
        cell = table.rows[0].cells[0]._tc
        properties = cell.get_or_add_tcPr()
        from docx.oxml.ns import qn
        from lxml import etree

        span = etree.SubElement(properties, qn("w:gridSpan"))
        span.set(qn("w:val"), table_span)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _patch_zip(data: bytes, local_offset: int, central_offset: int, value: int, width: int = 2) -> bytes:
    """Set one field of every local and central zip header (as another zip tool would write it)."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", local_offset), (b"PK\x01\x02", central_offset)):
        if offset < 0:
            continue
        start = patched.find(signature)
        while start != -1:
            patched[start + offset : start + offset + width] = value.to_bytes(width, "little")
            start = patched.find(signature, start + 4)
    return bytes(patched)


def _docx_problem(data: bytes) -> str:
    from keino_cli.errors import InputError
    from keino_cli.readers import ReadOptions
    from keino_cli.readers.documents.docx import extract

    with pytest.raises(InputError) as caught:
        extract("t.docx", data, ReadOptions())
    (problem,) = caught.value.problems
    return problem.message


def test_a_huge_grid_span_is_refused_before_cells_are_built() -> None:
    assert "spanning 1000000000 columns" in _docx_problem(_docx("1000000000"))


def test_a_span_word_allows_still_reads() -> None:
    from keino_cli.readers import ReadOptions
    from keino_cli.readers.documents.docx import extract

    assert extract("t.docx", _docx("2"), ReadOptions()).blocks


@pytest.mark.parametrize(
    ("local", "central", "value", "message"),
    [
        (8, 10, 9, "compression method 9"),  # deflate64
        (6, 8, 0x1, "encrypted DOCX"),
        (-1, 6, 70, "zip feature that cannot be read: zip file version 7.0"),
    ],
)
def test_zip_methods_versions_and_encryption_are_named(
    local: int, central: int, value: int, message: str
) -> None:
    assert message in _docx_problem(_patch_zip(_docx(), local, central, value))


def test_an_inflated_xml_part_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("keino_cli.readers.documents.docx.MAX_XML_PART_BYTES", 1000)
    assert "unpacks to" in _docx_problem(_docx())


def test_broken_docx_structure_is_one_malformed_line() -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx())) as source, zipfile.ZipFile(data, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                content = content.replace(b"<w:body>", b"<w:body><w:tbl><w:tr><w:tc>", 1)
            target.writestr(item, content)
    assert _docx_problem(data.getvalue()).startswith("malformed DOCX")


def _pdf(**encrypt: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    sys.path.insert(0, str(Path(__file__).parent))
    from pdfgen import make_pdf

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Hankinta on avoin menettely."]]))))
    if encrypt:
        writer.encrypt(algorithm="AES-256", **encrypt)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_aes_encrypted_pdf_without_a_user_password_is_read() -> None:
    from keino_cli.readers import ReadOptions
    from keino_cli.readers.documents.pdf import extract

    document = extract("a.pdf", _pdf(user_password="", owner_password="owner"), ReadOptions())
    assert "avoin menettely" in document.blocks[0].text


def test_a_pdf_needing_a_password_is_a_clear_problem() -> None:
    from keino_cli.errors import InputError
    from keino_cli.readers import ReadOptions
    from keino_cli.readers.documents.pdf import extract

    with pytest.raises(InputError, match="needs a password"):
        extract("a.pdf", _pdf(user_password="secret", owner_password="owner"), ReadOptions())


def test_a_pdf_text_bomb_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    from keino_cli.errors import InputError
    from keino_cli.readers import ReadOptions
    from keino_cli.readers.documents.pdf import extract

    sys.path.insert(0, str(Path(__file__).parent))
    from pdfgen import make_pdf

    monkeypatch.setattr("keino_cli.readers.documents.pdf.MAX_PAGE_CONTENT_BYTES", 10_000)
    bomb = make_pdf([["x" * 60] * 400])
    with pytest.raises(InputError, match="drawing instructions"):
        extract("bomb.pdf", bomb, ReadOptions())


@pytest.mark.parametrize("encoding", ["x-unknown", "cp932", "rot13", "idna"])
def test_an_unreadable_xml_encoding_is_one_clear_line(encoding: str) -> None:
    from keino_cli.errors import InputError
    from keino_cli.readers.eforms import parse

    with pytest.raises(InputError) as caught:
        parse("n.xml", f'<?xml version="1.0" encoding="{encoding}"?><a/>'.encode())
    (problem,) = caught.value.problems
    assert problem.line == 1 and "encoding" in problem.message


# --- linear-time patterns over notice text ---------------------------------------------------

ADVERSARIAL = [
    "ilman " * 20_000,
    "utan " * 20_000,
    "1" * 100_000,
    "1." + "1" * 100_000,
    ("1,5 " * 25_000),
    "without " * 15_000,
]


def _seconds(function, text: str) -> float:
    import time

    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: f"{t[:8]!r}x{len(t)}")
def test_notice_text_patterns_are_linear(text: str) -> None:
    """Patterns over notice texts against a plain scan of the same text (one C-level match per
    character): a backtracking pattern is thousands of times slower here (the old
    `ilman .*ilmoitusta` took 69 s on the first text); the ceiling is a generous ratio (measured
    ~10-30), never an absolute time."""
    import re

    from keino_cli.readers import notices
    from keino_cli.readers.ocds import METHOD_DETAILS

    plain = _seconds(re.compile(r"\S").findall, text)

    def patterns(body: str) -> None:
        for pattern, _ in METHOD_DETAILS:
            pattern.search(body)
        notices._PERCENT.findall(body)
        for words, _, _ in notices._REWARD_PATTERNS:
            words.found(notices.fold([body]))

    assert _seconds(patterns, text) / plain < 150
