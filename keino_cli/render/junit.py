"""JUnit XML for CI test reports (GitLab `artifacts:reports:junit`, Jenkins, Azure): one test suite
per input, one test case per bar item, plus an `assessed` case so an input with no bar item shows.

Failed items are `<failure>`; waived, baselined and not-applicable items are `<skipped>` with the
reason (so they are counted apart, not hidden); an unreadable input is an `<error>`. Test names
hold no scores, so a CI's test history can follow each item across runs.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

from keino_cli.errors import Problem
from keino_cli.gate import Outcome, Verdict
from keino_cli.model.result import InputResult
from keino_cli.render import Report

SKIPPED_PREFIX = {
    Outcome.WAIVED: "waived",
    Outcome.BASELINED: "known from baseline",
    Outcome.SKIPPED: "skipped",
}


def _suite(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, "testsuite", name=name)


def _case(suite: ET.Element, path: str, name: str, line: int | None = None) -> ET.Element:
    attributes = {"classname": path, "name": name, "file": path}
    if line is not None:
        attributes["line"] = str(line)
    return ET.SubElement(suite, "testcase", attributes)


def _count(element: ET.Element, counts: dict[str, int]) -> None:
    for key, value in counts.items():
        element.set(key, str(value))


def _verdict_suite(root: ET.Element, result: InputResult, verdict: Verdict) -> dict[str, int]:
    suite = _suite(root, verdict.path)
    counts = {"tests": 1, "failures": 0, "errors": 0, "skipped": 0}
    assessed = _case(suite, verdict.path, "assessed")
    a = result.assessment
    score = "n/a" if a.score is None else f"{a.score:g}"
    ET.SubElement(assessed, "system-out").text = f"score {score}, ambition level {a.ambition_level.value}"
    for check in verdict.checks:
        counts["tests"] += 1
        case = _case(suite, verdict.path, f"{check.kind.value} {check.id}", check.line)
        if check.outcome is Outcome.FAILED:
            counts["failures"] += 1
            failure = ET.SubElement(case, "failure", message=check.message, type=check.kind.value)
            failure.text = f"{verdict.path}:{check.line or 1}: {check.message}"
        elif check.outcome in SKIPPED_PREFIX:
            counts["skipped"] += 1
            ET.SubElement(case, "skipped", message=f"{SKIPPED_PREFIX[check.outcome]}: {check.message}")
        elif check.outcome is Outcome.WARNING:
            ET.SubElement(case, "system-out").text = f"warning: {check.message}"
    _count(suite, counts)
    return counts


def document(report: Report) -> ET.Element:
    root = ET.Element("testsuites", name="keino check")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for result, verdict in zip(report.results, report.gate_verdicts(), strict=True):
        for key, value in _verdict_suite(root, result, verdict).items():
            totals[key] += value
    by_path: dict[str, list[Problem]] = {}
    for problem in report.problems:
        by_path.setdefault(problem.path, []).append(problem)
    for path, problems in by_path.items():
        suite = _suite(root, path)
        case = _case(suite, path, "read", problems[0].line)
        error = ET.SubElement(case, "error", message=problems[0].message, type="input")
        error.text = "\n".join(str(p) for p in problems)
        _count(suite, {"tests": 1, "failures": 0, "errors": 1, "skipped": 0})
        totals["tests"] += 1
        totals["errors"] += 1
    _count(root, totals)
    return root


def render(report: Report, out: TextIO, terminal: bool) -> None:
    root = document(report)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
