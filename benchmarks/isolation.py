"""Isolation figure (#18.1): a folder of 200 descriptions of which 20 (10 %) crash the reader.

Counts, for `assess`, `check` and `batch` (inline and with 2 workers), how many of the 180 good
results are kept and how many failed inputs are reported with their path.
Run: python benchmarks/isolation.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from keino_cli.cli import app  # noqa: E402
from keino_cli.readers import description  # noqa: E402

GOOD = (ROOT / "examples" / "school-catering.yaml").read_text(encoding="utf-8")
TOTAL, CRASHING = 200, 20


def main() -> None:
    os.environ.setdefault("KEINO_CACHE_DIR", tempfile.mkdtemp())
    real = description.read

    def crashing_read(path, data, options):
        if Path(path).name.startswith("crash-"):
            raise RuntimeError("injected reader bug")
        return real(path, data, options)

    description.read = crashing_read  # forked batch workers inherit it
    with tempfile.TemporaryDirectory() as folder:
        for index in range(TOTAL):
            name = f"crash-{index:03d}.yaml" if index % (TOTAL // CRASHING) == 0 else f"good-{index:03d}.yaml"
            Path(folder, name).write_text(GOOD.replace("JARVI-2026-021", f"T-{index}"), encoding="utf-8")
        for command in (["assess"], ["check"], ["batch", "--jobs", "1"], ["batch", "--jobs", "2"]):
            result = CliRunner().invoke(app, [*command, folder, "--format", "json"])
            document = json.loads(result.stdout)
            kept = len(document["results"])
            named = sum(Path(e["path"]).name.startswith("crash-") for e in document["errors"])
            print(
                f"{' '.join(command):<16} good results kept {kept}/{TOTAL - CRASHING} "
                f"({100 * kept / (TOTAL - CRASHING):.0f} %), failed inputs reported with their path "
                f"{named}/{CRASHING}, exit code {result.exit_code}"
            )


if __name__ == "__main__":
    main()
