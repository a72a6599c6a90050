"""SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps), written without rich.

One rule per criterion (title as short description, source and recommendation as help) plus one
per non-criterion bar item; one result per unmet bar item (`error`), located at the line of the
fact that decided it where the input has lines, else at line 1. Waived items are results with an
in-source suppression; items known from a baseline carry `baselineState: unchanged`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from keino_cli import __version__
from keino_cli.catalog import Entry
from keino_cli.errors import Problem
from keino_cli.gate import Check, Kind, Outcome, Verdict
from keino_cli.render import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# Bar items that are not criteria: their own rules, named so they cannot clash with criterion ids.
BAR_RULES = {
    Kind.SCORE: ("keino/fail-under", "Overall score below --fail-under"),
    Kind.THEME: ("keino/fail-under-theme", "Theme score below --fail-under-theme"),
    Kind.LEVEL: ("keino/min-level", "Ambition level below --min-level"),
}
EXPIRED_WAIVER = ("keino/expired-waiver", "A waiver in the description has expired")
LEVELS = {
    Outcome.FAILED: "error",
    Outcome.BASELINED: "warning",
    Outcome.WARNING: "warning",
    Outcome.WAIVED: "note",
}


def _uri(path: str) -> str:
    """A relative path stays relative (code scanning resolves it against the checkout)."""
    p = Path(path)
    return p.resolve().as_uri() if p.is_absolute() else p.as_posix()


def _criterion_rule(entry: Entry, lang: str) -> dict[str, Any]:
    c = entry.criterion
    source = f"{c.source.document}, {c.source.reference}"
    help_text = f"{c.recommendation.get(lang)}\nSource: {source}"
    rule: dict[str, Any] = {
        "id": c.id,
        "name": c.id,
        "shortDescription": {"text": c.title.get(lang)},
        "fullDescription": {"text": c.description.get(lang) if c.description else c.title.get(lang)},
        "help": {"text": help_text, "markdown": f"{c.recommendation.get(lang)}\n\n**Source:** {source}"},
        "defaultConfiguration": {"level": "error" if c.legal_gate else "warning"},
        "properties": {
            "tags": [entry.theme.value, c.level.value, c.type.value]
            + (["legal-gate"] if c.legal_gate else []),
            "theme": entry.theme.value,
            "legal_gate": c.legal_gate,
        },
    }
    if c.source.url:
        rule["helpUri"] = str(c.source.url)
    return rule


def _rule_id(check: Check) -> str:
    if check.kind in BAR_RULES:
        return BAR_RULES[check.kind][0]
    if check.kind is Kind.WAIVER and check.outcome is Outcome.FAILED:
        return EXPIRED_WAIVER[0]
    return check.id


def _locations(path: str, line: int | None, column: int | None = None) -> list[dict[str, Any]]:
    """Where a finding is; none for standard input, which has no file to point at."""
    if path == "-":
        return []
    region: dict[str, int] = {"startLine": line or 1}
    if line and column:
        region["startColumn"] = column
    return [{"physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": region}}]


def _notification(problem: Problem) -> dict[str, Any]:
    """An unreadable input: a tool execution notification, since no rule was evaluated on it."""
    notification: dict[str, Any] = {"level": "error", "message": {"text": problem.message}}
    locations = _locations(problem.path, problem.line, problem.column)
    if locations:
        notification["locations"] = locations
    return notification


def _result(verdict: Verdict, check: Check, index: dict[str, int], baseline: bool) -> dict[str, Any]:
    rule_id = _rule_id(check)
    result: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": index[rule_id],
        "level": LEVELS[check.outcome],
        "message": {"text": check.message},
        "partialFingerprints": {"keino/v1": f"{Path(verdict.path).as_posix()}:{check.kind.value}:{check.id}"},
    }
    locations = _locations(verdict.path, check.line, check.column)
    if locations:
        result["locations"] = locations
    if check.outcome is Outcome.WAIVED:
        result["suppressions"] = [{"kind": "inSource", "justification": check.message}]
    if baseline and check.outcome in (Outcome.FAILED, Outcome.BASELINED):
        result["baselineState"] = "unchanged" if check.outcome is Outcome.BASELINED else "new"
    return result


def document(report: Report) -> dict[str, Any]:
    rules = [_criterion_rule(entry, report.lang) for entry in report.catalog.criteria.values()]
    rules += [
        {"id": rule_id, "name": rule_id, "shortDescription": {"text": text}}
        for rule_id, text in (*BAR_RULES.values(), EXPIRED_WAIVER)
    ]
    index = {rule["id"]: n for n, rule in enumerate(rules)}
    verdicts = report.gate_verdicts()
    baseline = any(c.outcome is Outcome.BASELINED for v in verdicts for c in v.checks)
    results = [
        _result(verdict, check, index, baseline)
        for verdict in verdicts
        for check in verdict.checks
        if check.outcome in LEVELS
    ]
    notifications = [_notification(problem) for problem in report.problems]
    invocation: dict[str, Any] = {"executionSuccessful": not report.problems}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "keino",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "results": results,
            }
        ],
    }


def render(report: Report, out: TextIO, terminal: bool) -> None:
    # One write: json.dump calls out.write per token; a SARIF document is small enough to hold.
    out.write(json.dumps(document(report), ensure_ascii=False, indent=2, allow_nan=False) + "\n")
