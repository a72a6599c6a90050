"""Small types shared by every model."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from keino_cli.model.records import LANGUAGES, TextMethods, Theme

__all__ = ["LANGUAGES", "Cpv", "CriterionId", "Strict", "Text", "Theme"]


class Strict(BaseModel):
    """Base for every input model: unknown keys are errors, so typos never pass silently; numbers
    are finite (strict JSON output has no NaN or Infinity, and NaN compares false with anything)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, allow_inf_nan=False)


class Text(Strict, TextMethods):
    """A user-facing text in English, Finnish and Swedish."""

    en: str = Field(min_length=1)
    fi: str | None = Field(default=None, min_length=1)
    sv: str | None = Field(default=None, min_length=1)


CriterionId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")]
Cpv = Annotated[str, StringConstraints(pattern=r"^[0-9]{2,8}$")]
