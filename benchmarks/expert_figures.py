"""Figures of the expert-judgement suite (tests/expert): per case, the headline score, the score
and ambition of the group it is about (with progress toward the next level), and that group's
subject criteria that are not met; per pair, both sides' scores.

    python benchmarks/expert_figures.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from keino_cli.api import load_catalog  # noqa: E402
from keino_cli.engine import Engine  # noqa: E402
from keino_cli.model.result import Assessment, Status  # noqa: E402
from tests.test_expert import _cases, assess  # noqa: E402

DONE = (Status.MET, Status.NOT_APPLICABLE)


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _side(name: str, a: Assessment) -> str:
    return f"{name} score {_score(a.score)} practice {_score(a.practice.score)}"


def main() -> int:
    engine = Engine(load_catalog())
    groups_of = {
        key: set(e.criterion.applies_to.product_groups) for key, e in engine.catalog.criteria.items()
    }
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for param in _cases():
            case, blocks = param.values
            if "better" in case:
                better, worse = (assess(engine, case[side], blocks, tmp) for side in ("better", "worse"))
                print(f"{case['id']}: {_side('better', better)} | {_side('worse', worse)}")
                continue
            a = assess(engine, case, blocks, tmp)
            wanted = case["expect"].get("group")
            group = next((g for g in a.groups if g.id == wanted), None)
            if group is None:
                names = ", ".join(g.id for g in a.groups) or "none"
                print(f"{case['id']}: headline {_score(a.score)} {a.ambition_level.value}; groups: {names}")
                continue
            progress = group.next_level
            step = f" (next {progress.level} {progress.met}/{progress.total})" if progress else ""
            missing = [
                c.id
                for c in a.criteria
                if wanted in groups_of[c.id]
                and c.kind == "subject"
                and not c.legal_gate
                and c.status not in DONE
            ]
            print(
                f"{case['id']}: headline {_score(a.score)}; {wanted} {_score(group.score)} "
                f"{group.ambition_level.value}{step}; coverage {group.coverage}; "
                f"not met: {', '.join(missing) or '-'}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
