"""JSON Lines: one result (or one failed input) per line, so a long run can be followed and resumed.

A result line has the shape of one `results[]` item of the JSON report; a failed input is
`{"input": {"path": ...}, "errors": [...]}`. When a path appears more than once (a resumed run
that retried a failed input), the last line for it is the one that counts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from keino_cli.errors import Problem
from keino_cli.render import Report


def dumps(data: Mapping[str, Any]) -> str:
    """One compact JSON line, ending in a newline."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {"line": problem.line, "column": problem.column, "message": problem.message}


def error_line(path: str, problems: Iterable[Problem]) -> str:
    return dumps({"input": {"path": path}, "errors": [problem_dict(p) for p in problems]})


def render(report: Report, out: TextIO, terminal: bool) -> None:
    for result in report.results:
        out.write(dumps(result.to_dict()))
    failed: dict[str, list[Problem]] = {}
    for problem in report.problems:
        failed.setdefault(problem.path, []).append(problem)
    for path, problems in failed.items():
        out.write(error_line(path, problems))
