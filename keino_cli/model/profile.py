"""Scoring profiles: an organisation's theme weights and its own values for criterion parameters."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from keino_cli.model.common import Strict, Theme
from keino_cli.model.criteria import Level
from keino_cli.model.legal import LegalProfile
from keino_cli.model.rules import Scalar

# Relative weights: never negative (a negative weight would reward missing a theme); bounded so a
# weighted sum can never overflow to infinity.
ThemeWeight = Annotated[float, Field(ge=0, le=1_000_000)]


class Profile(Strict):
    """Without a profile every theme weighs the same and every parameter keeps its default."""

    id: str = "default"
    title: str | None = None
    theme_weights: dict[Theme, ThemeWeight] = Field(
        default_factory=lambda: dict.fromkeys(Theme, 1.0),
        description="Relative weight of each theme in the overall score; a missing theme weighs 0.",
    )
    level_weights: dict[Level, float] = Field(
        default_factory=lambda: {Level.CORE: 2.0, Level.COMPREHENSIVE: 1.0, Level.SPEARHEAD: 1.0},
        description="Multiplies each criterion's weight by its ambition level: core criteria address "
        "the key impacts of a product group (EU GPP), so by default they weigh twice as much; a "
        "missing level weighs 1.",
    )
    parameters: dict[str, dict[str, Scalar | list[Scalar]]] = Field(
        default_factory=dict, description="Criterion id -> parameter name -> value."
    )
    legal: LegalProfile = Field(default_factory=LegalProfile, description="Country default, own targets.")
