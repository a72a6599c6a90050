"""A tender read from its text against the same tender described by hand (tests/fixtures/pairs/).

Each pair folder holds `tender.md` (the tender's text) and `description.yaml` (what that text
states, written by hand). The figure is the document's score as a share of the description's
(issue #13 target: >= 0.9). Run:

    .venv/bin/python benchmarks/doc_vs_description.py
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "fixtures" / "pairs"


def shares() -> dict[str, tuple[float, float]]:
    """Per pair: (document score, description score)."""
    from keino_cli.catalog import load_catalog
    from keino_cli.engine import Engine
    from keino_cli.model.profile import Profile
    from keino_cli.readers import ReadOptions, read_input

    catalog = load_catalog()
    engine = Engine(catalog, Profile())
    options = ReadOptions(catalog=catalog)
    found = {}
    for pair in sorted(p for p in PAIRS.iterdir() if p.is_dir()):
        document = engine.assess(read_input(str(pair / "tender.md"), options))
        description = engine.assess(read_input(str(pair / "description.yaml"), options))
        found[pair.name] = (document.to_dict()["score"], description.to_dict()["score"])
    return found


def main() -> None:
    print(f"{'pair':<14}{'document':>10}{'description':>13}{'share':>8}")
    for name, (document, description) in shares().items():
        print(f"{name:<14}{document:>10.2f}{description:>13.2f}{document / description:>8.2f}")


if __name__ == "__main__":
    main()
