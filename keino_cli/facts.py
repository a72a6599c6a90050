"""Build the fact table the engine reads: flatten `facts`, type-check, fill structural facts, derive.

Every reader produces a `Procurement` plus a locator; this module is the one place where its
nested facts become dotted paths with origins, where each value is checked against the declared
fact vocabulary (so a YAML `no` or a misspelt key is an error, never a silent change), and where
facts that follow from structured fields (award criteria, labels, procedure) or from other facts
(shares derived from counts) are added, saying that they were derived.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from keino_cli.errors import Problem
from keino_cli.model.origin import Fact, FactTable, Locator, Origin
from keino_cli.model.records import ValueType, required_labels
from keino_cli.validation import dotted, suggest

if TYPE_CHECKING:
    from keino_cli.catalog import Catalog
    from keino_cli.model.criteria import FactSpec, ShareOf
    from keino_cli.model.procurement import Lot, Procurement, RequiredLabel

KeyPath = tuple[str | int, ...]

# Facts filled from structured fields; a description gives them through those fields only.
STRUCTURAL_FACTS = frozenset(
    {
        "procedure.type",
        "award.rewards",
        "award.quality_weight_pct",
        "award.sustainability_weight_pct",
        "award.themes",
        "labels.required",
        "labels.provider",
        "contract.value_eur",
        "contract.duration_months",
    }
)


def flat_facts(facts: Mapping[str, Any], vocabulary: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested facts (as a criterion example writes them) as dotted keys; declared keys are leaves.
    No checks: for facts already validated, such as a loaded criterion's own examples."""
    flat: dict[str, Any] = {}
    for key, value in facts.items():
        path = f"{prefix}{key}"
        if path in vocabulary or not isinstance(value, dict):
            flat[path] = value
        else:
            flat.update(flat_facts(value, vocabulary, f"{path}."))
    return flat


def type_problem(spec: FactSpec, value: Any) -> str | None:
    kind = spec.type
    if kind in (ValueType.NUMBER, ValueType.INTEGER):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            hint = " (a number with a leading zero is read as text)" if isinstance(value, str) else ""
            return f"expected a number, got {value!r}{hint}"
        if isinstance(value, float) and not math.isfinite(value):
            return f"expected a finite number, got {value!r}"
        if isinstance(value, int) and abs(value) > sys.float_info.max:  # no float holds it
            return f"expected a finite number, got an integer of {len(str(abs(value)))} digits"
        if kind is ValueType.INTEGER and not float(value).is_integer():
            return f"expected a whole number, got {value!r}"
        return None
    if kind is ValueType.BOOLEAN:
        return None if isinstance(value, bool) else f"expected true or false, got {value!r}"
    if kind is ValueType.STRING:
        if not isinstance(value, str):
            return f"expected text, got {value!r}"
        items = [value]
    else:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return f"expected a list of texts, got {value!r}"
        items = value
    if spec.values is not None:
        for item in items:
            if item not in spec.values:
                return f"{item!r} is not one of the known values{suggest(item, spec.values)}"
    return None


_DERIVATIONS: dict[int, tuple[Mapping[str, FactSpec], list[tuple[str, ShareOf]]]] = {}


def _derivations(vocabulary: Mapping[str, FactSpec]) -> list[tuple[str, ShareOf]]:
    """The derived facts of a vocabulary, found once per vocabulary rather than once per input."""
    cached = _DERIVATIONS.get(id(vocabulary))
    if cached is None or cached[0] is not vocabulary:
        found = [(key, spec.derived.share_of) for key, spec in vocabulary.items() if spec.derived]
        cached = _DERIVATIONS[id(vocabulary)] = (vocabulary, found)
    return cached[1]


class FactBuilder:
    """Builds fact tables against one vocabulary; collects problems instead of stopping."""

    def __init__(self, vocabulary: Mapping[str, FactSpec], filename: str, locate: Locator) -> None:
        self.vocabulary = vocabulary
        self.filename = filename
        self.locate = locate
        self.problems: list[Problem] = []
        self._derived = _derivations(vocabulary)

    def problem(self, key_path: KeyPath, message: str) -> None:
        origin = self.locate(key_path)
        self.problems.append(Problem(self.filename, message, origin.line, origin.column))

    def add(self, table: FactTable, key: str, value: Any, key_path: KeyPath) -> None:
        spec = self.vocabulary.get(key)
        if spec is None:
            self.problem(key_path, f"{dotted(key_path)}: unknown fact {key!r}{suggest(key, self.vocabulary)}")
            return
        issue = type_problem(spec, value)
        if issue is not None:
            self.problem(key_path, f"{dotted(key_path)}: {issue}")
            return
        table[key] = Fact(value, self.locate(key_path))

    def flatten(
        self, table: FactTable, facts: Mapping[str, Any], base: KeyPath, structural: bool = False
    ) -> None:
        """Nested `facts` mappings become dotted keys; declared keys are leaves.

        Structural facts come from the structured fields of a description, so they are refused
        here unless `structural` is set (criteria examples state them directly).
        """
        stack: list[tuple[str, Any, KeyPath]] = [(str(k), v, (*base, k)) for k, v in facts.items()]
        while stack:
            key, value, key_path = stack.pop()
            if key in STRUCTURAL_FACTS and not structural:
                self.problem(key_path, f"{dotted(key_path)}: {key!r} is filled from the structured fields")
            elif key in self.vocabulary or not isinstance(value, dict):
                if value is not None:
                    self.add(table, key, value, key_path)
            else:
                stack.extend((f"{key}.{k}", v, (*key_path, k)) for k, v in value.items())

    def structural(
        self, table: FactTable, scope: Procurement | Lot, base: KeyPath, procedure: Procurement | None = None
    ) -> None:
        """Facts that follow from structured fields of the procurement (`procedure` is then the
        same) or of one lot."""
        if scope.award_criteria is not None:
            criteria = scope.award_criteria
            where = (*base, "award_criteria")
            # Criteria whose wording was not read leave what the award rewards unknown rather than
            # none, unless another criterion already names a theme.
            read = all(c.rewards_read for c in criteria) or any(c.theme for c in criteria)
            if read:
                rewards = sorted({r for c in criteria for r in c.rewards})
                self.add(table, "award.rewards", rewards, where)
                self.add(table, "award.themes", sorted({c.theme.value for c in criteria if c.theme}), where)
            weights = [c.weight for c in criteria]
            total = sum(w for w in weights if w is not None)
            if criteria and None not in weights and total > 0:
                quality = sum(c.weight or 0 for c in criteria if c.type != "price")
                # Sustainability is environmental and social weight: an innovation criterion is not.
                themed = sum(
                    c.weight or 0 for c in criteria if c.theme is not None and c.theme != "innovation"
                )
                self.add(table, "award.quality_weight_pct", round(100 * quality / total, 2), where)
                if read:
                    self.add(table, "award.sustainability_weight_pct", round(100 * themed / total, 2), where)
        if scope.labels is not None:
            labels = required_labels(scope.labels)
            self.add(table, "labels.required", list(dict.fromkeys(r.id for r in labels)), (*base, "labels"))
            provider = [r.id for r in labels if r.of == "provider"]
            self.add(table, "labels.provider", list(dict.fromkeys(provider)), (*base, "labels"))
        if scope.value is not None and scope.value.currency == "EUR":
            self.add(table, "contract.value_eur", scope.value.amount, (*base, "value"))
        if procedure is not None:
            if procedure.procedure is not None:
                self.add(table, "procedure.type", procedure.procedure, ("procedure",))
            if procedure.duration_months is not None:
                self.add(table, "contract.duration_months", procedure.duration_months, ("duration_months",))
        self.flatten(table, scope.facts, (*base, "facts"))

    def read_texts(self, table: FactTable, scope: Procurement | Lot, base: KeyPath, catalog: Catalog) -> None:
        """Facts the requirement texts state fill what the structured fields leave unsaid."""
        if not scope.requirements:
            return
        from keino_cli.requirements import text_facts

        origins = [self.locate((*base, "requirements", i)) for i in range(len(scope.requirements))]
        for key, (value, origin) in text_facts(scope.requirements, origins, catalog, self.vocabulary).items():
            current = table.get(key)
            if current is None or current.origin.label is not None:
                table[key] = Fact(value, origin)

    def credit_labels(
        self,
        table: FactTable,
        labels: list[RequiredLabel],
        cpvs: list[str],
        groups: list[str],
        catalog: Catalog,
    ) -> None:
        """Facts the required labels certify, where the table is silent (see `keino_cli.labels`).

        Labels a requirement text names (rather than the `labels` field) are required of the products.
        """
        from keino_cli.labels import credit, credited_facts
        from keino_cli.requirements import TEXT_SUFFIX

        named = table.get("labels.required")
        if not labels and named is not None and named.origin.source.endswith(TEXT_SUFFIX):
            labels = required_labels(named.value)
        if labels:
            bought = {*groups, *catalog.groups_covering(cpvs)}
            credit(table, credited_facts(labels, bought, catalog.labels))

    def derive(self, table: FactTable) -> None:
        for key, share in self._derived:
            if key in table or share.part not in table or share.whole not in table:
                continue
            part, whole = table[share.part], table[share.whole]
            if whole.value:
                value = round(100 * part.value / whole.value, 2)
                at = part.origin  # a derived share points at the count it comes from
                origin = Origin("derived", f"100 × {share.part} / {share.whole}", at.line, at.column)
                table[key] = Fact(value, origin)


def build_tables(
    procurement: Procurement,
    vocabulary: Mapping[str, FactSpec],
    filename: str,
    locate: Locator,
    catalog: Catalog | None = None,
) -> tuple[FactTable, dict[str, FactTable], list[Problem]]:
    """The procedure's fact table, one table per lot (procedure facts overlaid), and problems.

    With a catalog, requirement texts are read and required labels credited: the stated facts
    come first, then what the texts say, then what the labels certify.
    """
    builder = FactBuilder(vocabulary, filename, locate)
    procedure: FactTable = {}
    builder.structural(procedure, procurement, (), procurement)
    own_labels = required_labels(procurement.labels or [])
    if catalog is not None:
        builder.read_texts(procedure, procurement, (), catalog)
        builder.credit_labels(procedure, own_labels, procurement.cpv, procurement.product_groups, catalog)
    lots: dict[str, FactTable] = {}
    for index, lot in enumerate(procurement.lots):
        table = dict(procedure)
        builder.structural(table, lot, ("lots", index))
        if catalog is not None:
            builder.read_texts(table, lot, ("lots", index), catalog)
            labels = [*own_labels, *required_labels(lot.labels or [])]
            cpvs = lot.cpv or procurement.cpv
            builder.credit_labels(table, labels, cpvs, procurement.product_groups, catalog)
        builder.derive(table)
        lots[lot.id] = table
    builder.derive(procedure)
    return procedure, lots, builder.problems
