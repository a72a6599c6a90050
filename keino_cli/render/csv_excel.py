"""CSV that Excel in a Finnish or Swedish locale opens into columns: see render/csv.py."""

from __future__ import annotations

from typing import TextIO

from keino_cli.render import Report
from keino_cli.render.csv import render_rows


def render(report: Report, out: TextIO, terminal: bool) -> None:
    render_rows(report, out, excel=True)
