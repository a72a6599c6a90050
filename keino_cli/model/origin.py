"""Where a fact came from, the fact itself, and a procurement as read from one input.

Plain classes, free of pydantic: every reader, the fact table and the engine share them, and a
cached run (model/records.py) uses them without the description models. `__slots__` classes with
a written `__init__`, not dataclasses, which cost every start-up about 1 ms a class to write and
compile; read-only by convention, and origins and facts equal when their values are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from keino_cli.model.procurement import AwardCriterion, Procurement


class Origin:
    """Where a fact came from: the input and the field, XPath, JSON pointer or page/line in it."""

    __slots__ = ("column", "label", "line", "pointer", "snippet", "source")

    def __init__(
        self,
        source: str,
        pointer: str,
        line: int | None = None,
        column: int | None = None,
        snippet: str | None = None,
        label: str | None = None,
    ) -> None:
        self.source = source  # description, derived, eforms, ocds, document, profile, label, <source>-text
        self.pointer = pointer  # field path, XPath, JSON pointer, or page/paragraph
        self.line = line
        self.column = column
        self.snippet = snippet
        self.label = label  # set when the fact is credited through a required label

    def _values(self) -> tuple[Any, ...]:
        return (self.source, self.pointer, self.line, self.column, self.snippet, self.label)

    def __eq__(self, other: object) -> bool:
        return type(other) is Origin and other._values() == self._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def describe(self) -> str:
        return self.pointer if self.line is None else f"{self.pointer} (line {self.line})"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source, "pointer": self.pointer}
        if self.line is not None:
            data["line"] = self.line
            data["column"] = self.column
        if self.snippet is not None:
            data["snippet"] = self.snippet
        if self.label is not None:
            data["label"] = self.label
        return data


class Fact:
    """A fact's value and where it came from."""

    __slots__ = ("origin", "value")

    def __init__(self, value: Any, origin: Origin) -> None:
        self.value = value
        self.origin = origin

    def __eq__(self, other: object) -> bool:
        return type(other) is Fact and (other.value, other.origin) == (self.value, self.origin)

    def __hash__(self) -> int:
        return hash((self.value, self.origin))


FactTable = dict[str, Fact]
Locator = Callable[[tuple[str | int, ...]], Origin]


class ProcurementInput:
    """A procurement read from one input, with a way to say where each of its values came from."""

    __slots__ = ("format", "locate", "path", "procurement")

    def __init__(self, procurement: Procurement, path: str, format: str, locate: Locator) -> None:
        self.procurement = procurement
        self.path = path
        self.format = format
        self.locate = locate


def scored_award_criteria(procurement: Procurement) -> list[dict[str, Any]]:
    """The award criteria (of the procedure and of each lot) whose scoring the tender states, as
    the result reports them: name, type, weight, lot, scoring, and whether the points are measured."""
    scopes: list[tuple[str | None, list[AwardCriterion] | None]] = [(None, procurement.award_criteria)]
    scopes += [(lot.id, lot.award_criteria) for lot in procurement.lots]
    return [
        {"name": c.name, "type": c.type, "weight": c.weight}
        | ({"lot": lot} if lot is not None else {})
        | {
            "scoring": c.scoring.model_dump(exclude_none=True, exclude_defaults=True),
            "measurable": c.scoring.measurable,
        }
        for lot, criteria in scopes
        for c in criteria or []
        if c.scoring is not None
    ]
