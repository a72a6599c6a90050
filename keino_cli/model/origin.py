"""Where a fact came from, the fact itself, and a procurement as read from one input.

Plain classes, free of pydantic: every reader, the fact table and the engine share them, and a
cached run (model/records.py) uses them without the description models. Origins and facts are
compared by value (`keino_cli.values.Value`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from keino_cli.values import Value

if TYPE_CHECKING:
    from keino_cli.model.procurement import AwardCriterion, Procurement


class Origin(Value):
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


class Fact(Value):
    """A fact's value and where it came from."""

    __slots__ = ("origin", "value")

    def __init__(self, value: Any, origin: Origin) -> None:
        self.value = value
        self.origin = origin


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
