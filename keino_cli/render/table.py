"""The human report: overall score and ambition, a bar per theme, criteria, gates, improvement plan.

It reads well in a terminal, piped into a file, and with NO_COLOR: every status is a word as
well as a colour, and bars are plain block characters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from keino_cli.model.procurement import Fact
from keino_cli.model.result import Assessment, InputResult, Status
from keino_cli.render import Report, make_console
from keino_cli.render.labels import label

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
THEMES = ("climate", "resource-efficiency", "social-responsibility", "innovation")
COUNTED = ("met", "partly_met", "not_met", "unknown", "waived")
PLAN_ROWS = 10
BAR_WIDTH = 10
LOW_COVERAGE = 0.5  # below this share of known weight the report says the score is a floor


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f} %"


def _bar(value: float | None) -> Text:
    if value is None:
        return Text("·" * BAR_WIDTH, style="dim")
    filled = round(BAR_WIDTH * value / 100)
    colour = "green" if value >= 66 else "yellow" if value >= 33 else "red"
    return Text("█" * filled, style=colour) + Text("░" * (BAR_WIDTH - filled), style="dim")


def _where(fact: Fact) -> str:
    """A detected fact names its passage, a credited one its label; description facts need no note."""
    origin = fact.origin
    if origin.label is not None:
        return f" (via label {origin.label})"
    if origin.source == "document" or origin.source.endswith("-text"):
        return f" ({origin.pointer})"
    return ""


def _status(status: Status, lang: str) -> Text:
    return Text(label(status.value, lang), style=STATUS_STYLE[status])


def _themes(assessment: Assessment, lang: str) -> Table:
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column(label("theme", lang), no_wrap=True)
    table.add_column(label("score", lang), justify="right", min_width=len(label("score", lang)))
    table.add_column("", no_wrap=True, min_width=BAR_WIDTH)
    table.add_column("", style="dim")
    for theme, result in assessment.themes.items():
        # Only the statuses that occur, in words: "7 met · 2 unknown" reads in any language.
        counts = " · ".join(
            f"{result.counts[status]} {label(status, lang)}" for status in COUNTED if result.counts[status]
        )
        table.add_row(label(theme, lang), _score(result.score), _bar(result.score), counts)
    return table


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _criteria(assessment: Assessment, report: Report) -> Table:
    """Applicable criteria grouped by theme; each row names the facts it used."""
    lang = report.lang
    table = Table(title=label("criteria", lang), title_justify="left", header_style="bold", expand=False)
    table.add_column(label("status", lang), no_wrap=True)
    table.add_column(label("criterion", lang), no_wrap=True)
    table.add_column(label("title", lang), overflow="fold", ratio=3)
    table.add_column(label("level", lang), no_wrap=True)
    table.add_column(label("facts", lang), overflow="fold", ratio=2)
    for theme in THEMES:
        rows = [
            r
            for r in assessment.criteria
            if r.theme == theme and r.status is not Status.NOT_APPLICABLE and not r.legal_gate
        ]
        if not rows:
            continue
        table.add_row("", "", Text(label(theme, lang), style="bold"), "", "", end_section=False)
        for result in rows:
            criterion = report.catalog.criteria[result.id].criterion
            facts = "; ".join(
                f"{n.rsplit('.', 1)[-1]}={_value(f.value)}{_where(f)}" for n, f in result.facts_used.items()
            )
            if result.waiver_reason:
                facts = f"{label('waived', lang)}: {result.waiver_reason}"
            table.add_row(
                _status(result.status, lang),
                result.id + (" *" if result.overridden_by else ""),
                criterion.title.get(lang),
                label("core" if result.level == "core" else "compr.", lang),
                facts or "—",
                end_section=result is rows[-1],
            )
    return table


def _gates(assessment: Assessment, report: Report) -> Table | None:
    gates = assessment.gates
    if not gates:
        return None
    lang = report.lang
    table = Table(title=label("gates", lang), title_justify="left", header_style="bold")
    for heading in ("status", "criterion", "obligation", "source"):
        table.add_column(label(heading, lang), no_wrap=heading in ("status", "criterion"))
    for gate in gates:
        criterion = report.catalog.criteria[gate.id].criterion
        if gate.status is Status.MET:
            status = Text(label("compliant", lang), style="green")
        elif gate.status is Status.NOT_MET:
            status = Text(label("not_compliant", lang), style="bold red")
        else:
            status = _status(gate.status, lang)
        what = Text(criterion.title.get(lang))
        obligation = gate.obligation
        if obligation is not None and gate.status is not Status.MET:
            # measured -> required (missing facts), whatever the report language: the values are data
            measured = ", ".join(f"{k} = {v}" for k, v in (obligation["measured"] or {}).items()) or "?"
            missing = ", ".join(obligation["missing_facts"])
            what.append(f"\n{measured} → {obligation['required']}", style="yellow")
            if missing:
                what.append(f"\n? {missing}", style="yellow")
        table.add_row(status, gate.id, what, f"{criterion.source.document}, {criterion.source.reference}")
    return table


def _plan(assessment: Assessment, report: Report) -> Table | None:
    if not assessment.improvement_plan:
        return None
    lang = report.lang
    table = Table(title=label("plan", lang), title_justify="left")
    table.add_column(label("gain", lang), justify="right", no_wrap=True)
    table.add_column(label("criterion", lang), no_wrap=True)
    table.add_column(label("write", lang))
    table.add_column(label("source", lang))
    for item in assessment.improvement_plan[:PLAN_ROWS]:
        source = report.catalog.criteria[item.id].criterion.source
        what = f"{item.id} ({label(item.action.value, lang)})"
        gain = "!" if item.obligation else f"+{item.gain:.1f}"  # obligations are never scored
        table.add_row(gain, what, item.recommendation, source.document)
    return table


def _one(result: InputResult, report: Report, console: Console) -> None:
    a, lang = result.assessment, report.lang
    header = Text.assemble(
        (result.title, "bold"),
        f"  ({result.procurement_id})\n",
        (f"{result.path}  ·  CPV {', '.join(result.cpv) or label('no_cpv', lang)}\n", "dim"),
        f"{label('overall', lang)} ",
        (_score(a.score), "bold"),
        f" / 100   {label('ambition', lang)} ",
        (label(a.ambition_level.value, lang), "bold"),
        f"   {label('coverage', lang)} {_share(a.coverage)}\n",
        f"{label('practice', lang)} {_score(a.practice.score)} / 100, "
        f"{label('coverage', lang)} {_share(a.practice.coverage)}",
    )
    for group in a.groups:
        progress = group.next_level
        step = f" ({label(progress.level, lang)} {progress.met}/{progress.total} {label('of_met', lang)})"
        header.append(
            f"\n· {group.title}: {_score(group.score)} / 100, {label(group.ambition_level.value, lang)}"
            f"{step if progress else ''}, {label('coverage', lang)} {_share(group.coverage)}"
        )
    if not a.groups:
        header.append(f"\n· {label('no_group', lang)}", style="dim")
    if a.coverage is not None and a.coverage < LOW_COVERAGE:
        header.append(f"\n· {label('floor', lang)}", style="yellow")
    legal = result.legal or {}
    if legal.get("country_assumed"):
        header.append(f"\n{legal['country']}?  (buyer.country: legal.country)", style="yellow")
    failed = [g.id for g in a.gates if g.status is not Status.MET]
    if failed:
        header.append(f"\n{label('gates_open', lang)}: {', '.join(failed)}", style="bold red")
    console.print(Panel(Group(header, "", _themes(a, lang)), expand=False))
    for lot in result.lots:
        title = f" {lot.title}" if lot.title else ""
        console.print(
            f"{label('lot', lang)} {lot.id}{title}: {label('score', lang).lower()} "
            f"{_score(lot.assessment.score)}, {label('ambition', lang).lower()} "
            f"{label(lot.assessment.ambition_level.value, lang)}"
        )
    console.print(_criteria(a, report))
    overridden = [c.id for c in a.criteria if c.overridden_by and c.status is not Status.NOT_APPLICABLE]
    if overridden:
        console.print(f"* {label('overridden', lang)}: {', '.join(overridden)}", style="dim")
    for section in (_gates(a, report), _plan(a, report)):
        if section is not None:
            console.print(section)
    for waiver in a.waivers:
        state = label("expired" if waiver.expired else "waived", lang)
        until = f" {label('until', lang)} {waiver.expires}" if waiver.expires else ""
        console.print(f"{state}: {waiver.criterion}{until} — {waiver.reason}", style="cyan")


def _verdicts(report: Report, verdicts: list[Verdict], console: Console) -> None:
    """`keino check`: one row per input and the items that decided it; `assess` has the details."""
    from keino_cli.gate import Outcome, summarise

    table = Table(title="keino check", title_justify="left", header_style="bold")
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Input", overflow="fold")
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Ambition", no_wrap=True)
    table.add_column("Items", overflow="fold")
    marks = {Outcome.FAILED: "✗", Outcome.WARNING: "!", Outcome.BASELINED: "≈", Outcome.WAIVED: "~"}
    for result, verdict in zip(report.results, verdicts, strict=True):
        shown = [c for c in verdict.checks if c.outcome in marks]
        lines = [f"{marks[c.outcome]} {c.kind.value} {c.id}: {c.message}" for c in shown]
        table.add_row(
            Text("passed", style="green") if verdict.passed else Text("FAILED", style="bold red"),
            Text(verdict.path),
            _score(result.assessment.score),
            result.assessment.ambition_level.value,
            Text("\n".join(lines) or "—"),
        )
    console.print(table)
    summary = summarise(verdicts, (p.path for p in report.problems))
    console.print(Text(summary.line(), style="green" if summary.passed else "bold red"))
    console.print("✗ failed  ! warning  ≈ known from baseline  ~ waived", style="dim")


def render(report: Report, out: TextIO, terminal: bool) -> None:
    console = make_console(out, terminal)
    if report.verdicts is not None:
        _verdicts(report, report.verdicts, console)
        return
    for index, result in enumerate(report.results):
        if index:
            console.rule()
        _one(result, report, console)
