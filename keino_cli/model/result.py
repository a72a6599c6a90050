"""Assessment results: plain classes, cheap to build in batch and to turn into JSON.

Plain `__slots__` classes with a written `__init__`, not dataclasses: `@dataclass` writes and
compiles each class's methods when the module is imported (about 1 ms a class, paid by every
start-up), and nothing compares or prints results as objects: they are read and turned into JSON.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the results are plain classes: importing them builds no pydantic model
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


class CriterionResult:
    """One criterion's status for one input (or lot), with what it weighs and where it comes from."""

    __slots__ = (
        "_compact",
        "_texts",
        "facts_used",
        "fraction",
        "id",
        "kind",
        "legal_gate",
        "level",
        "obligation",
        "overridden_by",
        "reason",
        "source",
        "status",
        "theme",
        "type",
        "via_label",
        "waiver_reason",
        "weight",
    )

    def __init__(
        self,
        id: str,
        theme: str,
        status: Status,
        fraction: float | None,
        weight: float,
        level: str,
        type: str,
        legal_gate: bool,
        facts_used: dict[str, Fact],
        source: dict[str, Any],
        kind: str = "subject",
        overridden_by: str | None = None,
        waiver_reason: str | None = None,
        reason: str | None = None,
        via_label: str | None = None,
        obligation: dict[str, Any] | None = None,
    ) -> None:
        self.id = id
        self.theme = theme
        self.status = status
        self.fraction = fraction
        self.weight = weight
        self.level = level
        self.type = type
        self.legal_gate = legal_gate
        self.facts_used = facts_used
        self.source = source
        self.kind = kind
        self.overridden_by = overridden_by
        self.waiver_reason = waiver_reason
        self.reason = reason  # why it does not apply (out of scope, legal scope, legal baseline)
        self.via_label = via_label  # the label whose criteria document credited it
        self.obligation = obligation  # a legal gate: measured, required, source, fix, missing_facts
        # The compact shape, kept: the engine shares one result object among the inputs whose
        # facts do not touch a criterion, so its batch line is built once. Never to be changed
        # by a caller.
        self._compact: dict[str, Any] | None = None
        # Its indented JSON text per indentation, kept for the same reason by the JSON document
        # writer (`keino_cli.render.stream.result_parts`).
        self._texts: dict[int, str] | None = None

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


class ThemeResult:
    """A theme's score and how many of its criteria have each status."""

    __slots__ = ("counts", "score")

    def __init__(self, score: float | None, counts: dict[str, int]) -> None:
        self.score = score
        self.counts = counts

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "counts": self.counts}


class NextLevel:
    """Progress toward the next ambition level of a group: `met` of its `total` criteria."""

    __slots__ = ("level", "met", "total")

    def __init__(self, level: str, met: int, total: int) -> None:
        self.level = level
        self.met = met
        self.total = total

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "met": self.met, "total": self.total}


class GroupResult:
    """One product group that applies: its subject criteria (and the generic subject ones) scored."""

    __slots__ = ("ambition_level", "coverage", "id", "next_level", "score", "title", "weight")

    def __init__(
        self,
        id: str,
        title: str,
        score: float | None,
        ambition_level: AmbitionLevel,
        coverage: float | None,
        next_level: NextLevel | None,
        weight: float,
    ) -> None:
        self.id = id
        self.title = title
        self.score = score
        self.ambition_level = ambition_level
        self.coverage = coverage
        self.next_level = next_level
        self.weight = weight  # applicable weight: the group's share of the headline

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "score": self.score,
            "ambition_level": self.ambition_level.value,
            "coverage": self.coverage,
            "next_level": self.next_level.to_dict() if self.next_level else None,
        }


class PracticeResult:
    """How the procurement is run, scored beside the headline and never inside it."""

    __slots__ = ("coverage", "score")

    def __init__(self, score: float | None, coverage: float | None) -> None:
        self.score = score
        self.coverage = coverage

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "coverage": self.coverage}


class Action(StrEnum):
    """What a plan item asks: state a requirement the input is silent on, or add a missing one."""

    STATE = "state"
    ADD = "add"


class Improvement:
    """One plan item. `gain` is in points of the score the item belongs to: the headline for a
    subject criterion, the practice score for a practice one, 0 for a legal obligation (which is
    never scored but always comes first)."""

    __slots__ = ("_dicts", "action", "gain", "id", "kind", "obligation", "recommendation", "status", "theme")

    def __init__(
        self,
        id: str,
        theme: str,
        status: Status,
        gain: float,
        recommendation: str,
        kind: str = "subject",
        action: Action = Action.ADD,
        obligation: bool = False,
    ) -> None:
        self.id = id
        self.theme = theme
        self.status = status
        self.gain = gain
        self.recommendation = recommendation
        self.kind = kind
        self.action = action
        self.obligation = obligation
        # Its dicts, kept: the engine shares plan items among inputs (`Engine._plan_item`), so each
        # item's dict is built once. Never to be changed by a caller.
        self._dicts: dict[bool, dict[str, Any]] | None = None

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


class WaiverNote:
    """A waiver the input states, as the result reports it (expired ones too)."""

    __slots__ = ("criterion", "expired", "expires", "line", "reason")

    def __init__(
        self, criterion: str, reason: str, expires: str | None, expired: bool, line: int | None = None
    ) -> None:
        self.criterion = criterion
        self.reason = reason
        self.expires = expires
        self.expired = expired
        self.line = line  # where the waiver stands in the input, for CI annotations

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "reason": self.reason,
            "expires": self.expires,
            "expired": self.expired,
            "line": self.line,
        }


class Assessment:
    """The assessment of one procurement (or of one lot of it)."""

    __slots__ = (
        "ambition_level",
        "applying_gates",
        "coverage",
        "criteria",
        "groups",
        "improvement_plan",
        "practice",
        "score",
        "themes",
        "waivers",
    )

    def __init__(
        self,
        score: float | None,
        ambition_level: AmbitionLevel,
        themes: dict[str, ThemeResult],
        criteria: list[CriterionResult],
        improvement_plan: list[Improvement] | None = None,
        waivers: list[WaiverNote] | None = None,
        groups: list[GroupResult] | None = None,
        practice: PracticeResult | None = None,
        coverage: float | None = None,
        applying_gates: list[CriterionResult] | None = None,
    ) -> None:
        self.score = score  # the headline: subject criteria, per product group
        self.ambition_level = ambition_level  # the lowest over the groups that apply
        self.themes = themes
        self.criteria = criteria
        self.improvement_plan = [] if improvement_plan is None else improvement_plan
        self.waivers = [] if waivers is None else waivers
        self.groups = [] if groups is None else groups
        self.practice = PracticeResult(None, None) if practice is None else practice
        self.coverage = coverage  # share of the applicable weight whose status is known
        # The legal gates that apply, in criteria order: given by the engine, which has them at
        # hand (the summary and the CI gate both ask), else found in `criteria` on first use.
        self.applying_gates = applying_gates

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


class LotAssessment:
    """One lot's own assessment, with what the procedure result weighs it by (its value)."""

    __slots__ = ("assessment", "id", "title", "value")

    def __init__(self, id: str, title: str | None, value: float | None, assessment: Assessment) -> None:
        self.id = id
        self.title = title
        self.value = value
        self.assessment = assessment

    def to_dict(self, compact: bool = False, criteria: CriteriaHook | None = None) -> dict[str, Any]:
        """`compact` keeps the lot's summary; its criteria are combined in the procedure result."""
        details = self.assessment.summary() if compact else self.assessment.to_dict(criteria=criteria)
        return {"id": self.id, "title": self.title, "value": self.value} | details


class InputResult:
    """What `keino assess` reports for one input file."""

    __slots__ = (
        "assessed",
        "assessment",
        "award_scoring",
        "buyer",
        "cpv",
        "declared",
        "format",
        "in_portfolio",
        "legal",
        "lots",
        "notice_kind",
        "path",
        "procedure",
        "procurement_id",
        "title",
        "value_eur",
    )

    def __init__(
        self,
        path: str,
        format: str,
        procurement_id: str,
        title: str,
        cpv: list[str],
        assessment: Assessment,
        lots: list[LotAssessment] | None = None,
        buyer: str | None = None,
        procedure: str | None = None,
        value_eur: float | None = None,
        declared: dict[str, list[str]] | None = None,
        assessed: dict[str, list[str]] | None = None,
        notice_kind: str | None = None,
        in_portfolio: bool = True,
        legal: dict[str, Any] | None = None,
        award_scoring: list[dict[str, Any]] | None = None,
    ) -> None:
        self.path = path
        self.format = format
        self.procurement_id = procurement_id
        self.title = title
        self.cpv = cpv
        self.assessment = assessment
        self.lots = [] if lots is None else lots
        # For portfolio summaries (`keino batch`): who buys, how, for how much, what it declares.
        self.buyer = buyer
        self.procedure = procedure
        self.value_eur = value_eur  # the procedure's value, else the sum of its lots' if all have one
        self.declared = {} if declared is None else declared  # award.themes, strategic.* codes
        # Theme group -> the criteria met or partly met that require or award it (indicators).
        self.assessed = {} if assessed is None else assessed
        self.notice_kind = notice_kind  # a notice that is not a contract notice (notice-kinds.yaml)
        self.in_portfolio = in_portfolio  # False for a notice that is no procurement of its own
        self.legal = legal  # scope facts (country, assumed or not, ...): keino_cli.scope
        # How the award criteria that say so are scored (model.procurement.scored_award_criteria).
        self.award_scoring = [] if award_scoring is None else award_scoring

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
