"""GitHub-flavoured Markdown. For `keino check`: a pull-request or merge-request comment with a
headline verdict, one table row per input, then the failed, waived and baselined items of each
input that has any. For `keino assess`: the report to paste into a wiki page or an issue (score,
coverage, product groups, themes, obligations, the improvement plan, criteria folded away).
Cell text is escaped (`|`, `<`, line breaks) so a message cannot break the table or inject HTML.
"""

from __future__ import annotations

from typing import TextIO

from keino_cli.gate import Outcome, Verdict, summarise
from keino_cli.model.result import InputResult
from keino_cli.render import Report

SECTIONS = (
    (Outcome.FAILED, "Failed"),
    (Outcome.WARNING, "Warnings"),
    (Outcome.BASELINED, "Known from baseline"),
    (Outcome.WAIVED, "Waived"),
)


def _text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def _code(text: str) -> str:
    quoted = text.replace("`", "'")
    return f"`{quoted}`"


def _row(result: InputResult, verdict: Verdict) -> str:
    a = result.assessment
    score = "n/a" if a.score is None else f"{a.score:g}"
    failed = ", ".join(f"{c.kind.value} {c.id}" for c in verdict.failures) or "—"
    mark = "✅ passed" if verdict.passed else "❌ failed"
    return f"| {_code(verdict.path)} | {score} | {a.ambition_level.value} | {mark} | {_text(failed)} |\n"


def _details(verdict: Verdict) -> str:
    lines: list[str] = []
    for outcome, heading in SECTIONS:
        checks = verdict.having(outcome)
        if not checks:
            continue
        lines.append(f"**{heading}**\n\n")
        for check in checks:
            where = f" (line {check.line})" if check.line else ""
            lines.append(f"- **{check.kind.value} {_text(check.id)}**{where}: {_text(check.message)}\n")
        lines.append("\n")
    if not lines:
        return ""
    return f"### {'✅' if verdict.passed else '❌'} {_code(verdict.path)}\n\n" + "".join(lines)


def render(report: Report, out: TextIO, terminal: bool) -> None:
    if report.verdicts is None:
        _assessment(report, out)
        return
    verdicts = report.gate_verdicts()
    summary = summarise(verdicts, (p.path for p in report.problems))
    out.write(f"## keino check: {'✅ passed' if summary.passed else '❌ failed'}\n\n{summary.line()}\n\n")
    if verdicts:
        out.write("| Input | Score | Ambition | Verdict | Failed items |\n| --- | ---: | --- | --- | --- |\n")
        for result, verdict in zip(report.results, verdicts, strict=True):
            out.write(_row(result, verdict))
        out.write("\n")
    for verdict in verdicts:
        out.write(_details(verdict))
    if report.problems:
        out.write("### Inputs that could not be read\n\n")
        for problem in report.problems:
            out.write(f"- {_code(str(problem))}\n")


# The assess report: what a buyer pastes into a wiki page or an issue (`keino assess -f markdown`).


def _cell(text: str | None) -> str:
    return _text(text or "–")


def _assessment(report: Report, out: TextIO) -> None:
    from keino_cli import i18n
    from keino_cli.render.view import obligation_word, theme_counts, view

    lang = report.lang
    for result in report.results:
        v = view(result, report)
        out.write(f"## {_text(v.title)}\n\n")
        cpv = ", ".join(v.cpv) or i18n.t("none_given", lang)
        named = f" — {_text(v.cpv_name)}" if v.cpv_name else ""
        out.write(f"{_code(v.id)} · {_code(v.path)} · CPV {cpv}{named}\n\n")
        headline = [f"**{i18n.t('report.headline', lang, score=i18n.number(v.score, lang))}**"]
        if v.coverage is not None:
            headline.append(i18n.t("report.coverage", lang, pct=i18n.percent(v.coverage, lang)))
        headline.append(i18n.t("report.ambition_inline", lang, level=f"**{v.ambition}**"))
        out.write(" · ".join(headline) + "\n\n")
        if v.is_floor:
            out.write(f"⚠️ {i18n.t('report.floor', lang)}\n\n")
        if v.practice is not None:
            score, pct = i18n.number(v.practice[0], lang), i18n.percent(v.practice[1], lang)
            practice = i18n.t("report.practice", lang, score=score, pct=pct)
            out.write(f"{practice}\n\n")
        if v.groups:
            out.write(f"### {i18n.t('report.groups', lang)}\n\n")
            out.write(f"| {i18n.t('report.group', lang)} | {i18n.t('report.level', lang)} | → |\n")
            out.write("| --- | --- | --- |\n")
            for g in v.groups:
                nxt = (
                    i18n.t("report.next", lang, level=g.next_level, met=g.met, total=g.total)
                    if g.next_level
                    else i18n.t("report.top_reached", lang)
                )
                out.write(f"| {_cell(g.title)} | {_cell(g.level)} | {_cell(nxt)} |\n")
            out.write("\n")
        out.write(f"### {i18n.t('report.themes', lang)}\n\n")
        out.write(f"| {i18n.t('report.theme', lang)} | {i18n.t('report.score', lang)} | |\n")
        out.write("| --- | ---: | --- |\n")
        for row in v.themes:
            out.write(f"| {row.name} | {i18n.number(row.score, lang)} | {_cell(theme_counts(row, lang))} |\n")
        out.write(f"\n### {i18n.t('report.obligations', lang)}\n\n")
        for o in v.obligations:
            word = obligation_word(o)
            out.write(f"- ❌ **{_text(o.id)}** {i18n.t(word, lang)}: {_text(o.title)}\n")
            measured = [
                f"{i18n.t(key, lang)} {_text(value)}"
                for key, value in (("report.measured", o.measured), ("report.required", o.required))
                if value is not None
            ]
            if measured:
                out.write(f"  - {' · '.join(measured)}\n")
            if o.fix:
                out.write(f"  - {i18n.t('report.fix', lang)}: {_text(o.fix)}\n")
            out.write(f"  - {i18n.t('report.source', lang)}: {_text(o.source)}\n")
        if v.country_assumed:
            out.write(f"- ⚠️ {_text(i18n.t('report.country_assumed', lang, country=v.country_assumed))}\n")
        if v.obligations_met:
            out.write(f"- ✅ {i18n.t('report.obligations_ok', lang, count=v.obligations_met)}\n")
        if not v.obligations and not v.obligations_met:
            out.write(f"{i18n.t('report.obligations_none', lang)}\n")
        if v.steps:
            out.write(f"\n### {i18n.t('report.improvements_all', lang)}\n\n")
            for index, step in enumerate(v.steps[:10], 1):
                kind = i18n.t(
                    "report.obligation_first" if step.kind == "obligation" else f"report.{step.kind}", lang
                )
                gain = f" {i18n.signed(step.gain, lang)}" if step.gain is not None else ""
                out.write(f"{index}. **{_text(step.id)}**{gain} — {kind}: {_text(step.text)}\n")
        out.write(f"\n<details><summary>{i18n.t('report.criteria', lang)} ({v.applicable})</summary>\n\n")
        out.write(f"| {i18n.t('report.status', lang)} | {i18n.t('report.criterion', lang)} | ")
        out.write(
            f"{i18n.t('report.title', lang)} | {i18n.t('report.level', lang)} |\n| --- | --- | --- | --- |\n"
        )
        for status, status_rows in v.rows.items():
            for criterion_row in status_rows:
                status_word = i18n.status(status.value, lang)
                out.write(
                    f"| {status_word} | {_text(criterion_row.id)} | {_text(criterion_row.title)} "
                    f"| {criterion_row.level} |\n"
                )
        if v.met_by_theme:
            counts = " · ".join(f"{i18n.theme(k, lang)} {n}" for k, n in v.met_by_theme.items())
            out.write(f"\n{i18n.t('report.met_collapsed', lang, counts=counts)}\n")
        out.write("\n</details>\n\n")
        if v.award_scoring:
            out.write(f"### {i18n.t('report.award_scoring', lang)}\n\n")
            for line in v.award_scoring:
                out.write(f"- {_text(line)}\n")
            out.write("\n")
        if v.waivers:
            out.write(f"### {i18n.t('report.waivers', lang)}\n\n")
            for waiver in v.waivers:
                out.write(f"- {_text(waiver)}\n")
            out.write("\n")
    if report.problems:
        out.write(f"### {i18n.t('report.inputs_failed', lang)}\n\n")
        for problem in report.problems:
            out.write(f"- {_code(str(problem))}\n")
