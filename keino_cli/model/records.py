"""What the models are without pydantic: their enums, their methods, and `Record`, the plain form
a cached catalog is stored in.

Importing pydantic's model machinery and building keino's ~60 model classes costs more than a whole
assessment, yet a cached catalog has been validated already. So the catalog cache (catalog/cache.py)
stores every model instance of a loaded catalog as a `Record`: an object of the same class name with
the same attributes holding the same values (enums, dates, numbers, texts, lists, dicts; a URL as
its text, as the models' JSON shows it), and with the models' own methods, which live here as
mixins both share (`Text.get`, `Criterion.resolved_kind`, `Comparison.operator`, ...). Code that
reads a catalog reads either alike; a rule node is told by its class name (`kind_of`), never by
`isinstance` against a model class. This module imports nothing of pydantic or of the models.
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any

LANGUAGES = ("en", "fi", "sv")
COMPARISON_OPERATORS = ("exists", "eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "any_of")


class Theme(StrEnum):
    CLIMATE = "climate"
    RESOURCE_EFFICIENCY = "resource-efficiency"
    SOCIAL_RESPONSIBILITY = "social-responsibility"
    INNOVATION = "innovation"


class CriterionType(StrEnum):
    SELECTION = "selection"
    TECHNICAL_SPECIFICATION = "technical-specification"
    AWARD = "award"
    CONTRACT_PERFORMANCE_CLAUSE = "contract-performance-clause"


class Level(StrEnum):
    CORE = "core"
    COMPREHENSIVE = "comprehensive"
    SPEARHEAD = "spearhead"


class Kind(StrEnum):
    """What a criterion judges: the thing bought (subject) or the way it is procured (practice).

    The headline score is made of subject criteria, per product group; practice criteria
    (declarations, market dialogue, the LCC method, lots, procedures, follow-up) score apart."""

    SUBJECT = "subject"
    PRACTICE = "practice"


class ValueStatus(StrEnum):
    """How far a number can be trusted: read in the source, read in a secondary source, or set
    by the buyer (the source leaves it open, so keino only suggests a documented default)."""

    VERIFIED = "verified"
    SECONDARY = "secondary"
    BUYER_SET = "buyer-set"


class SourceStatus(StrEnum):
    VERIFIED = "verified"
    SECONDARY = "secondary"


class ValueType(StrEnum):
    """The type of a fact's or a parameter's value."""

    NUMBER = "number"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    STRING = "string"
    LIST = "list"


class LabelHolder(StrEnum):
    """Who must carry the label: the products delivered or the service provider."""

    PRODUCTS = "products"
    PROVIDER = "provider"


class BuyerKind(StrEnum):
    CENTRAL_GOVERNMENT = "central-government"
    SUB_CENTRAL = "sub-central"
    WELLBEING_SERVICES_COUNTY = "wellbeing-services-county"
    UTILITY = "utility"
    OTHER = "other"


class LegalBasis(StrEnum):
    """eForms BT-01 (procedure legal basis), by the directive it names."""

    PUBLIC = "2014/24/EU"
    UTILITIES = "2014/25/EU"
    CONCESSIONS = "2014/23/EU"
    DEFENCE = "2009/81/EC"
    NATIONAL = "national"


class ContractNature(StrEnum):
    SUPPLIES = "supplies"
    SERVICES = "services"
    WORKS = "works"


class ScopeStatus(StrEnum):
    """How far the scope itself (who, which contracts, from when) was read in the law's text."""

    VERIFIED = "verified"
    SECONDARY = "secondary"


def value_type(value: Any) -> ValueType:
    """The type a value has, as a profile value is checked against (an int is a number)."""
    if isinstance(value, bool):
        return ValueType.BOOLEAN
    if isinstance(value, int | float):
        return ValueType.NUMBER
    return ValueType.STRING if isinstance(value, str) else ValueType.LIST


def kind_of(node: Any) -> str:
    """The class name of a model or record: how rule nodes (Comparison, AllOf, ...) are told apart."""
    return type(node).__name__


# The mixins declare the attributes they read for type checkers only: pydantic would take a class
# annotation of a base for a field of the model and reorder its fields (and its JSON schema).


class TextMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        en: str

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to English when that translation is missing."""
        return getattr(self, lang, None) or self.en

    def missing_languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if not getattr(self, lang)]


_OPERANDS = tuple((op, "in_" if op == "in" else op) for op in COMPARISON_OPERATORS)  # operator, attribute


class ComparisonMethods:
    __slots__ = ()

    @property
    def operator(self) -> str:
        return next(op for op, name in _OPERANDS if getattr(self, name) is not None)

    def operand(self, operator: str) -> Any:
        return getattr(self, "in_" if operator == "in" else operator)


class CriterionMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        kind: Kind | None
        applies_to: Any

    @property
    def resolved_kind(self) -> Kind:
        """The declared kind, else inferred: a criterion scoped to product groups or CPV codes is
        about what is bought; one that applies to every procurement is about how it is procured."""
        if self.kind is not None:
            return self.kind
        return Kind.PRACTICE if self.applies_to.all else Kind.SUBJECT


class ParameterMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        type: ValueType | None
        default: Any

    @property
    def value_type(self) -> ValueType:
        return self.type or value_type(self.default)

    def type_error(self, value: object) -> str | None:
        """Why `value` cannot be this parameter's value, or None when it can."""
        import json
        import math

        try:
            shown = json.dumps(value, ensure_ascii=False, default=str, allow_nan=False)
        except ValueError:  # NaN or infinity: not JSON, and never a valid value
            shown = str(value)
        wanted = self.value_type
        if wanted is ValueType.INTEGER:
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif wanted is ValueType.NUMBER:
            ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        elif wanted is ValueType.BOOLEAN:
            ok = isinstance(value, bool)
        elif wanted is ValueType.STRING:
            ok = isinstance(value, str)
        else:
            items = self.default if isinstance(self.default, list) and self.default else None
            kind = value_type(items[0]) if items else None
            ok = isinstance(value, list) and all(kind is None or value_type(v) is kind for v in value)
            if not ok:
                return f"expected a list{f' of {kind.value} values' if kind else ''}, got {shown}"
        if ok:
            return None
        article = "an" if wanted is ValueType.INTEGER else "a"
        return f"expected {article} {wanted.value}, got {shown}"


class NoticeKindMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        only: list[str] | None
        except_: list[str] | None

    def applies(self, criterion_id: str) -> bool:
        if self.only is not None:
            return criterion_id in self.only
        return criterion_id not in (self.except_ or [])


class ProductGroupMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        cpv: list[str]
        except_cpv: list[str]

    def covers(self, code: str) -> bool:
        """Whether a CPV code is in the group: under one of its prefixes and none of its exceptions."""
        return code.startswith(tuple(self.cpv)) and not code.startswith(tuple(self.except_cpv))


METHODS: dict[str, type] = {
    "Text": TextMethods,
    "Comparison": ComparisonMethods,
    "Criterion": CriterionMethods,
    "Parameter": ParameterMethods,
    "NoticeKind": NoticeKindMethods,
    "ProductGroup": ProductGroupMethods,
}


class _ByName(type):
    """Record classes are attributes of `Record` by model name (`Record.Criterion`): that is how
    pickle finds one, so loading a record is the C unpickler's work alone (no Python call)."""

    def __getattr__(cls, name: str) -> type[Record]:
        if cls is Record and name[:1].isupper():
            return record_class(name)
        raise AttributeError(name)


class Record(metaclass=_ByName):
    """A validated model instance as plain attributes (see the module docstring); read-only by
    convention, like the frozen models."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and kind_of(other) == kind_of(self) and vars(other) == vars(self)

    def __hash__(self) -> int:
        return hash((kind_of(self), *self.__dict__.values()))

    def __repr__(self) -> str:
        return f"{kind_of(self)}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"

    def model_dump(self, *, mode: str = "json", exclude_none: bool = False) -> dict[str, Any]:
        """As the model's `model_dump(mode="json", exclude_none=True)`: the only dump a record gives."""
        if mode != "json" or not exclude_none:
            raise TypeError("a record dumps only as model_dump(mode='json', exclude_none=True)")
        return {
            name: value if value.__class__ is str else _json(value)
            for name, value in self.__dict__.items()
            if value is not None
        }

    def model_copy(self, *, update: dict[str, Any]) -> Any:
        """A copy with some attributes replaced (not validated, as with the model's `model_copy`)."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(update)
        return copy


def _json(value: Any) -> Any:
    if isinstance(value, Record):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {_json(k): _json(v) for k, v in value.items()}
    return value


_CLASSES: dict[str, type[Record]] = {}


def record_class(name: str) -> type[Record]:
    """The record class of a model class name, with that model's methods."""
    cls = _CLASSES.get(name)
    if cls is None:
        mixin = METHODS.get(name)
        bases: tuple[type, ...] = (Record,) if mixin is None else (mixin, Record)
        cls = _CLASSES[name] = type(name, bases, {"__module__": __name__, "__qualname__": f"Record.{name}"})
    return cls


def record(name: str, values: dict[str, Any]) -> Record:
    """A record of model class `name` with these attribute values."""
    made = object.__new__(record_class(name))
    made.__dict__.update(values)
    return made


_PLAIN = (str, int, float, bool, type(None), Enum, date)


def from_model(value: Any) -> Any:
    """`value` with every model instance inside it as a record (done when a catalog is cached, with
    the models loaded): objects of `__slots__` classes (a `Catalog`, its entries, marks) and
    containers rebuilt, plain values kept, anything else (a URL) as its text. What was shared
    stays shared."""
    from pydantic import BaseModel

    done: dict[int, Any] = {}

    def convert(item: Any) -> Any:
        if isinstance(item, _PLAIN):
            return item
        if isinstance(item, list):
            return [convert(v) for v in item]
        if isinstance(item, tuple):
            return tuple(convert(v) for v in item)
        if isinstance(item, dict):
            return {convert(k): convert(v) for k, v in item.items()}
        if id(item) in done:
            return done[id(item)]
        if isinstance(item, BaseModel):
            fields = type(item).model_fields
            made: Any = record(kind_of(item), {name: convert(getattr(item, name)) for name in fields})
        elif hasattr(type(item), "__slots__") and not isinstance(item, type):
            made = object.__new__(type(item))
            for name in type(item).__slots__:
                setattr(made, name, convert(getattr(item, name)))
        else:
            return str(item)
        done[id(item)] = made
        return made

    return convert(value)


_CPV_FORMS = re.compile(r"^\s*([0-9]{8})(?:-[0-9])?(?:\.0+)?\s*$")


def normalise_cpv(code: str) -> str:
    """`30213100-6`, `45233130.0` and `30213100` all mean the same CPV code."""
    match = _CPV_FORMS.match(code)
    if not match:
        raise ValueError(f"{code!r} is not a CPV code (8 digits, optional check digit)")
    return match.group(1)


def required_labels(labels: list[Any]) -> list[Any]:
    """Every form of a label requirement, with its `id` and `of` (a bare id is of the products, as
    the model's default says)."""
    return [record("RequiredLabel", {"id": x, "of": "products"}) if isinstance(x, str) else x for x in labels]
