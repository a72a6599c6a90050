"""The CI gate: a `Bar` an assessment must clear, and the `Verdict` that says whether it did.

Kept apart from commands and renderers so every output format (and any program using keino as
a library) reaches the same verdict. What counts:

* A legal gate that applies and is not `met` fails: `not_met`, `partly_met` and `unknown` alike.
  An obligation the description does not show as met is not met for a CI gate; with
  `allow_unknown_gates` an `unknown` gate only warns. Policy of `keino_cli.scope`: where the law
  counts the buyer's period total (Clean Vehicles Directive) and the profile does not say that
  total is known, a single procurement below target only warns ("contribution below target");
  a target that is not known for the buyer's country only warns, never fails. Every message of a
  gate not met carries the obligation: measured, required, missing facts, source and fix.
* `require`: each listed criterion must be `met`; `waived` counts apart (not a failure),
  `not_applicable` is skipped (the criterion does not apply to this procurement).
* `fail_under` / `fail_under_theme`: a missing score (nothing applicable) is below any bar.
* `min_level`: the ambition level must reach `core`, `comprehensive` or `spearhead`.
* Waivers: an active waiver is counted apart; an expired one always fails.

Checks are judged on the procedure-level assessment (lots combined by value, as `assess` does).
A baseline records failed checks by stable key (input path relative to the baseline file, kind
and id) so only new failures fail the run. The classes are plain `__slots__` classes (why:
keino_cli/values.py).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any

from keino_cli.errors import InputError
from keino_cli.model.result import AmbitionLevel, CriterionResult, InputResult, Status

LEVEL_RANK = {
    AmbitionLevel.NONE: 0,
    AmbitionLevel.CORE: 1,
    AmbitionLevel.COMPREHENSIVE: 2,
    AmbitionLevel.SPEARHEAD: 3,
}
BASELINE_VERSION = "1"


class Kind(StrEnum):
    """What a check is about; with the id it names one bar item of one input."""

    GATE = "gate"
    REQUIRED = "required"
    SCORE = "score"
    THEME = "theme"
    LEVEL = "level"
    WAIVER = "waiver"


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    WAIVED = "waived"  # an active waiver: counted apart, never a failure
    BASELINED = "baselined"  # failed, but recorded in the baseline
    WARNING = "warning"  # an unknown gate under allow_unknown_gates
    SKIPPED = "skipped"  # a required criterion that does not apply


class Bar:
    """What every input must clear; the empty bar still demands that legal gates are met."""

    __slots__ = ("allow_unknown_gates", "fail_under", "fail_under_theme", "min_level", "require")

    def __init__(
        self,
        fail_under: float | None = None,
        fail_under_theme: dict[str, float] | None = None,
        require: tuple[str, ...] = (),
        min_level: AmbitionLevel | None = None,
        allow_unknown_gates: bool = False,
    ) -> None:
        self.fail_under = fail_under
        self.fail_under_theme = {} if fail_under_theme is None else fail_under_theme
        self.require = require
        self.min_level = min_level
        self.allow_unknown_gates = allow_unknown_gates


class Check:
    """One bar item judged for one input, located in the input where the input allows it."""

    __slots__ = ("column", "id", "kind", "line", "message", "outcome")

    def __init__(
        self,
        kind: Kind,
        id: str,
        outcome: Outcome,
        message: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.kind = kind
        self.id = id
        self.outcome = outcome
        self.message = message
        self.line = line
        self.column = column

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "id": self.id, "message": self.message, "line": self.line}


class Verdict:
    """Whether one input clears the bar, with every check made (passed ones too, for JUnit)."""

    __slots__ = ("checks", "path")

    def __init__(self, path: str, checks: list[Check]) -> None:
        self.path = path
        self.checks = checks

    def having(self, outcome: Outcome) -> list[Check]:
        return [c for c in self.checks if c.outcome is outcome]

    @property
    def failures(self) -> list[Check]:
        return self.having(Outcome.FAILED)

    @property
    def passed(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "failures": [c.to_dict() for c in self.failures],
            "waived": [c.to_dict() for c in self.having(Outcome.WAIVED)],
            "baselined": [c.to_dict() for c in self.having(Outcome.BASELINED)],
            "warnings": [c.to_dict() for c in self.having(Outcome.WARNING)],
        }


class Summary:
    """The overall verdict of a run: passed only when every input passed and none was unreadable."""

    __slots__ = ("baselined", "errors", "failed", "inputs", "waived", "warnings")

    def __init__(
        self, inputs: int, failed: int, errors: int, waived: int, baselined: int, warnings: int
    ) -> None:
        self.inputs = inputs
        self.failed = failed
        self.errors = errors
        self.waived = waived
        self.baselined = baselined
        self.warnings = warnings

    @property
    def passed(self) -> bool:
        return not self.failed and not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "inputs": self.inputs,
            "failed": self.failed,
            "errors": self.errors,
            "waived": self.waived,
            "baselined": self.baselined,
            "warnings": self.warnings,
        }

    def line(self) -> str:
        """One line for logs: `3 inputs, 2 passed, 1 failed, 0 errors, 1 waived, 0 baselined`."""
        passed = self.inputs - self.failed - self.errors
        text = f"{self.inputs} inputs, {passed} passed, {self.failed} failed, {self.errors} errors"
        text += f", {self.waived} waived, {self.baselined} baselined"
        return text + (f", {self.warnings} warnings" if self.warnings else "")


class Tally:
    """Counts kept as a run goes, so a run of any size needs no list of its verdicts."""

    __slots__ = ("baselined", "failed", "passed", "unreadable", "waived", "warnings")

    def __init__(self, unreadable: set[str] | None = None) -> None:
        self.passed = 0
        self.failed = 0
        self.waived = 0
        self.baselined = 0
        self.warnings = 0
        self.unreadable = set() if unreadable is None else unreadable

    def add(self, verdict: Verdict) -> None:
        if verdict.passed:
            self.passed += 1
        else:
            self.failed += 1
        self.waived += len(verdict.having(Outcome.WAIVED))
        self.baselined += len(verdict.having(Outcome.BASELINED))
        self.warnings += len(verdict.having(Outcome.WARNING))

    def add_error(self, path: str) -> None:
        self.unreadable.add(path)

    def summary(self) -> Summary:
        errors = len(self.unreadable)
        return Summary(
            self.passed + self.failed + errors,
            self.failed,
            errors,
            self.waived,
            self.baselined,
            self.warnings,
        )


def summarise(verdicts: Iterable[Verdict], unreadable: Iterable[str]) -> Summary:
    """Counts over a run; `unreadable` are the paths of inputs with problems (one may have many)."""
    tally = Tally(unreadable=set(unreadable))
    for verdict in verdicts:
        tally.add(verdict)
    return tally.summary()


def exit_code(summary: Summary, no_fail: bool = False) -> int:
    """The exit code of every command that assesses: 2 when an input could not be assessed (even
    with `no_fail`, so a broken file never passes silently), 1 when one is below the bar, else 0."""
    if summary.errors:
        return 2
    return 0 if summary.passed or no_fail else 1


def _words(status: Status) -> str:
    return status.value.replace("_", " ")


def _anchor(result: CriterionResult, award_at: tuple[int, int] | None) -> tuple[int | None, int | None]:
    """Where to point for a criterion: the first fact it read that has a line, else the award
    criteria for an award criterion, else nowhere (renderers then point at line 1)."""
    for fact in result.facts_used.values():
        if fact.origin.line is not None:
            return fact.origin.line, fact.origin.column
    if result.type == "award" and award_at is not None:
        return award_at
    return None, None


def _award_position(criteria: list[CriterionResult]) -> tuple[int, int] | None:
    for result in criteria:
        for key, fact in result.facts_used.items():
            if key.startswith("award.") and fact.origin.line is not None:
                return fact.origin.line, fact.origin.column or 1
    return None


def obligation_text(obligation: dict[str, Any]) -> str:
    """What a failed or unknown obligation asks for, in one line every CI format can carry."""
    measured = obligation.get("measured") or {}
    shown = ", ".join(f"{k} = {v}" for k, v in measured.items()) or "nothing stated"
    text = f". Measured: {shown}. Required: {obligation['required']}."
    if obligation.get("missing_facts"):
        text += f" Missing: {', '.join(obligation['missing_facts'])}."
    return text + f" Source: {obligation['source']}. Fix: {obligation['fix']}"


def _score_check(kind: Kind, ident: str, score: float | None, minimum: float, what: str) -> Check:
    if score is None:
        return Check(
            kind, ident, Outcome.FAILED, f"{what} has no score (no applicable criteria), bar {minimum:g}"
        )
    if score < minimum:
        return Check(kind, ident, Outcome.FAILED, f"{what} {score:g} is below {minimum:g}")
    return Check(kind, ident, Outcome.PASSED, f"{what} {score:g} reaches {minimum:g}")


def evaluate(result: InputResult, bar: Bar) -> Verdict:
    """Judge one assessed input against the bar; every bar item becomes one `Check`.

    Ids in `bar.require` must be criteria of the catalog the result was assessed with (`keino
    check` refuses unknown ones as a usage error before assessing anything)."""
    a = result.assessment
    award_at = _award_position(a.criteria)
    by_id = {c.id: c for c in a.criteria} if bar.require else {}
    checks: list[Check] = []
    for gate in a.gates:
        line, column = _anchor(gate, award_at)
        policy = (gate.obligation or {}).get("policy", "binding")
        if gate.status is Status.MET:
            outcome, message = Outcome.PASSED, f"legal obligation {gate.id} is met"
        elif policy == "target-unknown":
            outcome, message = Outcome.WARNING, f"legal obligation {gate.id}: the target is not known"
        elif policy == "contribution":
            # The law counts the buyer's period total: one procurement below target is a warning.
            outcome = Outcome.WARNING
            message = f"legal obligation {gate.id}: this procurement's contribution is below the target"
        elif gate.status is Status.UNKNOWN:
            outcome = Outcome.WARNING if bar.allow_unknown_gates else Outcome.FAILED
            message = f"legal obligation {gate.id} is not shown as met (unknown: a fact it needs is missing)"
        else:
            outcome, message = Outcome.FAILED, f"legal obligation {gate.id} is {_words(gate.status)}"
        if gate.obligation is not None and gate.status is not Status.MET:
            message += obligation_text(gate.obligation)
        checks.append(Check(Kind.GATE, gate.id, outcome, message, line, column))
    for ident in bar.require:
        criterion = by_id[ident]
        line, column = _anchor(criterion, award_at)
        status = criterion.status
        if status is Status.MET:
            outcome, message = Outcome.PASSED, f"required criterion {ident} is met"
        elif status is Status.WAIVED:
            outcome, message = (
                Outcome.WAIVED,
                f"required criterion {ident} is waived: {criterion.waiver_reason}",
            )
        elif status is Status.NOT_APPLICABLE:
            outcome, message = Outcome.SKIPPED, f"required criterion {ident} does not apply"
        else:
            outcome, message = Outcome.FAILED, f"required criterion {ident} is {_words(status)}"
        checks.append(Check(Kind.REQUIRED, ident, outcome, message, line, column))
    if bar.fail_under is not None:
        checks.append(_score_check(Kind.SCORE, "overall", a.score, bar.fail_under, "overall score"))
    for theme, minimum in sorted(bar.fail_under_theme.items()):
        theme_result = a.themes.get(theme)
        score = theme_result.score if theme_result else None
        checks.append(_score_check(Kind.THEME, theme, score, minimum, f"{theme} score"))
    if bar.min_level is not None:
        level = a.ambition_level
        reached = LEVEL_RANK[level] >= LEVEL_RANK[bar.min_level]
        outcome = Outcome.PASSED if reached else Outcome.FAILED
        message = f"ambition level {level.value} {'reaches' if reached else 'is below'} {bar.min_level.value}"
        checks.append(Check(Kind.LEVEL, "ambition", outcome, message))
    required_waived = {c.id for c in checks if c.kind is Kind.REQUIRED and c.outcome is Outcome.WAIVED}
    for note in a.waivers:
        if note.expired:
            message = (
                f"waiver for {note.criterion} expired on {note.expires} ({note.reason}): renew or remove it"
            )
            checks.append(Check(Kind.WAIVER, note.criterion, Outcome.FAILED, message, note.line))
        elif note.criterion not in required_waived:
            until = f" until {note.expires}" if note.expires else ""
            message = f"waived{until}: {note.reason}"
            checks.append(Check(Kind.WAIVER, note.criterion, Outcome.WAIVED, message, note.line))
    return Verdict(result.path, checks)


# --- Baseline ---------------------------------------------------------------------------------


def baseline_input(path: str, root: Path) -> str:
    """An input path as the baseline stores it: relative to the baseline's folder, with `/`."""
    if path == "-":
        return path
    return Path(os.path.relpath(Path(path).resolve(), root.resolve())).as_posix()


def baseline_keys(verdicts: Iterable[Verdict], root: Path) -> list[dict[str, str]]:
    """Today's failed checks as sorted, stable baseline entries."""
    keys = {
        (baseline_input(v.path, root), c.kind.value, c.id)
        for v in verdicts
        for c in v.checks
        if c.outcome in (Outcome.FAILED, Outcome.BASELINED)
    }
    return [{"input": i, "kind": k, "id": c} for i, k, c in sorted(keys)]


def record_baseline(verdict: Verdict, root: Path) -> list[dict[str, str]]:
    """Mark today's failures of `verdict` baselined (adopting keino starts green) and return
    their entries for a baseline file in `root`."""
    entries = baseline_keys([verdict], root)
    apply_baseline(verdict, {(e["input"], e["kind"], e["id"]) for e in entries}, root)
    return entries


def write_baseline(path: Path, entries: Iterable[dict[str, str]]) -> None:
    """Write the entries `record_baseline` returned, sorted, so an unchanged baseline stays put."""
    failures = sorted(entries, key=lambda e: (e["input"], e["kind"], e["id"]))
    document = {"schema_version": BASELINE_VERSION, "tool": "keino", "failures": failures}
    try:
        path.write_text(
            json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n", encoding="utf-8"
        )
    except OSError as error:
        raise InputError.single(str(path), f"cannot write baseline: {error.strerror or error}") from None


def read_baseline(path: Path) -> set[tuple[str, str, str]]:
    """The (input, kind, id) keys recorded in a baseline file, checked like every user file:
    a wrong shape is a located problem (file:line:column)."""
    from keino_cli.jsonsource import load_json
    from keino_cli.model.baseline import BaselineFile
    from keino_cli.validation import validate

    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError.single(str(path), f"cannot read baseline: {error.strerror or error}") from None
    document, marks = load_json(data, str(path))
    baseline = validate(BaselineFile, document, str(path), marks)
    return {(e.input, e.kind.value, e.id) for e in baseline.failures}


def apply_baseline(verdict: Verdict, known: set[tuple[str, str, str]], root: Path) -> None:
    """Turn failures recorded in the baseline into `baselined`, so only new ones fail."""
    where = baseline_input(verdict.path, root)
    for check in verdict.checks:
        if check.outcome is Outcome.FAILED and (where, check.kind.value, check.id) in known:
            check.outcome = Outcome.BASELINED
