"""Assessment results: plain dataclasses, cheap to build in batch and to turn into JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the results are plain dataclasses: importing them builds no pydantic model
    from collections.abc import Callable

    from keino_cli.model.procurement import Fact

    # What stands in a result's dict for a list of criterion results (see `InputResult.to_dict`).
    CriteriaHook = Callable[[list["CriterionResult"]], Any]

SCHEMA_VERSION = "2.1"
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
    SPEARHEAD = "spearhead"


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
    kind: str = "subject"
    overridden_by: str | None = None
    waiver_reason: str | None = None
    reason: str | None = None  # why it does not apply (out of scope, legal scope, legal baseline)
    via_label: str | None = None  # the label whose criteria document credited it
    obligation: dict[str, Any] | None = None  # a legal gate: measured, required, source, fix, missing_facts
    # The compact shape, kept: the engine shares one result object among the inputs whose facts
    # do not touch a criterion, so its batch line is built once. Never to be changed by a caller.
    _compact: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)
    # Its indented JSON text per indentation, kept for the same reason by the JSON document
    # writer (`keino_cli.render.stream.result_parts`).
    _texts: dict[int, str] | None = field(default=None, init=False, repr=False, compare=False)

    def to_dict(self, compact: bool = False) -> dict[str, Any]:
        """`compact` (batch output) names the facts used (their values and origins are listed once
        per result) and leaves out what every input shares: weight, level, type, source."""
        data: dict[str, Any]
        if compact:
            if self._compact is not None:
                return self._compact
            data = {"id": self.id, "theme": self.theme, "status": self.status, "fraction": self.fraction}
            data["kind"] = self.kind
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
                "kind": self.kind,
                "facts_used": [
                    {"fact": name, "value": fact.value, "origin": fact.origin.to_dict()}
                    for name, fact in self.facts_used.items()
                ],
                "source": self.source,
            }
        data["via_label"] = self.via_label
        data["reason"] = self.reason
        if self.overridden_by:
            data["overridden_by"] = self.overridden_by
        if self.waiver_reason is not None:
            data["waiver_reason"] = self.waiver_reason
        if self.obligation is not None:
            data["obligation"] = self.obligation
        if compact:
            self._compact = data
        return data


@dataclass(slots=True)
class ThemeResult:
    score: float | None
    counts: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "counts": self.counts}


@dataclass(slots=True)
class NextLevel:
    """Progress toward the next ambition level of a group: `met` of its `total` criteria."""

    level: str
    met: int
    total: int

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "met": self.met, "total": self.total}


@dataclass(slots=True)
class GroupResult:
    """One product group that applies: its subject criteria (and the generic subject ones) scored."""

    id: str
    title: str
    score: float | None
    ambition_level: AmbitionLevel
    coverage: float | None
    next_level: NextLevel | None
    weight: float  # applicable weight: the group's share of the headline

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "score": self.score,
            "ambition_level": self.ambition_level.value,
            "coverage": self.coverage,
            "next_level": self.next_level.to_dict() if self.next_level else None,
        }


@dataclass(slots=True)
class PracticeResult:
    """How the procurement is run, scored beside the headline and never inside it."""

    score: float | None
    coverage: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "coverage": self.coverage}


class Action(StrEnum):
    """What a plan item asks: state a requirement the input is silent on, or add a missing one."""

    STATE = "state"
    ADD = "add"


@dataclass(slots=True)
class Improvement:
    """One plan item. `gain` is in points of the score the item belongs to: the headline for a
    subject criterion, the practice score for a practice one, 0 for a legal obligation (which is
    never scored but always comes first)."""

    id: str
    theme: str
    status: Status
    gain: float
    recommendation: str
    kind: str = "subject"
    action: Action = Action.ADD
    obligation: bool = False
    # Its dicts, kept: the engine shares plan items among inputs (`Engine._plan_item`), so each
    # item's dict is built once. Never to be changed by a caller.
    _dicts: dict[bool, dict[str, Any]] | None = field(default=None, init=False, repr=False, compare=False)

    def to_dict(self, compact: bool = False) -> dict[str, Any]:
        kept = self._dicts
        if kept is None:
            kept = self._dicts = {}
        data = kept.get(compact)
        if data is None:
            data = {
                "id": self.id,
                "theme": self.theme,
                "status": self.status.value,
                "gain": self.gain,
                "kind": self.kind,
                "action": self.action.value,
                "obligation": self.obligation,
            }
            data = kept[compact] = data if compact else data | {"recommendation": self.recommendation}
        return data


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

    score: float | None  # the headline: subject criteria, per product group
    ambition_level: AmbitionLevel  # the lowest over the groups that apply
    themes: dict[str, ThemeResult]
    criteria: list[CriterionResult]
    improvement_plan: list[Improvement] = field(default_factory=list)
    waivers: list[WaiverNote] = field(default_factory=list)
    groups: list[GroupResult] = field(default_factory=list)
    practice: PracticeResult = field(default_factory=lambda: PracticeResult(None, None))
    coverage: float | None = None  # share of the applicable weight whose status is known
    # The legal gates that apply, in criteria order: given by the engine, which has them at hand
    # (the summary and the CI gate both ask), else found in `criteria` on first use.
    applying_gates: list[CriterionResult] | None = field(default=None, repr=False, compare=False)

    @property
    def gates(self) -> list[CriterionResult]:
        if self.applying_gates is None:
            na = Status.NOT_APPLICABLE
            self.applying_gates = [c for c in self.criteria if c.legal_gate and c.status != na]
        return self.applying_gates

    def to_dict(self, compact: bool = False, criteria: CriteriaHook | None = None) -> dict[str, Any]:
        """`compact` (batch output) leaves out criteria that do not apply, each criterion's source
        and recommendation (the same for every input: `keino criteria` has them), and all but the
        first COMPACT_PLAN items of the improvement plan. `criteria`, when given, makes what
        stands for the list of criteria instead of their dicts."""
        na = Status.NOT_APPLICABLE
        plan = self.improvement_plan[:COMPACT_PLAN] if compact else self.improvement_plan
        listed = (
            criteria(self.criteria)
            if criteria is not None
            else [c.to_dict(compact) for c in self.criteria if not compact or c.status is not na]
        )
        return self.summary() | {
            "criteria": listed,
            "improvement_plan": [i.to_dict(compact) for i in plan],
            "waivers": [w.to_dict() for w in self.waivers],
        }

    def summary(self) -> dict[str, Any]:
        """Scores, coverage, ambition, groups, themes and gates: what a batch line keeps of each lot."""
        return {
            "score": self.score,
            "coverage": self.coverage,
            "ambition_level": self.ambition_level.value,
            "groups": [group.to_dict() for group in self.groups],
            "practice": self.practice.to_dict(),
            "themes": {theme: result.to_dict() for theme, result in self.themes.items()},
            "gates": [{"id": g.id, "status": g.status.value} for g in self.gates],
        }


@dataclass(slots=True)
class LotAssessment:
    id: str
    title: str | None
    value: float | None
    assessment: Assessment

    def to_dict(self, compact: bool = False, criteria: CriteriaHook | None = None) -> dict[str, Any]:
        """`compact` keeps the lot's summary; its criteria are combined in the procedure result."""
        details = self.assessment.summary() if compact else self.assessment.to_dict(criteria=criteria)
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
    # Theme group -> the criteria met or partly met that require or award it (portfolio indicators).
    assessed: dict[str, list[str]] = field(default_factory=dict)
    notice_kind: str | None = None  # a notice that is not a contract notice (criteria/notice-kinds.yaml)
    in_portfolio: bool = True  # False for a notice that is no procurement of its own
    legal: dict[str, Any] | None = None  # scope facts (country, assumed or not, ...): keino_cli.scope
    # How the award criteria that say so are scored (model.procurement.scored_award_criteria).
    award_scoring: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self, compact: bool = False, criteria: CriteriaHook | None = None) -> dict[str, Any]:
        """The JSON shape of the result (`compact`: a batch line's, see `Assessment.to_dict`);
        `criteria` makes what stands for each list of criteria (the procedure's first, then each
        lot's), as the JSON document writer does to put in their text."""
        procurement: dict[str, Any] = {
            "id": self.procurement_id,
            "title": self.title,
            "cpv": self.cpv,
            "buyer": self.buyer,
            "procedure": self.procedure,
            "value_eur": self.value_eur,
            "declared": self.declared,
            "assessed": self.assessed,
            "notice_kind": self.notice_kind,
            "in_portfolio": self.in_portfolio,
        }
        if self.award_scoring:
            procurement["award_scoring"] = self.award_scoring
        data = {
            "input": {"path": self.path, "format": self.format},
            "procurement": procurement,
        } | self.assessment.to_dict(compact, criteria)
        if self.legal is not None:
            data["legal"] = self.legal
        if self.lots:
            data["lots"] = [lot.to_dict(compact, criteria) for lot in self.lots]
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
