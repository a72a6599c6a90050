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

if TYPE_CHECKING:
    from keino_cli.gate import Verdict

STATUS_STYLE = {
    Status.MET: ("met", "green"),
    Status.PARTLY_MET: ("partly met", "yellow"),
    Status.NOT_MET: ("not met", "red"),
    Status.UNKNOWN: ("unknown", "magenta"),
    Status.WAIVED: ("waived", "cyan"),
    Status.NOT_APPLICABLE: ("n/a", "dim"),
}
THEME_NAMES = {
    "climate": "Climate",
    "resource-efficiency": "Resource efficiency",
    "social-responsibility": "Social responsibility",
    "innovation": "Innovation",
}
PLAN_ROWS = 10
BAR_WIDTH = 10


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _bar(value: float | None) -> Text:
    if value is None:
        return Text("·" * BAR_WIDTH, style="dim")
    filled = round(BAR_WIDTH * value / 100)
    colour = "green" if value >= 66 else "yellow" if value >= 33 else "red"
    return Text("█" * filled, style=colour) + Text("░" * (BAR_WIDTH - filled), style="dim")


def _where(fact: Fact) -> str:
    """A detected fact names its passage; description facts need no note."""
    return f" ({fact.origin.pointer})" if fact.origin.source == "document" else ""


def _status(status: Status) -> Text:
    word, style = STATUS_STYLE[status]
    return Text(word, style=style)


def _themes(assessment: Assessment) -> Table:
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("Theme", no_wrap=True)
    table.add_column("Score", justify="right")
    table.add_column("")
    for heading in ("met", "partly", "not met", "unknown", "waived"):
        table.add_column(heading, justify="right", style="dim")
    for theme, result in assessment.themes.items():
        c = result.counts
        counts = [str(c[key]) for key in ("met", "partly_met", "not_met", "unknown", "waived")]
        table.add_row(THEME_NAMES.get(theme, theme), _score(result.score), _bar(result.score), *counts)
    return table


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _criteria(assessment: Assessment, report: Report) -> Table:
    """Applicable criteria grouped by theme; each row names the facts it used."""
    table = Table(title="Criteria", title_justify="left", header_style="bold", expand=False)
    table.add_column("Status", no_wrap=True)
    table.add_column("Criterion", no_wrap=True)
    table.add_column("Title", overflow="fold", ratio=3)
    table.add_column("Level", no_wrap=True)
    table.add_column("Facts used", overflow="fold", ratio=2)
    for theme, name in THEME_NAMES.items():
        rows = [
            r
            for r in assessment.criteria
            if r.theme == theme and r.status is not Status.NOT_APPLICABLE and not r.legal_gate
        ]
        if not rows:
            continue
        table.add_row("", "", Text(name, style="bold"), "", "", end_section=False)
        for result in rows:
            criterion = report.catalog.criteria[result.id].criterion
            facts = "; ".join(
                f"{n.rsplit('.', 1)[-1]}={_value(f.value)}{_where(f)}" for n, f in result.facts_used.items()
            )
            if result.waiver_reason:
                facts = f"waived: {result.waiver_reason}"
            table.add_row(
                _status(result.status),
                result.id + (" *" if result.overridden_by else ""),
                criterion.title.get(report.lang),
                "core" if result.level == "core" else "compr.",
                facts or "—",
                end_section=result is rows[-1],
            )
    return table


def _gates(assessment: Assessment, report: Report) -> Table | None:
    gates = assessment.gates
    if not gates:
        return None
    table = Table(title="Legal obligations", title_justify="left", header_style="bold")
    table.add_column("Status", no_wrap=True)
    table.add_column("Criterion", no_wrap=True)
    table.add_column("Obligation")
    table.add_column("Source")
    for gate in gates:
        criterion = report.catalog.criteria[gate.id].criterion
        word = {Status.MET: "compliant", Status.NOT_MET: "NOT COMPLIANT"}.get(gate.status)
        status = Text(word, style="bold red" if gate.status is Status.NOT_MET else "green") if word else None
        table.add_row(
            status or _status(gate.status),
            gate.id,
            criterion.title.get(report.lang),
            f"{criterion.source.document}, {criterion.source.reference}",
        )
    return table


def _plan(assessment: Assessment, report: Report) -> Table | None:
    if not assessment.improvement_plan:
        return None
    table = Table(title="Improvement plan: what would raise the score most", title_justify="left")
    table.add_column("Gain", justify="right", no_wrap=True)
    table.add_column("Criterion", no_wrap=True)
    table.add_column("What to write into the tender")
    table.add_column("Source")
    for item in assessment.improvement_plan[:PLAN_ROWS]:
        source = report.catalog.criteria[item.id].criterion.source
        table.add_row(f"+{item.gain:.1f}", item.id, item.recommendation, source.document)
    return table


def _one(result: InputResult, report: Report, console: Console) -> None:
    a = result.assessment
    header = Text.assemble(
        (result.title, "bold"),
        f"  ({result.procurement_id})\n",
        (f"{result.path}  ·  CPV {', '.join(result.cpv) or 'none given'}\n", "dim"),
        "Overall score ",
        (_score(a.score), "bold"),
        " / 100   Ambition level ",
        (a.ambition_level.value, "bold"),
    )
    failed = [g.id for g in a.gates if g.status is not Status.MET]
    if failed:
        header.append(f"\nLegal obligations not shown as met: {', '.join(failed)}", style="bold red")
    parts: list = [header, "", _themes(a)]
    console.print(Panel(Group(*parts), expand=False))
    for lot in result.lots:
        console.print(
            f"Lot {lot.id}{' ' + lot.title if lot.title else ''}: score {_score(lot.assessment.score)}, "
            f"ambition {lot.assessment.ambition_level.value}"
        )
    console.print(_criteria(a, report))
    overridden = [c.id for c in a.criteria if c.overridden_by and c.status is not Status.NOT_APPLICABLE]
    if overridden:
        console.print(f"* overridden by a user criteria set: {', '.join(overridden)}", style="dim")
    for section in (_gates(a, report), _plan(a, report)):
        if section is not None:
            console.print(section)
    for waiver in a.waivers:
        state = "EXPIRED" if waiver.expired else "waived"
        until = f" until {waiver.expires}" if waiver.expires else ""
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
