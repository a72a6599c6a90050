"""Run every criterion's own examples: each `pass` set must be met, `fail` not met, `partly` partly met.

Examples are fact sets written next to the criterion; they go through the same fact checks as a
real description and then through the engine's own evaluation step (applicability by `when`,
the compiled rule or scoring, the shared result when no fact is stated), with the criterion's
default parameters, so a self-test can only pass when the engine gives the expected status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from keino_cli.catalog import Catalog, Entry
from keino_cli.engine import Engine, status_of
from keino_cli.errors import Problem
from keino_cli.facts import FactBuilder
from keino_cli.model.procurement import FactTable, Origin, Procurement
from keino_cli.model.result import Status

EXAMPLE = Procurement(id="example", title="criterion example")
EXPECTED = {
    "pass": Status.MET,
    "fail": Status.NOT_MET,
    "partly": Status.PARTLY_MET,
    "not_applicable": Status.NOT_APPLICABLE,
}


@dataclass(frozen=True, slots=True)
class Case:
    criterion_id: str
    kind: str  # pass, fail or partly
    index: int
    expected: Status
    actual: Status | None
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.actual is self.expected


def _cases_of(engine: Engine, entry: Entry) -> list[Case]:
    position, compiled = next((i, c) for i, c in enumerate(engine.compiled) if c.id == entry.criterion.id)
    examples = entry.criterion.examples
    cases = []
    groups = (
        ("pass", examples.pass_),
        ("fail", examples.fail),
        ("partly", examples.partly),
        ("not_applicable", examples.not_applicable),
    )
    for kind, sets in groups:
        for index, facts in enumerate(sets):
            key_path = ("criteria", entry.index, "examples", kind, index)

            def locate(path: tuple[str | int, ...], base: tuple[str | int, ...] = key_path) -> Origin:
                line, column = entry.file.marks.find((*base, *path))
                return Origin("example", ".".join(map(str, path)), line, column)

            builder = FactBuilder(engine.catalog.facts, entry.file.path, locate)
            table: FactTable = {}
            builder.flatten(table, facts, (), structural=True)
            builder.derive(table)
            expected = EXPECTED[kind]
            if builder.problems:
                first = builder.problems[0]
                message = f"{entry.criterion.id}: {kind} example {index}: {first.message}"
                problem: Problem | None = Problem(first.path, message, first.line, first.column)
                cases.append(Case(entry.criterion.id, kind, index, expected, None, problem))
                continue
            if compiled.legal_gate or entry.criterion.legal_baseline is not None:
                # An obligation's (or a legal baseline's) examples test its rule; whom the law binds
                # (scope, dates, thresholds) is tested by its own cases (tests/legal/cases.yaml).
                values = {k: f.value for k, f in table.items()}
                applies = compiled.when is None or compiled.when(values) is not False
                actual = status_of(compiled.fraction(values)) if applies else Status.NOT_APPLICABLE
            else:
                # Where the criterion applies: its own CPV prefixes and product groups.
                scope = engine.legal.complete(EXAMPLE, [table], date.today())
                results = engine._evaluate(table, compiled.prefixes, compiled.groups, {}, scope)
                actual = results[position].status
            problem = None
            if actual is not expected:
                where = entry.locate(("examples", kind, index), "")
                message = (
                    f"{entry.criterion.id}: {kind} example {index} gives {actual.value}, "
                    f"expected {expected.value}"
                )
                problem = Problem(where.path, message, where.line, where.column)
            cases.append(Case(entry.criterion.id, kind, index, expected, actual, problem))
    return cases


def run_examples(catalog: Catalog, only_files: set[str] | None = None) -> list[Case]:
    """All example cases of the catalog's criteria (optionally only those defined in some files)."""
    engine = Engine(catalog)
    return [
        case
        for entry in catalog.criteria.values()
        if only_files is None or entry.file.path in only_files
        for case in _cases_of(engine, entry)
    ]
