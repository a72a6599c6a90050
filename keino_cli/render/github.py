"""GitHub Actions workflow commands: annotations on the pull request's files, grouped per input.

`::error file=…,line=…,title=…::message` for each failed bar item and unreadable input,
`::warning` for unknown gates let through and baselined failures, `::notice` for waivers, each
input inside `::group::`, then one summary line. Values are escaped as the runner expects
(`%`, CR, LF everywhere; `:` and `,` in properties too), so a message cannot end a command early.
"""

from __future__ import annotations

from typing import TextIO

from keino_cli.gate import Outcome, summarise
from keino_cli.render import Report

COMMANDS = {
    Outcome.FAILED: "error",
    Outcome.WARNING: "warning",
    Outcome.BASELINED: "warning",
    Outcome.WAIVED: "notice",
}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, file: str | None, line: int | None, title: str) -> str:
    properties = {"title": title}
    if file is not None and file != "-":
        properties = {"file": file, "line": str(line or 1), "title": title}
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}\n"


def render(report: Report, out: TextIO, terminal: bool) -> None:
    verdicts = report.gate_verdicts()
    for verdict in verdicts:
        out.write(f"::group::{escape_data(verdict.path)}\n")
        for check in verdict.checks:
            name = COMMANDS.get(check.outcome)
            if name is None:
                continue
            prefix = "known from baseline: " if check.outcome is Outcome.BASELINED else ""
            title = f"keino {check.kind.value} {check.id}"
            out.write(command(name, prefix + check.message, verdict.path, check.line, title))
        out.write(f"{'passed' if verdict.passed else 'FAILED'}: {escape_data(verdict.path)}\n")
        out.write("::endgroup::\n")
    for problem in report.problems:
        out.write(command("error", problem.message, problem.path, problem.line, "keino input error"))
    summary = summarise(verdicts, (p.path for p in report.problems))
    out.write(f"keino check: {'passed' if summary.passed else 'FAILED'}: {summary.line()}\n")
