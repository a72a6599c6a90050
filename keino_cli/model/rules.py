"""The rule and scoring language, as data: safe to load from any YAML, validated on load.

A rule addresses facts by dotted path and compares them with a literal or with a criterion
parameter (`{param: name}`); `all`, `any` and `not` combine rules. A scoring spec turns one
numeric fact into a 0..1 fraction: a threshold, step bands (the Nordic X / 0.6X / 0.3X pattern)
or a linear scale between two values. Nothing here runs code; `keino_cli.rules` compiles it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Discriminator, Field, Tag, model_validator

from keino_cli.model.common import Strict
from keino_cli.model.records import COMPARISON_OPERATORS, ComparisonMethods

FactPath = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")]
Scalar = bool | int | float | str


class ParamRef(Strict):
    """A value taken from the criterion's parameters (a profile may override it)."""

    param: str


Value = ParamRef | Scalar | list[Scalar]
Number = ParamRef | int | float


class Comparison(Strict, ComparisonMethods):
    """`{fact: path, <operator>: value}` with exactly one operator."""

    fact: FactPath
    exists: bool | None = None
    eq: Value | None = None
    ne: Value | None = None
    gt: Number | None = None
    gte: Number | None = None
    lt: Number | None = None
    lte: Number | None = None
    in_: ParamRef | list[Scalar] | None = Field(default=None, alias="in")
    contains: ParamRef | Scalar | None = None
    any_of: ParamRef | list[Scalar] | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> Comparison:
        given = [op for op in COMPARISON_OPERATORS if self.operand(op) is not None]
        if len(given) != 1:
            names = ", ".join(COMPARISON_OPERATORS)
            raise ValueError(f"a comparison needs exactly one operator of: {names}")
        return self


class AllOf(Strict):
    all: list[Rule] = Field(min_length=1)


class AnyOf(Strict):
    any: list[Rule] = Field(min_length=1)


class Not(Strict):
    not_: Rule = Field(alias="not")


# Tags are bracketed so they never look like a key of the rule in an error location.
_TAGS = {"all": "<all>", "any": "<any>", "not": "<not>"}
_TAG_OF_TYPE = {"AllOf": "<all>", "AnyOf": "<any>", "Not": "<not>", "Comparison": "<comparison>"}


def _rule_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((tag for key, tag in _TAGS.items() if key in value), "<comparison>")
    return _TAG_OF_TYPE.get(type(value).__name__)


MAX_RULE_DEPTH = 32  # real rules nest two or three levels; compiling and explaining recurse


def _nesting(value: Any) -> Any:
    """Refuse rules nested deeper than `MAX_RULE_DEPTH` before validating them (no recursion)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, dict):
            continue
        if depth > MAX_RULE_DEPTH:
            raise ValueError(f"rule nested more than {MAX_RULE_DEPTH} levels deep (all/any/not)")
        children = node.get("all"), node.get("any"), [node.get("not")]
        stack.extend((child, depth + 1) for group in children if isinstance(group, list) for child in group)
    return value


Rule = Annotated[
    Annotated[Comparison, Tag("<comparison>")]
    | Annotated[AllOf, Tag("<all>")]
    | Annotated[AnyOf, Tag("<any>")]
    | Annotated[Not, Tag("<not>")],
    Discriminator(_rule_kind),
    BeforeValidator(_nesting),
]


class Threshold(Strict):
    """Met when the fact reaches the value (`gte`, higher is better) or stays under it (`lte`)."""

    kind: Literal["threshold"]
    fact: FactPath
    gte: Number | None = None
    lte: Number | None = None

    @model_validator(mode="after")
    def _one_direction(self) -> Threshold:
        if (self.gte is None) == (self.lte is None):
            raise ValueError("a threshold needs exactly one of gte (higher is better) or lte")
        return self


class Band(Strict):
    gte: Number | None = None
    lte: Number | None = None
    fraction: float = Field(gt=0, le=1)

    @model_validator(mode="after")
    def _one_bound(self) -> Band:
        if (self.gte is None) == (self.lte is None):
            raise ValueError("a band needs exactly one of gte or lte")
        return self


class Bands(Strict):
    """Step bands, best first: the first band the fact reaches gives the fraction, else 0."""

    kind: Literal["bands"]
    fact: FactPath
    bands: list[Band] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_direction(self) -> Bands:
        directions = {"gte" if band.gte is not None else "lte" for band in self.bands}
        if len(directions) > 1:
            raise ValueError("all bands must use the same bound (all gte or all lte)")
        fractions = [band.fraction for band in self.bands]
        if fractions != sorted(fractions, reverse=True):
            raise ValueError("bands must be listed best first (fractions descending)")
        return self


class Linear(Strict):
    """Fraction 0 at `from`, 1 at `to`, straight in between, clamped outside (either direction)."""

    kind: Literal["linear"]
    fact: FactPath
    from_: Number = Field(alias="from")
    to: Number

    @model_validator(mode="after")
    def _distinct_ends(self) -> Linear:
        if self.from_ == self.to:
            raise ValueError("linear scoring needs two different values for from and to")
        return self


Scoring = Annotated[Threshold | Bands | Linear, Field(discriminator="kind")]
