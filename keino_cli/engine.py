"""The engine: applicability, statuses, theme and overall scores, ambition level, gates, plan.

Criteria are compiled once per (catalog, profile); `Engine.assess` is then a pass over plain
functions and dictionaries, so scoring costs less than parsing the input. Scoring in words:

* A criterion applies when the procurement's CPV codes start with one of its prefixes (its own
  or its product groups'), when a product group is named, or when it applies to all.
* Its fraction (0..1) comes from its rule (pass/fail) or its scoring (threshold, bands, linear);
  a missing fact gives `unknown`, which scores 0 but is reported apart from `not_met`.
* A theme scores 100 × Σ weight·fraction / Σ weight over applicable, non-waived criteria that
  are not legal gates; the overall score weights theme scores by the profile. Legal gates are
  reported on their own and never hide inside a score.
* Ambition level: `core` when every applicable core criterion is met, `comprehensive` when the
  comprehensive ones are met too.
* The improvement plan ranks unmet criteria by how many overall points meeting them would add.
* A procurement with lots is assessed per lot; the procedure result combines each criterion's
  fraction over the lots where it applies, weighted by lot value (equal weights when a value is
  missing), and is then summarised exactly like a single scope.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from keino_cli.catalog import Catalog, Entry
from keino_cli.errors import InputError, Problem
from keino_cli.facts import build_tables
from keino_cli.model.common import Theme
from keino_cli.model.criteria import Level
from keino_cli.model.procurement import Fact, FactTable, Procurement, ProcurementInput, Waiver
from keino_cli.model.profile import Profile
from keino_cli.model.result import (
    AmbitionLevel,
    Assessment,
    CriterionResult,
    Improvement,
    InputResult,
    LotAssessment,
    Status,
    ThemeResult,
    WaiverNote,
)
from keino_cli.rules import compile_rule, compile_scoring, criterion_facts
from keino_cli.scope import Legal, ScopeContext
from keino_cli.validation import suggest

# Module-level aliases: looking members up on the enum class in hot loops is measurably slow.
MET, PARTLY_MET, NOT_MET, UNKNOWN = Status.MET, Status.PARTLY_MET, Status.NOT_MET, Status.UNKNOWN
NOT_APPLICABLE, WAIVED = Status.NOT_APPLICABLE, Status.WAIVED
STATUS_VALUES = tuple(status.value for status in Status)
THEMES = tuple(theme.value for theme in Theme)
CORE, COMPREHENSIVE = Level.CORE.value, Level.COMPREHENSIVE.value
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
    legal_gate: bool
    applies_all: bool
    prefixes: tuple[str, ...]
    groups: frozenset[str]
    fraction: Callable[[dict[str, Any]], float | None]
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
            overridden_by,
            waiver_reason,
            reason,
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


class Engine:
    """Scores procurements against one catalog under one profile."""

    def __init__(self, catalog: Catalog, profile: Profile | None = None, lang: str = "en") -> None:
        self.catalog = catalog
        self.profile = profile or Profile()
        params, problems = parameter_values(catalog, self.profile)
        if problems:
            raise InputError(problems)
        self.theme_weights = {theme.value: self.profile.theme_weights.get(theme, 0.0) for theme in Theme}
        self.compiled = [self._compile(entry, params[cid], lang) for cid, entry in catalog.criteria.items()]
        self.legal = Legal(self.profile, params)
        self.recommendations = {c.id: c.recommendation for c in self.compiled}
        # Most criteria do not apply to a given procurement: their result is always the same object,
        # and which criteria apply is worked out once per distinct (CPV codes, product groups).
        self.not_applicable = [c.result(NOT_APPLICABLE, None, {}) for c in self.compiled]
        self._applicable: dict[tuple[tuple[str, ...], frozenset[str]], tuple[int, ...]] = {}
        # What each criterion gives when none of its facts is stated (most criteria, for most
        # procurements): computed once, shared by every input; None keeps it not applicable.
        self.without_facts = [self._without_facts(c) for c in self.compiled]
        # Per theme, how many criteria (not gates) there are: all "not applicable" until evaluated.
        self.not_applicable_counts = dict.fromkeys(THEMES, 0)
        for c in self.compiled:
            if not c.legal_gate:
                self.not_applicable_counts[c.theme] += 1

    def _compile(self, entry: Entry, params: dict[str, Any], lang: str) -> Compiled:
        criterion = entry.criterion
        when = criterion.applies_to.when
        if criterion.rule is not None:
            predicate = compile_rule(criterion.rule, params)

            def fraction(values: dict[str, Any]) -> float | None:
                result = predicate(values)
                return None if result is None else float(result)

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
            legal_gate=criterion.legal_gate,
            applies_all=criterion.applies_to.all,
            prefixes=self.catalog.cpv_prefixes(criterion),
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
            procurement, self.catalog.facts, data.path, data.locate
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
        if not procurement.lots:
            criteria = self._evaluate(procedure_facts, procurement.cpv, groups, active, scope)
            assessment = self._summarise(criteria, notes)
            lots: list[LotAssessment] = []
        else:
            lots = []
            for lot in procurement.lots:
                cpvs = lot.cpv or procurement.cpv
                criteria = self._evaluate(lot_facts[lot.id], cpvs, groups, active, scope)
                value = lot.value.amount if lot.value else None
                lots.append(LotAssessment(lot.id, lot.title, value, self._summarise(criteria, notes)))
            assessment = self._summarise(self._combine(lots), notes)
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
            legal=scope.to_dict(),
        )

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
            found = tuple(
                index
                for index, c in enumerate(self.compiled)
                if c.applies_all
                or not groups.isdisjoint(c.groups)
                or (c.prefixes and any(code.startswith(c.prefixes) for code in cpvs))
            )
            if len(self._applicable) >= 10_000:
                self._applicable.clear()
            self._applicable[key] = found
        return found

    @staticmethod
    def _without_facts(c: Compiled) -> CriterionResult | None:
        if c.when is not None and c.when({}) is False:
            return None
        fraction = c.fraction({})
        return c.result(status_of(fraction), fraction, {})

    def _evaluate(
        self,
        facts: FactTable,
        cpvs: Sequence[str],
        groups: frozenset[str],
        waivers: dict[str, Waiver],
        scope: ScopeContext,
    ) -> list[CriterionResult]:
        values = {key: fact.value for key, fact in facts.items()}
        stated = values.keys()
        results = list(self.not_applicable)
        for index in self.applicable(cpvs, groups):
            c = self.compiled[index]
            # Legal scope hook: whom a law binds is decided in keino_cli/scope.py.
            if c.legal:
                results[index] = self.legal.evaluate(c, facts, values)
                continue
            if c.baseline is not None:
                results[index] = c.result(NOT_APPLICABLE, None, {}, reason=c.baseline)
                scope.add_baseline(c.entry.criterion)
                continue
            if stated.isdisjoint(c.reads) and c.id not in waivers:
                shared = self.without_facts[index]
                if shared is not None:
                    results[index] = shared
                continue
            if c.when is not None and c.when(values) is False:
                continue  # its facts say it does not apply: keep the not-applicable result
            waiver = waivers.get(c.id)
            if waiver is not None:
                status, fraction = WAIVED, None
            else:
                fraction = c.fraction(values)
                status = status_of(fraction)
            used = {key: facts[key] for key in c.facts if key in facts}
            results[index] = c.result(status, fraction, used, waiver.reason if waiver else None)
        return results

    def _combine(self, lots: list[LotAssessment]) -> list[CriterionResult]:
        """One result per criterion over all lots, weighted by lot value."""
        values = [lot.value for lot in lots]
        weights = values if all(v for v in values) else [1.0] * len(lots)
        combined = list(self.not_applicable)
        na = self.not_applicable
        applicable = {i for lot in lots for i, r in enumerate(lot.assessment.criteria) if r is not na[i]}
        for index in sorted(applicable):
            c = self.compiled[index]
            per_lot = [(lot.assessment.criteria[index], w) for lot, w in zip(lots, weights, strict=True)]
            scored = [(r, w) for r, w in per_lot if r.status not in (Status.NOT_APPLICABLE, Status.WAIVED)]
            statuses = {r.status for r, _ in per_lot if r.status is not Status.NOT_APPLICABLE}
            facts_used: dict = {}
            for r, _ in per_lot:
                if r.facts_used:
                    facts_used.update(r.facts_used)
            if not scored:
                status = next(iter(statuses)) if statuses else Status.NOT_APPLICABLE
                fraction = None
            elif all(r.fraction is None for r, _ in scored):
                status, fraction = Status.UNKNOWN, None
            else:
                total = sum(w for _, w in scored)
                fraction = round(sum((r.fraction or 0.0) * w for r, w in scored) / total, 4)
                status = status_of(fraction)
            reason = next((r.waiver_reason for r, _ in per_lot if r.waiver_reason), None)
            why = next((r.reason for r, _ in per_lot if r.reason), None)
            obligation = next((r.obligation for r, _ in per_lot if r.obligation), None)
            combined[index] = c.result(status, fraction, facts_used, reason, why, obligation)
        return combined

    def _summarise(self, criteria: list[CriterionResult], waivers: list[WaiverNote]) -> Assessment:
        counts = {theme: dict.fromkeys(STATUS_VALUES, 0) for theme in THEMES}
        earned = dict.fromkeys(THEMES, 0.0)
        possible = dict.fromkeys(THEMES, 0.0)
        for theme, count in self.not_applicable_counts.items():
            counts[theme][NOT_APPLICABLE] = count
        for result, unused in zip(criteria, self.not_applicable, strict=True):
            if result is unused or result.legal_gate:  # gates are reported apart, never in a theme
                continue
            status = result.status
            theme_counts = counts[result.theme]
            theme_counts[NOT_APPLICABLE] -= 1
            theme_counts[status] += 1
            if status is not NOT_APPLICABLE and status is not WAIVED:
                possible[result.theme] += result.weight
                earned[result.theme] += result.weight * (result.fraction or 0.0)
        theme_scores = {
            theme: round(100 * earned[theme] / possible[theme], 2) if possible[theme] else None
            for theme in THEMES
        }
        weighted = {t: self.theme_weights[t] for t, s in theme_scores.items() if s is not None}
        weight_sum = sum(weighted.values())
        score = (
            round(sum(theme_scores[t] * w for t, w in weighted.items()) / weight_sum, 2)  # type: ignore[operator]
            if weight_sum
            else None
        )

        def plan() -> list[Improvement]:
            """The missing criteria ranked by the overall points each would add."""
            items = []
            for result, unused in zip(criteria, self.not_applicable, strict=True):
                status = result.status
                if result is unused or result.legal_gate or result.theme not in weighted:
                    continue
                if status is NOT_MET or status is UNKNOWN or status is PARTLY_MET:
                    share = weighted[result.theme] / weight_sum / possible[result.theme]
                    gain = 100 * share * result.weight * (1 - (result.fraction or 0.0))
                    text = self.recommendations[result.id]
                    items.append(Improvement(result.id, result.theme, status, round(gain, 2), text))
            items.sort(key=lambda item: (-item.gain, item.id))
            return items

        return Assessment(
            score=score,
            ambition_level=_ambition(criteria),
            themes={theme: ThemeResult(theme_scores[theme], counts[theme]) for theme in THEMES},
            criteria=criteria,
            plan_of=plan,
            waivers=waivers,
        )


def value_eur(procurement: Procurement) -> float | None:
    """The estimated value in euro: the procedure's, else the sum of its lots' when every lot has one."""
    if procurement.value is not None:
        return procurement.value.amount if procurement.value.currency == "EUR" else None
    values = [lot.value for lot in procurement.lots]
    if values and all(v is not None and v.currency == "EUR" for v in values):
        return sum(v.amount for v in values if v is not None)
    return None


def _ambition(criteria: list[CriterionResult]) -> AmbitionLevel:
    core_seen = comprehensive_seen = False
    core_all_met = comprehensive_all_met = True
    for r in criteria:
        status = r.status
        if r.legal_gate or status is NOT_APPLICABLE or status is WAIVED:
            continue
        if r.level == CORE:
            core_seen = True
            core_all_met = core_all_met and status is MET
        else:
            comprehensive_seen = True
            comprehensive_all_met = comprehensive_all_met and status is MET
    if not core_seen or not core_all_met:
        return AmbitionLevel.NONE
    if comprehensive_seen and comprehensive_all_met:
        return AmbitionLevel.COMPREHENSIVE
    return AmbitionLevel.CORE
