"""Criteria sets as data: what a criterion is, where it applies, how it scores, where it comes from."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, HttpUrl, model_validator

from keino_cli.model.common import Cpv, CriterionId, Strict, Text, Theme
from keino_cli.model.labels import Label, LabelId
from keino_cli.model.legal import LegalBaseline, LegalScope
from keino_cli.model.notice_kinds import NoticeKind
from keino_cli.model.records import (
    CriterionMethods,
    CriterionType,
    Kind,
    Level,
    ParameterMethods,
    ProductGroupMethods,
    SourceStatus,
    ValueStatus,
    ValueType,
    value_type,
)
from keino_cli.model.rules import FactPath, Rule, Scalar, Scoring

__all__ = [
    "CriterionType",
    "Kind",
    "Level",
    "SourceStatus",
    "ValueStatus",
    "ValueType",
    "value_type",
]


class Source(Strict):
    """Where a criterion comes from: a document and the criterion id or article inside it."""

    document: str = Field(min_length=3)
    reference: str = Field(min_length=1, description="Criterion id, article or section.")
    url: HttpUrl | None = None
    status: SourceStatus = SourceStatus.VERIFIED
    note: str | None = None
    read_in: HttpUrl | None = Field(
        default=None,
        description=(
            "Where the issuing body's text was read when that was a stored copy (a faithful"
            " reproduction of the official text) rather than the issuing body's own host; `url` stays"
            " the issuing body's address, so a reader can check the copy against it."
        ),
    )


class LegalMinimum(Strict):
    """What product-market law already demands of every product (a legal baseline, not a buyer's
    duty): a criterion's default may equal it or go beyond it, never ask for less."""

    value: Scalar
    source: str = Field(min_length=3, description="The law and provision that set the value.")


class Parameter(Strict, ParameterMethods):
    """A value the rule uses that a scoring profile may override; a profile's value must have
    the parameter's type (`type`, else the type of the default: a number default takes any
    finite number, `integer` has to be said)."""

    default: Scalar | list[Scalar]
    type: ValueType | None = None
    status: ValueStatus
    unit: str | None = None
    description: Text
    source: str | None = Field(default=None, description="Where the default comes from.")
    legal_minimum: LegalMinimum | None = Field(
        default=None, description="The legal baseline the parameter must not fall below."
    )

    @model_validator(mode="after")
    def _default_has_the_type(self) -> Parameter:
        if self.type is not None and self.type_error(self.default) is not None:
            raise ValueError(f"default: {self.type_error(self.default)}")
        return self


class Applicability(Strict):
    """Where a criterion applies: CPV prefixes and/or product groups; `all: true` for every tender.

    `when` narrows it by facts: a criterion whose `when` rule is false does not apply (e.g. a
    bus quota when no buses are procured); an unknown `when` keeps it applicable.
    """

    all: bool = False
    cpv: list[Cpv] = []
    product_groups: list[str] = []
    when: Rule | None = None

    @model_validator(mode="after")
    def _all_or_a_scope(self) -> Applicability:
        if self.all == bool(self.cpv or self.product_groups):
            raise ValueError("give either all: true, or cpv prefixes and/or product_groups")
        return self


class EFormsCodes(Strict):
    """eForms codes the criterion maps to (codelists environmental-impact, social-objective, ...)."""

    bt774: str | None = Field(default=None, description="Green procurement: environmental impact")
    bt775: str | None = Field(default=None, description="Social procurement: social objective")
    bt776: str | None = Field(default=None, description="Innovative procurement")
    bt805: str | None = Field(default=None, description="Green procurement criteria source")


FactExample = dict[str, object]


class Examples(Strict):
    """Self-tests: fact sets on which the criterion must be met, not met, partly met, or not apply."""

    pass_: list[FactExample] = Field(alias="pass", min_length=1)
    fail: list[FactExample] = Field(min_length=1)
    partly: list[FactExample] = []
    not_applicable: list[FactExample] = []


class Criterion(Strict, CriterionMethods):
    id: CriterionId
    title: Text
    description: Text | None = None
    theme: Theme | None = Field(default=None, description="Defaults to the set's theme.")
    type: CriterionType
    kind: Kind | None = Field(
        default=None,
        description="subject (what is bought) or practice (how it is procured). Bundled sets must "
        "declare it; a user set that leaves it out gets it inferred (see `Criterion.resolved_kind`).",
    )
    level: Level
    applies_to: Applicability
    rule: Rule | None = None
    scoring: Scoring | None = None
    weight: float = Field(default=1.0, gt=0, le=100)
    parameters: dict[str, Parameter] = {}
    evidence: list[Text] = Field(min_length=1)
    recommendation: Text
    source: Source
    eforms: EFormsCodes | None = None
    legal_gate: bool = False
    legal_scope: LegalScope | None = Field(default=None, description="Whom the law binds (legal gates).")
    legal_baseline: LegalBaseline | None = Field(
        default=None, description="Product-market law binding manufacturers: shown, never scored."
    )
    override: bool = Field(default=False, description="Replaces a criterion of the same id.")
    examples: Examples

    @model_validator(mode="after")
    def _rule_or_scoring(self) -> Criterion:
        if (self.rule is None) == (self.scoring is None):
            raise ValueError("a criterion needs exactly one of rule (pass/fail) or scoring")
        if self.legal_gate and self.legal_scope is None:
            raise ValueError("a legal_gate needs a legal_scope: whom the law binds (see docs/legal.md)")
        if self.legal_baseline is not None and self.legal_gate:
            raise ValueError("a legal_baseline binds manufacturers, so it cannot be a legal_gate")
        return self


class ShareOf(Strict):
    """Derive a percentage from two counts, e.g. clean vehicles out of all vehicles."""

    part: FactPath
    whole: FactPath


class Derivation(Strict):
    share_of: ShareOf


class FactSpec(Strict):
    """One fact the rules may read: its type, unit and meaning, documented once."""

    type: ValueType
    unit: str | None = None
    description: Text
    values: list[str] | None = Field(default=None, description="Allowed values (string/list).")
    derived: Derivation | None = None


class ProductGroup(Strict, ProductGroupMethods):
    """A named CPV scope: codes under one of its prefixes, except those under `except_cpv`."""

    title: Text
    cpv: list[Cpv] = Field(min_length=1)
    except_cpv: list[Cpv] = Field(
        default=[], description="Prefixes under `cpv` that are not in the group (e.g. disposable gloves)."
    )
    source: str


# A document pattern: words (`ympäristömerk*` = any ending), `#` a number; no user regex, so a
# pattern cannot backtrack catastrophically. A word in capitals (ILO, KRAV) matches only in capitals.
EvidencePattern = Annotated[str, Field(pattern=r"^(?:[^\s*#]+\*?|#)(?: (?:[^\s*#]+\*?|#))*$", max_length=120)]


class LanguagePatterns(Strict):
    """Patterns per document language; `any` applies to every language (ISO 14001, WCAG)."""

    fi: list[EvidencePattern] = []
    sv: list[EvidencePattern] = []
    en: list[EvidencePattern] = []
    any: list[EvidencePattern] = []


class EvidenceRule(Strict):
    """What sets a fact when a document says it: the value, or a number read next to the match."""

    value: Scalar | None = Field(default=None, description="Value set; a list fact gets it added.")
    number: Literal["percent", "years", "months", "count"] | None = Field(
        default=None, description="Read the value from the nearest number of this kind instead."
    )
    negated: Scalar | None = Field(
        default=None, description="Value set when a negation cancels the match; unset: drop the match."
    )
    restriction: bool = Field(
        default=False, description="The concept is a ban, so a prohibition ('ei saa käyttää') confirms it."
    )
    patterns: LanguagePatterns
    exclude: LanguagePatterns = LanguagePatterns()

    @model_validator(mode="after")
    def _value_or_number(self) -> EvidenceRule:
        if (self.value is None) == (self.number is None):
            raise ValueError("give either value or number")
        return self


class NegationCues(Strict):
    """Phrases that change a match in the same clause: `cancel` (not required), `prohibit` (must
    not), `proof` (proof of compliance: "deemed to comply" makes a label evidence, not a requirement),
    and `plain`: phrases that hold a cue's words but state a requirement ("free of charge", "shall
    not be less than", "får inte understiga"), so no cue is read inside them."""

    cancel: list[EvidencePattern] = []
    prohibit: list[EvidencePattern] = []
    proof: list[EvidencePattern] = []
    plain: list[EvidencePattern] = []


class Vocabulary(Strict):
    """Facts and product groups that criteria refer to; bundled, and extendable by user sets."""

    facts: dict[FactPath, FactSpec] = {}
    product_groups: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")], ProductGroup] = {}
    evidence: dict[FactPath, list[EvidenceRule]] = Field(
        default={}, description="How tender documents state each fact, per language."
    )
    negations: dict[Literal["fi", "sv", "en"], NegationCues] = {}
    labels: dict[LabelId, Label] = Field(
        default={}, description="What each label certifies (criteria/labels.yaml)."
    )
    notice_kinds: dict[LabelId, NoticeKind] = Field(
        default={}, description="Criteria that apply to notices other than contract notices."
    )


class SetSource(Strict):
    document: str
    url: HttpUrl | None = None


class CriteriaSet(Vocabulary):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    title: Text
    theme: Theme
    version: str
    description: Text | None = None
    sources: list[SetSource] = []
    criteria: list[Criterion] = Field(min_length=1)
