"""Checks beyond loading, for `keino criteria validate`: translations, unused parameters, and a
criterion kind left to inference (a user set may omit `kind`; the bundled sets may not).

Loading already refuses what would make a set unusable (schema, rule validity, duplicate ids,
unknown facts and parameters). These checks find what makes a set incomplete for its readers.
"""

from __future__ import annotations

from collections.abc import Iterator

from keino_cli.catalog import Catalog, Entry, SourceFile
from keino_cli.errors import Problem
from keino_cli.model.common import Text
from keino_cli.model.criteria import CriteriaSet
from keino_cli.rules import criterion_params


def _texts(entry: Entry) -> Iterator[tuple[tuple[str | int, ...], Text]]:
    c = entry.criterion
    yield ("title",), c.title
    if c.description:
        yield ("description",), c.description
    yield ("recommendation",), c.recommendation
    for index, evidence in enumerate(c.evidence):
        yield ("evidence", index), evidence
    for name, param in c.parameters.items():
        yield ("parameters", name, "description"), param.description


def _missing(text: Text) -> str | None:
    missing = text.missing_languages()
    return f"missing translation: {', '.join(missing)}" if missing else None


def lint(catalog: Catalog, files: list[SourceFile]) -> list[Problem]:
    problems: list[Problem] = []
    paths = {f.path for f in files}
    for entry in catalog.criteria.values():
        if entry.file.path not in paths:
            continue
        for key_path, text in _texts(entry):
            message = _missing(text)
            if message:
                problems.append(entry.locate(key_path, f"{'.'.join(map(str, key_path))}: {message}"))
        c = entry.criterion
        if c.kind is None:
            inferred = c.resolved_kind.value
            message = f"kind: not declared, so inferred as {inferred!r}; add kind: subject or practice"
            problems.append(entry.locate(("type",), message))
        for name in sorted(set(c.parameters) - criterion_params(c)):
            problems.append(entry.locate(("parameters", name), f"parameter {name!r} is never used"))
    for source in files:
        model = source.model
        if isinstance(model, CriteriaSet):
            message = _missing(model.title)
            if message:
                problems.append(source.locate(("title",), f"set title: {message}"))
        for key, spec in model.facts.items():
            message = _missing(spec.description)
            if message:
                problems.append(source.locate(("facts", key), f"fact {key}: {message}"))
    return problems
