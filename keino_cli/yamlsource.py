"""Strict YAML for every keino reader: YAML 1.2 scalars, duplicate keys refused, line marks kept.

PyYAML follows YAML 1.1, where `no` becomes false, `010` becomes 8 and a repeated key silently
wins. keino reads facts that decide a score, so a value must never change shape behind the
user's back: booleans are only `true`/`false`, integers with a leading zero stay strings, dates
stay strings (pydantic parses them where a date is expected), and a duplicate key is an error.
Parsing uses libyaml (`CSafeLoader`) when present; the tree is then built by one small walker
that also records the line and column of every value, so any later problem can point at it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml

from keino_cli.errors import InputError

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_YAML_BYTES = 20 * 1024 * 1024
MAX_NODES = 500_000  # far above any real description or criteria set; bounds alias bombs
MAX_INT_DIGITS = 4300  # Python's limit for converting decimal text to an integer

KeyPath = tuple[str | int, ...]

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+|0o[0-7]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")


_STR = "tag:yaml.org,2002:str"
_PLAIN = "tag:keino:plain"  # an untagged plain scalar: typed by `_plain_value`, not by PyYAML


class StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A loader that leaves scalar typing to `_plain_value` (YAML 1.2 core schema).

    PyYAML's resolver runs a list of regular expressions in Python for every scalar; answering
    "plain or quoted" here and typing plain scalars once in the builder is simpler and faster.
    """

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return "tag:yaml.org,2002:map" if kind is yaml.MappingNode else "tag:yaml.org,2002:seq"


def _plain_value(value: str) -> Any:
    """Type a plain scalar: booleans only true/false, no leading-zero integers, dates stay text."""
    first = value[:1]
    if first in _NUMBER_START:
        if _INT.match(value):
            if len(value) > MAX_INT_DIGITS:
                raise ValueError(f"integer of {len(value)} digits is too long (at most {MAX_INT_DIGITS})")
            return int(value, 0) if value[:2] in ("0x", "0o") else int(value)
        if _FLOAT.match(value):
            number = float(value.lower().replace(".inf", "inf").replace(".nan", "nan"))
            if not math.isfinite(number):
                raise ValueError(f"{value[:20]} is not a finite number (keino reads finite numbers only)")
            return number
    elif first in "tTfF" and _BOOL.match(value):
        return value.lower() == "true"
    elif not value or (first in "nN~" and _NULL.match(value)):
        return None
    return value


_NUMBER_START = frozenset("-+.0123456789")


@dataclass(slots=True)
class Marks:
    """Line and column (1-based) of every value in a document, keyed by its path."""

    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def find(self, path: KeyPath) -> tuple[int | None, int | None]:
        """Position of `path`, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while True:
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return None, None
            probe = probe[:-1]


@dataclass(slots=True)
class _Builder:
    filename: str
    marks: Marks
    count: int = 0

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        """The value of `node`, recording where it and everything inside it stand.

        Node classes are compared by identity and scalars typed inline: this walk runs once
        per value of every input, so it is kept to plain operations."""
        self.count += 1
        if self.count > MAX_NODES:
            raise InputError.single(
                self.filename, f"document has more than {MAX_NODES} values (alias expansion?)"
            )
        mark = node.start_mark
        self.marks.positions[path] = (mark.line + 1, mark.column + 1)
        kind = node.__class__
        if kind is yaml.ScalarNode:
            return self.build_scalar(node)
        if kind is yaml.SequenceNode:
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        result: dict[Hashable, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                raise self._error(key_node, "mapping keys must be plain scalars")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self._error(key_node, "merge keys (<<) are not supported")
            key = self.build_scalar(key_node)
            if key in result:
                raise self._error(key_node, f"duplicate key {key!r}")
            result[key] = self.build(value_node, (*path, str(key)))
        return result

    def build_scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag == _PLAIN:
            try:
                return _plain_value(node.value)
            except ValueError as error:
                raise self._error(node, str(error)) from None
        if tag == _STR:
            return node.value
        raise self._error(node, f"unsupported YAML tag {tag}")

    def _error(self, node: yaml.Node, message: str) -> InputError:
        mark = node.start_mark
        return InputError.single(self.filename, message, mark.line + 1, mark.column + 1)


def load_yaml(text: str | bytes, filename: str) -> tuple[Any, Marks]:
    """Parse one YAML document strictly; raise `InputError` with file:line:column on any problem."""
    if len(text) > MAX_YAML_BYTES:
        raise InputError.single(filename, f"file is larger than {MAX_YAML_BYTES // 2**20} MiB")
    marks = Marks()
    try:
        node = yaml.compose(text, Loader=StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = f"YAML syntax error: {error.problem or error.context}"
        if mark is None:
            raise InputError.single(filename, message) from None
        raise InputError.single(filename, message, mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as error:
        raise InputError.single(filename, f"YAML error: {error}") from None
    if node is None:
        return None, marks
    return _Builder(filename, marks).build(node, ()), marks
