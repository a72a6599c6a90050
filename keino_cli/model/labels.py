"""Labels as data: what each label certifies, per product group, with its criteria document.

A tender that requires a label (or equivalent) requires every criterion the label's criteria
document sets (Act 1397/2016 §72, Directive 2014/24/EU Art. 43), so the facts those criteria
state are credited to the tender. A label is required either of the products delivered or of the
service provider (a service label such as EU Ecolabel indoor cleaning services certifies the
provider's whole service system); each scheme says which.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, HttpUrl

from keino_cli.model.common import Strict, Text
from keino_cli.model.records import LabelHolder
from keino_cli.model.rules import FactPath

LabelId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]


class LabelScheme(Strict):
    """One criteria document of a label (a product group, a version) and the facts it certifies."""

    id: LabelId
    of: LabelHolder
    product_groups: list[str] = Field(
        default=[], description="Where the scheme applies; empty means any procurement."
    )
    document: str = Field(min_length=3, description="The criteria document (decision, criteria version).")
    url: HttpUrl
    status: Literal["verified", "secondary"]  # as a criterion source: read in the document, or not
    certifies: dict[FactPath, Any] = Field(
        default={}, description="Fact path -> the value a tender requiring the label states."
    )
    references: dict[FactPath, str] = Field(
        default={}, description="Fact path -> the criterion of the document that certifies it."
    )
    note: str | None = None


class Label(Strict):
    title: Text
    issuer: str = Field(min_length=3)
    url: HttpUrl
    or_equivalent: bool = Field(
        default=True,
        description="Equivalent labels and proof must be accepted (Directive 2014/24/EU Art. 43).",
    )
    schemes: list[LabelScheme] = Field(min_length=1)
