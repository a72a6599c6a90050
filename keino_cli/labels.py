"""Label crediting: a required label states the facts its criteria document certifies.

Requiring label X "or equivalent" requires all of X's criteria (Act 1397/2016 §72, Directive
2014/24/EU Art. 43), so each fact `criteria/labels.yaml` lists for X, for the product groups this
procurement buys and for whom the label is required (products or provider), is added to the fact
table with an origin that names the label and its criteria document. Facts the procurement states
(or its requirement texts state) are never replaced: a credited fact only fills a silence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from keino_cli.model.origin import Fact, FactTable, Origin

if TYPE_CHECKING:
    from keino_cli.model.labels import Label
    from keino_cli.model.procurement import RequiredLabel

LABEL_SOURCE = "label"


def credited_facts(
    required: Iterable[RequiredLabel], groups: set[str], labels: Mapping[str, Label]
) -> list[tuple[str, object, Origin]]:
    """(fact, value, origin) for every fact the required labels certify in these product groups."""
    credits: list[tuple[str, object, Origin]] = []
    for requirement in required:
        label = labels.get(requirement.id)
        if label is None:
            continue
        for scheme in label.schemes:
            if scheme.of.value != requirement.of:
                continue
            if scheme.product_groups and groups.isdisjoint(scheme.product_groups):
                continue
            for fact, value in scheme.certifies.items():
                reference = scheme.references.get(fact)
                where = f"; {reference}" if reference else ""
                origin = Origin(
                    LABEL_SOURCE,
                    f"via label {requirement.id} (criteria document {scheme.document}{where})",
                    snippet=f"{label.title.en} required of the {requirement.of}, or equivalent",
                    label=requirement.id,
                )
                credits.append((fact, value, origin))
    return credits


def credit(table: FactTable, credits: list[tuple[str, object, Origin]]) -> None:
    """Fill the facts the table is silent on; the first label to certify a fact names it."""
    for fact, value, origin in credits:
        if fact not in table:
            table[fact] = Fact(value, origin)


def via_label(facts_used: Mapping[str, Fact]) -> str | None:
    """The label a criterion's verdict rests on, when one of the facts it used was credited."""
    for fact in facts_used.values():
        if fact.origin.label is not None:
            return fact.origin.label
    return None
