"""Turn pydantic validation errors into located `Problem`s (file:line:column: message)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from keino_cli.errors import InputError, Problem
from keino_cli.yamlsource import KeyPath, Marks

if TYPE_CHECKING:
    from pydantic import BaseModel
    from pydantic_core import ErrorDetails, ValidationError

M = TypeVar("M", bound="BaseModel")


def real_path(data: Any, loc: Sequence[str | int]) -> KeyPath:
    """Keep the parts of a pydantic `loc` that exist in the data (drops union tags)."""
    path: list[str | int] = []
    current = data
    for part in loc:
        found, child = _child(current, part)
        if found:
            current = child
            path.append(part)
    return tuple(path)


def _child(value: Any, part: str | int) -> tuple[bool, Any]:
    """Whether `value` has the key or index `part`, and what is there."""
    if isinstance(value, dict):
        return part in value, value.get(part)
    if isinstance(value, list) and isinstance(part, int) and part < len(value):
        return True, value[part]
    return False, None


def dotted(path: Iterable[str | int]) -> str:
    return ".".join(str(part) for part in path) or "(document)"


def _message(error: ErrorDetails, path: KeyPath) -> str:
    if error["type"] == "extra_forbidden":
        return f"{dotted(path[:-1])}: unknown key {path[-1]!r}"
    if error["type"] == "missing":
        return f"{dotted((*path, error['loc'][-1]))}: required key is missing"
    return f"{dotted(path)}: {error['msg'].removeprefix('Value error, ')}"


def problems_from(error: ValidationError, filename: str, data: Any, marks: Marks) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for item in error.errors(include_url=False):
        path = real_path(data, item["loc"])
        line, column = marks.find(path)
        message = _message(item, path)
        if message not in seen:
            seen.add(message)
            problems.append(Problem(filename, message, line, column))
    return problems


def validate(model: type[M], data: Any, filename: str, marks: Marks) -> M:
    """Validate `data` as `model`, or raise `InputError` with one located line per problem.
    pydantic_core is imported here, not with the module: a cached run validates nothing and
    would pay its import (~35 ms) for the names alone."""
    from pydantic_core import ValidationError  # pydantic's own; pydantic.main is not needed

    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InputError(problems_from(error, filename, data, marks)) from None


def suggest(name: str, known: Iterable[str]) -> str:
    """A ' (did you mean ...?)' hint, or an empty string."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
