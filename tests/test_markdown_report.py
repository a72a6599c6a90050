"""`keino assess --format markdown`: a report to paste into a wiki or an issue, not check's verdict."""

from __future__ import annotations

from tests.conftest import FIXTURES, ROOT, run

TRANSPORT = str(ROOT / "examples" / "school-transport.yaml")


def test_assess_markdown_is_a_report() -> None:
    out = run("assess", TRANSPORT, "--format", "markdown", "--lang", "fi").stdout
    assert out.startswith("## School transport 2027-2031\n")
    assert "keino check" not in out
    for heading in (
        "### Tuoteryhmät",
        "### Teemat",
        "### Lakisääteiset velvoitteet",
        "### Parannussuunnitelma",
    ):
        assert heading in out
    assert "<details><summary>Kriteerit (" in out and "</details>" in out
    assert "Kuljetuspalvelut (jätteen kuljetusta lukuun ottamatta)" in out  # CPV 60 by name
    assert "CLI-VEH-02" in out


def test_check_markdown_stays_the_verdict() -> None:
    check = FIXTURES / "check"
    out = run(
        "check", str(check / "descriptions" / "pass.yaml"), "--criteria", str(check / "criteria"),
        "--no-bundled", "--no-config", "--format", "markdown",
    ).stdout  # fmt: skip
    assert out.startswith("## keino check: ")


def test_markdown_cells_cannot_break_the_table(tmp_path) -> None:
    evil = tmp_path / "evil.yaml"
    evil.write_text('id: "A|B"\ntitle: "x | y <b>z</b>"\ncpv: ["30213100"]\n', encoding="utf-8")
    out = run("assess", str(evil), "--format", "markdown").stdout
    assert "## x \\| y &lt;b>z&lt;/b>" in out
