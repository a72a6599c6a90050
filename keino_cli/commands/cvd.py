"""`keino cvd`: the Clean Vehicles Directive period report over many inputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from keino_cli.commands.common import (
    EXIT_INPUT_ERROR,
    InputsArgument,
    OutputOption,
    ProfileOption,
    catalog_from,
    check_choice,
    engine_from,
    report_problems,
)


def cvd(
    inputs: InputsArgument,
    profile: ProfileOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    output: OutputOption = None,
) -> None:
    """Per buyer and reference period, the vehicles of each category procured across the inputs
    (descriptions, notices, `keino batch` JSONL or `assess --format json` results) against the
    target. The Directive counts the buyer's period total, not each procurement."""
    from keino_cli.api import assess_inputs
    from keino_cli.cvd import period_report
    from keino_cli.errors import Problem
    from keino_cli.render import open_output
    from keino_cli.render.stream import pretty

    check_choice(fmt, ["table", "json"], "--format")
    engine = engine_from(catalog_from(None, False), profile, "en")
    results: list[dict[str, Any]] = []
    problems: list[Problem] = []
    to_assess = []
    for name in inputs:
        path = Path(name)
        if path.suffix in (".jsonl", ".json") and path.is_file() and _is_results(path):
            results.extend(_results(path))
        else:
            to_assess.append(name)
    for outcome in assess_inputs(to_assess, engine) if to_assess else ():
        if outcome.result is not None:
            results.append(outcome.result.to_dict(compact=True))
        problems.extend(outcome.problems)
    report_problems(problems)
    lines = period_report(results, engine.profile.legal.target_tiers)
    with open_output(output) as (out, _terminal):
        if fmt == "json":
            out.write(pretty({"cvd": [line.to_dict() for line in lines]}) + "\n")
        else:
            header = (
                "buyer",
                "country",
                "period",
                "category",
                "inputs",
                "vehicles",
                "clean",
                "share %",
                "target %",
                "verdict",
            )
            rows = [header] + [
                (
                    line.buyer,
                    line.country,
                    line.period,
                    line.category,
                    str(line.inputs),
                    str(line.vehicles),
                    str(line.clean),
                    "-" if line.share_pct is None else f"{line.share_pct:g}",
                    "-" if line.target_pct is None else f"{line.target_pct:g}",
                    line.verdict,
                )
                for line in lines
            ]
            widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
            for row in rows:
                out.write(
                    "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
                    + "\n"
                )
    if problems:
        raise typer.Exit(EXIT_INPUT_ERROR)


def _is_results(path: Path) -> bool:
    """keino's own JSON results (assess --format json) or batch JSONL lines, not a description."""
    head = path.read_text(encoding="utf-8", errors="replace")[:4096]
    return '"schema_version"' in head or '"input"' in head


def _results(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        lines = [json.loads(line) for line in text.splitlines() if line.strip()]
        return [line for line in lines if "procurement" in line]
    document = json.loads(text)
    return list(document.get("results", []))
