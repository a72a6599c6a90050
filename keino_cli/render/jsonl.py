"""JSON Lines: one result (or one failed input) per line, so a long run can be followed and resumed.

Written by the streaming `JsonlWriter` (`keino_cli.render.stream`); this module is its
whole-report entry in the `RENDERERS` table."""

from __future__ import annotations

from typing import TextIO

from keino_cli.render import Report


def render(report: Report, out: TextIO, terminal: bool) -> None:
    from keino_cli.render.stream import JsonlWriter, RunInfo, feed_report

    info = RunInfo(report.catalog, report.lang, gate=report.verdicts is not None)
    feed_report(JsonlWriter(out, terminal, info), report)
