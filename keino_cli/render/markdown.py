"""GitHub-flavoured Markdown for a pull-request or merge-request comment: a headline verdict, one
table row per input, then the failed, waived and baselined items of each input that has any.
Cell text is escaped (`|`, `<`, line breaks) so a message cannot break the table or inject HTML.
"""

from __future__ import annotations

from typing import TextIO

from keino_cli.gate import Outcome, Verdict, summarise
from keino_cli.model.result import InputResult
from keino_cli.render import Report

SECTIONS = (
    (Outcome.FAILED, "Failed"),
    (Outcome.WARNING, "Warnings"),
    (Outcome.BASELINED, "Known from baseline"),
    (Outcome.WAIVED, "Waived"),
)


def _text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def _code(text: str) -> str:
    quoted = text.replace("`", "'")
    return f"`{quoted}`"


def _row(result: InputResult, verdict: Verdict) -> str:
    a = result.assessment
    score = "n/a" if a.score is None else f"{a.score:g}"
    failed = ", ".join(f"{c.kind.value} {c.id}" for c in verdict.failures) or "—"
    mark = "✅ passed" if verdict.passed else "❌ failed"
    return f"| {_code(verdict.path)} | {score} | {a.ambition_level.value} | {mark} | {_text(failed)} |\n"


def _details(verdict: Verdict) -> str:
    lines: list[str] = []
    for outcome, heading in SECTIONS:
        checks = verdict.having(outcome)
        if not checks:
            continue
        lines.append(f"**{heading}**\n\n")
        for check in checks:
            where = f" (line {check.line})" if check.line else ""
            lines.append(f"- **{check.kind.value} {_text(check.id)}**{where}: {_text(check.message)}\n")
        lines.append("\n")
    if not lines:
        return ""
    return f"### {'✅' if verdict.passed else '❌'} {_code(verdict.path)}\n\n" + "".join(lines)


def render(report: Report, out: TextIO, terminal: bool) -> None:
    verdicts = report.gate_verdicts()
    summary = summarise(verdicts, (p.path for p in report.problems))
    out.write(f"## keino check: {'✅ passed' if summary.passed else '❌ failed'}\n\n{summary.line()}\n\n")
    if verdicts:
        out.write("| Input | Score | Ambition | Verdict | Failed items |\n| --- | ---: | --- | --- | --- |\n")
        for result, verdict in zip(report.results, verdicts, strict=True):
            out.write(_row(result, verdict))
        out.write("\n")
    for verdict in verdicts:
        out.write(_details(verdict))
    if report.problems:
        out.write("### Inputs that could not be read\n\n")
        for problem in report.problems:
            out.write(f"- {_code(str(problem))}\n")
