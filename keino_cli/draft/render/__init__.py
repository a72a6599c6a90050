"""Draft renderers: one module per format, each `render(draft) -> bytes`, registered here once."""

from __future__ import annotations

import importlib
from enum import StrEnum
from functools import cache
from typing import Any

from keino_cli.draft import Draft, DraftItem


class DraftFormat(StrEnum):
    MARKDOWN = "md"
    DOCX = "docx"
    HTML = "html"
    JSON = "json"


DRAFT_RENDERERS: dict[DraftFormat, str] = {
    DraftFormat.MARKDOWN: "keino_cli.draft.render.markdown",
    DraftFormat.DOCX: "keino_cli.draft.render.docx",
    DraftFormat.HTML: "keino_cli.draft.render.html",
    DraftFormat.JSON: "keino_cli.draft.render.json",
}


def render_draft(draft: Draft, fmt: DraftFormat) -> bytes:
    module = importlib.import_module(DRAFT_RENDERERS[fmt])
    return module.render(draft)


@cache
def words(lang: str) -> dict[str, str]:
    """The draft's words in `lang` (the `draft.*` messages of the one catalog, keino_cli/locale)."""
    from keino_cli.i18n import messages

    prefix = "draft."
    return {
        key.removeprefix(prefix): texts.get(lang) or texts["en"]
        for key, texts in messages().items()
        if key.startswith(prefix)
    }


def number(value: Any, lang: str) -> str:
    """A parameter value as a tender text writes it: 3,5 in Finnish and Swedish, 3.5 in English.

    Unlike the reports' `i18n.number` it keeps the value's own digits and never groups
    thousands: parameter values include years (2030) and codes, which grouping would garble."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, list):
        return ", ".join(number(v, lang) for v in value)
    text = str(value)
    return text.replace(".", ",") if lang in ("fi", "sv") and isinstance(value, float) else text


def with_unit(value: Any, unit: str | None, lang: str) -> str:
    shown = number(value, lang)
    if not unit:
        return shown
    return f"{shown} {unit}" if unit != "%" else f"{shown} %"


def parameter_lines(item: DraftItem, lang: str) -> list[str]:
    """`description: value` per parameter, saying who chooses it."""
    w = words(lang)
    lines = []
    for p in item.parameters:
        note = f" ({w['suggested']}; {w['buyer_chooses']})" if p.buyer_chooses else ""
        if p.from_profile:
            note = f" ({w['from_profile']})"
        lines.append(f"{p.description}: {with_unit(p.value, p.unit, lang)}{note}")
    return lines


def scoring_lines(item: DraftItem, lang: str) -> list[str]:
    """Award scoring in words: step bands (X, 0.6X, 0.3X) or a linear scale."""
    w = words(lang)
    lines = []
    for bound, value, fraction in item.scoring:
        shown = with_unit(value, item.scoring_unit, lang)
        if bound in ("gte", "lte"):
            pct = number(round(fraction * 100, 1), lang)
            lines.append(f"{w['band_' + bound].format(value=shown)}: {w['share_of_points'].format(pct=pct)}")
        else:
            lines.append(w[f"linear_{bound}"].format(value=shown))
    return lines


def source_line(item: DraftItem) -> str:
    source = item.source
    return f"{source.get('document', '')}, {source.get('reference', '')}".strip(", ")


def section_title(name: str, lang: str) -> str:
    return words(lang)[f"section_{name}"]


def label_line(item: DraftItem, lang: str) -> str | None:
    """The labels whose criteria prove the item, each said of whom, "or equivalent"."""
    if not item.labels:
        return None
    w = words(lang)
    named = ", ".join(f"{name} ({w['of_' + holder]})" for name, holder in item.labels)
    return f"{w['proof_labels']}: {named}, {w['or_equivalent']}"
