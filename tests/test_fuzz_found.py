"""Every internal error the fuzz harness found stays fixed (issue #12 item 6): the cut-down inputs
of tests/fixtures/fuzz/cases.yaml through the CLI and the library, and the DOCX ones built here."""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from keino_cli.cli import app
from keino_cli.errors import InputError, Problem
from keino_cli.readers import read_inputs

FIXTURES = Path(__file__).parent / "fixtures" / "fuzz"
CASES = yaml.safe_load((FIXTURES / "cases.yaml").read_text(encoding="utf-8"))
runner = CliRunner()


def _at(value: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_found_input_is_read_or_one_located_problem(case: dict[str, Any]) -> None:
    path = str(FIXTURES / case["file"])
    result = runner.invoke(app, ["assess", path, "--format", "json"])
    assert "internal error" not in result.stderr
    if case["outcome"] == "problem":
        assert result.exit_code == 2
        with pytest.raises(InputError) as caught:
            read_inputs(path)
        assert [case["message"] in p.message for p in caught.value.problems] == [True]
        return
    assert result.exit_code in (0, 1), result.stderr
    (read,) = read_inputs(path)
    description = read.procurement.model_dump(mode="json")
    for dotted, expected in case["read"].items():
        assert _at(description, dotted) == expected, dotted


def _docx_with_document_xml(body: bytes) -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                content = body
            target.writestr(item.filename, content)
    return out.getvalue()


def test_docx_with_a_nul_character_is_one_line(tmp_path: Path) -> None:
    """lxml's message for an invalid character ends in a line break; the problem stays one line."""
    document = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Tarjous\x00pyynt\xc3\xb6</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "tender.docx"
    path.write_bytes(_docx_with_document_xml(document))
    result = runner.invoke(app, ["assess", str(path)])
    assert result.exit_code == 2
    assert "internal error" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "malformed DOCX" in result.stderr


@pytest.mark.parametrize("message", ["two\nlines", "trailing break\n", "a\r\n  b  \n\nc"])
def test_a_problem_is_one_line_whatever_the_message(message: str) -> None:
    problem = Problem("f.docx", message, 3, 4)
    assert "\n" not in str(problem) and "\r" not in str(problem)
    assert str(problem).startswith("f.docx:3:4: ")


def test_duplicate_ids_in_compiled_releases_print_no_python_warning() -> None:
    """Two lots with one id merge into one (OCDS merging); nothing but keino's lines on stderr."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (read,) = read_inputs(str(FIXTURES / "ocds-duplicate-lot-ids.json"))
    assert caught == []
    assert read.procurement.title == "B"  # the later release's title
    assert [lot.id for lot in read.procurement.lots] == ["1"]


def test_pdf_with_an_unknown_font_encoding_logs_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """pypdf reads past an unknown encoding name but logged it at ERROR with its whole table,
    which reached the user's stderr; the text is still read."""
    from pdfgen import make_pdf

    data = make_pdf([["Hankinnan CPV-koodi 55524000-9.", "Vähintään 40 % on oltava luomua."]])
    path = tmp_path / "tender.pdf"
    path.write_bytes(data.replace(b"/WinAnsiEncoding", b"/WinAnsi#00Encoding"))
    with caplog.at_level(logging.DEBUG):
        (read,) = read_inputs(str(path))
    assert [r.getMessage()[:60] for r in caplog.records if r.name.startswith("pypdf")] == []
    assert read.procurement.cpv == ["55524000"]
