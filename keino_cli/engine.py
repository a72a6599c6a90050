"""The engine: applicability, statuses, theme and overall scores, ambition level, gates, plan.

Criteria are compiled once per (catalog, profile); `Engine.assess` is then a pass over plain
functions and dictionaries, so scoring costs less than parsing the input. Scoring in words:

* A criterion applies when a CPV code of the procurement starts with one of its own prefixes or
  falls in one of its product groups (`ProductGroup.covers`), when a product group is named, or
  when it applies to all.
* Its fraction (0..1) comes from its rule (pass/fail) or its scoring (threshold, bands, linear);
  a missing fact gives `unknown`, which scores 0 but is reported apart from `not_met`.
* A theme scores 100 × Σ weight·fraction / Σ weight over applicable, non-waived criteria that
  are not legal gates. Legal gates are reported on their own and never hide inside a score.
* The headline is made of subject criteria (what is bought), per product group: a group scores
  its own subject criteria (naming it, or scoped by CPV prefixes it holds) plus the generic
  subject ones that apply, each criterion weighted by its weight × the profile's weights for
  its theme and level; the headline is the mean of the group scores weighted by each group's
  applicable weight. Without a product group, the generic subject criteria that apply are the
  headline. Practice criteria (how it is procured) make the practice score, beside it.
* Ambition per group: `core` when every core criterion of the group is met, `comprehensive`
  with the comprehensive ones too, `spearhead` with the spearhead ones; the overall level is the
  lowest over the groups. Coverage: the share of applicable weight whose status is known.
* Spearhead criteria go beyond the comprehensive level: each counts in a score only as far as it
  is met (`counted_weight`), so a met one raises a score and an unmet one never lowers it.
* The improvement plan: legal obligations first, then subject criteria by the headline points
  each would add, then practice criteria by practice points; `state` when the input is silent,
  `add` when the requirement is missing. docs/scoring.md has the formulas.
* A procurement with lots is assessed per lot; the procedure result combines each criterion's
  fraction over the lots where it applies, weighted by lot value (equal weights when a value is
  missing), and is then summarised exactly like a single scope.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from keino_cli.catalog import Catalog, Entry
from keino_cli.errors import InputError, Problem
from keino_cli.facts import build_tables
from keino_cli.indicators import indicator_group
from keino_cli.labels import via_label
from keino_cli.model.origin import Fact, FactTable, ProcurementInput, scored_award_criteria
from keino_cli.model.records import Kind, Level, Theme
from keino_cli.model.result import (
    Action,
    AmbitionLevel,
    Assessment,
    CriterionResult,
    GroupResult,
    Improvement,
    InputResult,
    LotAssessment,
    NextLevel,
    PracticeResult,
    Status,
    ThemeResult,
    WaiverNote,
)
from keino_cli.rules import compile_rule, compile_scoring, criterion_facts, rule_facts
from keino_cli.scope import Legal, ScopeContext, describe
from keino_cli.validation import suggest

if TYPE_CHECKING:
    from keino_cli.model.criteria import Criterion
    from keino_cli.model.notice_kinds import NoticeKind
    from keino_cli.model.procurement import Procurement, Waiver
    from keino_cli.model.profile import Profile

# Module-level aliases: looking members up on the enum class in hot loops is measurably slow.
MET, PARTLY_MET, NOT_MET, UNKNOWN = Status.MET, Status.PARTLY_MET, Status.NOT_MET, Status.UNKNOWN
NOT_APPLICABLE, WAIVED = Status.NOT_APPLICABLE, Status.WAIVED
STATUS_VALUES = tuple(status.value for status in Status)
THEMES = tuple(theme.value for theme in Theme)
SUBJECT = Kind.SUBJECT.value
SPEARHEAD = Level.SPEARHEAD.value
STATE, ADD = Action.STATE, Action.ADD
# Ambition levels in order; a group reaches a level when it has criteria of it and all are met.
LEVELS: tuple[tuple[str, AmbitionLevel], ...] = (
    (Level.CORE.value, AmbitionLevel.CORE),
    (Level.COMPREHENSIVE.value, AmbitionLevel.COMPREHENSIVE),
)
LEVELS += ((Level.SPEARHEAD.value, AmbitionLevel.SPEARHEAD),)
LEVEL_ORDER = {level: rank for rank, level in enumerate(AmbitionLevel)}
OUT_OF_SCOPE = "outside its CPV codes and product groups"
WHEN_FALSE = "its applies_to.when is false for these facts"


def _when_false(when: Any, params: Mapping[str, Any]) -> str:
    return WHEN_FALSE if when is None else f"{WHEN_FALSE} ({describe(when, params)})"


GENERIC = ""  # the scope key of the generic subject criteria
# List facts a result reports as `declared` (over the procedure and its lots), for portfolio summaries.
DECLARED_FACTS = (
    "award.themes",
    "strategic.environmental_impact",
    "strategic.social_objective",
    "strategic.innovation",
    "strategic.gpp_criteria_source",
    "strategic.procurement",
)


@dataclass(slots=True)
class Compiled:
    entry: Entry
    id: str
    theme: str
    weight: float
    level: str
    type: str
    kind: str
    score_weight: float  # weight × the profile's weight for its level: what the scores sum
    legal_gate: bool
    applies_all: bool
    prefixes: tuple[str, ...]
    groups: frozenset[str]
    fraction: Callable[[Mapping[str, Any]], float | None]
    when: Callable[[dict[str, Any]], bool | None] | None
    facts: tuple[str, ...]  # the facts it reads, its `when` included, in order: shown as used
    reads: frozenset[str]
    source: dict[str, Any]
    recommendation: str
    legal: bool = False  # has a legal_scope: keino_cli.scope evaluates it
    baseline: str | None = None  # product-market law binding manufacturers: the reason shown

    def result(
        self,
        status: Status,
        fraction: float | None,
        facts_used: dict[str, Fact],
        waiver_reason: str | None = None,
        reason: str | None = None,
        via_label: str | None = None,
        obligation: dict[str, Any] | None = None,
    ) -> CriterionResult:
        overridden_by = self.entry.set_id if self.entry.overrides else None
        return CriterionResult(
            self.id,
            self.theme,
            status,
            fraction,
            self.weight,
            self.level,
            self.type,
            self.legal_gate,
            facts_used,
            self.source,
            self.kind,
            overridden_by,
            waiver_reason,
            reason,
            via_label,
            obligation,
        )


def status_of(fraction: float | None) -> Status:
    if fraction is None:
        return Status.UNKNOWN
    if fraction >= 1.0:
        return Status.MET
    return Status.NOT_MET if fraction <= 0.0 else Status.PARTLY_MET


def parameter_values(catalog: Catalog, profile: Profile) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """Each criterion's parameters: defaults, overridden by the profile (unknown names are problems)."""
    values: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for criterion_id, overrides in profile.parameters.items():
        entry = catalog.criteria.get(criterion_id)
        if entry is None:
            hint = suggest(criterion_id, catalog.criteria)
            problems.append(Problem("profile", f"parameters: unknown criterion {criterion_id!r}{hint}"))
            continue
        for name in overrides:
            if name not in entry.criterion.parameters:
                hint = suggest(name, entry.criterion.parameters)
                problems.append(
                    Problem("profile", f"parameters.{criterion_id}: unknown parameter {name!r}{hint}")
                )
    for criterion_id, entry in catalog.criteria.items():
        params = {name: p.default for name, p in entry.criterion.parameters.items()}
        params.update(profile.parameters.get(criterion_id, {}))
        values[criterion_id] = params
    return values, problems


def default_profile() -> Profile:
    """`Profile()`, every theme and parameter as it comes; kept in the catalog cache as a record,
    so a cached run builds no model for it (model/records.py)."""
    from keino_cli.catalog.cache import cached, caching
    from keino_cli.model.records import from_model

    def build() -> Profile:
        from keino_cli.model.profile import Profile

        return Profile()

    return cached([], True, lambda: from_model(build()), kind="profile") if caching() else build()


class Engine:
    """Scores procurements against one catalog under one profile."""

    def __init__(self, catalog: Catalog, profile: Profile | None = None, lang: str = "en") -> None:
        self.catalog = catalog
        self.profile = profile or default_profile()
        params, problems = parameter_values(catalog, self.profile)
        if problems:
            raise InputError(problems)
        self.lang = lang
        self.theme_weights = {theme.value: self.profile.theme_weights.get(theme, 0.0) for theme in Theme}
        self.compiled = [self._compile(entry, params[cid], lang) for cid, entry in catalog.criteria.items()]
        self.legal = Legal(self.profile, params)
        self.recommendations = {c.id: c.recommendation for c in self.compiled}
        # Per criterion, by index: what the summaries sum (weight x level; x theme for scores).
        self.score_weights = [c.score_weight for c in self.compiled]
        self.plan_weights = [c.score_weight * self.theme_weights[c.theme] for c in self.compiled]
        self.subject = [c.kind == SUBJECT for c in self.compiled]
        self.spearhead = [c.level == SPEARHEAD for c in self.compiled]
        self.criterion_groups = [catalog.member_groups(c.entry.criterion) for c in self.compiled]
        self.group_titles = {key: group.title.get(lang) for key, group in catalog.product_groups.items()}
        # Most criteria do not apply to a given procurement: their result is always the same object,
        # and which criteria apply is worked out once per distinct (CPV codes, product groups).
        self.not_applicable = [c.result(NOT_APPLICABLE, None, {}, reason=OUT_OF_SCOPE) for c in self.compiled]
        # The reason names the rule, so a buyer sees which stated fact took the criterion out.
        self.when_false = [
            c.result(
                NOT_APPLICABLE, None, {}, reason=_when_false(entry.criterion.applies_to.when, params[cid])
            )
            for c, (cid, entry) in zip(self.compiled, catalog.criteria.items(), strict=True)
        ]
        self._applicable: dict[tuple[tuple[str, ...], frozenset[str]], tuple[int, ...]] = {}
        self._plans: dict[tuple[tuple[str, ...], frozenset[str], object], Plan] = {}
        # Per notice kind, what it leaves out; per (criterion, reason), that result: shared by the
        # plans, so their kept JSON texts (render.stream) exist once, not once per plan.
        self._outsides: dict[str, tuple[frozenset[int], str]] = {}
        self._left_out: dict[tuple[int, str], CriterionResult] = {}
        self._group_hits: dict[tuple[str, ...], list[frozenset[str]]] = {}
        self._plan_items: dict[tuple[int, Status, float], Improvement] = {}
        self.position = {c.id: index for index, c in enumerate(self.compiled)}
        self.baseline_results = {
            index: c.result(NOT_APPLICABLE, None, {}, reason=c.baseline)
            for index, c in enumerate(self.compiled)
            if c.baseline is not None
        }
        self._groups: dict[tuple[tuple[str, ...], frozenset[str]], tuple[str, ...]] = {}
        # What each criterion gives when none of its facts is stated (most criteria, for most
        # procurements): computed once, shared by every input; None keeps it not applicable.
        self.without_facts = [self._without_facts(c) for c in self.compiled]
        # Per theme, how many criteria (not gates) there are: all "not applicable" until evaluated.
        self.not_applicable_counts = dict.fromkeys(THEMES, 0)
        for c in self.compiled:
            if not c.legal_gate:
                self.not_applicable_counts[c.theme] += 1
        # Per theme group, the criteria whose being met counts as requiring or awarding it.
        self.indicator_groups = [
            indicator_group(c.theme, c.legal_gate, _rule_facts(c.entry.criterion)) for c in self.compiled
        ]
        self.indicators = [(i, group) for i, group in enumerate(self.indicator_groups) if group is not None]

    def _compile(self, entry: Entry, params: dict[str, Any], lang: str) -> Compiled:
        criterion = entry.criterion
        when = criterion.applies_to.when
        fraction: Callable[[Mapping[str, Any]], float | None]
        if criterion.rule is not None:
            predicate = compile_rule(criterion.rule, params)

            def rule_fraction(values: Mapping[str, Any]) -> float | None:
                result = predicate(values)
                return None if result is None else float(result)

            fraction = rule_fraction
        else:
            assert criterion.scoring is not None
            fraction = compile_scoring(criterion.scoring, params)
        facts = tuple(criterion_facts(criterion))
        source = criterion.source.model_dump(mode="json", exclude_none=True)
        baseline = criterion.legal_baseline
        baseline_reason = (
            f"legal baseline since {baseline.since.isoformat()}: {baseline.law} binds {baseline.binds}, "
            "not the buyer; restating it earns no sustainability credit"
            if baseline
            else None
        )
        return Compiled(
            entry=entry,
            id=criterion.id,
            theme=entry.theme.value,
            weight=criterion.weight,
            level=criterion.level.value,
            type=criterion.type.value,
            kind=criterion.resolved_kind.value,
            score_weight=criterion.weight * self.profile.level_weights.get(criterion.level, 1.0),
            legal_gate=criterion.legal_gate,
            applies_all=criterion.applies_to.all,
            prefixes=tuple(criterion.applies_to.cpv),
            groups=frozenset(criterion.applies_to.product_groups),
            fraction=fraction,
            when=compile_rule(when, params) if when else None,
            facts=facts,
            reads=frozenset(facts),
            source=source,
            recommendation=criterion.recommendation.get(lang),
            legal=criterion.legal_scope is not None,
            baseline=baseline_reason,
        )

    def assess(self, data: ProcurementInput, today: date | None = None) -> InputResult:
        """Assess one input; raise `InputError` listing every problem in its facts or waivers."""
        procurement = data.procurement
        procedure_facts, lot_facts, problems = build_tables(
            procurement, self.catalog.facts, data.path, data.locate, self.catalog
        )
        waivers = self._waivers(data, problems, today or date.today())
        if problems:
            raise InputError(problems)
        scope = self.legal.complete(
            procurement, [procedure_facts, *lot_facts.values()], today or date.today()
        )
        active = {w.criterion: w for w, note in waivers if not note.expired}
        notes = [note for _, note in waivers]
        groups = frozenset(procurement.product_groups)
        notice_type = procedure_facts.get("notice.type")
        tender_status = procedure_facts.get("notice.tender_status")
        kind = self.catalog.notice_kind(
            notice_type.value if notice_type else None, tender_status.value if tender_status else None
        )
        outside = self._outside(*kind) if kind else None
        if not procurement.lots:
            plan = self._plan(procurement.cpv, groups, outside)
            criteria = self._evaluate_plan(procedure_facts, plan, active, scope)
            keys = self.product_groups(procurement.cpv, groups)
            assessment = self._summarise(criteria, notes, keys, plan.applicable)
            lots: list[LotAssessment] = []
        else:
            lots = []
            lot_groups: dict[str, None] = {}
            applying: set[int] = set()
            for lot in procurement.lots:
                cpvs = lot.cpv or procurement.cpv
                plan = self._plan(cpvs, groups, outside)
                criteria = self._evaluate_plan(lot_facts[lot.id], plan, active, scope)
                applying.update(plan.applicable)
                value = lot.value.amount if lot.value else None
                keys = self.product_groups(cpvs, groups)
                lot_groups.update(dict.fromkeys(keys))
                summary = self._summarise(criteria, notes, keys, plan.applicable)
                lots.append(LotAssessment(lot.id, lot.title, value, summary))
            indices = tuple(sorted(applying))
            assessment = self._summarise(self._combine(lots, indices), notes, tuple(lot_groups), indices)
        cpv = list(dict.fromkeys([*procurement.cpv, *(c for lot in procurement.lots for c in lot.cpv)]))
        tables = [procedure_facts, *lot_facts.values()]
        declared = {
            key: sorted({v for table in tables if key in table for v in table[key].value})
            for key in DECLARED_FACTS
            if any(key in table for table in tables)
        }
        return InputResult(
            data.path,
            data.format,
            procurement.id,
            procurement.title,
            cpv,
            assessment,
            lots,
            buyer=procurement.buyer.name if procurement.buyer else None,
            procedure=procurement.procedure,
            value_eur=value_eur(procurement),
            declared=declared,
            assessed=self._assessed(assessment.criteria),
            notice_kind=kind[0] if kind else None,
            in_portfolio=kind[1].portfolio if kind else True,
            legal=scope.to_dict(),
            award_scoring=scored_award_criteria(procurement),
        )

    def _outside(self, name: str, kind: NoticeKind) -> tuple[frozenset[int], str]:
        """The criteria a notice kind leaves out, and why (once per kind)."""
        found = self._outsides.get(name)
        if found is None:
            indices = frozenset(i for i, c in enumerate(self.compiled) if not kind.applies(c.id))
            found = self._outsides[name] = (indices, kind.reason.get(self.lang))
        return found

    def _assessed(self, criteria: list[CriterionResult]) -> dict[str, list[str]]:
        """Theme group -> criteria met or partly met that require or award it (see portfolio.py)."""
        found: dict[str, list[str]] = {}
        for index, group in self.indicators:
            result = criteria[index]
            if result.status is MET or result.status is PARTLY_MET:
                found.setdefault(group, []).append(result.id)
        return found

    def _waivers(
        self, data: ProcurementInput, problems: list[Problem], today: date
    ) -> list[tuple[Waiver, WaiverNote]]:
        result = []
        for index, waiver in enumerate(data.procurement.waivers):
            origin = data.locate(("waivers", index, "criterion"))
            entry = self.catalog.criteria.get(waiver.criterion)
            if entry is None:
                hint = suggest(waiver.criterion, self.catalog.criteria)
                message = f"waivers.{index}.criterion: unknown criterion {waiver.criterion!r}{hint}"
                problems.append(Problem(data.path, message, origin.line, origin.column))
            elif entry.criterion.legal_gate:
                message = f"waivers.{index}.criterion: {waiver.criterion} is a legal obligation, not waivable"
                problems.append(Problem(data.path, message, origin.line, origin.column))
            else:
                expired = waiver.expires is not None and waiver.expires < today
                expires = waiver.expires.isoformat() if waiver.expires else None
                note = WaiverNote(waiver.criterion, waiver.reason, expires, expired, origin.line)
                result.append((waiver, note))
        return result

    def applicable(self, cpvs: Sequence[str], groups: frozenset[str]) -> tuple[int, ...]:
        """Indices of the criteria that apply to these CPV codes and product groups (cached)."""
        key = (tuple(cpvs), groups)
        found = self._applicable.get(key)
        if found is None:
            bought = frozenset(self.product_groups(cpvs, groups))
            found = tuple(
                index
                for index, c in enumerate(self.compiled)
                if c.applies_all
                or not bought.isdisjoint(c.groups)
                or (c.prefixes and any(code.startswith(c.prefixes) for code in cpvs))
            )
            if len(self._applicable) >= 10_000:
                self._applicable.clear()
            self._applicable[key] = found
        return found

    def product_groups(self, cpvs: Sequence[str], named: frozenset[str]) -> tuple[str, ...]:
        """The product groups these CPV codes fall into, and those the input names (cached)."""
        key = (tuple(cpvs), named)
        found = self._groups.get(key)
        if found is None:
            covered = self.catalog.groups_covering(cpvs)
            groups = self.catalog.product_groups
            found = tuple(group for group in groups if group in named or group in covered)
            if len(self._groups) >= 10_000:
                self._groups.clear()
            self._groups[key] = found
        return found

    @staticmethod
    def _without_facts(c: Compiled) -> CriterionResult | None:
        if c.when is not None and c.when({}) is False:
            return None
        fraction = c.fraction({})
        return c.result(status_of(fraction), fraction, {})

    def _plan(
        self, cpvs: Sequence[str], groups: frozenset[str], outside: tuple[frozenset[int], str] | None
    ) -> Plan:
        """What one scope's criteria give before its facts are read (cached per CPV codes, product
        groups and notice kind): most applicable criteria read no fact the input states, so their
        shared result is filled in here and only the criteria reading a stated fact are evaluated."""
        key = (tuple(cpvs), groups, outside)
        plan = self._plans.get(key)
        if plan is not None:
            return plan
        applicable = self.applicable(cpvs, groups)
        results = list(self.not_applicable)
        legal: list[int] = []
        baselines: list[int] = []
        readers: dict[str, list[int]] = {}
        for index in applicable:
            c = self.compiled[index]
            if outside is not None and index in outside[0]:
                left_out = self._left_out.get((index, outside[1]))
                if left_out is None:
                    left_out = c.result(NOT_APPLICABLE, None, {}, reason=outside[1])
                    self._left_out[index, outside[1]] = left_out
                results[index] = left_out
            elif c.legal:
                legal.append(index)
            elif c.baseline is not None:
                results[index] = self.baseline_results[index]
                baselines.append(index)
            else:
                shared = self.without_facts[index]
                results[index] = shared if shared is not None else self.when_false[index]
                for fact in c.reads:
                    readers.setdefault(fact, []).append(index)
        plan = Plan(
            applicable,
            results,
            tuple(legal),
            tuple(baselines),
            {fact: tuple(indices) for fact, indices in readers.items()},
            frozenset(i for i in applicable if i not in legal and i not in baselines)
            - (outside[0] if outside is not None else frozenset()),
        )
        if len(self._plans) >= 10_000:
            self._plans.clear()
        self._plans[key] = plan
        return plan

    def _evaluate(
        self,
        facts: FactTable,
        cpvs: Sequence[str],
        groups: frozenset[str],
        waivers: dict[str, Waiver],
        scope: ScopeContext,
        outside: tuple[frozenset[int], str] | None = None,
    ) -> list[CriterionResult]:
        return self._evaluate_plan(facts, self._plan(cpvs, groups, outside), waivers, scope)

    def _evaluate_plan(
        self, facts: FactTable, plan: Plan, waivers: dict[str, Waiver], scope: ScopeContext
    ) -> list[CriterionResult]:
        values = {key: fact.value for key, fact in facts.items()}
        results = list(plan.results)
        for index in plan.baselines:
            scope.add_baseline(self.compiled[index].entry.criterion)
        touched = set(plan.legal)
        readers = plan.readers
        for key in values:
            found = readers.get(key)
            if found is not None:
                touched.update(found)
        for criterion_id in waivers:
            waived = self.position.get(criterion_id)
            if waived is not None and waived in plan.evaluated:
                touched.add(waived)
        for index in sorted(touched):
            c = self.compiled[index]
            # Legal scope hook: whom a law binds is decided in keino_cli/scope.py.
            if c.legal:
                results[index] = self.legal.evaluate(c, facts, values)
                continue
            if c.when is not None and c.when(values) is False:
                results[index] = self.when_false[index]  # its facts say it does not apply
                continue
            waiver = waivers.get(c.id)
            if waiver is not None:
                status, fraction = WAIVED, None
            else:
                fraction = c.fraction(values)
                status = status_of(fraction)
            used = {key: facts[key] for key in c.facts if key in facts}
            reason = waiver.reason if waiver else None
            results[index] = c.result(status, fraction, used, reason, via_label=via_label(used))
        return results

    def _combine(self, lots: list[LotAssessment], indices: Sequence[int]) -> list[CriterionResult]:
        """One result per criterion over all lots, weighted by lot value; `indices` are those that
        apply to some lot, in order."""
        values = [lot.value for lot in lots]
        weights = [v or 0.0 for v in values] if all(v for v in values) else [1.0] * len(lots)
        combined = list(self.not_applicable)
        na = self.not_applicable
        lists = [lot.assessment.criteria for lot in lots]
        others = lists[1:]
        for index in indices:
            first = lists[0][index]
            for found in others:  # a loop, not all(...): this runs per criterion of every lot
                if found[index] is not first:
                    break
            else:
                if first is na[index]:
                    continue
                if (  # an unknown result every lot shares: what the general way below gives it
                    first.status is UNKNOWN
                    and first.fraction is None
                    and first.reason is None
                    and first.waiver_reason is None
                    and first.via_label is None
                    and first.obligation is None
                ):
                    combined[index] = first
                    continue
            c = self.compiled[index]
            per_lot = [(lot.assessment.criteria[index], w) for lot, w in zip(lots, weights, strict=True)]
            scored = [(r, w) for r, w in per_lot if r.status not in (Status.NOT_APPLICABLE, Status.WAIVED)]
            statuses = {r.status for r, _ in per_lot if r.status is not Status.NOT_APPLICABLE}
            facts_used: dict = {}
            for r, _ in per_lot:
                if r.facts_used:
                    facts_used.update(r.facts_used)
            if not statuses:  # applies by scope, but no lot's facts (or notice kind) fit it
                when_false = self.when_false[index]
                ruled = (r for r, _ in per_lot if r.reason not in (None, OUT_OF_SCOPE, when_false.reason))
                combined[index] = next(ruled, when_false)
                continue
            status: Status
            if not scored:
                status = next(iter(statuses))
                fraction = None
            elif all(r.fraction is None for r, _ in scored):
                status, fraction = Status.UNKNOWN, None
            else:
                total = sum(w for _, w in scored)
                fraction = round(sum((r.fraction or 0.0) * w for r, w in scored) / total, 4)
                status = status_of(fraction)
            reason = next((r.waiver_reason for r, _ in per_lot if r.waiver_reason), None)
            label = next((r.via_label for r, _ in per_lot if r.via_label), None)
            obligation = next((r.obligation for r, _ in per_lot if r.obligation), None)
            result = c.result(status, fraction, facts_used, reason, via_label=label, obligation=obligation)
            # A lot's own result when the combined one says the same (one lot, or lots alike):
            # most are shared objects whose JSON text is made once (render.stream.result_parts).
            combined[index] = next((r for r, _ in per_lot if _alike(r, result)), result)
        return combined

    def _summarise(
        self,
        criteria: list[CriterionResult],
        waivers: list[WaiverNote],
        group_keys: tuple[str, ...],
        indices: Sequence[int],
    ) -> Assessment:
        """Scores, ambition, coverage and plan of one scope; `indices` are the criteria that may
        apply to it (in order): every other one is not applicable."""
        counts = {theme: dict.fromkeys(STATUS_VALUES, 0) for theme in THEMES}
        earned = dict.fromkeys(THEMES, 0.0)
        possible = dict.fromkeys(THEMES, 0.0)
        for theme, count in self.not_applicable_counts.items():
            counts[theme][NOT_APPLICABLE] = count
        hits_in = self._hits(group_keys)
        own: dict[str, list[int]] = {key: [] for key in group_keys}
        generic: list[int] = []
        practice: list[int] = []
        missing: list[int] = []  # what the plan lists: not met, partly met, unknown
        hits_of: dict[int, frozenset[str]] = {}
        known = total = 0.0
        weights, subject = self.score_weights, self.subject
        spearhead, unused = self.spearhead, self.not_applicable
        gates: list[CriterionResult] = []
        for index in indices:
            result = criteria[index]
            if result is unused[index]:
                continue
            if result.legal_gate:  # gates are reported apart, never in a score
                gates.append(result)
                continue
            status = result.status
            theme_counts = counts[result.theme]
            theme_counts[NOT_APPLICABLE] -= 1
            theme_counts[status] += 1
            if status is NOT_APPLICABLE:
                continue
            if status is not WAIVED:
                weight = weights[index]
                fraction = result.fraction or 0.0
                # counted_weight, inlined: this loop runs per applicable criterion of every scope
                possible[result.theme] += weight * fraction if spearhead[index] else weight
                earned[result.theme] += weight * fraction
                total += weight
                if status is UNKNOWN:
                    missing.append(index)
                else:
                    known += weight
                    if status is not MET:
                        missing.append(index)
            if not subject[index]:
                practice.append(index)
                continue
            hits = hits_in[index]
            if hits:
                hits_of[index] = hits
                for key in hits:
                    own[key].append(index)
            else:
                generic.append(index)
        theme_scores = {
            theme: round(100 * earned[theme] / possible[theme], 2) if possible[theme] else None
            for theme in THEMES
        }
        # The headline's scopes: each group that has subject criteria of its own, with the generic
        # subject ones; without any, the generic subject criteria alone.
        scopes = {key: members + generic for key, members in own.items() if members}
        if not scopes and generic:
            scopes = {GENERIC: generic}
        scored = {key: self._score(indices, criteria) for key, indices in scopes.items()}
        total_weight = sum(s.weight for s in scored.values() if s.score is not None)
        headline = (
            round(sum(s.score * s.weight for s in scored.values() if s.score is not None) / total_weight, 2)
            if total_weight
            else None
        )
        levels = {key: _ambition(indices, criteria) for key, indices in scopes.items()}
        groups = []
        for key, s in scored.items():
            if key != GENERIC:
                level, progress = levels[key]
                title = self.group_titles[key]
                groups.append(GroupResult(key, title, s.score, level, s.coverage, progress, s.weight))
        ambition = min((level for level, _ in levels.values()), key=LEVEL_ORDER.__getitem__, default=None)
        practice_score = self._score(practice, criteria)
        # Points one unit of weight adds to the score an item is in: summed over the groups it is in.
        slopes = {key: s.weight / total_weight * s.slope for key, s in scored.items() if s.score is not None}
        practice_slope = practice_score.slope if practice_score.score is not None else 0.0
        # A spearhead criterion adds to its denominator as it is met: its first-order gain is the
        # slope times the score's headroom (d/dw of (E + w) / (P + w) at w = 0 is (P - E) / P²).
        headroom = {key: (100 - s.score) / 100 for key, s in scored.items() if s.score is not None}
        practice_headroom = (100 - practice_score.score) / 100 if practice_score.score is not None else 0.0
        plan = [
            self._improvement(r, 0.0, obligation=True)
            for r in gates
            if r.status is NOT_MET or r.status is UNKNOWN or r.status is PARTLY_MET
        ]
        plan.sort(key=lambda item: item.id)
        ranked = []
        # Per (groups, spearhead): the slope, the same sum for every criterion in those groups.
        group_slopes: dict[tuple[int, bool], float] = {}
        for index in missing:
            result = criteria[index]
            bonus = spearhead[index]
            if not subject[index]:
                slope = practice_slope * (practice_headroom if bonus else 1.0)
            else:
                keys = hits_of.get(index, slopes)  # a generic criterion is in every group's score
                found = group_slopes.get((id(keys), bonus))
                if found is None:
                    found = sum(
                        slopes[key] * (headroom[key] if bonus else 1.0) for key in keys if key in slopes
                    )
                    group_slopes[id(keys), bonus] = found
                slope = found
            weight = self.plan_weights[index]
            if slope and weight:
                value = round(slope * weight * (1 - (result.fraction or 0.0)), 2)
                ranked.append((not subject[index], -value, result.id, index, value))
        ranked.sort()
        for *_, index, value in ranked:
            plan.append(self._plan_item(index, criteria[index].status, value))
        return Assessment(
            score=headline,
            ambition_level=ambition or AmbitionLevel.NONE,
            themes={theme: ThemeResult(theme_scores[theme], counts[theme]) for theme in THEMES},
            criteria=criteria,
            improvement_plan=plan,
            waivers=waivers,
            groups=groups,
            practice=PracticeResult(practice_score.score, practice_score.coverage),
            coverage=round(known / total, 4) if total else None,
            applying_gates=[r for r in gates if r.status is not NOT_APPLICABLE],
        )

    def _hits(self, group_keys: tuple[str, ...]) -> list[frozenset[str]]:
        """Per criterion, which of these product groups it belongs to (cached per groups)."""
        found = self._group_hits.get(group_keys)
        if found is None:
            applying = frozenset(group_keys)
            found = [groups & applying for groups in self.criterion_groups]
            if len(self._group_hits) >= 10_000:
                self._group_hits.clear()
            self._group_hits[group_keys] = found
        return found

    def _score(self, indices: list[int], criteria: list[CriterionResult]) -> ScopeScore:
        """Score of some criteria (waived ones left out): each counts with its weight times the
        profile's weight for its theme, so a theme that holds a single criterion in a group
        cannot swing a third of that group's score. Also their applicable weight and coverage."""
        earned = possible = known = total = 0.0
        weights, plan_weights, spearhead = self.score_weights, self.plan_weights, self.spearhead
        for index in indices:
            r = criteria[index]
            status = r.status
            if status is WAIVED:
                continue
            total += weights[index]
            if status is not UNKNOWN:
                known += weights[index]
            weight, fraction = plan_weights[index], r.fraction or 0.0
            possible += weight * fraction if spearhead[index] else weight  # counted_weight, inlined
            earned += weight * fraction
        coverage = round(known / total, 4) if total else None
        if not possible:
            return ScopeScore(None, total, coverage, 0.0)
        return ScopeScore(round(100 * earned / possible, 2), total, coverage, 100 / possible)

    def _plan_item(self, index: int, status: Status, gain: float) -> Improvement:
        """A ranked plan item; the same few (criterion, status, gain) recur over a batch, so each
        item is made once and shared, like the criterion results (a gain of zero is made anew:
        0.0 and -0.0 are equal keys but are written differently)."""
        key = (index, status, gain)
        item = self._plan_items.get(key)
        if item is None:
            c = self.compiled[index]
            action = STATE if status is UNKNOWN else ADD
            item = Improvement(c.id, c.theme, status, gain, c.recommendation, c.kind, action)
            if gain:
                if len(self._plan_items) >= 10_000:
                    self._plan_items.clear()
                self._plan_items[key] = item
        return item

    def _improvement(self, result: CriterionResult, gain: float, obligation: bool = False) -> Improvement:
        action = STATE if result.status is UNKNOWN else ADD
        text = self.recommendations[result.id]
        r = result
        return Improvement(r.id, r.theme, r.status, gain, text, r.kind, action, obligation)


@dataclass(frozen=True, slots=True)
class Plan:
    """One scope's criteria before its facts are read (see `Engine._plan`)."""

    applicable: tuple[int, ...]  # indices of the criteria that apply by CPV code and product group
    results: list[CriterionResult]  # per criterion: its result when the input states none of its facts
    legal: tuple[int, ...]  # legal obligations: always evaluated (their scope reads the facts)
    baselines: tuple[int, ...]  # legal baselines: not applicable, and listed in the scope
    readers: dict[str, tuple[int, ...]]  # fact -> the criteria that read it (evaluated when stated)
    evaluated: frozenset[int]  # criteria scored from the facts (what a waiver may apply to)


@dataclass(slots=True)
class ScopeScore:
    score: float | None
    weight: float  # applicable, non-waived weight
    coverage: float | None
    slope: float  # points one unit of (criterion x theme) weight is worth


def counted_weight(weight: float, fraction: float, spearhead: bool) -> float:
    """What a criterion adds to a score's denominator. Spearhead criteria (UHM spjutspets, Motiva
    kärkitaso) go beyond the comprehensive level, at which a tender is already excellent: one counts
    only as far as it is met, so it raises a score below 100 and never pulls one down."""
    return weight * fraction if spearhead else weight


def _alike(kept: CriterionResult, made: CriterionResult) -> bool:
    """Whether two results of one criterion read the same in every output: same status and
    reasons, the same number written the same way (1 is not 1.0, -0.0 not 0.0), the same fact
    objects in the same order, the same obligation."""
    a, b = kept.fraction, made.fraction
    if a is not b and (a.__class__ is not b.__class__ or a != b or repr(a) != repr(b)):
        return False
    if kept.status is not made.status or kept.obligation is not made.obligation:
        return False
    if (kept.waiver_reason, kept.reason, kept.via_label) != (made.waiver_reason, made.reason, made.via_label):
        return False
    used, other = kept.facts_used, made.facts_used
    return len(used) == len(other) and all(
        x is y and p == q for (p, x), (q, y) in zip(used.items(), other.items(), strict=True)
    )


def _rule_facts(criterion: Criterion) -> list[str]:
    """The facts a criterion's rule or scoring reads (not its `when`)."""
    return rule_facts(criterion.rule) if criterion.rule is not None else [criterion.scoring.fact]  # type: ignore[union-attr]


def value_eur(procurement: Procurement) -> float | None:
    """The estimated value in euro: the procedure's, else the sum of its lots' when every lot has one."""
    if procurement.value is not None:
        return procurement.value.amount if procurement.value.currency == "EUR" else None
    values = [lot.value for lot in procurement.lots]
    if values and all(v is not None and v.currency == "EUR" for v in values):
        return sum(v.amount for v in values if v is not None)
    return None


def _ambition(indices: list[int], criteria: list[CriterionResult]) -> tuple[AmbitionLevel, NextLevel | None]:
    """The level a scope reaches and the progress toward the next one. A level the scope has no
    criteria of cannot be reached. Waived criteria are left out of the count (a justified deviation
    neither blocks nor counts); partly met is not met."""
    met = dict.fromkeys((level for level, _ in LEVELS), 0)
    total = dict.fromkeys(met, 0)
    present: set[str] = set()
    for index in indices:
        r = criteria[index]
        present.add(r.level)
        if r.status is not WAIVED:
            total[r.level] += 1
            met[r.level] += r.status is MET
    reached = AmbitionLevel.NONE
    for level, ambition in LEVELS:
        if level not in present:
            return reached, None
        if met[level] < total[level]:
            return reached, NextLevel(level, met[level], total[level])
        reached = ambition
    return reached, None
