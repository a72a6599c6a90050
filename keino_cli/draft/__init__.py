"""The sustainability annex of a tender, drafted from the criteria: what to write, how it is proved.

A draft picks the criteria of one or more product groups up to an ambition level and arranges
them the way tender documents are organised (obligations first, then selection criteria,
technical specifications, award criteria, contract clauses, and what to declare in the notice).
Every item keeps its criterion id and source, so the tender written from it can be assessed
against the same criteria (`draft --write-description`, then `keino assess`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from keino_cli.catalog import Catalog, Entry
from keino_cli.engine import parameter_values
from keino_cli.errors import InputError, Problem
from keino_cli.model.criteria import Criterion, Kind, ValueStatus
from keino_cli.model.legal import LegalProfile
from keino_cli.model.profile import Profile
from keino_cli.model.rules import Bands, Linear, ParamRef, Threshold
from keino_cli.rules import criterion_facts
from keino_cli.scope import binds_named_buyers_only

LEVELS = ("core", "comprehensive", "spearhead")

# Tender-document order: what binds the buyer, who may bid, what is bought, how bids are compared,
# how the contract is run. Obligations are legal gates, whatever their criterion type.
SECTION_ORDER = (
    "obligations",
    "selection",
    "technical-specification",
    "award",
    "contract-performance-clause",
)

# eForms BT-06 strategic procurement follows from the codes the criteria map to.
BT06_OF_CODE = {"bt774": "env-imp", "bt775": "soc-obj", "bt776": "inn-pur"}

# Where no profile sets it, the award criteria share the sustainability weight that earns full
# points in keino's own award-weight criterion (CLI-GEN-04, a buyer-set parameter).
AWARD_WEIGHT_CRITERION, AWARD_WEIGHT_PARAMETER = "CLI-GEN-04", "full_weight_pct"


@dataclass(frozen=True, slots=True)
class DraftParameter:
    """A value the text depends on: filled from the profile, or flagged for the buyer to choose."""

    name: str
    value: Any
    unit: str | None
    description: str
    status: str  # verified, secondary, buyer-set
    from_profile: bool

    @property
    def buyer_chooses(self) -> bool:
        return self.status == ValueStatus.BUYER_SET.value and not self.from_profile


@dataclass(frozen=True, slots=True)
class DraftItem:
    criterion_id: str
    section: str
    level: str
    theme: str
    title: str
    text: str
    verification: list[str]
    source: dict[str, str]
    parameters: list[DraftParameter]
    scoring: list[tuple[str, Any, float]] = field(default_factory=list)  # (bound, value, fraction)
    scoring_unit: str | None = None
    labels: list[tuple[str, str]] = field(default_factory=list)  # (label, products|provider) that prove it
    suggested_weight: float | None = None
    obligation: bool = False


@dataclass(slots=True)
class Draft:
    groups: list[str]
    group_titles: list[str]
    level: str
    lang: str
    cpv: list[str]
    items: list[DraftItem]
    declarations: dict[str, list[str]]
    award_weight: float | None

    def section(self, name: str) -> list[DraftItem]:
        return [item for item in self.items if item.section == name]

    def to_dict(self) -> dict[str, Any]:
        return {
            "groups": self.groups,
            "level": self.level,
            "lang": self.lang,
            "cpv": self.cpv,
            "award_weight_pct": self.award_weight,
            "sections": {
                name: [_item_dict(item) for item in self.section(name)]
                for name in SECTION_ORDER
                if self.section(name)
            },
            "declarations": self.declarations,
        }


def _item_dict(item: DraftItem) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.criterion_id,
        "level": item.level,
        "theme": item.theme,
        "title": item.title,
        "text": item.text,
        "verification": item.verification,
        "source": item.source,
        "parameters": [
            {
                "name": p.name,
                "value": p.value,
                "unit": p.unit,
                "description": p.description,
                "status": p.status,
                "buyer_chooses": p.buyer_chooses,
            }
            for p in item.parameters
        ],
    }
    if item.scoring:
        data["scoring"] = [{"bound": b, "value": v, "fraction": f} for b, v, f in item.scoring]
        data["scoring_unit"] = item.scoring_unit
    if item.suggested_weight is not None:
        data["suggested_weight_pct"] = item.suggested_weight
    if item.labels:
        data["labels"] = [{"label": name, "of": holder} for name, holder in item.labels]
    return data


def _selected(entry: Entry, groups: list[str], cpvs: list[str], level: str) -> bool:
    """A criterion of the chosen groups, or one whose CPV scope covers the codes, up to the level;
    generic ones only where they are about what is bought, since how a tender is procured is not
    annex text."""
    criterion = entry.criterion
    if LEVELS.index(criterion.level.value) > LEVELS.index(level) or criterion.legal_baseline is not None:
        return False  # a legal baseline binds manufacturers: restating it in a tender adds nothing
    scope = criterion.legal_scope
    if scope is not None and scope.in_force.until is not None and scope.in_force.until < date.today():
        return False  # a legal rule no longer in force for a procedure starting now
    if scope is not None and binds_named_buyers_only(scope, LegalProfile().country):
        return False  # e.g. Finland's zero-emission bus share: only the authorities the Act names
    if criterion.applies_to.all:
        return criterion.legal_gate or criterion.resolved_kind is Kind.SUBJECT
    if set(criterion.applies_to.product_groups) & set(groups):
        return True
    return (
        any(code.startswith(tuple(criterion.applies_to.cpv)) for code in cpvs)
        if criterion.applies_to.cpv
        else False
    )


def _scoring_steps(criterion: Criterion, params: dict[str, Any]) -> list[tuple[str, Any, float]]:
    def value(number: Any) -> Any:
        return params[number.param] if isinstance(number, ParamRef) else number

    scoring = criterion.scoring
    if isinstance(scoring, Bands):
        return [
            (
                "gte" if band.gte is not None else "lte",
                value(band.gte if band.gte is not None else band.lte),
                band.fraction,
            )
            for band in scoring.bands
        ]
    if isinstance(scoring, Linear):
        return [("from", value(scoring.from_), 0.0), ("to", value(scoring.to), 1.0)]
    if isinstance(scoring, Threshold):
        bound = "gte" if scoring.gte is not None else "lte"
        return [(bound, value(scoring.gte if scoring.gte is not None else scoring.lte), 1.0)]
    return []


def _proving_labels(
    catalog: Catalog, criterion: Criterion, groups: list[str], lang: str
) -> list[tuple[str, str]]:
    """Labels whose criteria document certifies a fact the criterion reads, in these groups
    (criteria/labels.yaml), named with whom they are required of."""
    reads = set(criterion_facts(criterion))
    found = []
    for label in catalog.labels.values():
        for scheme in label.schemes:
            if scheme.product_groups and not set(scheme.product_groups) & set(groups):
                continue
            if reads & set(scheme.certifies):
                found.append((label.title.get(lang), scheme.of.value))
                break
    return found


def _scoring_unit(catalog: Catalog, criterion: Criterion) -> str | None:
    spec = catalog.facts.get(criterion.scoring.fact) if criterion.scoring is not None else None
    return spec.unit if spec is not None else None


def build_draft(
    catalog: Catalog,
    profile: Profile | None = None,
    *,
    groups: list[str] | None = None,
    cpvs: list[str] | None = None,
    level: str = "core",
    lang: str = "en",
) -> Draft:
    """The annex for the given product groups (or the groups and criteria the CPV codes select)."""
    profile = profile or Profile()
    cpvs = list(cpvs or [])
    chosen = list(groups or [])
    problems = [
        Problem("--group", f"unknown product group {g!r}; see `keino criteria list`")
        for g in chosen
        if g not in catalog.product_groups
    ]
    if problems:
        raise InputError(problems)
    if not chosen and not cpvs:
        raise InputError.single("draft", "give a product group (--group) or a CPV code (--cpv)")
    # What is bought is named by CPV codes: a group's first code stands for it, and every group
    # covering the codes applies (buying trucks is road transport as well as the CVD truck quota).
    cpvs = cpvs or [catalog.product_groups[g].cpv[0].ljust(8, "0") for g in chosen]
    for group in catalog.groups_covering(cpvs):
        if group not in chosen:
            chosen.append(group)
    if level not in LEVELS:
        raise InputError.single("--level", f"choose one of: {', '.join(LEVELS)}")
    values, param_problems = parameter_values(catalog, profile)
    if param_problems:
        raise InputError(param_problems)
    award_weight = values.get(AWARD_WEIGHT_CRITERION, {}).get(AWARD_WEIGHT_PARAMETER)
    items: list[DraftItem] = []
    declarations: dict[str, set[str]] = {}
    for criterion_id, entry in catalog.criteria.items():
        if not _selected(entry, chosen, cpvs, level):
            continue
        criterion = entry.criterion
        overrides = profile.parameters.get(criterion_id, {})
        parameters = [
            DraftParameter(
                name,
                values[criterion_id][name],
                spec.unit,
                spec.description.get(lang),
                spec.status.value,
                name in overrides,
            )
            for name, spec in criterion.parameters.items()
        ]
        section = "obligations" if criterion.legal_gate else criterion.type.value
        items.append(
            DraftItem(
                criterion_id=criterion_id,
                section=section,
                level=criterion.level.value,
                theme=entry.theme.value,
                title=criterion.title.get(lang),
                text=criterion.recommendation.get(lang),
                verification=[text.get(lang) for text in criterion.evidence],
                source=criterion.source.model_dump(
                    mode="json", exclude_none=True, include={"document", "reference", "url"}
                ),
                parameters=parameters,
                scoring=_scoring_steps(criterion, values[criterion_id]),
                scoring_unit=_scoring_unit(catalog, criterion),
                labels=_proving_labels(catalog, criterion, chosen, lang),
                obligation=criterion.legal_gate,
            )
        )
        if criterion.eforms is not None:
            for code_field, code in criterion.eforms.model_dump(exclude_none=True).items():
                declarations.setdefault(code_field, set()).add(code)
                if code_field in BT06_OF_CODE:
                    declarations.setdefault("bt06", set()).add(BT06_OF_CODE[code_field])
    awards = [item for item in items if item.section == "award"]
    if awards and isinstance(award_weight, (int, float)):
        share = round(float(award_weight) / len(awards), 1)
        items = [replace(item, suggested_weight=share) if item.section == "award" else item for item in items]
    items.sort(key=lambda item: (SECTION_ORDER.index(item.section), LEVELS.index(item.level)))
    return Draft(
        groups=chosen,
        group_titles=[catalog.product_groups[g].title.get(lang) for g in chosen],
        level=level,
        lang=lang,
        cpv=cpvs,
        items=items,
        declarations={key: sorted(codes) for key, codes in sorted(declarations.items())},
        award_weight=float(award_weight) if isinstance(award_weight, (int, float)) and awards else None,
    )
