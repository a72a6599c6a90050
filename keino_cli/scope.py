"""Legal scope: whom a legal obligation binds, and what a failed one asks the buyer to change.

The engine hands every criterion with a `legal_scope` to `Legal.evaluate` instead of scoring it
itself. Evaluation, in words:

* Scope facts come first (`Legal.complete`): the buyer's country (else the country of a value
  in a one-country currency, else the profile's `legal.country`, marked as assumed), buyer
  kind (eForms BT-11 or the description's `buyer.type`), legal basis, contract nature, start
  date, and whether the estimated value reaches the EU threshold in force on that date
  (`criteria/legal/thresholds.yaml`). Where a dimension the threshold depends on is unknown,
  the value is compared with every candidate threshold: above all of them is above, below all
  is below, in between is unknown.
* Outside its jurisdiction, buyer kinds, legal bases, contract natures, threshold, national
  value limit or dates in force, or where the buyer lawfully declares it out of scope (BT-717
  `false`, BT-754 `n-inc`), a criterion is `not_applicable` with the reason.
* A scope fact that is unknown keeps it applicable; if the rule is then not shown as met, the
  status is `unknown` and the obligation names the missing fact.
* A target from a dated table (CVD member-state shares, Finnish building carbon limits) replaces
  the rule's parameter: the buyer's own value from the profile first, then its tier of national
  law (`legal.target_tiers`), then the country's. No row: "target not known", never a failure.
* A law counting the buyer's period total (CVD) makes one procurement's share a contribution:
  below target it is a warning (`policy: contribution`) unless the profile says the period total
  is known (`legal.period_total_known`).
* Product-market law (`legal_baseline`) binds manufacturers: not applicable to the buyer, listed
  as "legal baseline since DATE", never scored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from keino_cli.model.origin import Fact, FactTable, Origin
from keino_cli.model.records import kind_of
from keino_cli.model.result import CriterionResult, Status
from keino_cli.rules import compile_rule, rule_facts

if TYPE_CHECKING:
    from keino_cli.engine import Compiled
    from keino_cli.model.criteria import Criterion
    from keino_cli.model.legal import LegalScope, TargetTable, ThresholdTable
    from keino_cli.model.procurement import Procurement
    from keino_cli.model.profile import Profile
    from keino_cli.model.rules import Rule

EU_MEMBER_STATES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
COUNTRY_NAMES = {"FI": "Finnish", "SE": "Swedish", "EE": "Estonian", "PL": "Polish"}
# ISO 4217 currencies of one country: a value in one of them names the buyer's country when
# nothing else does. Two stretch it: the krone is also the Faroe Islands' and Greenland's (within
# the Danish Realm), sterling also the Crown Dependencies' (a Jersey buyer would read as GB). The
# euro, the Swiss franc (CH and LI) and other shared currencies name none.
CURRENCY_COUNTRIES = {
    "SEK": "SE",
    "NOK": "NO",
    "DKK": "DK",
    "ISK": "IS",
    "PLN": "PL",
    "CZK": "CZ",
    "HUF": "HU",
    "RON": "RO",
    "GBP": "GB",
}
# eForms BT-11 buyer legal types (and the description's `buyer.type` words) -> buyer kind.
BUYER_KINDS = {
    "cga": "central-government",
    "body-pl-cga": "central-government",
    "central-government": "central-government",
    "state": "central-government",
    "ra": "sub-central",
    "la": "sub-central",
    "body-pl-ra": "sub-central",
    "body-pl-la": "sub-central",
    "grp-p-aut": "sub-central",
    "municipality": "sub-central",
    "region": "sub-central",
    "joint-municipal-authority": "sub-central",
    "sub-central": "sub-central",
    "wellbeing-services-county": "wellbeing-services-county",
    "spec-rights-entity": "utility",
    "utility": "utility",
    "body-pl": "other",
    "pub-undert": "other",
    "pub-undert-cga": "other",
    "pub-undert-ra": "other",
    "pub-undert-la": "other",
    "int-org": "other",
    "eu-ins-bod-ag": "other",
    "org-sub": "other",
    "org-sub-cga": "other",
    "org-sub-ra": "other",
    "org-sub-la": "other",
    "def-cont": "other",
    "other": "other",
}
# Facts that describe the procurement itself, not what its documents require: a tender text that
# leaves one open leaves the obligation's scope open, not the requirement unmet.
SCOPE_FACTS = frozenset(
    {
        "buyer.country",
        "buyer.kind",
        "procedure.legal_basis",
        "contract.nature",
        "contract.value_eur",
        "procedure.start_date",
        "building.use_class",
        "building.permit_date",
        "work.at_buyer_premises",
    }
)
EU_BASES = ("2014/24/EU", "2014/25/EU", "2014/23/EU", "2009/81/EC")
OPERATORS = {
    "eq": "=",
    "ne": "≠",
    "gt": ">",
    "gte": "≥",
    "lt": "<",
    "lte": "≤",
    "in": "in",
    "any_of": "any of",
}


def legal_dir() -> Path:
    from keino_cli.catalog import bundled_criteria_dir

    return bundled_criteria_dir() / "legal"


@cache
def thresholds() -> ThresholdTable:
    return _load("ThresholdTable", "thresholds.yaml")


@cache
def target_table(name: str) -> TargetTable:
    return _load("TargetTable", f"{name}.yaml")


def _load(model: str, name: str) -> Any:
    """A dated table, validated by its model; kept in the catalog cache as records, so a cached run
    builds no model for it (model/records.py); with the cache off, the model itself."""
    from keino_cli.catalog.cache import cached, caching

    path = legal_dir() / name
    if not caching():
        return _validated(model, path)
    from keino_cli.model.records import from_model

    return cached([(path, True)], True, lambda: from_model(_validated(model, path)), kind="table")


def _validated(model: str, path: Path) -> Any:
    from keino_cli.model import legal
    from keino_cli.validation import validate
    from keino_cli.yamlsource import load_yaml

    data, marks = load_yaml(path.read_bytes(), str(path))
    return validate(getattr(legal, model), data, str(path), marks)


def parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def threshold_candidates(basis: str | None, kind: str | None, nature: str | None, day: date) -> list[float]:
    """Every EU threshold the procedure may fall under, given what is known of it."""
    row = next((r for r in thresholds().periods if r.from_ <= day <= r.until), None)
    if row is None:
        return []
    bases = [basis] if basis in EU_BASES else ["2014/24/EU"] if basis is None and kind != "utility" else []
    if basis is None and kind == "utility":
        bases = ["2014/25/EU"]
    values: list[float] = []
    for b in bases:
        natures = [nature] if nature else ["works", "supplies", "services"]
        for n in natures:
            if n == "works":
                keys = [f"{b}:works"]
            elif b == "2014/24/EU":
                kinds = (
                    ["central-government"]
                    if kind == "central-government"
                    else ["sub-central"]
                    if kind
                    else ["central-government", "sub-central"]
                )
                keys = [f"{b}:{k}" for k in kinds]
            else:
                keys = [f"{b}:supplies-services"]
            found = [row.values.get(k) for k in keys]
            if None in found:
                return []  # a value that could not be read: the comparison stays unknown
            values.extend(v for v in found if v is not None)
    return values


@dataclass(slots=True)
class ScopeContext:
    """The scope facts of one input, as the report and `keino cvd` show them."""

    country: str
    country_assumed: bool
    buyer_kind: str | None
    legal_basis: str | None
    nature: str | None
    start_date: str | None
    start_assumed: bool
    above_eu_threshold: bool | None
    threshold_note: str
    cvd_period: str | None = None
    vehicles: dict[str, dict[str, int]] = field(default_factory=dict)
    buyer: str | None = None
    baselines: list[dict[str, str]] = field(default_factory=list)

    def add_baseline(self, criterion: Criterion) -> None:
        baseline = criterion.legal_baseline
        if baseline is not None and all(b["id"] != criterion.id for b in self.baselines):
            self.baselines.append(
                {"id": criterion.id, "law": baseline.law, "since": baseline.since.isoformat()}
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "country_assumed": self.country_assumed,
            "buyer_kind": self.buyer_kind,
            "legal_basis": self.legal_basis,
            "contract_nature": self.nature,
            "start_date": self.start_date,
            "start_date_assumed": self.start_assumed,
            "above_eu_threshold": self.above_eu_threshold,
            "threshold": self.threshold_note,
            "cvd": {"period": self.cvd_period, "vehicles": self.vehicles} if self.vehicles else None,
            "legal_baselines": self.baselines,
        }


class Legal:
    """Evaluates legal obligations for one engine (one catalog and profile)."""

    def __init__(self, profile: Profile, params: Mapping[str, Mapping[str, Any]]) -> None:
        self.settings = profile.legal
        self.own = profile.parameters  # the buyer's own targets win over tables
        self.params = params
        self._rules: dict[tuple[str, float], Callable[[dict[str, Any]], bool | None]] = {}
        # Per criterion (and target), what an obligation says whatever the input: the same for
        # every input of a batch, so made once (see `_required`, `_measured_keys`, `obligation`).
        self._described: dict[tuple[str, str | None], str] = {}
        self._compared: dict[str, list[str]] = {}
        self._sources: dict[str, tuple[str, str, str]] = {}

    # --- scope facts ------------------------------------------------------------------------

    def complete(self, procurement: Procurement, tables: Sequence[FactTable], today: date) -> ScopeContext:
        """Add the scope facts keino derives to every fact table; return them for the report."""
        first = tables[0]
        added: dict[str, Fact] = {}
        buyer = procurement.buyer
        assumed = False
        if "buyer.country" not in first:
            currency = procurement.value.currency if procurement.value is not None else None
            if buyer is not None and buyer.country:
                added["buyer.country"] = Fact(buyer.country, Origin("description", "buyer.country"))
            elif currency in CURRENCY_COUNTRIES:  # a tender priced in kronor is no Finnish one
                country = CURRENCY_COUNTRIES[currency]
                origin = Origin("derived", f"value.currency {currency} (the currency of {country} alone)")
                added["buyer.country"] = Fact(country, origin)
            else:
                country = self.settings.country
                origin = Origin(
                    "profile", f"legal.country (assumed: the input names no country; default {country})"
                )
                added["buyer.country"] = Fact(country, origin)
                assumed = True
        if "buyer.kind" not in first and buyer is not None and buyer.type:
            kind = BUYER_KINDS.get(buyer.type.strip().lower())
            if kind is not None:
                added["buyer.kind"] = Fact(kind, Origin("derived", f"buyer.type {buyer.type!r}"))
        if "contract.nature" not in first and procurement.cpv:
            nature = nature_of_cpv(procurement.cpv[0])
            added["contract.nature"] = Fact(
                nature,
                Origin("derived", f"main CPV {procurement.cpv[0]} (division {procurement.cpv[0][:2]})"),
            )
        start_assumed = False
        periods = target_table("cvd-targets").periods
        stated_period = first.get("vehicles.cvd_period")
        if "procedure.start_date" not in first and "procedure.started_by" not in first:
            if stated_period is not None and stated_period.value in periods:
                day = periods[stated_period.value].from_.isoformat()
                origin = Origin("derived", f"start of vehicles.cvd_period {stated_period.value}")
                added["procedure.start_date"] = Fact(day, origin)
            else:
                origin = Origin("derived", "procedure.start_date (assumed: not stated; the assessment date)")
                added["procedure.start_date"] = Fact(today.isoformat(), origin)
                start_assumed = True
        start_fact = added.get("procedure.start_date") or first.get("procedure.start_date")
        start = parse_date(start_fact.value) if start_fact else None
        bound = first.get("procedure.started_by")
        started_by = parse_date(bound.value) if bound else None
        if start is None and started_by is not None and started_by <= periods["2021-2025"].until:
            start = started_by  # an award notice of period 1: the procedure started in period 1 too
        if stated_period is None and start is not None and not start_assumed:
            period = next((k for k, p in periods.items() if p.from_ <= start <= p.until), None)
            if period is not None:
                added["vehicles.cvd_period"] = Fact(
                    period, Origin("derived", f"procedure.start_date {start.isoformat()}")
                )
        for table in tables:
            for key, fact in added.items():
                table.setdefault(key, fact)
        values = {key: fact.value for key, fact in first.items()}
        above, note = self._threshold(procurement, values, today)
        if above is not None and "procedure.above_eu_threshold" not in first:
            for table in tables:
                table["procedure.above_eu_threshold"] = Fact(above, Origin("derived", note))
        return ScopeContext(
            country=values["buyer.country"],
            country_assumed=assumed,
            buyer_kind=values.get("buyer.kind"),
            legal_basis=values.get("procedure.legal_basis"),
            nature=values.get("contract.nature"),
            start_date=values.get("procedure.start_date"),
            start_assumed=start_assumed,
            above_eu_threshold=values.get("procedure.above_eu_threshold", above),
            threshold_note=note,
            cvd_period=values.get("vehicles.cvd_period"),
            vehicles=vehicle_counts(tables),
        )

    @staticmethod
    def _threshold(procurement: Procurement, values: dict[str, Any], today: date) -> tuple[bool | None, str]:
        from keino_cli.engine import value_eur

        basis = values.get("procedure.legal_basis")
        if basis == "national":
            return False, "legal basis national (BT-01): below the EU thresholds"
        value = value_eur(procurement)
        day = parse_date(values.get("procedure.start_date")) or parse_date(values.get("procedure.started_by"))
        day = day or today
        nature = values.get("contract.nature")
        if values.get("procedure.design_contest"):
            nature = "services"  # design contests use the supplies and services thresholds
        candidates = threshold_candidates(basis, values.get("buyer.kind"), nature, day)
        if value is not None and candidates:
            if value >= max(candidates):
                return True, f"EUR {value:,.0f} ≥ EU threshold EUR {max(candidates):,.0f} ({day.isoformat()})"
            if value < min(candidates):
                return (
                    False,
                    f"EUR {value:,.0f} < EU threshold EUR {min(candidates):,.0f} ({day.isoformat()})",
                )
        if basis in EU_BASES:
            return True, f"legal basis {basis} (BT-01): procured under the directive"
        if value is None:
            return None, "estimated value unknown"
        return None, f"EUR {value:,.0f}: the threshold that applies is not known (buyer kind, nature or date)"

    # --- obligations ------------------------------------------------------------------------

    def evaluate(self, c: Compiled, facts: FactTable, values: dict[str, Any]) -> CriterionResult:
        scope = c.entry.criterion.legal_scope
        assert scope is not None
        used = {key: facts[key] for key in (*c.facts, *scope_facts(scope)) if key in facts}
        reason, missing = self.out_of_scope(scope, values)
        if reason is not None:
            return c.result(Status.NOT_APPLICABLE, None, used, reason=reason)
        if c.when is not None and c.when(values) is False:
            return c.result(Status.NOT_APPLICABLE, None, used, reason="its facts say it does not apply")
        params = dict(self.params[c.id])
        contribution = scope.binds_period_total and not self.settings.period_total_known
        policy = "contribution" if contribution else "binding"
        required_note = ""
        fraction_of: Callable[[dict[str, Any]], float | None] = c.fraction
        if scope.target is not None:
            target, note, tier_reason = self.target(c.id, scope, values)
            if tier_reason is not None:
                return c.result(Status.NOT_APPLICABLE, None, used, reason=tier_reason)
            if target is None:
                missing = [*missing, *note_missing(note)]
                measured = self.measured(c, values)
                obligation = self.obligation(
                    c, measured, f"target not known ({note})", missing, "target-unknown"
                )
                return c.result(Status.UNKNOWN, None, used, obligation=obligation)
            params[scope.target.param] = target
            required_note = f" ({note})"
            fraction_of = self._rule(c, scope.target.param, target)
        fraction = fraction_of(values)
        status = _status(fraction)
        if missing and status is not Status.MET:
            status, fraction = Status.UNKNOWN, None
        if status is Status.UNKNOWN:
            missing = [*[f for f in self._measured_keys(c) if f not in values], *missing]
        target_value = params[scope.target.param] if scope.target is not None else None
        required = self._required(c, params, target_value) + required_note
        obligation = self.obligation(c, self.measured(c, values), required, missing, policy)
        return c.result(status, fraction, used, obligation=obligation)

    def _required(self, c: Compiled, params: Mapping[str, Any], target: Any) -> str:
        """The criterion's rule in words with its parameters (the target, if any, among them)."""
        key = (c.id, None if target is None else repr(target))  # repr: 1 and 1.0 read differently
        found = self._described.get(key)
        if found is None:
            rule = c.entry.criterion.rule
            found = describe(rule, params) if rule is not None else "see the criterion"
            if len(self._described) >= 10_000:
                self._described.clear()
            self._described[key] = found
        return found

    def _measured_keys(self, c: Compiled) -> list[str]:
        """The facts a criterion's rule compares (its `when` only decides whether it applies)."""
        found = self._compared.get(c.id)
        if found is None:
            rule = c.entry.criterion.rule
            found = self._compared[c.id] = rule_facts(rule) if rule is not None else list(c.facts)
        return found

    def out_of_scope(self, scope: LegalScope, values: dict[str, Any]) -> tuple[str | None, list[str]]:
        """Why the law does not bind this procurement (None: it does), and the scope facts unknown."""
        missing: list[str] = []
        country = values.get("buyer.country")
        if scope.jurisdiction == "EU":
            if country not in EU_MEMBER_STATES:
                return f"binds EU member states' buyers; the buyer is in {country}", missing
        elif country not in scope.jurisdiction:
            law = " / ".join(f"{COUNTRY_NAMES.get(j, j)} ({j})" for j in scope.jurisdiction)
            return (
                f"{law} law binds buyers in {', '.join(scope.jurisdiction)}; the buyer is in {country}",
                missing,
            )
        for fact, value in scope.out_of_scope_when.items():
            stated = values.get(fact)
            if stated is not None and (stated in value if isinstance(value, list) else stated == value):
                return f"out of scope: {fact} = {_show(stated)}", missing
        checks = (
            ("buyer.kind", scope.buyer_kinds, "buyer kind"),
            ("procedure.legal_basis", scope.legal_bases, "legal basis"),
            ("contract.nature", scope.contract_natures, "contract nature"),
        )
        for fact, allowed, words in checks:
            if not allowed:
                continue
            given: Any = values.get(fact)
            if given is None and fact == "procedure.legal_basis":
                given = assumed_basis(values)
            if given is None:
                missing.append(fact)
            elif given not in [a.value for a in allowed]:
                names = ", ".join(a.value for a in allowed)
                return f"binds {words} {names} only; this procurement: {given}", missing
        if scope.threshold == "eu":
            above = values.get("procedure.above_eu_threshold")
            if above is None:
                missing.append("contract.value_eur")
            elif above is False:
                return "below the EU threshold in force on the start date", missing
        if scope.min_value_eur is not None:
            amount: Any = values.get("contract.value_eur")
            if amount is None:
                missing.append("contract.value_eur")
            elif amount < scope.min_value_eur:
                return (
                    f"value EUR {amount:,.0f} is under the law's limit EUR {scope.min_value_eur:,.0f}",
                    missing,
                )
        window = scope.in_force
        if window.from_ or window.until:
            day = parse_date(values.get(scope.date_fact))
            started_by = parse_date(values.get("procedure.started_by"))
            start = parse_date(values.get("procedure.start_date"))
            if day is None and scope.date_fact == "procedure.start_date" and started_by is not None:
                if window.from_ and started_by < window.from_:
                    return (
                        f"in force from {window.from_.isoformat()}; started by {started_by.isoformat()}",
                        missing,
                    )
                missing.append(scope.date_fact)
            elif (
                day is None
                and start is not None
                and window.from_
                and start >= window.from_
                and not window.until
            ):
                pass  # e.g. a permit applied for after a procedure started once the rule was in force
            elif day is None:
                missing.append(scope.date_fact)
            elif window.from_ and day < window.from_:
                return (
                    f"in force from {window.from_.isoformat()}; {scope.date_fact} {day.isoformat()}",
                    missing,
                )
            elif window.until and day > window.until:
                return (
                    f"in force until {window.until.isoformat()}; {scope.date_fact} {day.isoformat()}",
                    missing,
                )
        return None, missing

    def target(
        self, criterion_id: str, scope: LegalScope, values: dict[str, Any]
    ) -> tuple[float | None, str, str | None]:
        """The target for this buyer: (value or None, how it was found, reason it does not bind)."""
        ref = scope.target
        assert ref is not None
        own = self.own.get(criterion_id, {}).get(ref.param)
        if isinstance(own, (int, float)) and not isinstance(own, bool):
            return float(own), "the buyer's own target from the profile", None
        table = target_table(ref.table)
        category = ref.category or values.get(ref.category_fact or "")
        if category is None:
            return None, f"missing fact {ref.category_fact}", None
        day = parse_date(values.get(scope.date_fact))
        if day is None:  # e.g. no permit date yet: the period of the procedure's start
            day = parse_date(values.get("procedure.start_date"))
        period = next((k for k, p in table.periods.items() if day and p.from_ <= day <= p.until), None)
        if period is None:
            return (
                None,
                f"no reference period for {scope.date_fact} {_show(values.get(scope.date_fact))}",
                None,
            )
        return table_target(
            table, values.get("buyer.country", ""), period, category, self.settings.target_tiers
        )

    def _rule(self, c: Compiled, param: str, value: float) -> Callable[[dict[str, Any]], float | None]:
        key = (c.id, value)
        predicate = self._rules.get(key)
        if predicate is None:
            rule = c.entry.criterion.rule
            assert rule is not None, "a target replaces a rule's parameter"
            predicate = self._rules[key] = compile_rule(rule, {**self.params[c.id], param: value})

        def fraction(values: dict[str, Any]) -> float | None:
            result = predicate(values)
            return None if result is None else float(result)

        return fraction

    def measured(self, c: Compiled, values: dict[str, Any]) -> dict[str, Any]:
        """The values the rule compares (its `when` only decides whether it applies)."""
        return {key: values[key] for key in self._measured_keys(c) if key in values}

    def obligation(
        self, c: Compiled, measured: dict[str, Any], required: str, missing: list[str], policy: str
    ) -> dict[str, Any]:
        sources = self._sources.get(c.id)
        if sources is None:
            source = c.source
            scope = c.entry.criterion.legal_scope
            assert scope is not None
            sources = self._sources[c.id] = (
                f"{source.get('document', '')}, {source.get('reference', '')}",
                f"{scope.source.document}, {scope.source.reference}",
                scope.source.status.value,
            )
        return {
            "measured": measured or None,
            "required": required,
            "source": sources[0],
            "scope_source": sources[1],
            "scope_status": sources[2],
            "fix": c.recommendation,
            "missing_facts": list(dict.fromkeys(missing)),
            "policy": policy,
        }


def binds_named_buyers_only(scope: LegalScope, country: str) -> bool:
    """Whether in `country` the law gives this target only to buyers it names (a tier)."""
    target = scope.target
    if target is None or target.category is None:
        return False
    return target.category in target_table(target.table).tier_only.get(country, [])


def table_target(
    table: TargetTable, country: str, period: str, category: str, tiers: Sequence[str]
) -> tuple[float | None, str, str | None]:
    """A target of a dated table: the buyer's tier first, then its country's; with the reason
    it does not bind where the law gives the category to named buyers only."""
    for tier in tiers:
        found = table.tiers.get(tier, {}).get(period, {}).get(category)
        if found is not None:
            return found.value, f"{tier} {period}: {found.source.document} {found.source.reference}", None
    if category in table.tier_only.get(country, []):
        reason = (
            f"in {country} the {category.replace('_', ' ')} target binds only the buyers named by law "
            "(set legal.target_tiers in the profile)"
        )
        return None, "", reason
    found = table.countries.get(country, {}).get(period, {}).get(category)
    if found is None:
        return None, f"{country} {period} {category}", None
    return found.value, f"{country} {period}: {found.source.document} {found.source.reference}", None


def vehicle_counts(tables: Sequence[FactTable]) -> dict[str, dict[str, int]]:
    """Vehicles per CVD category (cvd.<category>.count / clean_count / zero_emission_count) over the
    lots (each lot's table holds the procedure's facts too, so lots are summed when there are any)."""
    scopes = tables[1:] if len(tables) > 1 else tables
    counts: dict[str, dict[str, int]] = {}
    for table in scopes:
        for category in ("light_duty", "trucks", "buses"):
            for which in ("count", "clean_count", "zero_emission_count"):
                fact = table.get(f"cvd.{category}.{which}")
                if fact is not None:
                    slot = counts.setdefault(category, {})
                    slot[which] = slot.get(which, 0) + int(fact.value)
    return counts


def scope_facts(scope: LegalScope) -> list[str]:
    """The scope facts a legal criterion reads, shown among its facts used."""
    facts = ["buyer.country"]
    if scope.buyer_kinds:
        facts.append("buyer.kind")
    if scope.legal_bases:
        facts.append("procedure.legal_basis")
    if scope.contract_natures:
        facts.append("contract.nature")
    if scope.threshold == "eu":
        facts.append("procedure.above_eu_threshold")
    if scope.in_force.from_ or scope.in_force.until:
        facts.append(scope.date_fact)
    facts.extend(scope.out_of_scope_when)
    return facts


def nature_of_cpv(code: str) -> str:
    """CPV divisions 45 are works, 03-44 and 48 supplies, the rest services (CPV 2008 structure)."""
    division = int(code[:2])
    if division == 45:
        return "works"
    return "supplies" if division <= 44 or division == 48 else "services"


def assumed_basis(values: Mapping[str, Any]) -> str:
    """Without BT-01, the general regime: 2014/25/EU for a utility, else 2014/24/EU (reported)."""
    return "2014/25/EU" if values.get("buyer.kind") == "utility" else "2014/24/EU"


def note_missing(note: str) -> list[str]:
    return [note.removeprefix("missing fact ")] if note.startswith("missing fact ") else []


def _status(fraction: float | None) -> Status:
    if fraction is None:
        return Status.UNKNOWN
    if fraction >= 1.0:
        return Status.MET
    return Status.NOT_MET if fraction <= 0.0 else Status.PARTLY_MET


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def describe(rule: Any, params: Mapping[str, Any]) -> str:
    """A rule in words a buyer can check: `cvd.light_duty.clean_share_pct ≥ 38.5`."""
    kind = kind_of(rule)
    if kind == "AllOf":
        return " and ".join(_group(r, params) for r in rule.all)
    if kind == "AnyOf":
        return " or ".join(_group(r, params) for r in rule.any)
    if kind == "Not":
        return f"not ({describe(rule.not_, params)})"
    assert kind == "Comparison"
    operator = rule.operator
    operand = rule.operand(operator)
    if kind_of(operand) == "ParamRef":
        operand = params.get(operand.param)
    if operator == "exists":
        return f"{rule.fact} is stated" if operand else f"{rule.fact} is not stated"
    if isinstance(operand, list):
        shown = ", ".join(_show(v) for v in operand)
        return f"{rule.fact} {OPERATORS.get(operator, operator)} [{shown}]"
    return f"{rule.fact} {OPERATORS.get(operator, operator)} {_show(operand)}"


def _group(rule: Rule, params: Mapping[str, Any]) -> str:
    text = describe(rule, params)
    return f"({text})" if kind_of(rule) in ("AllOf", "AnyOf") else text
