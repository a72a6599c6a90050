"""A procurement as keino's own description YAML, each value commented with where it came from.

`keino convert` writes this for a notice so that a buyer can correct or complete what the notice
says and assess the description again. Scalars are written as JSON strings and numbers, which
read back unchanged under the strict YAML 1.2 loader (no `no` turning into false).
"""

from __future__ import annotations

import json
import re
from typing import Any

from keino_cli.model.procurement import Locator, ProcurementInput

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_THREE_STATE = ("award_criteria", "labels")  # an empty list here means "none", not "unknown"
MAX_SNIPPET = 160


def _prune(value: Any, key_path: tuple[str | int, ...]) -> Any:
    """Drop empty defaults (cpv: [], facts: {}) but keep explicit empty answers in facts and lists."""
    if isinstance(value, dict):
        return {
            key: _prune(item, (*key_path, key))
            for key, item in value.items()
            if item not in ([], {}) or key in _THREE_STATE or "facts" in key_path
        }
    if isinstance(value, list):
        return [_prune(item, (*key_path, index)) for index, item in enumerate(value)]
    return value


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value == []:
        return "[]"
    if value == {}:
        return "{}"
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


class _Writer:
    def __init__(self, locate: Locator) -> None:
        self.locate = locate
        self.lines: list[str] = []

    def comment(self, key_path: tuple[str | int, ...]) -> str:
        """`  # <origin>` when the value has an origin of its own (not only its parent's)."""
        origin = self.locate(key_path)
        if origin.pointer == self.locate(key_path[:-1]).pointer:
            return ""
        text = f"  # {origin.describe()}"
        if origin.snippet:
            snippet = " ".join(origin.snippet.split())
            text += f"; also {snippet[:MAX_SNIPPET]}{'…' if len(snippet) > MAX_SNIPPET else ''}"
        return text

    def mapping(self, value: dict[str, Any], key_path: tuple[str | int, ...], pad: str) -> None:
        for key, item in value.items():
            path = (*key_path, key)
            name = key if _PLAIN_KEY.match(key) else json.dumps(key, ensure_ascii=False, allow_nan=False)
            if isinstance(item, (dict, list)) and item:
                self.lines.append(f"{pad}{name}:{self.comment(path)}")
                self.block(item, path, pad + "  ")
            else:
                self.lines.append(f"{pad}{name}: {_scalar(item)}{self.comment(path)}")

    def block(self, value: Any, key_path: tuple[str | int, ...], pad: str) -> None:
        if isinstance(value, dict):
            self.mapping(value, key_path, pad)
            return
        for index, item in enumerate(value):
            path = (*key_path, index)
            if isinstance(item, dict) and item:
                comment = self.comment(path)
                if comment:
                    self.lines.append(f"{pad}#{comment.removeprefix('  #')}")
                start = len(self.lines)
                self.mapping(item, path, pad + "  ")
                self.lines[start] = f"{pad}- {self.lines[start][len(pad) + 2 :]}"
            else:
                self.lines.append(f"{pad}- {_scalar(item)}{self.comment(path)}")


def description_yaml(data: ProcurementInput) -> str:
    """The description YAML of one read input, with a header saying how to use it."""
    body = _prune(data.procurement.model_dump(mode="json", exclude_none=True), ())
    writer = _Writer(data.locate)
    writer.lines += [
        f"# Procurement description converted by keino from {data.path} ({data.format}).",
        "# Each comment names the element (XPath, line) or field (JSON pointer) the value came from.",
        "# Correct or complete the values, then run: keino assess <this file>",
    ]
    writer.mapping(body, (), "")
    return "\n".join(writer.lines) + "\n"
