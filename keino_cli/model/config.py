"""The keys a keino config file may hold (`keino.toml` or `[tool.keino]` of pyproject.toml);
`keino_cli.config` validates a file against it and merges it into the effective settings."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from keino_cli.model.common import Strict, Theme

Score = Annotated[float, Field(ge=0, le=100)]


class FileConfig(Strict):
    """The keys a config file may hold (dashed, as TOML tools usually spell them)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=lambda name: name.replace("_", "-")
    )

    criteria: list[str] | None = None
    no_bundled: bool | None = None
    profile: str | None = None
    lang: Literal["en", "fi", "sv"] | None = None
    ignore: list[str] | None = None
    fail_under: Score | None = None
    fail_under_theme: dict[Theme, Score] | None = None
    require: list[str] | None = None
    min_level: Literal["core", "comprehensive", "spearhead"] | None = None
    allow_unknown_gates: bool | None = None
    baseline: str | None = None
    doc_lang: Literal["en", "fi", "sv"] | None = None
    encoding: str | None = None
    input_format: Literal["eforms", "ocds", "description", "pdf", "docx", "markdown", "text"] | None = None
    time_limit: Annotated[float, Field(ge=0)] | None = None
    memory_limit: Annotated[int, Field(ge=0)] | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
