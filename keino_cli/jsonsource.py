"""Strict JSON for every keino loader: one set of rules, every problem located at line:column.

Descriptions, OCDS packages, batch resume files and gate baselines all come from users or other
tools, so one loader refuses what would change a value behind the user's back or crash later:
duplicate keys, `NaN`/`Infinity` and numbers that overflow to infinity (strict JSON has none, and
keino's own JSON output must stay strict), integers too long to convert, nesting deeper
than any real document, and files over the size limit.

Parsing uses the standard library's C scanner. Positions are found only when something must be
located (a refused value, a validation error): `JsonMarks` scans the text once on first use with
a small tokenizer and records the line and column of every value by key path, like the YAML marks.
"""

from __future__ import annotations

import bisect
import json
import math
import re
import sys
from collections.abc import Iterator
from typing import Any

from keino_cli.errors import InputError
from keino_cli.yamlsource import KeyPath, Marks

MAX_JSON_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 100  # real OCDS and descriptions nest under 15 levels; later walks recurse
MAX_INT_DIGITS = sys.get_int_max_str_digits() or 4300  # Python refuses longer decimal integers

_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_STRINGS = re.compile(_STRING, re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_EMPTY_PAIR = re.compile(r"\[\]|\{\}")
_TOKEN = re.compile(
    r"[ \t\n\r]*(?:(?P<s>" + _STRING + r")|(?P<p>[{}\[\],:])"
    r"|(?P<n>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)"
    r"|(?P<c>NaN|-?Infinity)|(?P<l>true|false|null))",
    re.S,
)


class _Refused(ValueError):
    """Raised by the parse hooks; the message is then located by a position scan."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Refused("duplicate key")
    return result


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _Refused("number out of range")
    return value


def _refuse_constant(text: str) -> Any:
    raise _Refused("non-finite number")


def _problem_of(token: re.Match[str] | None) -> str:
    """What is wrong with the refused scalar `token`."""
    if token is None:
        return "malformed value"
    kind = token.lastgroup
    text = token.group(kind or 0)
    shown = text if len(text) <= 20 else text[:20] + "…"
    if kind == "c":
        return f"{text} is not a JSON number (strict JSON has no NaN or Infinity)"
    if kind == "n" and not any(mark in text for mark in ".eE"):
        digits = len(text.lstrip("-"))
        return f"integer of {digits} digits is too long (at most {MAX_INT_DIGITS})"
    return f"number {shown} is out of range (it would be infinite)"


_WS = re.compile(r"[ \t\n\r]*")
_KEY = re.compile(r"(" + _STRING + r")[ \t\n\r]*:[ \t\n\r]*", re.S)
_NEXT = re.compile(r"[ \t\n\r]*([,\]}])[ \t\n\r]*")
_PLAIN = json.JSONDecoder()
_STRICT = json.JSONDecoder(
    object_pairs_hook=_pairs, parse_float=_finite_float, parse_constant=_refuse_constant
)


def _children(
    text: str, start: int, decoder: json.JSONDecoder
) -> Iterator[tuple[str | int, int, int, int, BaseException | None]]:
    """(key or index, key offset, value offset, value end, error) of each child of the container
    at `start`. Values are skipped with the C scanner; a value it refuses ends the walk with the
    error (its end is then unknown, -1)."""
    opener = text[start]
    closer = "}" if opener == "{" else "]"
    position = _WS.match(text, start + 1).end()  # type: ignore[union-attr]
    if text.startswith(closer, position):
        return
    index = 0
    while True:
        key_at = position
        key: str | int
        if opener == "{":
            found = _KEY.match(text, position)
            if found is None:
                return
            key = json.loads(found.group(1))
            position = found.end()
        else:
            key, index = index, index + 1
        try:
            _, end = decoder.raw_decode(text, position)
        except (ValueError, RecursionError) as error:
            yield key, key_at, position, -1, error
            return
        yield key, key_at, position, end, None
        following = _NEXT.match(text, end)
        if following is None or following.group(1) != ",":
            return
        position = following.end()


def _locate(text: str, max_depth: int) -> tuple[int, str]:
    """Offset and description of the first refused thing: descend into the first child the
    strict decoder refuses (or that nests too deep) until a key or a scalar is to blame.
    Each level costs one C-speed pass over its container; the nesting is bounded."""
    start = _WS.match(text).end()  # type: ignore[union-attr]
    depth = 0
    while True:
        if text[start : start + 1] not in ("[", "{"):
            return start, _problem_of(_TOKEN.match(text, start))
        depth += 1
        if depth > max_depth:
            return start, f"nested more than {max_depth} levels deep"
        seen: set[str | int] = set()
        for key, key_at, child, end, error in _children(text, start, _STRICT):
            if key in seen:
                return key_at, f"duplicate key {key!r}"
            seen.add(key)
            if error is not None or _too_deep(text[child:end], max_depth - depth):
                start = child
                break
        else:
            return start, "malformed value"


def _too_deep(text: str, max_depth: int) -> bool:
    """Whether brackets nest deeper than `max_depth`, at C speed: strings are removed, then
    innermost empty pairs are peeled off once per level."""
    if text.count("[") + text.count("{") <= max_depth:
        return False
    brackets = _NOT_BRACKET.sub("", _STRINGS.sub("", text))
    for _ in range(max_depth):
        brackets, peeled = _EMPTY_PAIR.subn("", brackets)
        if not brackets or not peeled:
            return False  # balanced within the limit, or unbalanced: the parser says so
    return bool(brackets)


_SCAN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},:]', re.S)  # texts and punctuation
SCAN_ALL_BELOW = 64 * 1024  # characters: a description is scanned whole, a large OCDS file walked


def _all_offsets(text: str) -> dict[KeyPath, int]:
    """The offset of every value of a (valid) JSON text by key path, in one pass over its texts
    and punctuation: cheaper than walking for a small document whose values are all located."""
    ws = _WS.match
    start = ws(text).end()  # type: ignore[union-attr]
    offsets: dict[KeyPath, int] = {(): start}
    # One open container: its path, whether it is an object, the key or index of the current
    # member, and (objects) whether a key is expected next.
    stack: list[list[Any]] = []
    for token in _SCAN.finditer(text, start):
        char = text[token.start()]
        if char == '"':
            if stack and stack[-1][1] and stack[-1][3]:
                raw = token.group()
                stack[-1][2] = json.loads(raw) if "\\" in raw else raw[1:-1]
                stack[-1][3] = False
        elif char == ":":
            top = stack[-1]
            offsets[(*top[0], top[2])] = ws(text, token.end()).end()  # type: ignore[union-attr]
        elif char == ",":
            top = stack[-1]
            if top[1]:
                top[3] = True
            else:
                top[2] += 1
                offsets[(*top[0], top[2])] = ws(text, token.end()).end()  # type: ignore[union-attr]
        elif char == "{" or char == "[":
            path: KeyPath = () if not stack else (*stack[-1][0], stack[-1][2])
            stack.append([path, char == "{", 0, True])
            if char == "[":
                first = ws(text, token.end()).end()  # type: ignore[union-attr]
                if text[first : first + 1] != "]":
                    offsets[(*path, 0)] = first
        else:
            stack.pop()
    return offsets


class JsonMarks(Marks):
    """Marks of a JSON document, found on demand: a small document is scanned whole on the first
    `find` (`_all_offsets`); in a large one `find` walks down the key path, skipping sibling
    values with the C scanner, and remembers each container it has walked."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text
        self._walked: set[KeyPath] = set()
        self._offsets: dict[KeyPath, int] = {}
        self._newlines: list[int] | None = None
        self._scanned = False

    def find(self, path: KeyPath) -> tuple[int | None, int | None]:
        text = self._text
        if len(text) < SCAN_ALL_BELOW:
            if not self._scanned:
                self._scanned = True
                if _WS.match(text).end() < len(text):  # type: ignore[union-attr]
                    self._offsets = _all_offsets(text)
            probe = tuple(path)
            while probe not in self._offsets:
                if not probe:
                    return None, None
                probe = probe[:-1]
            return self._line_column(self._offsets[probe])
        start = _WS.match(text).end()  # type: ignore[union-attr]
        if start >= len(text):
            return None, None
        self._offsets.setdefault((), start)
        reached: KeyPath = ()
        for part in path:
            if reached not in self._walked:
                self._walked.add(reached)
                offset = self._offsets[reached]
                if text[offset : offset + 1] in ("[", "{"):
                    for key, _, child, _, _ in _children(text, offset, _PLAIN):
                        self._offsets[(*reached, key)] = child
            if (*reached, part) not in self._offsets:
                break
            reached = (*reached, part)
        return self._line_column(self._offsets[reached])

    def _line_column(self, offset: int) -> tuple[int, int]:
        if self._newlines is None:
            self._newlines = [found.start() for found in re.finditer("\n", self._text)]
        line = bisect.bisect_left(self._newlines, offset)
        line_start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - line_start + 1


def decode(data: bytes | str, filename: str) -> str:
    """The text of a JSON file (UTF-8, -16 or -32 as JSON allows; a UTF-8 BOM is dropped)."""
    if isinstance(data, str):
        return data
    encoding = json.detect_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError.single(
            filename, f"not {encoding.upper()} text: {error.reason}", line, column
        ) from None


def load_json(
    data: bytes | str, filename: str, *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_DEPTH
) -> tuple[Any, Marks]:
    """Parse one JSON document strictly; raise `InputError` with file:line:column on any problem.

    Returns the value and its marks (positions found lazily, see `JsonMarks`)."""
    if len(data) > max_bytes:
        raise InputError.single(filename, f"file is larger than {max_bytes // 2**20} MiB")
    text = decode(data, filename)
    try:
        if _too_deep(text, max_depth):
            raise _Refused("too deep")
        value = _STRICT.decode(text)
    except json.JSONDecodeError as error:
        raise InputError.single(
            filename, f"JSON syntax error: {error.msg}", error.lineno, error.colno
        ) from None
    except (ValueError, RecursionError):  # refused by a hook, or an integer too long to convert
        raise _located(text, filename, max_depth) from None
    return value, JsonMarks(text)


def _located(text: str, filename: str, max_depth: int) -> InputError:
    offset, message = _locate(text, max_depth)
    line = text.count("\n", 0, offset) + 1
    return InputError.single(filename, message, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def loads_line(raw: bytes | str) -> Any:
    """One JSONL line under the same rules, for files keino wrote itself (resume): raises
    `ValueError` (including `InputError`'s cause) so callers can count a bad line and go on."""
    try:
        return load_json(raw, "-")[0]
    except InputError as error:
        raise ValueError(str(error)) from None
