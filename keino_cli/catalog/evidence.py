"""Cross-checks of document evidence declarations, once every criteria file has loaded.

An evidence rule must name a declared fact and set a value of that fact's type, so a document can
never produce a fact the engine would refuse. Facts filled from award criteria cannot be read from
free text. Without the bundled sets (`--no-bundled`), bundled rules for their facts are left out.
"""

from __future__ import annotations

from keino_cli.catalog import Catalog, EvidenceEntry
from keino_cli.errors import Problem
from keino_cli.model.criteria import ValueType
from keino_cli.validation import suggest

_NUMBER_TYPES = (ValueType.NUMBER, ValueType.INTEGER)
_NOT_FROM_TEXT = ("award.",)


def _value_problem(catalog: Catalog, entry: EvidenceEntry, value: object) -> str | None:
    spec = catalog.facts[entry.fact]
    if spec.type is ValueType.BOOLEAN:
        return None if isinstance(value, bool) else f"{entry.fact} is boolean; {value!r} is not true/false"
    if spec.type in _NUMBER_TYPES:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else f"{entry.fact} is a number; {value!r} is not"
    if not isinstance(value, str):
        return f"{entry.fact} holds text; {value!r} is not text"
    if spec.values is not None and value not in spec.values:
        return f"{value!r} is not a known value of {entry.fact}{suggest(value, spec.values)}"
    return None


def check_evidence(catalog: Catalog, bundled: bool) -> list[Problem]:
    """Every rule names a known fact, sets a value of its type, and has at least one pattern."""
    problems: list[Problem] = []
    kept: list[EvidenceEntry] = []
    for entry in catalog.evidence:
        where = ("evidence", entry.fact, entry.index)
        spec = catalog.facts.get(entry.fact)
        if spec is None:
            if entry.file.bundled and not bundled:
                continue  # its set was left out on purpose
            hint = suggest(entry.fact, catalog.facts)
            problems.append(entry.file.locate(("evidence", entry.fact), f"unknown fact {entry.fact!r}{hint}"))
            continue
        rule = entry.rule
        messages: list[str] = []
        if entry.fact.startswith(_NOT_FROM_TEXT):
            messages.append(f"{entry.fact} is derived from award criteria, not read from text")
        if rule.number is not None and spec.type not in _NUMBER_TYPES:
            messages.append(f"number: {entry.fact} is {spec.type}, not a number")
        for value in (rule.value, rule.negated):
            if value is not None and (issue := _value_problem(catalog, entry, value)):
                messages.append(issue)
        if not any(getattr(rule.patterns, lang) for lang in ("fi", "sv", "en", "any")):
            messages.append("no patterns")
        problems.extend(entry.file.locate(where, message) for message in messages)
        if not messages:
            kept.append(entry)
    catalog.evidence = kept
    return problems
