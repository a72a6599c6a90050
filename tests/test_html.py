"""HTML reports: self-contained, escaped, in the chosen language, and judged in a real browser.

The browser tests load every report type in headless Chromium (tests/browser.py) and assert on
what it rendered: no console message, no network request, the expected text, every chart with a
title and a text alternative. They are skipped where no Chromium is installed (.ci/run installs
Debian's package).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import browser
from tests.conftest import FIXTURES, ROOT, run

EXAMPLES = ROOT / "examples"
CHECK = FIXTURES / "check"
BROWSER = browser.find()
needs_browser = pytest.mark.skipif(BROWSER is None, reason="no Chromium installed")


def _html(tmp_path: Path, name: str, *args: str) -> Path:
    target = tmp_path / f"{name}.html"
    result = run(*args, "--format", "html", "--output", str(target))
    assert result.exit_code in (0, 1), result.stderr
    return target


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("html")
    examples = [str(p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    return {
        "assess": _html(tmp, "assess", "assess", str(EXAMPLES / "school-transport.yaml"), "--lang", "fi"),
        "assess-many": _html(tmp, "assess-many", "assess", *examples),
        "check": _html(
            tmp, "check", "check", str(CHECK / "descriptions" / "pass.yaml"),
            str(CHECK / "descriptions" / "gate-fails.yaml"), "--criteria", str(CHECK / "criteria"),
            "--no-bundled", "--no-config",
        ),
        "batch": _html(
            tmp, "batch", "batch", *examples, "--lang", "sv", "--jobs", "1"
        ),
    }  # fmt: skip


EXPECTED = {
    "assess": (
        "School transport 2027-2031",
        "Pisteet",
        "Lakisääteiset velvoitteet",
        "ALLE TAVOITTEEN",
        "Teemat",
    ),
    "assess-many": ("School and day-care catering 2027-2030", "Renovation of Koivurinne school", "Themes"),
    "check": ("keino check", "FAILED", "C-GATE-01"),
    "batch": (
        "Portföljsammanfattning",
        "Per CPV-huvudgrupp",
        "45 Byggnadsarbete",
        "Upphandlingar efter poäng",
    ),
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_one_self_contained_file(reports: dict[str, Path], kind: str) -> None:
    page = reports[kind].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert not re.search(r"""\s(src|href)\s*=""", page), "nothing may be fetched"
    assert "@media print" in page
    assert "<svg" in page
    for text in EXPECTED[kind]:
        assert text in page, text


def test_language_is_declared_for_screen_readers(reports: dict[str, Path]) -> None:
    assert '<html lang="fi">' in reports["assess"].read_text(encoding="utf-8")
    assert '<html lang="sv">' in reports["batch"].read_text(encoding="utf-8")


def test_texts_from_inputs_are_escaped(tmp_path: Path) -> None:
    description = tmp_path / "evil.yaml"
    description.write_text(
        'id: X-1\ntitle: "<script>alert(1)</script> & <img src=x>"\ncpv: ["30213100"]\n', encoding="utf-8"
    )
    page = _html(tmp_path, "evil", "assess", str(description)).read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x&gt;" in page


@needs_browser
def test_every_report_renders_in_a_browser_without_errors_or_requests(reports: dict[str, Path]) -> None:
    kinds = sorted(EXPECTED)
    pages = browser.load_all([reports[kind] for kind in kinds], BROWSER)
    for kind, page in zip(kinds, pages, strict=True):
        assert page.console == [], (kind, page.console)
        assert page.requests == [], (kind, page.requests)
        for text in EXPECTED[kind]:
            assert text in page.text or text.upper() in page.text, (kind, text)
        assert page.counts["svg"] > 0
        assert page.counts["svg_with_title"] == page.counts["svg_with_desc"] == page.counts["svg"], kind
        assert page.counts["scripts"] == 0 and page.counts["links"] == 0
        assert page.screenshot.startswith(b"\x89PNG\r\n\x1a\n") and len(page.screenshot) > 10_000


@needs_browser
def test_the_browser_check_does_see_errors_and_requests(tmp_path: Path) -> None:
    """A page that logs an error and fetches an image must fail the checks above."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><body><p>x</p><img src="http://127.0.0.1:9/x.png">'
        "<script>console.error('boom')</script></body></html>",
        encoding="utf-8",
    )
    page = browser.load(bad, BROWSER)
    assert any("boom" in message for message in page.console)
    assert page.requests == ["http://127.0.0.1:9/x.png"]
