"""Strict YAML for every keino reader: YAML 1.2 scalars, duplicate keys refused, line marks kept.

PyYAML follows YAML 1.1, where `no` becomes false, `010` becomes 8 and a repeated key silently
wins. keino reads facts that decide a score, so a value must never change shape behind the
user's back: booleans are only `true`/`false`, integers with a leading zero stay strings, dates
stay strings (pydantic parses them where a date is expected), and a duplicate key is an error.
Parsing uses libyaml (`CSafeLoader`) when present; values are built straight from its events by
one small loop that records the line and column of every value (so any later problem can point at
it) and enforces the value, depth and number limits while parsing.
"""

from __future__ import annotations

import copy
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
MAX_DEPTH = 100  # real criteria sets nest under 15 levels; later walks recurse
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


class _Frame:
    """One open mapping or sequence while events are read."""

    __slots__ = ("anchor", "container", "count_at_start", "key", "path")

    def __init__(self, container: Any, path: KeyPath, anchor: str | None, count: int) -> None:
        self.container = container
        self.path = path
        self.anchor = anchor
        self.count_at_start = count
        self.key: Any = _NO_KEY  # mappings: the key read, waiting for its value


_NO_KEY = object()
_MAP_TAGS = (None, "!", "tag:yaml.org,2002:map")
_SEQ_TAGS = (None, "!", "tag:yaml.org,2002:seq")


@dataclass(slots=True)
class _Builder:
    """Builds values straight from parser events, so every limit holds while parsing: a 20 MiB
    flat list stops at the value limit instead of first becoming millions of nodes in memory.

    Event classes are compared by identity and scalars typed inline: this loop runs once per value
    of every input, so it is kept to plain operations."""

    filename: str
    marks: Marks
    count: int = 0

    def build(self, loader: Any) -> Any:
        loader.get_event()  # stream start
        event = loader.get_event()
        if event.__class__ is yaml.StreamEndEvent:
            return None
        positions = self.marks.positions
        anchors: dict[str, tuple[Any, int]] = {}
        stack: list[_Frame] = []
        result: Any = None
        while True:
            event = loader.get_event()
            kind = event.__class__
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                if frame.anchor is not None:
                    anchors[frame.anchor] = (frame.container, self.count - frame.count_at_start + 1)
                continue
            if kind is yaml.DocumentEndEvent:
                break
            parent = stack[-1] if stack else None
            if parent is not None and parent.key is _NO_KEY and parent.container.__class__ is dict:
                parent.key = self.key(event, parent.container)
                continue
            # A value: where it goes, then what it is.
            if parent is None:
                path: KeyPath = ()
            elif parent.key is _NO_KEY:
                path = (*parent.path, len(parent.container))
            else:
                path = (*parent.path, str(parent.key))
            self.count += 1
            if self.count > MAX_NODES:
                raise self._error(event, f"document has more than {MAX_NODES} values (alias expansion?)")
            mark = event.start_mark
            positions[path] = (mark.line + 1, mark.column + 1)
            anchor = getattr(event, "anchor", None)
            if kind is yaml.ScalarEvent:
                value = self.scalar(event)
                if anchor is not None:
                    anchors[anchor] = (value, 1)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if kind is yaml.MappingStartEvent:
                    value, allowed = {}, _MAP_TAGS
                else:
                    value, allowed = [], _SEQ_TAGS
                if event.tag not in allowed:
                    raise self._error(event, f"unsupported YAML tag {event.tag}")
                if len(stack) >= MAX_DEPTH:
                    raise self._error(event, f"nested more than {MAX_DEPTH} levels deep")
                stack.append(_Frame(value, path, anchor, self.count))
            elif kind is yaml.AliasEvent:
                value = self.alias(event, anchors, stack)
            else:  # pragma: no cover - the parser yields nothing else inside a document
                raise self._error(event, "unexpected YAML structure")
            if parent is None:
                result = value
            elif parent.key is _NO_KEY:
                parent.container.append(value)
            else:
                parent.container[parent.key] = value
                parent.key = _NO_KEY
        event = loader.get_event()
        if event.__class__ is yaml.DocumentStartEvent:
            raise self._error(event, "expected a single document, found another one")
        return result

    def key(self, event: Any, mapping: dict[Hashable, Any]) -> Hashable:
        if event.__class__ is not yaml.ScalarEvent:
            raise self._error(event, "mapping keys must be plain scalars")
        if event.tag == "tag:yaml.org,2002:merge":
            raise self._error(event, "merge keys (<<) are not supported")
        key = self.scalar(event)
        if key in mapping:
            raise self._error(event, f"duplicate key {key!r}")
        return key

    def scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return event.value  # quoted: always text
            try:
                return _plain_value(event.value)
            except ValueError as error:
                raise self._error(event, str(error)) from None
        if tag == _STR:
            return event.value
        raise self._error(event, f"unsupported YAML tag {tag}")

    def alias(self, event: Any, anchors: dict[str, tuple[Any, int]], stack: list[_Frame]) -> Any:
        """A copy of the anchored value (aliases never share mutable values), counted at its full
        size so an alias bomb stops at the value limit."""
        found = anchors.get(event.anchor)
        if found is None:
            open_anchor = any(frame.anchor == event.anchor for frame in stack)
            problem = "refers to a value that contains it" if open_anchor else "is not defined"
            raise self._error(event, f"alias *{event.anchor} {problem}")
        value, size = found
        self.count += size - 1
        if self.count > MAX_NODES:
            raise self._error(event, f"document has more than {MAX_NODES} values (alias expansion?)")
        return copy.deepcopy(value) if size > 1 else value

    def _error(self, event: Any, message: str) -> InputError:
        mark = event.start_mark
        return InputError.single(self.filename, message, mark.line + 1, mark.column + 1)


def _reader_error(error: yaml.reader.ReaderError, text: str | bytes, filename: str) -> InputError:
    """A character the YAML reader refused, at its line and column (not a byte offset)."""
    position = error.position
    newline: Any = b"\n" if isinstance(text, bytes) else "\n"
    line = text.count(newline, 0, position) + 1
    column = position - (text.rfind(newline, 0, position) + 1) + 1
    code = ord(error.character) if isinstance(error.character, str) else error.character
    if "UTF" in error.reason or "octet" in error.reason:  # bytes that do not decode
        problem = f"not UTF-8 text: {error.reason}"
    else:
        problem = f"character U+{code:04X} is not allowed in YAML ({error.reason})"
    return InputError.single(filename, problem, line, column)


def load_yaml(text: str | bytes, filename: str) -> tuple[Any, Marks]:
    """Parse one YAML document strictly; raise `InputError` with file:line:column on any problem."""
    if len(text) > MAX_YAML_BYTES:
        raise InputError.single(filename, f"file is larger than {MAX_YAML_BYTES // 2**20} MiB")
    marks = Marks()
    loader = _BaseLoader(text)
    try:
        return _Builder(filename, marks).build(loader), marks
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = f"YAML syntax error: {error.problem or error.context}"
        if mark is None:
            raise InputError.single(filename, message) from None
        raise InputError.single(filename, message, mark.line + 1, mark.column + 1) from None
    except yaml.reader.ReaderError as error:
        raise _reader_error(error, text, filename) from None
    except yaml.YAMLError as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError.single(filename, f"YAML error: {first}") from None
    finally:
        loader.dispose()
