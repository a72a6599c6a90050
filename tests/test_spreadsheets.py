"""CSV for programs and for Excel; the portfolio summary as CSV; formula injection kept out."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.conftest import ROOT, run

EXAMPLES = [str(p) for p in sorted((ROOT / "examples").glob("*.yaml"))]


def _rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_excel_csv_has_bom_semicolons_and_decimal_commas() -> None:
    out = run("batch", *EXAMPLES, "--format", "csv-excel", "--lang", "fi", "--jobs", "1").stdout
    assert out.startswith("\ufeffpath;format;id;")
    rows = _rows(out.removeprefix("\ufeff"), ";")
    header, body = rows[0], rows[1:]
    assert len(body) == len(EXAMPLES)
    scores = [row[header.index("score")] for row in body]
    assert any("," in score for score in scores) and not any("." in score for score in scores)
    assert any("Järvi" in cell for row in body for cell in row)  # UTF-8 intact


def test_plain_csv_stays_comma_and_point() -> None:
    out = run("batch", *EXAMPLES, "--format", "csv", "--lang", "fi", "--jobs", "1").stdout
    assert out.startswith("path,format,id,")
    rows = _rows(out, ",")
    scores = [row[rows[0].index("score")] for row in rows[1:]]
    assert any("." in score for score in scores)


def test_assess_writes_excel_csv_too() -> None:
    out = run("assess", EXAMPLES[0], "--format", "csv-excel", "--lang", "sv").stdout
    assert out.startswith("\ufeffpath;")


def test_formula_injection_is_defused_in_both_dialects(tmp_path: Path) -> None:
    evil = tmp_path / "evil.yaml"
    evil.write_text(
        'id: "=1+1"\ntitle: "=HYPERLINK(\\"http://x\\")"\nbuyer: {name: "@SUM(A1)"}\ncpv: ["30213100"]\n',
        encoding="utf-8",
    )
    for fmt, delimiter in (("csv", ","), ("csv-excel", ";")):
        out = run("assess", str(evil), "--format", fmt).stdout.removeprefix("\ufeff")
        header, data = _rows(out, delimiter)[:2]
        assert data[header.index("title")] == '\'=HYPERLINK("http://x")'
        assert data[header.index("id")] == "'=1+1"
        assert data[header.index("buyer")] == "'@SUM(A1)"


def test_portfolio_summary_as_csv_names_cpv_divisions_in_the_language() -> None:
    out = run("batch", *EXAMPLES, "--format", "summary-csv", "--lang", "fi", "--jobs", "1").stdout
    rows = _rows(out, ",")
    assert rows[0] == ["section", "group", "name", "metric", "value"]
    assert ["portfolio", "", "", "procurements", str(len(EXAMPLES))] in rows
    # Commission Regulation (EC) No 213/2008: division 45 is Construction work (fi Rakennustyöt).
    assert ["by_cpv_division", "45", "Rakennustyöt", "procurements", "1"] in rows
    sections = {row[0] for row in rows[1:]}
    assert sections == {
        "portfolio", "carries", "declared", "scores", "ambition", "gates", "by_cpv_division", "by_buyer",
        "by_procedure",
    }  # fmt: skip


def test_portfolio_summary_as_excel_csv() -> None:
    out = run("batch", *EXAMPLES, "--format", "summary-csv-excel", "--lang", "sv", "--jobs", "1").stdout
    assert out.startswith("\ufeffsection;group;name;metric;value")
    rows = _rows(out.removeprefix("\ufeff"), ";")
    means = [row[4] for row in rows if row[:2] == ["scores", "overall"] and row[3] == "mean"]
    assert means and "," in means[0]
