"""A description checked as plain data, without building its pydantic models (the batch hot path).

`procurement(raw)` applies the rules of `keino_cli.model.procurement` to a parsed description
and returns light objects with the same attribute names and value types as the models (what the
fact builder and the engine read), or None when anything is not plainly valid: a wrong type, an
unknown key, a value a model would coerce or refuse (a waiver's date in any form but YYYY-MM-DD). The
caller then validates with the models, which give the located messages: so the same inputs load,
and a bad one gets the same problems, whichever path ran. `tests/test_fast_path.py` holds both
paths to identical results.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from keino_cli.model.records import Theme, normalise_cpv

_COUNTRY = re.compile(r"[A-Z]{2}")
_CURRENCY = re.compile(r"[A-Z]{3}")
_AWARD_TYPES = frozenset({"price", "cost", "quality"})
_REQUIREMENT_TYPES = frozenset({"selection", "technical-specification", "contract-performance-clause"})
_THEMES = frozenset(theme.value for theme in Theme)
_LABEL_OF = frozenset({"products", "provider"})

_PROCUREMENT_KEYS = frozenset(
    {
        "id",
        "title",
        "description",
        "buyer",
        "buyers",
        "procedure",
        "cpv",
        "product_groups",
        "value",
        "duration_months",
        "lots",
        "award_criteria",
        "labels",
        "requirements",
        "facts",
        "waivers",
    }
)
_LOT_KEYS = frozenset({"id", "title", "cpv", "value", "award_criteria", "labels", "requirements", "facts"})
_BUYER_KEYS = frozenset({"name", "type", "country", "id"})
_AWARD_KEYS = frozenset({"name", "type", "weight", "theme", "rewards", "rewards_read", "description"})


class Unsure(Exception):
    """The plain check cannot vouch for a value: the models decide (and locate the problem)."""


def _text(value: Any, optional: bool = False) -> Any:
    if value.__class__ is str or (optional and value is None):
        return value
    raise Unsure


def _texts(value: Any) -> list[str]:
    if value.__class__ is not list or any(item.__class__ is not str for item in value):
        raise Unsure
    return value


def _number(value: Any) -> float:
    """A non-negative finite number, as the models' `float` fields with `ge=0` take it."""
    kind = value.__class__
    if kind is float and math.isfinite(value) and value >= 0:
        return value
    if kind is int and 0 <= value < 2**53:
        return float(value)
    raise Unsure


def _choice(value: Any, allowed: frozenset[str], optional: bool = False) -> Any:
    """A text from a closed list (a code), or None where `optional`."""
    if (value.__class__ is str and value in allowed) or (optional and value is None):
        return value
    raise Unsure


def _keys(data: Any, allowed: frozenset[str]) -> dict[str, Any]:
    if data.__class__ is not dict or not allowed.issuperset(data):
        raise Unsure
    return data


def _cpv(value: Any) -> list[str]:
    if value.__class__ is not list:
        raise Unsure
    codes = []
    for code in value:
        if code.__class__ is not str:
            raise Unsure
        try:
            codes.append(normalise_cpv(code))
        except ValueError:
            raise Unsure from None
    return codes


class Buyer:
    __slots__ = ("country", "id", "name", "type")

    def __init__(self, data: Any) -> None:
        data = _keys(data, _BUYER_KEYS)
        self.name = _text(data.get("name"))
        self.type = _text(data.get("type"), True)
        self.country = _text(data.get("country"), True)
        if self.country is not None and not _COUNTRY.fullmatch(self.country):
            raise Unsure
        self.id = _text(data.get("id"), True)


class Money:
    __slots__ = ("amount", "currency")

    def __init__(self, data: Any) -> None:
        data = _keys(data, frozenset({"amount", "currency"}))
        if "amount" not in data:
            raise Unsure
        self.amount = _number(data["amount"])
        self.currency = _text(data.get("currency", "EUR"))
        if not _CURRENCY.fullmatch(self.currency):
            raise Unsure


class AwardCriterion:
    __slots__ = ("description", "name", "rewards", "rewards_read", "scoring", "theme", "type", "weight")

    def __init__(self, data: Any) -> None:
        data = _keys(data, _AWARD_KEYS)
        self.name = _text(data.get("name"))
        self.type = _choice(data.get("type"), _AWARD_TYPES)
        weight = data.get("weight")
        self.weight = None if weight is None else _number(weight)
        theme = _choice(data.get("theme"), _THEMES, True)
        self.theme = None if theme is None else Theme(theme)
        self.rewards = _texts(data.get("rewards", []))
        self.rewards_read = data.get("rewards_read", True)
        if self.rewards_read.__class__ is not bool:
            raise Unsure
        self.description = _text(data.get("description"), True)
        self.scoring = None  # a stated scoring (bands, scales) is the models' to read: not a plain key


class RequiredLabel:
    __slots__ = ("id", "of")

    def __init__(self, data: Any) -> None:
        data = _keys(data, frozenset({"id", "of"}))
        self.id = _text(data.get("id"))
        self.of = _choice(data.get("of", "products"), _LABEL_OF)


class Requirement:
    __slots__ = ("text", "type")

    def __init__(self, data: Any) -> None:
        data = _keys(data, frozenset({"text", "type"}))
        self.text = _text(data.get("text"))
        self.type = _choice(data.get("type", "technical-specification"), _REQUIREMENT_TYPES)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Waiver:
    __slots__ = ("criterion", "expires", "reason")

    def __init__(self, data: Any) -> None:
        data = _keys(data, frozenset({"criterion", "reason", "expires"}))
        self.criterion = _text(data.get("criterion"))
        self.reason = _text(data.get("reason"))
        if len(self.reason) < 3:
            raise Unsure
        expires = data.get("expires")
        if expires is not None:  # only the plain ISO form; any other the models judge
            if expires.__class__ is not str or not _ISO_DATE.fullmatch(expires):
                raise Unsure
            try:
                expires = date.fromisoformat(expires)
            except ValueError:
                raise Unsure from None
        self.expires = expires


def _list(value: Any, kind: type, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if value.__class__ is not list:
        raise Unsure
    return [kind(item) for item in value]


def _labels(value: Any) -> list[Any] | None:
    if value is None:
        return None
    if value.__class__ is not list:
        raise Unsure
    return [item if item.__class__ is str else RequiredLabel(item) for item in value]


def _facts(value: Any) -> dict[str, Any]:
    if value.__class__ is not dict or any(key.__class__ is not str for key in value):
        raise Unsure
    return value


class _Scope:
    """What a procedure and a lot share."""

    __slots__ = ("award_criteria", "cpv", "facts", "labels", "requirements", "value")

    def _common(self, data: dict[str, Any]) -> None:
        self.cpv = _cpv(data.get("cpv", []))
        value = data.get("value")
        self.value = None if value is None else Money(value)
        self.award_criteria = _list(data.get("award_criteria"), AwardCriterion, optional=True)
        self.labels = _labels(data.get("labels"))
        self.requirements = _list(data.get("requirements", []), Requirement)
        self.facts = _facts(data.get("facts", {}))


class Lot(_Scope):
    __slots__ = ("id", "title")

    def __init__(self, data: Any) -> None:
        data = _keys(data, _LOT_KEYS)
        self.id = _text(data.get("id"))
        self.title = _text(data.get("title"), True)
        self._common(data)


class Procurement(_Scope):
    __slots__ = (
        "buyer",
        "buyers",
        "description",
        "duration_months",
        "id",
        "lots",
        "procedure",
        "product_groups",
        "title",
        "waivers",
    )

    def __init__(self, data: Any) -> None:
        data = _keys(data, _PROCUREMENT_KEYS)
        self.id = _text(data.get("id"))
        self.title = _text(data.get("title"))
        self.description = _text(data.get("description"), True)
        buyer = data.get("buyer")
        self.buyer = None if buyer is None else Buyer(buyer)
        self.buyers = _list(data.get("buyers", []), Buyer)
        self.procedure = _text(data.get("procedure"), True)
        self.product_groups = _texts(data.get("product_groups", []))
        months = data.get("duration_months")
        if months is not None and (months.__class__ is not int or months < 0):
            raise Unsure
        self.duration_months = months
        self.lots = _list(data.get("lots", []), Lot)
        self.waivers = _list(data.get("waivers", []), Waiver)
        self._common(data)


def procurement(raw: Any) -> Procurement | None:
    """The description as light objects when it is plainly valid, else None (see the module)."""
    try:
        return Procurement(raw)
    except Unsure:
        return None
