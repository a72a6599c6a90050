"""`keino scan` and documents through `keino assess`: output, languages, errors, exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conftest import run

sys.path.insert(0, str(Path(__file__).parent))
from pdfgen import make_pdf

SV = (
    "Upphandlande enhet: Enköpings kommun\n\n"
    "Huvudsaklig CPV-kod: 55524000-9. Uppskattat värde 1 900 000 euro exklusive moms.\n\n"
    "Minst 25 procent av livsmedlen ska vara ekologiska. Miljömärkning krävs inte.\n"
)


def test_scan_json_lists_facts_identity_and_criteria(tmp_path: Path) -> None:
    path = tmp_path / "anbud.md"
    path.write_text(SV, encoding="utf-8")
    result = run("scan", str(path), "--format", "json", "--all")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    document = data["documents"][0]
    assert document["lang"] == "sv" and document["lang_source"] == "detected"
    facts = {item["fact"]: item for item in data["facts"]}
    organic = facts["food.organic_share_pct"]
    assert organic["value"] == 25 and organic["criteria"]
    assert organic["origin"]["source"] == "document" and organic["origin"]["line"] == 5
    assert data["identity"]["cpv"]["value"] == ["55524000"]
    assert data["identity"]["value"]["value"] == [1_900_000, "EUR"]
    assert data["identity"]["buyer"]["value"] == "Enköpings kommun"


def test_scan_table_and_doc_lang_override(tmp_path: Path) -> None:
    path = tmp_path / "tender.txt"
    path.write_text("Vähintään 30 % elintarvikkeista on oltava luomua.", encoding="utf-8")
    table = run("scan", str(path), env={"COLUMNS": "250"})
    assert table.exit_code == 0 and "food.organic_share_pct" in table.stdout
    forced = run("scan", str(path), "--doc-lang", "en", "--format", "json")
    assert json.loads(forced.stdout)["documents"][0]["lang_source"] == "option"
    assert run("scan", str(path), "--doc-lang", "de").exit_code == 2


def test_scan_bad_pdf_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7 not really")
    result = run("scan", str(bad))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_assess_reads_documents_and_cites_them(tmp_path: Path) -> None:
    path = tmp_path / "tender.pdf"
    path.write_bytes(
        make_pdf(
            [
                [
                    "Koulujen ateriapalvelut",
                    "",
                    "CPV 55524000",
                    "Vähintään 30 % elintarvikkeista on oltava luomua.",
                ]
            ]
        )
    )
    result = run("assess", str(path), "--format", "json", "--doc-lang", "fi")
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)["results"][0]
    used = [f for c in data["criteria"] for f in c["facts_used"] if f["fact"] == "food.organic_share_pct"]
    assert used and used[0]["origin"]["source"] == "document"
    assert used[0]["origin"]["pointer"].startswith("tender.pdf p.1")
    table = run("assess", str(path), "--details")  # facts and their places are in the details
    assert "tender.pdf p.1" in table.stdout


def test_assess_text_in_another_encoding(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(
        "Hankinta toteutetaan avoimella menettelyllä ja luomua on vähintään 20 %.".encode("cp1252")
    )
    assert run("assess", str(path)).exit_code == 2
    assert run("assess", str(path), "--encoding", "cp1252").exit_code in (0, 1)
