"""The shape of a baseline file (`keino check --write-baseline`), checked when one is read."""

from __future__ import annotations

from keino_cli.gate import Kind
from keino_cli.model.common import Strict


class BaselineEntry(Strict):
    input: str
    kind: Kind
    id: str


class BaselineFile(Strict):
    """The shape `write_baseline` writes."""

    schema_version: str
    tool: str
    failures: list[BaselineEntry]
