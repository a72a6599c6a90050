"""Which files form one tender: one result per tender folder, a documents folder beside
descriptions read too, annex subfolders part of their tender (issue #13 item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from keino_cli.cli import app
from keino_cli.readers.packages import Package, folder_inputs, suffix

runner = CliRunner()
ITT = (
    "# Tarjouspyyntö: {title}\n\nHankintayksikkö: {buyer}, PL 1\n\n"
    "Hankinta toteutetaan avoimella menettelyllä.\n"
)
DESCRIPTION = "id: {id}\ntitle: {title}\ncpv: ['55524000']\n"


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def results(*args: str) -> list[dict]:
    outcome = runner.invoke(app, [*args, "-f", "json"])
    assert outcome.exit_code in (0, 1), outcome.stderr
    return json.loads(outcome.stdout)["results"]


def test_two_tender_folders_give_two_results_each_with_its_own_title(tmp_path: Path) -> None:
    root = tree(
        tmp_path / "tenders",
        {
            "a/itt.md": ITT.format(title="Koulujen ruokapalvelut", buyer="Järvilahden kaupunki"),
            "a/liitteet/annex.md": "Kasvisruokavaihtoehto on oltava tarjolla päivittäin.\n",
            "b/itt.md": ITT.format(title="Siivouspalvelut", buyer="Kuusijärven kunta"),
        },
    )
    units = folder_inputs(root)
    assert [(str(u), isinstance(u, Package)) for u in units] == [
        (str(root / "a"), True),
        (str(root / "b"), True),
    ]
    assert len(units[0].members) == 2  # the annex subfolder belongs to its tender
    for command in ("assess", "check"):
        found = results(command, str(root))
        assert [r["procurement"]["title"] for r in found] == ["Koulujen ruokapalvelut", "Siivouspalvelut"]


def test_a_documents_folder_beside_descriptions_is_taken(tmp_path: Path) -> None:
    root = tree(
        tmp_path / "work",
        {
            "one.yaml": DESCRIPTION.format(id="one", title="One"),
            "two.yaml": DESCRIPTION.format(id="two", title="Two"),
            "docs/itt.md": ITT.format(title="Kolmas hankinta", buyer="Järvilahden kaupunki"),
        },
    )
    units = folder_inputs(root)
    assert [str(u) for u in units] == [str(root / "docs"), str(root / "one.yaml"), str(root / "two.yaml")]
    assert sorted(r["procurement"]["title"] for r in results("assess", str(root))) == [
        "Kolmas hankinta",
        "One",
        "Two",
    ]


@pytest.mark.parametrize("with_description", [False, True])
def test_a_single_tender_folder_stays_one_package(tmp_path: Path, with_description: bool) -> None:
    files = {
        "itt.md": ITT.format(title="Koulukuljetukset", buyer="Järvilahden kaupunki"),
        "annex/a.md": "x\n",
    }
    if with_description:
        files["tender.yaml"] = DESCRIPTION.format(id="t", title="Koulukuljetukset 2027")
    units = folder_inputs(tree(tmp_path / "t", files))
    assert len(units) == 1 and isinstance(units[0], Package)
    assert len(units[0].members) == 2 + with_description


def test_a_tender_read_from_its_text_scores_as_its_description() -> None:
    """Issue #13 figure: the document score is at least 0.9 of the hand-written description's."""
    import importlib.util
    import sys

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location(
        "doc_vs_description", root / "benchmarks" / "doc_vs_description.py"
    )
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["doc_vs_description"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    found = module.shares()
    assert len(found) >= 3
    for name, (document, description) in found.items():
        assert description > 0 and document / description >= 0.9, name


def test_sections_give_context_to_what_the_text_says(tmp_path: Path) -> None:
    """An award band is no minimum, background is no requirement, proof wording is no label."""
    from keino_cli.readers import read_input

    text = (
        "# Tarjouspyyntö: Ruokapalvelut\n\n"
        "## Hankinnan tausta\n\nAiemmassa sopimuksessa luomun osuus oli vähintään 40 %.\n\n"
        "## Vertailuperusteet\n\nHinta 85 p.\n\nLuomutuotteiden osuus: yli 50 % 15 p, 30–50 % 10 p.\n\n"
        "## Vähimmäisvaatimukset\n\nVähintään 20 % elintarvikkeista on oltava luomua. "
        "Joutsenmerkityt tuotteet katsotaan täyttävän ympäristövaatimukset.\n"
    )
    path = tree(tmp_path, {"itt.md": text}) / "itt.md"
    procurement = read_input(str(path)).procurement
    assert procurement.facts["food.organic_share_pct"] == 20
    assert procurement.labels is None
    assert [(c.type, c.weight) for c in procurement.award_criteria or []] == [("price", 85), ("quality", 15)]


PATH_PARTS = st.sampled_from(["a", "b.yaml", ".", "..", "", "x.Tar.GZ", "c.", ".hidden", "d.json", " e .MD"])


@given(st.lists(PATH_PARTS, max_size=5).map("/".join))
def test_suffix_reads_a_path_as_pathlib_does(path: str) -> None:
    """The fast suffix decides which reader and which package a file goes to: it must never
    disagree with pathlib, whatever the path's dots and separators."""
    assert suffix(path) == Path(path).suffix.lower()
