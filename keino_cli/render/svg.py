"""Small inline SVG charts for the HTML reports, generated from data.

Every chart is an `<svg role="img">` with a `<title>` and a `<desc>` that says in words what the
chart shows, so a screen reader (and a printed page without colour) carries the same
information. Colours pass WCAG AA contrast against white; nothing is loaded from anywhere.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from markupsafe import Markup, escape

GREEN, AMBER, RED, GREY, BLUE, INK = "#1b6e2a", "#8a5a00", "#b3261e", "#d0d5dd", "#1f4e8c", "#1d2433"
_ids = itertools.count(1)


def _colour(value: float | None) -> str:
    if value is None:
        return GREY
    return GREEN if value >= 66 else AMBER if value >= 33 else RED


def _frame(width: int, height: int, title: str, desc: str, body: str) -> Markup:
    n = next(_ids)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="t{n} d{n}" class="chart">'
        f'<title id="t{n}">{escape(title)}</title><desc id="d{n}">{escape(desc)}</desc>{body}</svg>'
    )


def bars(rows: Sequence[tuple[str, float | None, str]], title: str, desc: str, width: int = 560) -> Markup:
    """Horizontal bars 0-100: (label, value or None, value as text)."""
    label_w, bar_w, row_h = 190, width - 190 - 70, 26
    parts = []
    for i, (label, value, text) in enumerate(rows):
        y = i * row_h + 4
        filled = 0 if value is None else bar_w * max(0.0, min(100.0, value)) / 100
        parts.append(
            f'<text x="0" y="{y + 15}" fill="{INK}" font-size="13">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="16" fill="#eef0f4" rx="2"/>'
            f'<rect x="{label_w}" y="{y + 3}" width="{filled:.1f}" height="16" '
            f'fill="{_colour(value)}" rx="2"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 16}" fill="{INK}" font-size="13">{escape(text)}</text>'
        )
    return _frame(width, len(rows) * row_h + 8, title, desc, "".join(parts))


def gauge(fraction: float | None, text: str, title: str, desc: str) -> Markup:
    """A ring showing a share 0-1 (evidence coverage)."""
    size, r = 110, 44
    circumference = 2 * 3.14159265 * r
    shown = 0.0 if fraction is None else max(0.0, min(1.0, fraction))
    body = (
        f'<circle cx="55" cy="55" r="{r}" fill="none" stroke="#eef0f4" stroke-width="12"/>'
        f'<circle cx="55" cy="55" r="{r}" fill="none" stroke="{BLUE}" stroke-width="12" '
        f'stroke-dasharray="{circumference * shown:.1f} {circumference:.1f}" transform="rotate(-90 55 55)"/>'
        f'<text x="55" y="61" text-anchor="middle" font-size="18" font-weight="bold" fill="{INK}">'
        f"{escape(text)}</text>"
    )
    return _frame(size, size, title, desc, body)


def ladder(steps: Sequence[str], reached: int, progress: float | None, title: str, desc: str) -> Markup:
    """Ambition levels as rising steps, each named below; the `reached` first steps are filled,
    the next one is filled to `progress` (0-1, the share of its criteria met)."""
    step_w, rise, label_h = 116, 22, 22
    width = step_w * len(steps)
    top = rise * len(steps)
    parts = []
    for i, name in enumerate(steps):
        x, h = i * step_w, rise * (i + 1)
        y = top - h
        parts.append(f'<rect x="{x}" y="{y}" width="{step_w - 6}" height="{h}" fill="#eef0f4" rx="3"/>')
        if i < reached:
            parts.append(f'<rect x="{x}" y="{y}" width="{step_w - 6}" height="{h}" fill="{GREEN}" rx="3"/>')
        elif i == reached and progress:
            filled = (step_w - 6) * max(0.0, min(1.0, progress))
            parts.append(f'<rect x="{x}" y="{y}" width="{filled:.1f}" height="{h}" fill="#8fc79a" rx="3"/>')
        weight = "bold" if i == reached - 1 else "normal"
        parts.append(
            f'<text x="{x + (step_w - 6) / 2}" y="{top + 16}" font-size="13" text-anchor="middle" '
            f'font-weight="{weight}" fill="{INK}">{escape(name)}</text>'
        )
    return _frame(width, top + label_h, title, desc, "".join(parts))


def histogram(counts: Sequence[int], title: str, desc: str, width: int = 300) -> Markup:
    """Ten 10-point bins of scores 0-100."""
    height, base = 90, 70
    top = max(counts) or 1
    bin_w = (width - 20) / len(counts)
    parts = [f'<line x1="10" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{INK}" stroke-width="1"/>']
    for i, count in enumerate(counts):
        h = (base - 12) * count / top
        x = 10 + i * bin_w
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{base - h:.1f}" width="{bin_w - 2:.1f}" '
            f'height="{h:.1f}" fill="{BLUE}"/>'
        )
        if count:
            parts.append(
                f'<text x="{x + bin_w / 2:.1f}" y="{base - h - 2:.1f}" font-size="10" '
                f'text-anchor="middle" fill="{INK}">{count}</text>'
            )
    for tick in (0, 50, 100):
        x = 10 + (width - 20) * tick / 100
        parts.append(
            f'<text x="{x:.1f}" y="{base + 14}" font-size="10" text-anchor="middle" '
            f'fill="{INK}">{tick}</text>'
        )
    return _frame(width, height, title, desc, "".join(parts))
