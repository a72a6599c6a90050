"""The drafted annex as Markdown: headings, numbered items, one table of values per item."""

from __future__ import annotations

from keino_cli.draft import SECTION_ORDER, Draft, DraftItem
from keino_cli.draft.render import (
    label_line,
    parameter_lines,
    scoring_lines,
    section_title,
    source_line,
    with_unit,
    words,
)
from keino_cli.draft.render import number as number_text


def _item(number: str, item: DraftItem, lang: str) -> list[str]:
    w = words(lang)
    marker = f" — **{w['obligation']}**" if item.obligation else ""
    lines = [f"### {number} {item.title}{marker}", "", item.text, ""]
    values = parameter_lines(item, lang)
    if values:
        lines += [f"*{w['values']}:*", "", *(f"- {line}" for line in values), ""]
    if item.suggested_weight is not None:
        lines += [f"*{w['weight']}:* {with_unit(item.suggested_weight, '%', lang)}", ""]
    steps = scoring_lines(item, lang)
    if steps:
        lines += [f"*{w['scoring']}:*", "", *(f"- {line}" for line in steps), ""]
    lines += [f"*{w['verification']}:*", "", *(f"- {text}" for text in item.verification), ""]
    labels = label_line(item, lang)
    if labels:
        lines += [labels, ""]
    url = item.source.get("url")
    source = f"[{source_line(item)}]({url})" if url else source_line(item)
    lines += [f"*{w['source']}:* {source} · *{w['keino_id']}:* `{item.criterion_id}`", ""]
    return lines


def markdown_text(draft: Draft) -> str:
    lang = draft.lang
    w = words(lang)
    level = w[f"level_{draft.level}"]
    lines = [
        f"# {w['annex_title']}",
        "",
        f"**{w['product_groups']}:** {', '.join(draft.group_titles) or '-'}  ",
        f"**{w['cpv']}:** {', '.join(draft.cpv)}  ",
        f"**{w['level']}:** {level}",
        "",
        w["intro"],
        "",
    ]
    number = 0
    for section in SECTION_ORDER:
        items = draft.section(section)
        if not items:
            continue
        number += 1
        lines += [f"## {number}. {section_title(section, lang)}", ""]
        if section == "obligations":
            lines += [w["section_obligations_note"], ""]
        if section == "award" and draft.award_weight is not None:
            lines += [w["award_weight_note"].format(weight=number_text(draft.award_weight, lang)), ""]
        for index, item in enumerate(items, 1):
            lines += _item(f"{number}.{index}", item, lang)
    if draft.declarations:
        number += 1
        lines += [f"## {number}. {w['section_declarations']}", ""]
        lines += [
            f"- {w[key]}: {', '.join(f'`{c}`' for c in codes)}" for key, codes in draft.declarations.items()
        ]
        lines.append("")
    return "\n".join(lines)


def render(draft: Draft) -> bytes:
    return markdown_text(draft).encode("utf-8")
