"""keino's own procurement description, in YAML or JSON.

YAML goes through the strict loader (YAML 1.2 scalars, duplicate keys refused, line marks kept);
JSON through the strict JSON loader (the same rules, and line marks found when needed). Facts
then point at their field, line and column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from keino_cli.errors import InputError
from keino_cli.model.origin import Origin, ProcurementInput
from keino_cli.readers import ReadOptions
from keino_cli.readers.plain import procurement as plain
from keino_cli.validation import dotted
from keino_cli.yamlsource import KeyPath, Marks, load_yaml

if TYPE_CHECKING:
    from keino_cli.model.procurement import Procurement


def _is_json(path: str, data: bytes) -> bool:
    if path.lower().endswith(".json"):
        return True
    return path == "-" and data.lstrip()[:1] in (b"{", b"[")


def parse(path: str, data: bytes) -> tuple[Any, Marks, str]:
    """The raw mapping of a description, its marks and its format name."""
    if _is_json(path, data):
        from keino_cli.jsonsource import load_json  # only for JSON: its module compiles a dozen patterns

        parsed, marks = load_json(data, path)
        return parsed, marks, "json"
    parsed, marks = load_yaml(data, path)
    return parsed, marks, "yaml"


def read(path: str, data: bytes, options: ReadOptions) -> ProcurementInput:
    raw, marks, fmt = parse(path, data)
    if not isinstance(raw, dict):
        raise InputError.single(path, "a procurement description must be a mapping", 1, 1)
    # The light objects have the models' attribute names and value types (see `readers.plain`).
    procurement = cast("Procurement | None", plain(raw)) if options.plain else None
    if procurement is None:  # the models where the plain check is unsure, or plain is not asked for
        from keino_cli.model.procurement import Procurement
        from keino_cli.validation import validate

        procurement = validate(Procurement, raw, path, marks)

    def locate(key_path: KeyPath) -> Origin:
        line, column = marks.find(key_path)
        return Origin("description", dotted(key_path), line, column)

    return ProcurementInput(procurement, path, fmt, locate)
