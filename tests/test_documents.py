"""Document readers: text encodings, Markdown lines, DOCX paragraphs/tables, PDF pages, limits, packages."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from keino_cli.api import expand_inputs
from keino_cli.errors import InputError
from keino_cli.pipeline import PackageUnit, read_unit
from keino_cli.readers import ReadOptions, read_input
from keino_cli.readers.documents import extract
from keino_cli.readers.documents.docx import check_zip

sys.path.insert(0, str(Path(__file__).parent))
from docxgen import make_docx
from pdfgen import make_pdf

FI_TEXT = (
    "Hankinta toteutetaan avoimella menettelyllä.\n\nVähintään 30 % elintarvikkeista on oltava luomua.\n"
)


def test_utf8_with_and_without_bom_reads_the_same(tmp_path: Path) -> None:
    plain = tmp_path / "a.txt"
    plain.write_bytes(FI_TEXT.encode())
    bom = tmp_path / "b.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + FI_TEXT.encode())
    for path in (plain, bom):
        facts = read_input(str(path)).procurement.facts
        assert facts["food.organic_share_pct"] == 30


def test_other_encodings_need_encoding_option(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(FI_TEXT.encode("cp1252"))
    with pytest.raises(InputError) as error:
        read_input(str(path))
    assert "not UTF-8" in str(error.value) and "--encoding" in str(error.value)
    procurement = read_input(str(path), ReadOptions(encoding="cp1252")).procurement
    assert procurement.procedure == "open"


def test_markdown_cites_file_line_and_heading(tmp_path: Path) -> None:
    path = tmp_path / "tender.md"
    path.write_text("# Ateriapalvelut\n\nJohdanto.\n\n## Vaatimukset\n\n" + FI_TEXT, encoding="utf-8")
    data = read_input(str(path))
    origin = data.locate(("facts", "food.organic_share_pct"))
    assert origin.source == "document"
    assert origin.line == 9
    assert "Vaatimukset" in origin.pointer and "luomua" in (origin.snippet or "")
    assert data.procurement.title == "Ateriapalvelut"


def test_docx_paragraphs_headings_and_tables(tmp_path: Path) -> None:
    data = make_docx(
        [
            ("Siivouspalvelut", "Title"),
            ("Ympäristövaatimukset", "Heading 1"),
            ("Mikrokuituliinoja on käytettävä.", None),
        ],
        table=[["Vaatimus", "Taso"], ["Takuuaika", "vähintään 3 vuotta"]],
    )
    path = tmp_path / "tender.docx"
    path.write_bytes(data)
    result = read_input(str(path))
    assert result.procurement.title == "Siivouspalvelut"
    assert result.procurement.facts["cleaning.microfibre_required"] is True
    assert result.procurement.facts["ict.warranty_years"] == 3
    assert "table 1 row 2" in result.locate(("facts", "ict.warranty_years")).pointer
    assert "Ympäristövaatimukset" in result.locate(("facts", "cleaning.microfibre_required")).pointer


def test_zip_bomb_is_refused_before_python_docx(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(InputError, match="zip bomb"):
        check_zip("bomb.docx", buffer.getvalue())


def test_not_a_zip_is_one_line() -> None:
    with pytest.raises(InputError, match="malformed DOCX"):
        check_zip("x.docx", b"not a zip")


def test_pdf_pages_and_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "tender.pdf"
    path.write_bytes(
        make_pdf([["Johdanto."], ["Hankinnan CPV-koodi 55524000-9.", "Vähintään 40 % on oltava luomua."]])
    )
    result = read_input(str(path))
    assert result.procurement.cpv == ["55524000"]
    assert result.procurement.facts["food.organic_share_pct"] == 40
    assert result.locate(("facts", "food.organic_share_pct")).pointer.startswith("tender.pdf p.2")


def test_malformed_pdf_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
    with pytest.raises(InputError) as error:
        read_input(str(path))
    assert len(error.value.problems) == 1
    assert "PDF" in error.value.problems[0].message


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf([["Salainen."]]))).pages:
        writer.add_page(page)
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "locked.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match="encrypted PDF"):
        read_input(str(path))


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[]]))
    with pytest.raises(InputError, match="no text layer"):
        read_input(str(path))


def test_unknown_document_kind() -> None:
    with pytest.raises(InputError, match="not a document"):
        extract("x.odt", b"...", ReadOptions())


def test_folder_of_documents_is_one_package_and_description_wins(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(FI_TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Sopimuskausi on 24 kuukautta.", encoding="utf-8")
    (tmp_path / "desc.yaml").write_text(
        "id: T-9\ntitle: Koulut\nfacts:\n  food:\n    organic_share_pct: 50\n", encoding="utf-8"
    )
    items = expand_inputs([str(tmp_path)])
    assert len(items) == 1 and isinstance(items[0], PackageUnit)
    (data,) = read_unit(items[0], ReadOptions())
    procurement = data.procurement
    assert procurement.id == "T-9" and procurement.duration_months == 24
    assert (
        procurement.facts["food"]["organic_share_pct"] == 50
        and "food.organic_share_pct" not in procurement.facts
    )
    assert data.locate(("facts", "food", "organic_share_pct")).source == "description"
    assert data.locate(("duration_months",)).source == "document"
    assert data.format == "description+documents"


def test_document_files_named_together_are_one_package(tmp_path: Path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text(FI_TEXT, encoding="utf-8")
    second.write_text("Ruokahävikkiä on seurattava.", encoding="utf-8")
    items = expand_inputs([str(first), str(second)])
    assert len(items) == 1
    assert isinstance(items[0], PackageUnit)
    facts = read_unit(items[0], ReadOptions())[0].procurement.facts
    assert facts["food.organic_share_pct"] == 30 and facts["food.waste_monitoring_required"] is True


def test_folder_of_descriptions_stays_one_result_each(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("id: X\ntitle: Y\n", encoding="utf-8")
    assert len(expand_inputs([str(tmp_path)])) == 2
