"""JSON: one document with one shape for one or many inputs, written without rich."""

from __future__ import annotations

import json
from typing import Any, TextIO

from keino_cli import __version__
from keino_cli.model.result import SCHEMA_VERSION
from keino_cli.render import Report


def document(report: Report) -> dict[str, Any]:
    """The assess shape; a `keino check` run adds a `verdict` per result and an overall one."""
    results = [result.to_dict() for result in report.results]
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "keino", "version": __version__},
        "results": results,
        "errors": [
            {"path": p.path, "line": p.line, "column": p.column, "message": p.message}
            for p in report.problems
        ],
    }
    if report.verdicts is not None:
        from keino_cli.gate import summarise

        for result, verdict in zip(results, report.verdicts, strict=True):
            result["verdict"] = verdict.to_dict()
        data["verdict"] = summarise(report.verdicts, (p.path for p in report.problems)).to_dict()
    return data


def render(report: Report, out: TextIO, terminal: bool) -> None:
    json.dump(document(report), out, ensure_ascii=False, indent=2, allow_nan=False)
    out.write("\n")
