"""Small types shared by every model."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

LANGUAGES = ("en", "fi", "sv")


class Strict(BaseModel):
    """Base for every input model: unknown keys are errors, so typos never pass silently; numbers
    are finite (strict JSON output has no NaN or Infinity, and NaN compares false with anything)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, allow_inf_nan=False)


class Text(Strict):
    """A user-facing text in English, Finnish and Swedish."""

    en: str = Field(min_length=1)
    fi: str | None = Field(default=None, min_length=1)
    sv: str | None = Field(default=None, min_length=1)

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to English when that translation is missing."""
        return getattr(self, lang, None) or self.en

    def missing_languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if not getattr(self, lang)]


class Theme(StrEnum):
    CLIMATE = "climate"
    RESOURCE_EFFICIENCY = "resource-efficiency"
    SOCIAL_RESPONSIBILITY = "social-responsibility"
    INNOVATION = "innovation"


CriterionId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")]
Cpv = Annotated[str, StringConstraints(pattern=r"^[0-9]{2,8}$")]
