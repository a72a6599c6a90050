"""Assessment results: plain dataclasses, cheap to build in batch and to turn into JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from keino_cli.model.procurement import Fact

SCHEMA_VERSION = "1.0"
COMPACT_PLAN = 10  # improvement-plan items a compact (batch) result keeps


class Status(StrEnum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"
    WAIVED = "waived"


class AmbitionLevel(StrEnum):
    NONE = "none"
    CORE = "core"
    COMPREHENSIVE = "comprehensive"


@dataclass(slots=True)
class CriterionResult:
    id: str
    theme: str
    status: Status
    fraction: float | None
    weight: float
    level: str
    type: str
    legal_gate: bool
    facts_used: dict[str, Fact]
    source: dict[str, Any]
    overridden_by: str | None = None
    waiver_reason: str | None = None
    reason: str | None = None  # why it does not apply (legal scope, legal baseline)
    obligation: dict[str, Any] | None = None  # a legal gate: measured, required, source, fix, missing_facts

    def to_dict(self, compact: bool = False) -> dict[str, Any]:
        """`compact` (batch output) names the facts used (their values and origins are listed once
        per result) and leaves out what every input shares: weight, level, type, source."""
        data: dict[str, Any]
        if compact:
            data = {"id": self.id, "theme": self.theme, "status": self.status, "fraction": self.fraction}
            data["facts_used"] = list(self.facts_used)
        else:
            data = {
                "id": self.id,
                "theme": self.theme,
                "status": self.status.value,
                "fraction": self.fraction,
                "weight": self.weight,
                "level": self.level,
                "type": self.type,
                "facts_used": [
                    {"fact": name, "value": fact.value, "origin": fact.origin.to_dict()}
                    for name, fact in self.facts_used.items()
                ],
                "source": self.source,
            }
        if self.overridden_by:
            data["overridden_by"] = self.overridden_by
        if self.waiver_reason is not None:
            data["waiver_reason"] = self.waiver_reason
        data["reason"] = self.reason
        if self.obligation is not None:
            data["obligation"] = self.obligation
        return data


@dataclass(slots=True)
class ThemeResult:
    score: float | None
    counts: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "counts": self.counts}


@dataclass(slots=True)
class Improvement:
    id: str
    theme: str
    status: Status
    gain: float
    recommendation: str

    def to_dict(self, compact: bool = False) -> dict[str, Any]:
        data = {"id": self.id, "theme": self.theme, "status": self.status.value, "gain": self.gain}
        return data if compact else data | {"recommendation": self.recommendation}


@dataclass(slots=True)
class WaiverNote:
    criterion: str
    reason: str
    expires: str | None
    expired: bool
    line: int | None = None  # where the waiver stands in the input, for CI annotations

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "reason": self.reason,
            "expires": self.expires,
            "expired": self.expired,
            "line": self.line,
        }


@dataclass(slots=True)
class Assessment:
    """The assessment of one procurement (or of one lot of it)."""

    score: float | None
    ambition_level: AmbitionLevel
    themes: dict[str, ThemeResult]
    criteria: list[CriterionResult]
    plan_of: Callable[[], list[Improvement]] = field(repr=False, compare=False)
    waivers: list[WaiverNote] = field(default_factory=list)
    _plan: list[Improvement] | None = field(default=None, repr=False, compare=False)

    @property
    def improvement_plan(self) -> list[Improvement]:
        """Ranked on first use: a batch line never reads the plans of lots."""
        if self._plan is None:
            self._plan = self.plan_of()
        return self._plan

    @property
    def gates(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.legal_gate and c.status != Status.NOT_APPLICABLE]

    def to_dict(self, compact: bool = False) -> dict[str, Any]:
        """`compact` (batch output) leaves out criteria that do not apply, each criterion's source
        and recommendation (the same for every input: `keino criteria` has them), and all but the
        first COMPACT_PLAN items of the improvement plan."""
        na = Status.NOT_APPLICABLE
        plan = self.improvement_plan[:COMPACT_PLAN] if compact else self.improvement_plan
        return {
            "score": self.score,
            "ambition_level": self.ambition_level.value,
            "themes": {theme: result.to_dict() for theme, result in self.themes.items()},
            "criteria": [c.to_dict(compact) for c in self.criteria if not compact or c.status is not na],
            "gates": [{"id": g.id, "status": g.status.value} for g in self.gates],
            "improvement_plan": [i.to_dict(compact) for i in plan],
            "waivers": [w.to_dict() for w in self.waivers],
        }

    def summary(self) -> dict[str, Any]:
        """Score, ambition, themes and gates: what a batch line keeps of each lot."""
        return {
            "score": self.score,
            "ambition_level": self.ambition_level.value,
            "themes": {theme: result.to_dict() for theme, result in self.themes.items()},
            "gates": [{"id": g.id, "status": g.status.value} for g in self.gates],
        }


@dataclass(slots=True)
class LotAssessment:
    id: str
    title: str | None
    value: float | None
    assessment: Assessment

    def to_dict(self, compact: bool = False) -> dict[str, Any]:
        """`compact` keeps the lot's summary; its criteria are combined in the procedure result."""
        details = self.assessment.summary() if compact else self.assessment.to_dict()
        return {"id": self.id, "title": self.title, "value": self.value} | details


@dataclass(slots=True)
class InputResult:
    """What `keino assess` reports for one input file."""

    path: str
    format: str
    procurement_id: str
    title: str
    cpv: list[str]
    assessment: Assessment
    lots: list[LotAssessment] = field(default_factory=list)
    # For portfolio summaries (`keino batch`): who buys, how, for how much, and what it declares.
    buyer: str | None = None
    procedure: str | None = None
    value_eur: float | None = None  # the procedure's value, else the sum of its lots' if all have one
    declared: dict[str, list[str]] = field(default_factory=dict)  # award.themes, strategic.* codes
    legal: dict[str, Any] | None = (
        None  # scope facts (country, assumed or not, threshold ...): keino_cli.scope
    )

    def to_dict(self, compact: bool = False) -> dict[str, Any]:
        data = {
            "input": {"path": self.path, "format": self.format},
            "procurement": {
                "id": self.procurement_id,
                "title": self.title,
                "cpv": self.cpv,
                "buyer": self.buyer,
                "procedure": self.procedure,
                "value_eur": self.value_eur,
                "declared": self.declared,
            },
        } | self.assessment.to_dict(compact)
        if self.legal is not None:
            data["legal"] = self.legal
        if self.lots:
            data["lots"] = [lot.to_dict(compact) for lot in self.lots]
        if compact:
            facts: dict[str, Fact] = {}
            for assessment in (self.assessment, *(lot.assessment for lot in self.lots)):
                for criterion in assessment.criteria:
                    if criterion.facts_used:
                        facts.update(criterion.facts_used)
            data["facts"] = {
                name: {"value": fact.value, "origin": fact.origin.to_dict()} for name, fact in facts.items()
            }
        return data
