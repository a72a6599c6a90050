"""The terminal report: one screen by default, details on demand, no word broken at 80 columns."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, run
from tests.layout import broken, vocabulary

EXAMPLES = [
    *sorted((ROOT / "examples").glob("*.yaml")),
    ROOT / "examples" / "tenders" / "koulujen-ateriapalvelut",
]
NARROW = {"COLUMNS": "80", "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def vocab() -> set[str]:
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES if p.is_file()]
    texts += [p.read_text(encoding="utf-8") for p in EXAMPLES[-1].rglob("*") if p.is_file()]
    texts.append(run("assess", *map(str, EXAMPLES), "--format", "json").stdout)
    return vocabulary(texts)


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_default_report_fits_one_screen_without_broken_words(example, lang, vocab) -> None:
    out = run("assess", str(example), "--lang", lang, env=NARROW).stdout
    lines = out.splitlines()
    assert len(lines) <= 40, out
    assert max(len(line) for line in lines) <= 80
    bad, _ = broken({"assess": out}, vocab)
    assert not bad, bad


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_details_list_open_criteria_first_and_count_met_per_theme(lang, vocab) -> None:
    out = run("assess", str(EXAMPLES[2]), "--details", "--lang", lang, env=NARROW).stdout
    not_met = out.index("not met (" if lang == "en" else "ei täyty (")
    unknown = out.index("unknown (" if lang == "en" else "ei tiedossa (")
    met = out.index("Met: " if lang == "en" else "Täyttyy: ")
    assert not_met < unknown < met
    assert "Facts used" in out or "Käytetyt tiedot" in out
    bad, _ = broken({"details": out}, vocab)
    assert not bad, bad
    assert max(len(line) for line in out.splitlines()) <= 80


def test_each_fact_is_listed_once() -> None:
    out = run("assess", str(EXAMPLES[2]), "--details", env=NARROW).stdout
    facts = out[out.index("Facts used") :]
    assert facts.count("award.rewards = ") == 1


def test_the_layout_check_can_fail(vocab) -> None:
    bad, elided = broken({"x": "social-responsibili ty Kestävyyskriteere illä Climate Ilmas…"}, vocab)
    assert set(bad) == {"x: social-responsibili", "x: ty", "x: Kestävyyskriteere", "x: illä"}
    assert elided == 1


@pytest.mark.parametrize(
    "args",
    [
        ("criteria", "list", "--lang", "fi"),
        ("plan", str(ROOT / "examples" / "plans" / "plan-2027.csv"), "--lang", "sv"),
        ("batch", *map(str, EXAMPLES[:5]), "--summary", "--lang", "fi", "--jobs", "1"),
        ("check", *map(str, EXAMPLES[:5]), "--format", "table", "--no-config"),
    ],
    ids=["criteria-list", "plan", "batch", "check"],
)
def test_other_tables_fit_80_columns_without_broken_words(args, vocab) -> None:
    extra = vocabulary([(ROOT / "examples" / "plans" / "plan-2027.csv").read_text(encoding="utf-8")])
    out = run(*args, env=NARROW).stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    bad, _ = broken({args[0]: out}, vocab | extra)
    assert not bad, bad


def test_square_brackets_are_printed_as_text(tmp_path) -> None:
    """A rule's list ("in [inc, n-inc-just]") and brackets in a title or name are report text,
    not rich markup: nothing is dropped and a stray "[/]" does not stop the report."""
    path = tmp_path / "brackets.yaml"
    path.write_text(
        'id: BR-1\ntitle: "Siivous [/] ja [alue 2] palvelut"\ncpv: ["90919200-4"]\n'
        "buyer: {name: Kunta, type: central-government, country: FI}\n",
        encoding="utf-8",
    )
    for fmt in ("table", "summary"):
        out = run("assess", str(path), "--format", fmt, "--details", env={"COLUMNS": "400", "NO_COLOR": "1"})
        assert out.exit_code in (0, 1), out.output
    table = run("assess", str(path), "--details", env={"COLUMNS": "400", "NO_COLOR": "1"}).stdout
    assert "accessibility.criteria in [inc, n-inc-just]" in table
    assert "Siivous [/] ja [alue 2] palvelut" in table
