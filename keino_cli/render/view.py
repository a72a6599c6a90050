"""What a person reads about one result, in their language: shared by the terminal, Markdown and
HTML reports so the three say the same thing in the same order.

It turns an `InputResult` into plain data: the headline (score, evidence coverage, ambition),
per product group the level reached and the progress to the next, the legal obligations with
measured / required / fix, the improvement steps (obligations first), the criteria grouped by
status, and each fact used listed once with where it came from. Fields that the result model
may not carry yet (groups, practice, coverage, obligation details) are read when present. The
classes are plain `__slots__` classes (why: keino_cli/values.py).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from keino_cli import i18n
from keino_cli.model.result import InputResult, Status
from keino_cli.render import Report

THEMES = ("climate", "resource-efficiency", "social-responsibility", "innovation")
LOW_COVERAGE = 0.5  # below this share of known weight the score is a floor, not a verdict
OPEN_ORDER = (Status.NOT_MET, Status.PARTLY_MET, Status.UNKNOWN, Status.WAIVED)
COUNTED = ("met", "partly_met", "not_met", "unknown", "waived")


def get(obj: Any, name: str, default: Any = None) -> Any:
    """A field of a result object or of its JSON dict, or `default` when it is not there."""
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    value = getattr(obj, name, default)
    return default if value is None else value


class Group:
    """One product group as a person reads it: its score, level and the way to the next."""

    __slots__ = ("coverage", "id", "level", "level_id", "met", "next_level", "score", "title", "total")

    def __init__(
        self,
        id: str,
        title: str,
        score: float | None,
        level: str,
        level_id: str,
        coverage: float | None,
        next_level: str | None,
        met: int = 0,
        total: int = 0,
    ) -> None:
        self.id = id
        self.title = title
        self.score = score
        self.level = level  # display name
        self.level_id = level_id
        self.coverage = coverage
        self.next_level = next_level  # display name of the next level, None at the top
        self.met = met
        self.total = total


class Obligation:
    """A legal obligation not met: what was measured, what is required, the fix and the law."""

    __slots__ = ("fix", "id", "measured", "missing_facts", "policy", "required", "source", "status", "title")

    def __init__(
        self,
        id: str,
        title: str,
        status: Status,
        measured: str | None,
        required: str | None,
        fix: str | None,
        source: str,
        missing_facts: list[str],
        policy: str = "binding",
    ) -> None:
        self.id = id
        self.title = title
        self.status = status
        self.measured = measured
        self.required = required
        self.fix = fix
        self.source = source
        self.missing_facts = missing_facts
        self.policy = policy  # binding | contribution (the law counts a period total) | target-unknown


class Step:
    """One improvement: an obligation to fix, a requirement to add, or one to state."""

    __slots__ = ("gain", "id", "kind", "practice", "source", "text", "title")

    def __init__(
        self,
        id: str,
        kind: str,
        gain: float | None,
        title: str,
        text: str,
        source: str,
        practice: bool = False,
    ) -> None:
        self.id = id
        self.kind = kind  # obligation | add | state
        self.gain = gain
        self.title = title
        self.text = text
        self.source = source
        self.practice = practice  # the gain is in points of the practice score, not the headline


class Row:
    """One criterion that applies and is not met, as a report lists it."""

    __slots__ = ("facts", "id", "level", "note", "overridden", "status", "theme", "title")

    def __init__(
        self,
        id: str,
        status: Status,
        theme: str,
        level: str,
        title: str,
        facts: list[str],
        note: str | None,
        overridden: bool = False,
    ) -> None:
        self.id = id
        self.status = status
        self.theme = theme
        self.level = level
        self.title = title
        self.facts = facts
        self.note = note  # waiver, label credit or why not applicable
        self.overridden = overridden


class FactRow:
    """One fact used, listed once: its value, where it came from, the criteria that read it."""

    __slots__ = ("name", "used_by", "value", "where")

    def __init__(
        self,
        name: str,
        value: str,
        where: str,
        used_by: list[str],
    ) -> None:
        self.name = name
        self.value = value
        self.where = where
        self.used_by = used_by


class ThemeRow:
    """One theme: its name in the language, its score, its criteria by status."""

    __slots__ = ("counts", "id", "name", "score")

    def __init__(
        self,
        id: str,
        name: str,
        score: float | None,
        counts: dict[str, int],
    ) -> None:
        self.id = id
        self.name = name
        self.score = score
        self.counts = counts


class ResultView:
    """One result as a person reads it (see the module docstring); built by `view`."""

    __slots__ = (
        "ambition",
        "ambition_id",
        "applicable",
        "award_scoring",
        "country_assumed",
        "coverage",
        "cpv",
        "cpv_name",
        "facts",
        "groups",
        "id",
        "lots",
        "met_by_theme",
        "obligations",
        "obligations_met",
        "path",
        "practice",
        "rows",
        "score",
        "steps",
        "themes",
        "title",
        "waivers",
    )

    def __init__(
        self,
        *,
        title: str,
        id: str,
        path: str,
        cpv: list[str],
        cpv_name: str | None,
        score: float | None,
        coverage: float | None,
        ambition: str,
        ambition_id: str,
        practice: tuple[float | None, float | None] | None,
        groups: list[Group],
        themes: list[ThemeRow],
        obligations: list[Obligation],
        obligations_met: int,
        steps: list[Step],
        rows: dict[Status, list[Row]],
        met_by_theme: dict[str, int],
        facts: list[FactRow],
        lots: list[tuple[str, str | None, float | None, str]],
        waivers: list[str] | None = None,
        award_scoring: list[str] | None = None,
        country_assumed: str | None = None,
        applicable: int = 0,
    ) -> None:
        self.title = title
        self.id = id
        self.path = path
        self.cpv = cpv
        self.cpv_name = cpv_name
        self.score = score
        self.coverage = coverage
        self.ambition = ambition
        self.ambition_id = ambition_id
        self.practice = practice
        self.groups = groups
        self.themes = themes
        self.obligations = obligations
        self.obligations_met = obligations_met
        self.steps = steps
        self.rows = rows
        self.met_by_theme = met_by_theme
        self.facts = facts
        self.lots = lots
        self.waivers = [] if waivers is None else waivers
        self.award_scoring = (
            [] if award_scoring is None else award_scoring
        )  # one line per scored award criterion
        self.country_assumed = country_assumed  # the country the legal scope assumed, none being given
        self.applicable = applicable

    @property
    def is_floor(self) -> bool:
        """The input is silent on much of what applies: the score is a lower bound."""
        return self.coverage is not None and self.coverage < LOW_COVERAGE


def measured_text(value: Any, lang: str) -> str | None:
    """An obligation's measured values ({fact: value}) or required value, in the language."""
    if value is None:
        return None
    if isinstance(value, dict):
        if value and set(value) <= set(i18n.LANGS):  # a text in three languages
            return str(value.get(lang) or value.get("en"))
        return ", ".join(f"{key} = {i18n.fact_value(v, lang)}" for key, v in value.items()) or None
    return i18n.fact_value(value, lang)


def _required(value: Any, lang: str) -> str | None:
    """What the law requires; a text naming an act names it as the language does."""
    text = measured_text(value, lang)
    return i18n.cite(text, lang) if isinstance(value, str) and text else text


def _group(data: Any, lang: str, report: Report) -> Group:
    level_id = str(get(data, "ambition_level", "none"))
    level_id = get(level_id, "value", level_id) if not isinstance(level_id, str) else level_id
    nxt = get(data, "next_level")
    ident = str(get(data, "id", ""))
    title = get(data, "title") or ident
    if not isinstance(title, str):  # a localised text
        title = title.get(lang) if hasattr(title, "get") else str(title)
    groups = getattr(report.catalog, "product_groups", None) or {}
    known = groups.get(ident) if isinstance(groups, dict) else None
    if known is not None and hasattr(known, "title"):
        title = known.title.get(lang)
    return Group(
        id=ident,
        title=title,
        score=get(data, "score"),
        level=i18n.level(level_id, lang),
        level_id=level_id,
        coverage=get(data, "coverage"),
        next_level=i18n.level(str(get(nxt, "level")), lang) if nxt else None,
        met=int(get(nxt, "met", 0) or 0),
        total=int(get(nxt, "total", 0) or 0),
    )


def _where(origin: Any, lang: str) -> str:
    """Where a fact came from: a label that certifies it, a document passage or requirement text
    (`eforms-text`), or the field of the description or notice."""
    label = get(origin, "label")
    if label:
        return i18n.t("report.via_label", lang, label=label)
    source = get(origin, "source", "")
    pointer = get(origin, "pointer", "")
    if pointer and (source == "document" or source.endswith("-text")):
        return f"{source}: {pointer}"
    return pointer or source or ""


def view(result: InputResult, report: Report) -> ResultView:
    lang = report.lang
    a = result.assessment
    catalog = report.catalog.criteria

    def title(ident: str) -> str:
        entry = catalog.get(ident)
        return entry.criterion.title.get(lang) if entry else ident

    def source(ident: str) -> str:
        entry = catalog.get(ident)
        if entry is None:
            return ""
        src = entry.criterion.source
        return i18n.cite(f"{src.document}, {src.reference}", lang)

    def recommendation(ident: str) -> str:
        entry = catalog.get(ident)
        return entry.criterion.recommendation.get(lang) if entry else ""

    obligations, met = [], 0
    for gate in a.gates:
        if gate.status is Status.MET:
            met += 1
            continue
        ob = get(gate, "obligation")
        obligations.append(
            Obligation(
                id=gate.id,
                title=title(gate.id),
                status=gate.status,
                measured=measured_text(get(ob, "measured"), lang),
                required=_required(get(ob, "required"), lang),
                fix=measured_text(get(ob, "fix"), lang) or recommendation(gate.id),
                source=i18n.cite(str(get(ob, "source")), lang) if get(ob, "source") else source(gate.id),
                missing_facts=list(get(ob, "missing_facts", []) or []),
                policy=str(get(ob, "policy", "binding")),
            )
        )
    steps = [Step(o.id, "obligation", None, o.title, o.fix or "", o.source) for o in obligations]
    listed = {s.id for s in steps}
    for item in a.improvement_plan:
        if item.id in listed or get(item, "obligation", False):
            continue  # obligations come first, from the gates above
        action = get(item, "action")
        kind = str(action) if action else ("state" if item.status is Status.UNKNOWN else "add")
        practice = get(item, "kind", "subject") == "practice"
        text, src = item.recommendation, source(item.id)
        steps.append(Step(item.id, kind, item.gain, title(item.id), text, src, practice))

    rows: dict[Status, list[Row]] = {status: [] for status in OPEN_ORDER}
    met_by_theme: Counter[str] = Counter()
    facts: dict[str, FactRow] = {}
    applicable = 0
    for c in a.criteria:
        if c.status is Status.NOT_APPLICABLE:
            continue
        applicable += 1
        for name, fact in c.facts_used.items():
            row = facts.get(name)
            if row is None:
                value = i18n.fact_value(fact.value, lang)
                row = facts[name] = FactRow(name, value, _where(fact.origin, lang), [])
            row.used_by.append(c.id)
        if c.status is Status.MET:
            met_by_theme[c.theme] += 1
            continue
        if c.legal_gate:
            continue
        note = None
        if c.waiver_reason:
            note = f"{i18n.status('waived', lang)}: {c.waiver_reason}"
        elif get(c, "via_label"):
            note = i18n.t("report.via_label", lang, label=get(c, "via_label"))
        rows.setdefault(c.status, []).append(
            Row(
                id=c.id,
                status=c.status,
                theme=c.theme,
                level=i18n.level(c.level, lang),
                title=title(c.id),
                facts=list(c.facts_used),
                note=note,
                overridden=bool(c.overridden_by),
            )
        )
    themes = [
        ThemeRow(theme, i18n.theme(theme, lang), r.score, dict(r.counts)) for theme, r in a.themes.items()
    ]
    practice = get(a, "practice") or get(result, "practice")
    groups = get(a, "groups") or get(result, "groups") or []
    coverage = get(a, "coverage", get(result, "coverage"))
    waivers = []
    for w in a.waivers:
        if w.expired:
            state = i18n.t("report.expired", lang, date=i18n.date(w.expires, lang))
        elif w.expires:
            state = i18n.t("report.waived_until", lang, date=i18n.date(w.expires, lang))
        else:
            state = i18n.t("report.waived_open", lang)
        waivers.append(f"{w.criterion}: {state} — {w.reason}")
    legal = get(result, "legal")
    award_scoring = [_award_line(item, lang) for item in get(result, "award_scoring") or []]
    lots = [
        (lot.id, lot.title, lot.assessment.score, i18n.level(lot.assessment.ambition_level.value, lang))
        for lot in result.lots
    ]
    return ResultView(
        title=result.title,
        id=result.procurement_id,
        path=result.path,
        cpv=list(result.cpv),
        cpv_name=i18n.cpv_division(result.cpv[0] if result.cpv else None, lang),
        score=a.score,
        coverage=coverage,
        ambition=i18n.level(a.ambition_level.value, lang),
        ambition_id=a.ambition_level.value,
        practice=(get(practice, "score"), get(practice, "coverage")) if practice else None,
        groups=[_group(g, lang, report) for g in groups],
        themes=themes,
        obligations=obligations,
        obligations_met=met,
        steps=steps,
        rows={status: items for status, items in rows.items() if items},
        met_by_theme=dict(met_by_theme),
        facts=sorted(facts.values(), key=lambda f: f.name),
        lots=lots,
        waivers=waivers,
        award_scoring=award_scoring,
        applicable=applicable,
        country_assumed=get(legal, "country") if get(legal, "country_assumed") else None,
    )


POLICY_WORDS = {"contribution": "report.below_target", "target-unknown": "report.target_unknown"}


def _points(value: float, lang: str) -> str:
    return i18n.number(value, lang, digits=0 if float(value).is_integer() else 1)


def _award_line(item: dict[str, Any], lang: str) -> str:
    """One scored award criterion: name, weight, method, then its steps, cap and threshold."""
    scoring = item["scoring"]
    head = item["name"] + (f" ({item['lot']})" if item.get("lot") else "")
    if item.get("weight") is not None:
        head += f", {i18n.t('report.award_weight', lang, weight=_points(item['weight'], lang))}"
    parts = [i18n.t(f"award.method.{scoring.get('method') or 'none'}", lang)]
    if scoring.get("formula"):
        parts.append(scoring["formula"])
    steps = [
        f"{band['condition']} → {_points(band['points'], lang)}"
        if band.get("condition")
        else _points(band["points"], lang)
        for band in scoring.get("bands", [])
    ]
    if steps:
        parts.append(", ".join(steps))
    if scoring.get("points_per_unit") is not None:
        parts.append(i18n.t("report.award_per_unit", lang, points=_points(scoring["points_per_unit"], lang)))
    if scoring.get("max_points") is not None:
        parts.append(i18n.t("report.award_max", lang, points=_points(scoring["max_points"], lang)))
    if scoring.get("min_points_to_qualify") is not None:
        parts.append(
            i18n.t("report.award_qualify", lang, points=_points(scoring["min_points_to_qualify"], lang))
        )
    if not item.get("measurable") and scoring.get("method") in ("bands", "scale"):
        parts.append(i18n.t("report.award_judged", lang))
    return f"{head}: {'; '.join(parts)}"


def obligation_word(o: Obligation) -> str:
    """The message key of an open obligation's state: not compliant, not shown, below a period
    target the buyer is measured on as a whole, or a target not known."""
    if o.policy in POLICY_WORDS:
        return POLICY_WORDS[o.policy]
    return "report.not_compliant" if o.status is Status.NOT_MET else "report.not_shown"


def summary_line(summary: Any, lang: str) -> str:
    """The check run's one-line tally (gate.Summary) in `lang`; English keeps the log format."""
    if lang == "en":
        return summary.line()
    passed = summary.inputs - summary.failed - summary.errors
    text = i18n.t(
        "check.summary", lang, inputs=summary.inputs, passed=passed, failed=summary.failed,
        errors=summary.errors, waived=summary.waived, baselined=summary.baselined,
    )  # fmt: skip
    return text + (i18n.t("check.warnings", lang, count=summary.warnings) if summary.warnings else "")


def theme_counts(row: ThemeRow, lang: str) -> str:
    """Only the statuses that occur, in words: "7 met · 2 unknown"."""
    return " · ".join(f"{row.counts[s]} {i18n.status(s, lang)}" for s in COUNTED if row.counts.get(s))
