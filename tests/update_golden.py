"""The golden results of the bundled examples, in a compact shape a reviewer can read in a diff.

A golden file keeps, per result, what a change in criteria or scoring would move: the totals
(score, coverage, ambition level, theme and product-group scores), each legal gate's status, and
each applicable criterion's id, status and fraction (not-applicable criteria are left out: they
are most of the catalog and say nothing about the example). `tests/test_examples.py` checks the
examples against these files; it never writes them. After a deliberate change, regenerate with
`python -m tests.update_golden`, review the diff, and commit it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "score": result["score"],
        "coverage": result.get("coverage"),
        "ambition_level": result["ambition_level"],
        "themes": {theme: data["score"] for theme, data in result["themes"].items()},
        "groups": [[g["id"], g["ambition_level"], g["score"]] for g in result.get("groups", [])],
        "gates": [[g["id"], g["status"]] for g in result["gates"]],
        "criteria": [
            [c["id"], c["status"], c["fraction"]]
            for c in result["criteria"]
            if c["status"] != "not_applicable"
        ],
    }


def compact(document: dict[str, Any]) -> dict[str, Any]:
    """The golden shape of a `keino assess --format json` document."""
    return {
        "results": [
            {"path": r["input"]["path"], "id": r["procurement"]["id"], **_summary(r)}
            | ({"lots": [{"id": lot["id"], **_summary(lot)} for lot in r["lots"]]} if r.get("lots") else {})
            for r in document["results"]
        ],
        "errors": document["errors"],
    }


def assess_json(example: Path) -> dict[str, Any]:
    """The example's JSON document, assessed from the repository root as a user would."""
    from tests.conftest import run

    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        result = run("assess", example.relative_to(ROOT).as_posix(), "--format", "json")
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    os.environ.setdefault("KEINO_NO_CACHE", "1")
    for example in EXAMPLES:
        (GOLDEN / f"{example.stem}.json").write_text(render(compact(assess_json(example))), encoding="utf-8")
        sys.stdout.write(f"wrote tests/golden/{example.stem}.json\n")


if __name__ == "__main__":
    main()
