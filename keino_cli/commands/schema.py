"""`keino schema`: JSON Schemas for editors (yaml-language-server, VS Code) from the pydantic models."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from keino_cli.commands.common import check_choice

KINDS = ["description", "criteria", "profile"]


def schema_of(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of keino input file."""
    from pydantic import BaseModel
    from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
    from pydantic_core import CoreSchema

    from keino_cli.model.criteria import CriteriaSet
    from keino_cli.model.procurement import Procurement
    from keino_cli.model.profile import Profile

    class Stamped(GenerateJsonSchema):
        def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
            result = super().generate(schema, mode=mode)
            result["$schema"] = self.schema_dialect
            return result

    models: dict[str, type[BaseModel]] = {
        "description": Procurement,
        "criteria": CriteriaSet,
        "profile": Profile,
    }
    model = models[kind]
    return model.model_json_schema(schema_generator=Stamped)


def schema(
    kind: Annotated[
        str, typer.Argument(metavar="KIND", help="description, criteria or profile.")
    ] = "description",
) -> None:
    """Print the JSON Schema of a keino input file, for editor completion and checks.

    Example: keino schema description > description.schema.json
    """
    json.dump(
        schema_of(check_choice(kind, KINDS, "KIND")),
        sys.stdout,
        indent=2,
        ensure_ascii=False,
        allow_nan=False,
    )
    sys.stdout.write("\n")
