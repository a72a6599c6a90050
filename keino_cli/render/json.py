"""JSON: one document with one shape for one or many inputs, written without rich.

The document is built by the streaming `JsonWriter` (`keino_cli.render.stream`), which every
command uses; this module is its whole-report entry in the `RENDERERS` table."""

from __future__ import annotations

from typing import TextIO

from keino_cli.render import Report


def render(report: Report, out: TextIO, terminal: bool) -> None:
    from keino_cli.render.stream import JsonWriter, RunInfo, feed_report

    info = RunInfo(report.catalog, report.lang, gate=report.verdicts is not None)
    feed_report(JsonWriter(out, terminal, info), report)
