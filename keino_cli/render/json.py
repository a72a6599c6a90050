"""JSON: one document with one shape for one or many inputs, written without rich."""

from __future__ import annotations

import json
from typing import Any, TextIO

from keino_cli import __version__
from keino_cli.model.result import SCHEMA_VERSION
from keino_cli.render import Report


def document(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "keino", "version": __version__},
        "results": [result.to_dict() for result in report.results],
        "errors": [
            {"path": p.path, "line": p.line, "column": p.column, "message": p.message}
            for p in report.problems
        ],
    }


def render(report: Report, out: TextIO, terminal: bool) -> None:
    json.dump(document(report), out, ensure_ascii=False, indent=2)
    out.write("\n")
