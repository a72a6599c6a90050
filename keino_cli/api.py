"""The library entry points the CLI (and any other program) wires together.

catalog = load_catalog([Path("my-city.yaml")])
engine = Engine(catalog, load_profile(Path("profile.yaml"), catalog))
for outcome in assess_inputs(["tender.yaml"], engine):
    print(outcome.result.assessment.score if outcome.result else outcome.problems)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from keino_cli.catalog import Catalog, load_catalog
from keino_cli.engine import Engine, default_profile
from keino_cli.errors import InputError, Problem
from keino_cli.gate import Bar
from keino_cli.model.result import InputResult
from keino_cli.pipeline import Assessor, Budget, Unit, expand
from keino_cli.readers import DEFAULT_OPTIONS, ReadOptions
from keino_cli.validation import suggest
from keino_cli.yamlsource import Marks, load_yaml

if TYPE_CHECKING:
    from keino_cli.model.profile import Profile

__all__ = ["Catalog", "Engine", "Outcome", "assess_inputs", "expand_inputs", "load_catalog", "load_profile"]


@dataclass(slots=True)
class Outcome:
    """The result of one input, or the problems that kept it from being assessed."""

    path: str
    result: InputResult | None = None
    problems: list[Problem] = field(default_factory=list)


def load_profile(path: Path | None, catalog: Catalog | None = None, country: str | None = None) -> Profile:
    """Read and validate a scoring profile; with `catalog`, each parameter must name a criterion
    and a parameter it has, with a value of the parameter's type, every problem at its line.
    `country` (keino.toml) replaces the profile's default buyer country."""
    profile = _read_profile(path, catalog)
    if country is None:
        return profile
    return profile.model_copy(update={"legal": profile.legal.model_copy(update={"country": country})})


def _read_profile(path: Path | None, catalog: Catalog | None) -> Profile:
    if path is None:
        return default_profile()
    from keino_cli.model.profile import Profile
    from keino_cli.validation import validate

    try:
        text = path.read_bytes()
    except OSError as error:
        raise InputError.single(str(path), f"cannot read profile: {error.strerror or error}") from None
    data, marks = load_yaml(text, str(path))
    profile = validate(Profile, data if data is not None else {}, str(path), marks)
    if catalog is not None:
        problems = parameter_problems(profile, catalog, str(path), marks)
        if problems:
            raise InputError(problems)
    return profile


def parameter_problems(profile: Profile, catalog: Catalog, path: str, marks: Marks) -> list[Problem]:
    """The profile's parameters checked against the criteria, as facts are checked against the
    vocabulary: known criterion, known parameter, a value of the parameter's type."""
    problems: list[Problem] = []
    for criterion_id, values in profile.parameters.items():
        where = ("parameters", criterion_id)
        entry = catalog.criteria.get(criterion_id)
        if entry is None:
            hint = suggest(criterion_id, catalog.criteria)
            problems.append(
                Problem(path, f"parameters: unknown criterion {criterion_id!r}{hint}", *marks.find(where))
            )
            continue
        declared = entry.criterion.parameters
        for name, value in values.items():
            at = marks.find((*where, name))
            if name not in declared:
                message = f"parameters.{criterion_id}: unknown parameter {name!r}{suggest(name, declared)}"
                problems.append(Problem(path, message, *at))
            elif (error := declared[name].type_error(value)) is not None:
                problems.append(Problem(path, f"parameters.{criterion_id}.{name}: {error}", *at))
    return problems


def expand_inputs(args: Iterable[str]) -> list[Unit]:
    """Files, packages of tender documents, and problems for what names nothing (see `pipeline.expand`)."""
    return expand(args)


def assess_inputs(
    args: Iterable[str],
    engine: Engine,
    options: ReadOptions = DEFAULT_OPTIONS,
    input_format: str | None = None,
    budget: Budget | None = None,
) -> Iterator[Outcome]:
    """Assess each input in turn; one bad input never stops the others."""
    assessor = Assessor(engine, options, Bar(), budget or Budget(), input_format)
    for unit in expand(args):
        for item in assessor.assess(unit):
            yield Outcome(item.path, item.result, item.problems)
