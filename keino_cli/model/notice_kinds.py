"""Notice kinds as data: which criteria a prior information, modification, completion or design
contest notice can be assessed on (criteria/notice-kinds.yaml). A contract notice needs no entry."""

from __future__ import annotations

from pydantic import Field, HttpUrl, model_validator

from keino_cli.model.common import CriterionId, Strict, Text
from keino_cli.model.records import NoticeKindMethods


class KindSource(Strict):
    document: str = Field(min_length=3)
    url: HttpUrl


class NoticeKind(Strict, NoticeKindMethods):
    title: Text
    notice_types: list[str] = Field(min_length=1, description="eForms BT-02 notice-type codes.")
    ocds_tender_statuses: list[str] = Field(
        default=[], description="OCDS tender.status codes (codelist tenderStatus) of notices of this kind."
    )
    only: list[CriterionId] | None = Field(default=None, description="The criteria that apply; [] = none.")
    except_: list[CriterionId] | None = Field(
        default=None, alias="except", description="The criteria that do not apply; the others do."
    )
    reason: Text
    portfolio: bool = Field(description="Counts in portfolio denominators (is a procurement of its own).")
    source: KindSource

    @model_validator(mode="after")
    def _only_or_except(self) -> NoticeKind:
        if (self.only is None) == (self.except_ is None):
            raise ValueError("a notice kind needs exactly one of `only` or `except`")
        return self
