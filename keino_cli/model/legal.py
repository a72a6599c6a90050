"""Whom a law binds, as data: the `legal_scope` of a legal obligation and the `legal_baseline` of
product-market law, plus the dated tables (EU thresholds, national targets) they refer to.

A legal obligation is only claimed where its law reaches: the buyer's country, the buyer's kind,
the legal basis of the procedure, its value against the thresholds in force on its start date,
and the dates the rule is in force. `keino_cli.scope` evaluates these against a procurement.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, model_validator

from keino_cli.model.common import Strict, Text
from keino_cli.model.records import BuyerKind, ContractNature, LegalBasis, ScopeStatus

__all__ = ["BuyerKind", "ContractNature", "LegalBasis", "ScopeStatus"]

Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
DeclaredValue = bool | int | float | str


class ScopeSource(Strict):
    document: str = Field(min_length=3)
    reference: str = Field(min_length=1)
    status: ScopeStatus


class InForce(Strict):
    """Dates the rule binds, compared with the procedure's start date (both ends included)."""

    from_: date | None = Field(default=None, alias="from")
    until: date | None = None


class TargetRef(Strict):
    """The value of a parameter taken from a dated table (`criteria/legal/<table>.yaml`), per
    country, period and category: e.g. the member state's Clean Vehicles Directive target.
    With no row for the buyer's country the target is "not known" and the obligation never fails."""

    table: Literal["cvd-targets", "fi-building-carbon"]
    param: str
    category: str | None = None
    category_fact: str | None = Field(default=None, description="A fact whose value is the category.")

    @model_validator(mode="after")
    def _one_category(self) -> TargetRef:
        if (self.category is None) == (self.category_fact is None):
            raise ValueError("give either category or category_fact")
        return self


class LegalScope(Strict):
    """Whom a legal obligation binds; every condition left out binds everyone.

    `jurisdiction`: `EU` (every member state), or the ISO 3166 alpha-2 countries whose law it is.
    `threshold: eu`: only at or above the EU threshold in force on the procedure's start date;
    `min_value_eur`: a national limit of the law itself (e.g. EUR 9 000 in Act 1233/2006).
    `out_of_scope_when`: facts by which the buyer lawfully declares it out of scope (BT-717 false,
    BT-754 n-inc), each with the reason shown.
    """

    jurisdiction: Literal["EU"] | list[Country]
    buyer_kinds: list[BuyerKind] = []
    legal_bases: list[LegalBasis] = []
    contract_natures: list[ContractNature] = []
    threshold: Literal["eu", "none"] = "none"
    min_value_eur: float | None = Field(default=None, ge=0)
    in_force: InForce = InForce()
    date_fact: str = Field(
        default="procedure.start_date", description="The date `in_force` is compared with."
    )
    subject: Text
    out_of_scope_when: dict[str, DeclaredValue | list[str]] = Field(
        default={}, description="fact -> value: the buyer declares the law out of scope"
    )
    target: TargetRef | None = None
    binds_period_total: bool = Field(
        default=False,
        description="The law counts the buyer's total over a reference period, not each procurement.",
    )
    source: ScopeSource


class LegalBaseline(Strict):
    """Product-market law that binds manufacturers, importers and distributors, not the buyer:
    shown as "legal baseline since DATE", never a gate, and never credited as sustainability."""

    law: str = Field(min_length=3)
    since: date
    binds: Literal["manufacturers"]


# --- Dated tables -----------------------------------------------------------------------------


class TableSource(Strict):
    document: str
    reference: str | None = None
    url: str | None = None
    status: ScopeStatus


class ThresholdRow(Strict):
    """EU thresholds in EUR (VAT excluded) for one period; keys are `<legal basis>/<kind>`."""

    from_: date = Field(alias="from")
    until: date
    values: dict[str, float]
    source: TableSource

    @model_validator(mode="after")
    def _ordered(self) -> ThresholdRow:
        if self.until < self.from_:
            raise ValueError("until is before from")
        return self


class ThresholdTable(Strict):
    description: str
    periods: list[ThresholdRow] = Field(min_length=1)


class TargetValue(Strict):
    value: float = Field(ge=0, le=100)
    source: TableSource


class TargetPeriod(Strict):
    from_: date = Field(alias="from")
    until: date


class TargetTable(Strict):
    """Targets per country, period and category; `tiers` are a buyer's own targets by law (e.g.
    Finnish municipalities), chosen in the profile (`legal.target_tier`)."""

    description: str
    periods: dict[str, TargetPeriod]
    countries: dict[Country, dict[str, dict[str, TargetValue]]]  # country -> period -> category
    tiers: dict[str, dict[str, dict[str, TargetValue]]] = {}  # tier -> period -> category
    tier_only: dict[Country, list[str]] = Field(
        default={}, description="Categories that in this country bind only the buyers of a tier."
    )


class LegalProfile(Strict):
    """A buyer's legal settings in a profile: the country assumed when an input names none, the
    tiers of national law that give this buyer its own targets, and whether a CVD verdict may be
    drawn from one procurement (the Directive counts the buyer's period total)."""

    country: Country = "FI"
    target_tiers: list[str] = Field(default=[], description="e.g. fi-17-cities, fi-zero-emission-buses-hsl")
    period_total_known: bool = Field(
        default=False,
        description="The buyer's period total is known (e.g. this input is the whole period): "
        "a share below target then fails; otherwise it is a warning about this contribution.",
    )
