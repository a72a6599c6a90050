"""The procurement description: what every reader (own YAML/JSON, eForms, OCDS, documents) produces.

Facts are free-form nested mappings in the input; after loading they are flattened to dotted
paths and each keeps its origin, so a score can always be traced back to a field, an XML
element or a document line.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from keino_cli.model.common import Strict, Theme
from keino_cli.model.origin import Fact, FactTable, Locator, Origin, ProcurementInput, scored_award_criteria
from keino_cli.model.records import normalise_cpv, required_labels

__all__ = [
    "Fact",
    "FactTable",
    "Locator",
    "Origin",
    "ProcurementInput",
    "normalise_cpv",
    "required_labels",
    "scored_award_criteria",
]


CpvCode = Annotated[
    str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v), AfterValidator(normalise_cpv)
]


class Buyer(Strict):
    name: str
    type: str | None = Field(default=None, description="e.g. municipality, central-government")
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    id: str | None = None


class Money(Strict):
    amount: float = Field(ge=0)
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")


class ScoreBand(Strict):
    """One step of an award criterion's scoring: the condition as the tender words it, the points it
    gives, and (when the condition is a measured value) the value range it covers."""

    condition: str | None = Field(
        default=None, description='As written, e.g. "yli 50 %", "Kyllä", "excellent".'
    )
    points: float = Field(ge=0)
    low: float | None = Field(default=None, description="Lowest measured value the band covers (as stated).")
    high: float | None = Field(
        default=None, description="Highest measured value the band covers (as stated)."
    )
    unit: str | None = Field(default=None, description='Unit of low/high as written, e.g. "%", "kpl".')


class Scoring(Strict):
    """How the tender says an award criterion is scored, as an evaluator reads it.

    `method`: bands (points per stated step), linear (interpolated between stated anchors),
    formula (computed from the offer against the others, e.g. lowest price / offered price x 60),
    per-unit (points for each unit up to a cap), yes-no (all or nothing), scale (points on a range
    judged by the evaluators, no measured steps); None when only points or a threshold are stated.
    Points are the criterion's own points; its share of the award is `AwardCriterion.weight`.
    """

    method: Literal["bands", "linear", "formula", "per-unit", "yes-no", "scale"] | None = None
    bands: list[ScoreBand] = Field(
        default=[], description="Steps (bands), anchors (linear) or answers (yes-no)."
    )
    max_points: float | None = Field(default=None, ge=0)
    min_points: float | None = Field(
        default=None, ge=0, description='Bottom of a stated scale ("0–10 p": 0).'
    )
    min_points_to_qualify: float | None = Field(
        default=None, ge=0, description="A tender scoring less on this criterion is rejected."
    )
    points_per_unit: float | None = Field(default=None, ge=0)
    formula: str | None = Field(default=None, description="The formula as written.")

    @property
    def measurable(self) -> bool:
        """Points follow from a measured or verifiable value, not from the evaluators' judgement."""
        if self.method in ("linear", "formula", "per-unit", "yes-no"):
            return True
        return self.method == "bands" and any(b.low is not None or b.high is not None for b in self.bands)


class AwardCriterion(Strict):
    """One award criterion of the tender, and what it rewards (fact `award.rewards` collects these)."""

    name: str
    type: str = Field(pattern=r"^(price|cost|quality)$")
    weight: float | None = Field(default=None, ge=0)
    theme: Theme | None = None
    rewards: list[str] = Field(default=[], description="What it rewards, e.g. co2-emissions.")
    rewards_read: bool = Field(
        default=True,
        description="False when what it rewards could not be read (a language keino does not read, or "
        "sustainability named in general): its theme is then unknown, not none.",
    )
    description: str | None = None
    scoring: Scoring | None = Field(default=None, description="How it is scored, where the tender says so.")


class Requirement(Strict):
    """A requirement or clause as written into the tender documents."""

    text: str
    type: str = Field(
        default="technical-specification",
        pattern=r"^(selection|technical-specification|contract-performance-clause)$",
    )


class RequiredLabel(Strict):
    """A label the tender requires, and of whom: the products delivered or the service provider."""

    id: str
    of: Literal["products", "provider"] = "products"


LabelRequirement = Annotated[
    str | RequiredLabel,
    Field(description="A label id (required of the products) or {id, of: products|provider}."),
]


class Waiver(Strict):
    """A criterion the buyer chose not to pursue, with the reason the report shows."""

    criterion: str
    reason: str = Field(min_length=3)
    expires: date | None = None


class Lot(Strict):
    id: str
    title: str | None = None
    cpv: list[CpvCode] = []
    value: Money | None = None
    award_criteria: list[AwardCriterion] | None = None
    labels: list[LabelRequirement] | None = None
    requirements: list[Requirement] = []
    facts: dict[str, Any] = {}


class Procurement(Strict):
    """A procurement as keino understands it, whatever format it was read from.

    Lists that can be absent (award criteria, labels) keep three states: missing is unknown,
    an empty list is an explicit "none".
    """

    id: str
    title: str
    description: str | None = None
    buyer: Buyer | None = None
    buyers: list[Buyer] = Field(
        default=[], description="Every buyer of a joint procurement (eForms: several); `buyer` is the first."
    )
    procedure: str | None = Field(default=None, description="e.g. open, restricted, negotiated")
    cpv: list[CpvCode] = Field(default=[], description="Main CPV code first.")
    product_groups: list[str] = []
    value: Money | None = None
    duration_months: int | None = Field(default=None, ge=0)
    lots: list[Lot] = []
    award_criteria: list[AwardCriterion] | None = Field(
        default=None, description="Missing means unknown; an empty list means none."
    )
    labels: list[LabelRequirement] | None = Field(
        default=None,
        description="Labels asked for (or equivalent), e.g. eu-ecolabel or {id: eu-ecolabel, of: provider}.",
    )
    requirements: list[Requirement] = []
    facts: dict[str, Any] = {}
    waivers: list[Waiver] = []
