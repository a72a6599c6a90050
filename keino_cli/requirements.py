"""Requirement texts read like tender documents: free text becomes facts through the same matcher.

A description's `requirements[].text`, eForms BT-70 contract performance conditions and OCDS
`contractTerms.performanceTerms` (the readers put both in `requirements`) are often where a
tender says what it requires ("at least 40 % of the buses are electric buses"). Each text goes
through the fi/sv/en evidence matcher of `keino_cli.evidence`, in its detected language (all
three when a short text gives no clue). A fact found keeps the requirement's origin (field,
XPath or JSON pointer), with the matched passage as its snippet; its source is `<source>-text`
so that a structured fact the input states always wins over it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from keino_cli.model.origin import Origin
from keino_cli.model.records import ValueType

if TYPE_CHECKING:
    from keino_cli.catalog import Catalog
    from keino_cli.model.criteria import FactSpec
    from keino_cli.model.procurement import Requirement

TEXT_SUFFIX = "-text"
SNIPPET_CHARS = 160


def _typed(spec: FactSpec, value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and spec.type in (ValueType.NUMBER, ValueType.INTEGER):
        return int(value)
    if spec.type is ValueType.INTEGER and isinstance(value, float):
        return None
    return value


def _snippet(text: str, start: int, end: int) -> str:
    low = max(0, start - 40)
    high = min(len(text), max(end, low + SNIPPET_CHARS))
    words = " ".join(text[low:high].split())
    return ("…" if low else "") + words + ("…" if high < len(text) else "")


def text_facts(
    requirements: Sequence[Requirement],
    origins: Sequence[Origin],
    catalog: Catalog,
    facts: Mapping[str, FactSpec],
) -> dict[str, tuple[Any, Origin]]:
    """Facts the requirement texts state: {fact: (value, origin)}; the first statement wins."""
    from keino_cli.evidence import LANGS, detect_language, evidence_for  # the matcher only for a text

    evidence = evidence_for(catalog)
    found: dict[str, tuple[Any, Origin]] = {}
    for requirement, at in zip(requirements, origins, strict=True):
        text = requirement.text
        detected, _ = detect_language(text)
        for lang in (detected,) if detected else LANGS:
            for hit in evidence.matcher(lang).scan(text):
                if hit.status not in ("found", "negated") or hit.value is None:
                    continue
                spec = facts.get(hit.fact)
                value = None if spec is None else _typed(spec, hit.value)
                if spec is None or value is None:
                    continue
                origin = Origin(
                    at.source + TEXT_SUFFIX,
                    at.pointer,
                    at.line,
                    at.column,
                    _snippet(text, hit.start, hit.end),
                )
                if spec.type is ValueType.LIST:
                    values, first = found.get(hit.fact, ([], origin))
                    if value not in values:
                        found[hit.fact] = ([*values, value], first)
                elif hit.fact not in found:
                    found[hit.fact] = (value, origin)
    return found
