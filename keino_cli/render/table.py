"""The human report: one screen by default, the whole picture with `--details`.

The default answers what an officer asks first: the score and how much of it the input could
show (evidence coverage), the ambition level per product group and what the next level needs,
the legal obligations that are not shown as met (measured, required, what to change), and the
five steps that would help most, obligations first. `--details` adds the criteria grouped by
status (not met and unknown first, met counted per theme), each fact used listed once, the whole
plan and the waivers. Lines are wrapped at word boundaries and anything that cannot fit is
elided with "…", so no word is ever broken across lines. Every status is a word as well as a
colour, so the report reads with NO_COLOR and piped into a file.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.text import Text

from keino_cli import i18n
from keino_cli.model.result import InputResult, Status
from keino_cli.render import Report, make_console
from keino_cli.render.view import ResultView, Step, obligation_word, summary_line, theme_counts, view

if TYPE_CHECKING:
    from keino_cli.gate import Verdict

STATUS_STYLE = {
    Status.MET: "green",
    Status.PARTLY_MET: "yellow",
    Status.NOT_MET: "red",
    Status.UNKNOWN: "magenta",
    Status.WAIVED: "cyan",
    Status.NOT_APPLICABLE: "dim",
}
STATUS_MARK = {
    Status.MET: "✓",
    Status.PARTLY_MET: "◐",
    Status.NOT_MET: "✗",
    Status.UNKNOWN: "?",
    Status.WAIVED: "~",
    Status.NOT_APPLICABLE: "·",
}
TOP_STEPS = 5
PLAN_ROWS = 10
BAR_WIDTH = 10
INDENT = 4
ROW_HANG = 20  # where a criterion's title starts in --details


def wrap(text: str, width: int, indent: int = 0, lines: int | None = None) -> list[str]:
    """Word-wrapped lines of at most `width` columns, never breaking a word or a hyphenated
    compound; a word longer than a line and text beyond `lines` lines end in "…"."""
    room = max(8, width - indent)
    out = textwrap.wrap(text, room, break_long_words=False, break_on_hyphens=False) or [""]
    out = [clip(line, room) for line in out]
    if lines is not None and len(out) > lines:
        out = out[:lines]
        last = out[-1].rstrip("…").rstrip()
        out[-1] = last + " …" if len(last) + 2 <= room else clip(last, room - 1).rstrip("…") + "…"
    return [" " * indent + line for line in out]


def clip(text: str, width: int) -> str:
    """`text` in at most `width` columns, cut at a word boundary and marked with "…"."""
    if len(text) <= width:
        return text
    cut = text[: max(1, width - 1)]
    at = cut.rstrip().rfind(" ")
    if at > 0.6 * width:  # keep whole words unless that would drop most of the line (a long path)
        cut = cut[:at]
    return cut.rstrip(" ,;:·—-") + "…"


def grid(
    console: Console,
    headers: list[str],
    rows: list[list[str]],
    right: frozenset[int] = frozenset(),
    flex: int = 0,
    title: str | None = None,
) -> None:
    """A plain table whose columns are as wide as their widest cell; when the lines would be
    wider than the console, column `flex` gives way and its cells end in "…". No cell wraps,
    so no word is ever broken."""
    gap = 2
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    over = sum(widths) + gap * (len(widths) - 1) - console.width
    if over > 0:
        widths[flex] = max(len(headers[flex]), 8, widths[flex] - over)

    def line(cells: list[str]) -> str:
        parts = []
        for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            text = clip(str(cell), width)
            parts.append(text.rjust(width) if index in right else text.ljust(width))
        return (" " * gap).join(parts).rstrip()

    if title:
        console.print()
        for text in wrap(title, console.width):
            _line(console, Text(text, style="bold"))
    _line(console, Text(line(headers), style="bold"))
    for cells in rows:
        _line(console, line(cells))


def _bar(value: float | None, width: int = BAR_WIDTH) -> Text:
    if value is None:
        return Text("·" * width, style="dim")
    filled = round(width * value / 100)
    colour = "green" if value >= 66 else "yellow" if value >= 33 else "red"
    return Text("█" * filled, style=colour) + Text("░" * (width - filled), style="dim")


def _line(console: Console, text: str | Text, style: str = "") -> None:
    console.print(text, style=style, no_wrap=True, overflow="ellipsis", crop=True)


def _heading(console: Console, text: str) -> None:
    console.print()
    _line(console, Text(text, style="bold"))


def _header(v: ResultView, lang: str, console: Console) -> None:
    width = console.width
    _line(console, Text(clip(v.title, width), style="bold"))
    cpv = ", ".join(v.cpv) or i18n.t("none_given", lang)
    named = f" ({v.cpv_name})" if v.cpv_name else ""
    where = f"{v.id}  ·  {v.path}  ·  CPV {cpv}{named}"
    _line(console, Text(clip(where, width), style="dim"))
    parts = [i18n.t("report.headline", lang, score=i18n.number(v.score, lang))]
    if v.coverage is not None:
        parts.append(i18n.t("report.coverage", lang, pct=i18n.percent(v.coverage, lang)))
    parts.append(i18n.t("report.ambition_inline", lang, level=v.ambition))
    for line in wrap("  ·  ".join(parts), width):
        _line(console, Text(line, style="bold"))
    if v.is_floor:
        for line in wrap(i18n.t("report.floor", lang), width):
            _line(console, line, style="yellow")
    if v.practice is not None:
        score, coverage = v.practice
        text = i18n.t(
            "report.practice", lang, score=i18n.number(score, lang), pct=i18n.percent(coverage, lang)
        )
        for line in wrap(text, width):
            _line(console, line)


def _groups(v: ResultView, lang: str, console: Console) -> None:
    """Two lines per product group: its name, then score, level reached and the next level's progress."""
    if not v.groups:
        _heading(console, i18n.t("report.groups", lang))
        for line in wrap(i18n.t("report.no_groups", lang), console.width, 2):
            _line(console, line, style="dim")
        return
    _heading(console, i18n.t("report.groups", lang))
    for g in v.groups:
        _line(console, "  " + clip(g.title, console.width - 2))
        progress = Text(f"    {i18n.number(g.score, lang):>5}  ")
        progress.append(g.level, style="bold")
        progress.append("  ")
        if g.next_level is None:
            progress.append(i18n.t("report.top_reached", lang), style="green")
        else:
            filled = round(5 * g.met / g.total) if g.total else 0
            progress.append("▰" * filled + "▱" * (5 - filled) + " ", style="cyan")
            progress.append(i18n.t("report.next", lang, level=g.next_level, met=g.met, total=g.total))
        _line(console, progress)


def _themes(v: ResultView, lang: str, console: Console) -> None:
    _heading(console, i18n.t("report.themes", lang))
    name_w = max(len(t.name) for t in v.themes)
    scores = [i18n.number(row.score, lang) for row in v.themes]
    score_w = max(len(score) for score in scores)
    for row, score in zip(v.themes, scores, strict=True):
        head = f"  {row.name:<{name_w}}  {score:>{score_w}}  "
        room = console.width - len(head) - BAR_WIDTH - 2
        counts = clip(theme_counts(row, lang), room) if room > 8 else ""
        _line(console, Text(head) + _bar(row.score) + Text(f"  {counts}", style="dim"))


def _obligations(v: ResultView, lang: str, console: Console, details: bool) -> None:
    width = console.width
    _heading(console, i18n.t("report.obligations", lang))
    if not v.obligations and not v.obligations_met:
        _line(console, "  " + i18n.t("report.obligations_none", lang), style="dim")
        return
    if v.country_assumed:
        for line in wrap(i18n.t("report.country_assumed", lang, country=v.country_assumed), width, 2):
            _line(console, line, style="yellow")
    for o in v.obligations:
        word = obligation_word(o)
        head = Text(f"  ✗ {o.id}  ", style="bold red") + Text(i18n.t(word, lang), style="bold red")
        head.append("  " + clip(o.title, max(10, width - len(head.plain) - 2)))
        _line(console, head)
        facts = []
        if o.measured is not None:
            facts.append(f"{i18n.t('report.measured', lang)} {o.measured}")
        if o.required is not None:
            facts.append(f"{i18n.t('report.required', lang)} {o.required}")
        if o.missing_facts:
            facts.append(f"{i18n.t('report.missing_facts', lang)}: {', '.join(o.missing_facts)}")
        for line in wrap("  ·  ".join(facts), width, INDENT, lines=2) if facts else []:
            _line(console, line)
        if o.fix:
            fix = f"{i18n.t('report.fix', lang)}: {o.fix}"
            for line in wrap(fix, width, INDENT, lines=None if details else 2):
                _line(console, line)
        for line in wrap(o.source, width, INDENT, lines=None if details else 1):
            _line(console, line, style="dim")
    if v.obligations_met:
        _line(console, "  ✓ " + i18n.t("report.obligations_ok", lang, count=v.obligations_met), style="green")


def _step_head(index: int, step: Step, lang: str) -> Text:
    if step.kind == "obligation":
        what = Text(i18n.t("report.obligation_first", lang), style="bold red")
        what.append("  " + step.title, style="")
        gain = ""
    else:
        what = Text(i18n.t(f"report.{step.kind}", lang), style="yellow" if step.kind == "add" else "magenta")
        gain = i18n.signed(step.gain or 0.0, lang)
    head = Text(f"{index:>2}. ") + Text(f"{gain:>5} ", style="bold") + Text(f"{step.id}  ") + what
    if step.practice:  # its gain is in practice points, beside the headline
        head.append(f"  ({i18n.t('report.practice_points', lang)})", style="dim")
    return head


def _steps(v: ResultView, lang: str, console: Console, details: bool) -> None:
    steps = v.steps[: PLAN_ROWS if details else TOP_STEPS]
    if not steps:
        return
    width = console.width
    key = "report.improvements_all" if details else "report.improvements"
    _heading(console, i18n.t(key, lang))
    for index, step in enumerate(steps, 1):
        _line(console, _step_head(index, step, lang))
        if step.kind == "obligation" and not details:
            continue  # its title, measured/required values and fix are printed above
        # One screen: what each step is about; --details: the text to put into the tender.
        text = step.text if details else step.title
        for line in wrap(text, width, 10, lines=None if details else 1):
            _line(console, line)
        if details and step.source:
            for line in wrap(step.source, width, 10, lines=1):
                _line(console, line, style="dim")


def _criteria(v: ResultView, lang: str, console: Console) -> None:
    width = console.width
    _heading(console, f"{i18n.t('report.criteria', lang)} ({v.applicable})")
    for status, rows in v.rows.items():
        _line(console, Text(f"  {i18n.status(status.value, lang)} ({len(rows)})", style=STATUS_STYLE[status]))
        for row in rows:
            head = f"    {STATUS_MARK[status]} {row.id}{' *' if row.overridden else ''}"
            hang = max(ROW_HANG, len(head) + 2)
            body = wrap(f"{row.title} ({row.level})", width, hang)
            _line(console, head.ljust(hang) + body[0].lstrip())
            for line in body[1:]:
                _line(console, line)
            if row.note:
                for line in wrap(row.note, width, ROW_HANG, lines=2):
                    _line(console, line, style="dim")
    if v.met_by_theme:
        counts = " · ".join(f"{i18n.theme(theme, lang)} {count}" for theme, count in v.met_by_theme.items())
        for line in wrap(i18n.t("report.met_collapsed", lang, counts=counts), width, 2):
            _line(console, line, style="green")


def _facts(v: ResultView, lang: str, console: Console) -> None:
    if not v.facts:
        return
    width = console.width
    _heading(console, i18n.t("report.facts", lang))
    for fact in v.facts:
        first, *rest = wrap(f"{fact.name} = {fact.value}", width, 2)
        for line in [first, *(wrap(" ".join(p.strip() for p in rest), width, 6) if rest else [])]:
            _line(console, line)
        extra = i18n.t("report.used_by", lang, ids=", ".join(fact.used_by))
        if fact.where:
            extra = f"{i18n.t('report.fact_from', lang, where=fact.where)}; {extra}"
        for line in wrap(extra, width, 6, lines=2):
            _line(console, line, style="dim")


def _one(result: InputResult, report: Report, console: Console) -> None:
    lang, details = report.lang, getattr(report, "details", False)
    v = view(result, report)
    _header(v, lang, console)
    _groups(v, lang, console)
    _themes(v, lang, console)
    for ident, title, score, level in v.lots:
        name = f" {title}" if title else ""
        text = i18n.t(
            "report.lot_line", lang, id=ident, title=name, score=i18n.number(score, lang), level=level
        )
        for line in wrap(text, console.width, 2):
            _line(console, line)
    _obligations(v, lang, console, details)
    _steps(v, lang, console, details)
    if details:
        _criteria(v, lang, console)
        _facts(v, lang, console)
        overridden = [row.id for rows in v.rows.values() for row in rows if row.overridden]
        if overridden:
            _line(console, f"* {i18n.t('report.overridden', lang)}: {', '.join(overridden)}", style="dim")
    if v.award_scoring:
        _heading(console, i18n.t("report.award_scoring", lang))
        for award in v.award_scoring:
            for line in wrap(award, console.width, 2, lines=None if details else 2):
                _line(console, line)
    if v.waivers:
        _heading(console, i18n.t("report.waivers", lang))
        for waiver in v.waivers:
            for line in wrap(waiver, console.width, 2, lines=None if details else 2):
                _line(console, line, style="cyan")
    if not details:
        _line(console, Text(i18n.t("report.details_hint", lang, count=v.applicable), style="dim"))


def _verdicts(report: Report, verdicts: list[Verdict], console: Console) -> None:
    """`keino check`: one block per input and the items that decided it; `assess` has the details."""
    from keino_cli.gate import Outcome, summarise

    lang, width = report.lang, console.width
    marks = {Outcome.FAILED: "✗", Outcome.WARNING: "!", Outcome.BASELINED: "≈", Outcome.WAIVED: "~"}
    _line(console, Text(i18n.t("check.title", lang), style="bold"))
    for result, verdict in zip(report.results, verdicts, strict=True):
        a = result.assessment
        mark = (
            Text(i18n.t("check.passed", lang), style="green")
            if verdict.passed
            else Text(i18n.t("check.failed", lang), style="bold red")
        )
        tail = f"  {i18n.number(a.score, lang)}  {i18n.level(a.ambition_level.value, lang)}"
        room = max(10, width - len(mark.plain) - len(tail) - 2)
        _line(console, mark + Text("  " + clip(verdict.path, room)) + Text(tail, style="bold"))
        for check in (c for c in verdict.checks if c.outcome in marks):
            text = f"{marks[check.outcome]} {check.kind.value} {check.id}: {check.message}"
            for line in wrap(text, width, 2, lines=3):
                _line(console, line)
    summary = summarise(verdicts, (p.path for p in report.problems))
    for line in wrap(summary_line(summary, lang), width):
        _line(console, Text(line, style="green" if summary.passed else "bold red"))
    _line(console, i18n.t("check.legend", lang), style="dim")


def render(report: Report, out: TextIO, terminal: bool) -> None:
    console = make_console(out, terminal)
    if report.verdicts is not None:
        _verdicts(report, report.verdicts, console)
        return
    for index, result in enumerate(report.results):
        if index:
            console.rule()
        _one(result, report, console)
