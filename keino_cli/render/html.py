"""HTML reports: one self-contained file a buyer can open, mail or print to PDF.

Everything is inline: the stylesheet (with a print stylesheet), the SVG charts (render/svg.py),
no script, no font and no request of any kind (a Content-Security-Policy in the page forbids
them). Templates are Jinja2 with autoescaping on, so texts from notices cannot inject markup.
`render` writes the assess/check report (one section per input); `render_portfolio` writes the
`keino batch` portfolio page from the summary and the per-input records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from markupsafe import Markup

from keino_cli import __version__, i18n
from keino_cli.render import Report, svg
from keino_cli.render.view import ResultView, obligation_word, view
from keino_cli.render.view import summary_line as tally

if TYPE_CHECKING:
    from jinja2 import Environment

    from keino_cli.portfolio import Record

TEMPLATES = Path(__file__).parent / "templates"
LEVELS = ("core", "comprehensive", "spearhead")
STEPS_SHOWN = 10


@cache
def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _helpers(lang: str) -> dict[str, Any]:
    return {
        "lang": lang,
        "version": __version__,
        # The stylesheet is ours, not input: inserted as is (escaping would break its quotes).
        "css": Markup((TEMPLATES / "style.css").read_text(encoding="utf-8")),
        "t": lambda key, **params: i18n.t(key, lang, **params),
        "num": lambda value, digits=1: i18n.number(value, lang, digits),
        "pct": lambda value: i18n.percent(value, lang),
        "money": lambda value: i18n.money(value, lang),
        "signed": lambda value: i18n.signed(value, lang),
        "level": lambda name: i18n.level(name, lang),
    }


def _ladder(group: Any, lang: str) -> Any:
    reached = LEVELS.index(group.level_id) + 1 if group.level_id in LEVELS else 0
    progress = group.met / group.total if group.total else None
    nxt = (
        i18n.t("report.next", lang, level=group.next_level, met=group.met, total=group.total)
        if group.next_level
        else i18n.t("report.top_reached", lang)
    )
    desc = i18n.t("report.ladder_alt", lang, group=group.title, level=group.level, next=nxt)
    names = [i18n.level(name, lang) for name in LEVELS]
    return svg.ladder(names, reached, progress, i18n.t("report.ladder", lang), desc)


def _section(v: ResultView, lang: str, verdict: Any = None) -> dict[str, Any]:
    themes = [(row.name, row.score, i18n.number(row.score, lang)) for row in v.themes]
    scores = "; ".join(f"{name} {text}" for name, _, text in themes)
    coverage = v.coverage
    pct = i18n.percent(coverage, lang) if coverage is not None else i18n.t("n_a", lang)
    checks = []
    if verdict is not None:
        from keino_cli.gate import Outcome

        checks = [
            f"{c.kind.value} {c.id}: {c.message}"
            for c in verdict.checks
            if c.outcome in (Outcome.FAILED, Outcome.WARNING, Outcome.BASELINED, Outcome.WAIVED)
        ]
    return {
        "v": v,
        "verdict": verdict,
        "checks": checks,
        "words": [obligation_word(o) for o in v.obligations],
        "steps": v.steps[:STEPS_SHOWN],
        "met": " · ".join(f"{i18n.theme(k, lang)} {n}" for k, n in v.met_by_theme.items()),
        "theme_chart": svg.bars(
            themes, i18n.t("report.themes", lang), i18n.t("report.theme_bars_alt", lang, scores=scores)
        ),
        "coverage_chart": svg.gauge(
            coverage,
            pct,
            i18n.t("report.coverage_word", lang),
            i18n.t("report.coverage_alt", lang, pct=pct),
        ),
        "ladders": [(g, _ladder(g, lang)) for g in v.groups],
    }


def render(report: Report, out: TextIO, terminal: bool) -> None:
    lang = report.lang
    verdicts = report.verdicts or [None] * len(report.results)
    sections = [
        _section(view(result, report), lang, verdict)
        for result, verdict in zip(report.results, verdicts, strict=True)
    ]
    summary_line, passed = None, True
    if report.verdicts is not None:
        from keino_cli.gate import summarise

        summary = summarise(report.verdicts, (p.path for p in report.problems))
        summary_line, passed = tally(summary, lang), summary.passed
    title = i18n.t("check.title" if report.verdicts is not None else "report.assessment", lang)
    page = (
        _environment()
        .get_template("report.html.j2")
        .render(
            **_helpers(lang),
            page_title=title,
            results=sections,
            summary_line=summary_line,
            passed=passed,
            problems=[str(p) for p in report.problems],
        )
    )
    out.write(page)


def render_portfolio(
    records: Iterable[Record],
    summary: Mapping[str, Any],
    out: TextIO,
    lang: str = "en",
    problems: Iterable[str] = (),
) -> None:
    """The portfolio page of `keino batch --format html`."""
    from keino_cli.portfolio import THEME_GROUPS, THEMES

    group_names = {g: i18n.t(f"summary.group.{g}", lang) for g in THEME_GROUPS}
    carries = summary["carries"]

    def share_rows(key: str, declared: bool = False) -> list[tuple[str, float | None, str]]:
        rows = []
        for group, c in carries.items():
            value = (c.get("declared") or {}).get(key) if declared else c.get(key)
            rows.append(
                (
                    group_names.get(group, group),
                    None if value is None else 100 * value,
                    i18n.percent(value, lang),
                )
            )
        return rows

    def alt(declared: bool = False) -> str:
        """The chart in words: each group's share by count and by value."""
        figures = {g: (c.get("declared") or {}) if declared else c for g, c in carries.items()}
        return "; ".join(
            i18n.t(
                "summary.shares_alt",
                lang,
                group=group_names.get(g, g),
                share=i18n.percent(c.get("share"), lang),
                value_share=i18n.percent(c.get("value_share"), lang),
            )
            for g, c in figures.items()
        )

    histograms = []
    for key in ("overall", *THEMES):
        d = summary["scores"][key]
        name = i18n.t("summary.overall", lang) if key == "overall" else i18n.theme(key, lang)
        line = i18n.t(
            "summary.distribution_alt",
            lang,
            series=name,
            n=d["n"],
            median=i18n.number(d["median"], lang),
            min=i18n.number(d["min"], lang),
            max=i18n.number(d["max"], lang),
        )
        histograms.append(
            (name, svg.histogram(d["histogram"], i18n.t("summary.distribution", lang), line), line)
        )

    def breakdown(name: str, label: Any) -> tuple[str, str, list[list[str]]]:
        groups = summary[f"by_{name}"]
        ranked = sorted(groups.items(), key=lambda item: (-item[1]["value"]["total_eur"], item[0]))
        rows = []
        for key, g in ranked:
            rows.append(
                [
                    label(key),
                    str(g["procurements"]),
                    i18n.money(g["value"]["total_eur"], lang),
                    *(i18n.percent(g["carries"][x]["share"], lang) for x in THEME_GROUPS),
                    i18n.number(g["scores"]["overall"]["mean"], lang),
                ]
            )
        header = i18n.t(f"summary.{name}", lang)
        return i18n.t(f"summary.by_{name}", lang), header, rows

    def division(code: str) -> str:
        named = i18n.cpv_division(code, lang)
        return f"{code} {named}" if named else code

    ranked = sorted(records, key=lambda r: (-(r.score if r.score is not None else -1), r.path))
    gates = summary["gates"]
    page = (
        _environment()
        .get_template("portfolio.html.j2")
        .render(
            **_helpers(lang),
            page_title=i18n.t("summary.title", lang),
            headline=i18n.t(
                "summary.portfolio",
                lang,
                count=summary["procurements"],
                failed=summary["failed_inputs"],
                value=i18n.money(summary["value"]["total_eur"], lang),
                without=summary["value"]["without_value"],
            ),
            s=summary,
            carries_count=svg.bars(share_rows("share"), i18n.t("summary.by_count", lang), alt()),
            declared_count=svg.bars(
                share_rows("share", declared=True), i18n.t("summary.declared", lang), alt(declared=True)
            ),
            carries_value=svg.bars(share_rows("value_share"), i18n.t("summary.by_value", lang), alt()),
            histograms=histograms,
            ambition=[(i18n.level(level, lang), count) for level, count in summary["ambition"].items()],
            gates_line=i18n.t("summary.gates", lang, count=gates["procurements_failed"]),
            gate_lines=[
                i18n.t("summary.gate_line", lang, gate=g, not_met=c["not_met"], unknown=c["unknown"])
                for g, c in gates["by_gate"].items()
            ],
            groups=list(group_names.values()),
            breakdowns=[
                breakdown("cpv_division", division),
                breakdown("buyer", str),
                breakdown("procedure", lambda code: i18n.procedure(code, lang)),
            ],
            ranked=ranked,
            problems=list(problems),
        )
    )
    out.write(page)
