"""What the eForms reader takes from a notice, as one comparable snapshot: the validated procurement
and, for every key path in it, the origin the reader noted (source, XPath, line, snippet).

`tests/golden/eforms-facts.json` holds the snapshots of the fixture notices and the SHA-256 of the
snapshot of each sample notice under `../shared/data/eforms` (digests only: the samples stay out of
the repository). `tests/test_eforms_facts.py` checks the reader against it, so a change of parser
or lookup code must give identical facts and origins. After a deliberate change, regenerate with
`python -m tests.eforms_facts`, review the diff, and commit it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from keino_cli.readers import read_input

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "eforms-facts.json"
FIXTURES = ROOT / "tests" / "fixtures" / "eforms"
FIXTURE_NOTICES = ("green.xml", "plain.xml", "award-cvd.xml", "mixed-content.xml")
SAMPLES = ROOT.parent / "shared" / "data" / "eforms"


def sample_notices() -> list[Path]:
    return sorted(SAMPLES.glob("*/*.xml")) if SAMPLES.is_dir() else []


def _key_paths(value: Any, base: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    paths = [base] if base else []
    if isinstance(value, dict):
        for key, item in value.items():
            paths += _key_paths(item, (*base, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            paths += _key_paths(item, (*base, index))
    return paths


def snapshot(path: Path) -> dict[str, Any]:
    data = read_input(str(path))
    procurement = data.procurement.model_dump(mode="json", exclude_none=True)
    origins = {}
    for key_path in _key_paths(procurement):
        origin = data.locate(key_path)
        origins["/".join(map(str, key_path))] = [origin.source, origin.pointer, origin.line, origin.snippet]
    return {"procurement": procurement, "origins": origins}


def digest(path: Path) -> str:
    text = json.dumps(snapshot(path), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sample_key(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def main() -> None:
    golden = {
        "fixtures": {name: snapshot(FIXTURES / name) for name in FIXTURE_NOTICES},
        "samples": {sample_key(path): digest(path) for path in sample_notices()},
    }
    GOLDEN.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
