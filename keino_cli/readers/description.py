"""keino's own procurement description, in YAML or JSON.

YAML goes through the strict loader (YAML 1.2 scalars, duplicate keys refused, line marks kept);
JSON through the standard library with duplicate keys refused too. Facts then point at their
field and, for YAML, at their line and column.
"""

from __future__ import annotations

import json
from typing import Any

from keino_cli.errors import InputError
from keino_cli.model.procurement import Origin, Procurement, ProcurementInput
from keino_cli.readers import ReadOptions
from keino_cli.validation import dotted, validate
from keino_cli.yamlsource import KeyPath, Marks, load_yaml


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _load_json(data: bytes, path: str) -> Any:
    try:
        return json.loads(data, object_pairs_hook=_refuse_duplicates)
    except json.JSONDecodeError as error:
        raise InputError.single(path, f"JSON syntax error: {error.msg}", error.lineno, error.colno) from None
    except UnicodeDecodeError as error:
        raise InputError.single(path, f"not UTF-8 text: {error.reason}") from None
    except ValueError as error:  # a duplicate key
        raise InputError.single(path, str(error)) from None


def _is_json(path: str, data: bytes) -> bool:
    if path.lower().endswith(".json"):
        return True
    return path == "-" and data.lstrip()[:1] in (b"{", b"[")


def parse(path: str, data: bytes) -> tuple[Any, Marks, str]:
    """The raw mapping of a description, its marks (empty for JSON) and its format name."""
    if _is_json(path, data):
        return _load_json(data, path), Marks(), "json"
    parsed, marks = load_yaml(data, path)
    return parsed, marks, "yaml"


def read(path: str, data: bytes, options: ReadOptions) -> ProcurementInput:
    raw, marks, fmt = parse(path, data)
    if not isinstance(raw, dict):
        raise InputError.single(path, "a procurement description must be a mapping", 1, 1)
    procurement = validate(Procurement, raw, path, marks)

    def locate(key_path: KeyPath) -> Origin:
        line, column = marks.find(key_path)
        return Origin("description", dotted(key_path), line, column)

    return ProcurementInput(procurement, path, fmt, locate)
