"""Legal gates applied per real notice, Finnish vs non-Finnish buyers, in two checkouts (issue #11).

    python benchmarks/legal_scope.py [--before ../main] [NOTICE_OR_FOLDER ...]

Default inputs: the eForms and OCDS samples in ../shared/data (relative to the repo root). Each
checkout is run as `python -m keino_cli assess FILE --format json` from its own root (with its own
PYTHONPATH), so "before" is whatever code that checkout holds. Reported per notice: the buyer's
country (as this checkout reads it), the gates that apply (status other than not_applicable) in
each checkout, how many of them are Finnish law or a Finnish quota applied to a non-Finnish buyer,
and `assess`'s exit code. Then the number of legal criteria with a declared scope and how many of
those scopes rest on a verified (read in the primary text) source.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def inputs(args: list[str]) -> list[Path]:
    paths = [Path(a) for a in args] or [DATA / "eforms", DATA / "ocds"]
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.suffix in (".xml", ".json")
                and "codelists" not in p.parts
                and "extensions" not in p.parts
                and "eforms-profile-mapping" not in p.parts
            )
        elif path.is_file():
            found.append(path)
    return found


def assess(checkout: Path, path: Path, cache: str) -> tuple[int, dict]:
    env = os.environ | {"PYTHONPATH": str(checkout), "XDG_CACHE_HOME": cache, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "keino_cli", "assess", str(path.resolve()), "--format", "json"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        document = json.loads(done.stdout)
    except ValueError:
        return done.returncode, {}
    results = document.get("results") or [{}]
    return done.returncode, results[0]


def finnish_rules(result: dict, country: str, finnish_ids: set[str]) -> list[str]:
    """Gates applied to a non-Finnish buyer that are Finnish law, or a CVD quota judged against a
    number (the only numbers keino ever had are Finland's)."""
    if country == "FI":
        return []
    found = []
    for criterion in result.get("criteria", []):
        if criterion.get("status") == "not_applicable" or criterion["id"] not in gate_ids(result):
            continue
        policy = (criterion.get("obligation") or {}).get("policy")
        if criterion["id"] in finnish_ids or (
            criterion["id"].startswith("CLI-VEH") and policy != "target-unknown"
        ):
            found.append(criterion["id"])
    return found


def gate_ids(result: dict) -> set[str]:
    return {g["id"] for g in result.get("gates", [])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, default=ROOT.parent / "main", help="checkout to compare with")
    parser.add_argument("paths", nargs="*")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from keino_cli.api import load_catalog

    catalog = load_catalog()
    legal = [e.criterion for e in catalog.criteria.values() if e.criterion.legal_gate]
    scoped = [c for c in legal if c.legal_scope is not None]
    verified = [c for c in scoped if c.legal_scope.source.status.value == "verified"]
    finnish_ids = {c.id for c in scoped if c.legal_scope.jurisdiction == ["FI"]}
    cache = tempfile.mkdtemp(prefix="keino-legal-bench-")
    rows = []
    for path in inputs(options.paths):
        after_code, after = assess(ROOT, path, cache + "/after")
        if not after:
            continue
        before_code, before = assess(options.before, path, cache + "/before")
        country = (after.get("legal") or {}).get("country", "??")
        assumed = (after.get("legal") or {}).get("country_assumed", False)
        rows.append(
            {
                "notice": path.name,
                "country": country + ("*" if assumed else ""),
                "before_gates": len(gate_ids(before)),
                "before_finnish_on_foreign": len(
                    finnish_rules(
                        before,
                        country,
                        finnish_ids | {"SOC-TV-01", "SOC-TV-02", "CLI-BLD-01", "CLI-BLD-02", "CLI-BLD-05"},
                    )
                ),
                "before_exit": before_code,
                "after_gates": len(gate_ids(after)),
                "after_finnish_on_foreign": len(finnish_rules(after, country, finnish_ids)),
                "after_exit": after_code,
                "after_gate_ids": sorted(gate_ids(after)),
            }
        )
    header = [
        "notice",
        "country",
        "before_gates",
        "before_finnish_on_foreign",
        "before_exit",
        "after_gates",
        "after_finnish_on_foreign",
        "after_exit",
    ]
    print(" | ".join(header))
    for row in rows:
        print(" | ".join(str(row[h]) for h in header) + f" | {', '.join(row['after_gate_ids'])}")
    for label, group in (
        ("Finnish", [r for r in rows if r["country"].startswith("FI")]),
        ("non-Finnish", [r for r in rows if not r["country"].startswith("FI")]),
    ):
        if not group:
            continue
        n = len(group)

        def total(key: str, rows: list[dict] = group) -> int:
            return sum(r[key] for r in rows)

        exits = [sum(r[key] == 0 for r in group) for key in ("before_exit", "after_exit")]
        print(
            f"{label} buyers: {n} notices; gates/notice before {total('before_gates') / n:.2f}, "
            f"after {total('after_gates') / n:.2f}; Finnish rules on a foreign buyer before "
            f"{total('before_finnish_on_foreign')}, after {total('after_finnish_on_foreign')}; "
            f"exit 0 before {exits[0]}/{n}, after {exits[1]}/{n}"
        )
    print(f"legal criteria: {len(legal)}; with a declared scope: {len(scoped)}; verified: {len(verified)}")
    print("(* = country not in the input: the configured default was assumed)")


if __name__ == "__main__":
    main()
