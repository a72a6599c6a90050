"""Portfolio summary over many assessed procurements: what a consultant hands over to a client.

Each result is first reduced to a small `Record` (cheap to send between processes and to keep);
a `Portfolio` then adds records up one at a time, so a summary of 100 000 inputs never holds the
results themselves. Definitions (also in docs/portfolio.md), after Finland's national procurement
strategy (Hankinta-Suomi), which counts procurements that *require or award* environmental,
social or innovation aspects:

* Theme groups: *environmental* = climate + resource-efficiency, *social* = social-responsibility,
  *innovation* = innovation.
* **Assessed**: a procurement carries a group when it requires or awards it, each counted as a
  reason: `requirements` — a criterion of the group is met or partly met in the procedure-level
  result (lots combined), where the criterion is a requirement or an award of the procurement:
  not a legal gate (a legal minimum binds every such procurement and says nothing of its
  choices), and not one whose rule reads only declarations or process
  (`indicators.PROCESS_FACTS`: eForms codes, any quality weight, market dialogue, follow-up,
  lots, legal-minimum documents);
  `award` — an award criterion is tagged with a theme of the group (fact `award.themes`).
* **Declared**: the procurement declares eForms codes for the group: BT-774
  `strategic.environmental_impact` or BT-805 `strategic.gpp_criteria_source` (other than `none`)
  for environmental, BT-775 `strategic.social_objective` for social, BT-776 `strategic.innovation`
  for innovation, and BT-06 `strategic.procurement` (`env-imp`, `soc-obj`, `inn-pur`) for each.
  Codes on any lot count. Declared and assessed are reported side by side, never added up.
* Shares of procurements are over assessed inputs that are procurements of their own (failed
  inputs, and prior information, modification and completion notices, are counted apart). Shares
  of value are over those with a value in euro (`value_eur`); how many had none is reported.
* Score distributions are over inputs whose score (overall or theme) is not `null`: count, mean,
  min, quartiles (linear interpolation between closest ranks, as numpy's default), max and ten
  10-point bins ([0,10) ... [90,100]). They hold one counter per distinct score (scores are
  rounded to 0.01), so memory does not grow with the number of inputs.
* Breakdowns use the main (first) CPV code's division (its first two digits), the buyer's name
  and the procedure code; `(none)` where the input does not say.
* A legal gate has *failed* when its status is `not_met`; `unknown` (not shown as met) is
  counted apart.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from keino_cli.indicators import GROUP_OF_THEME, THEME_GROUPS
from keino_cli.model.records import Theme
from keino_cli.model.result import AmbitionLevel, InputResult, Status

THEMES = tuple(theme.value for theme in Theme)
SCORE_KEYS = ("overall", *THEMES)
# Declared eForms codes that make a procurement carry a group: fact -> codes (None: any but `none`).
STRATEGIC_CODES: dict[str, tuple[tuple[str, frozenset[str] | None], ...]] = {
    "environmental": (
        ("strategic.environmental_impact", None),
        ("strategic.gpp_criteria_source", None),
        ("strategic.procurement", frozenset({"env-imp"})),
    ),
    "social": (("strategic.social_objective", None), ("strategic.procurement", frozenset({"soc-obj"}))),
    "innovation": (("strategic.innovation", None), ("strategic.procurement", frozenset({"inn-pur"}))),
}
CARRYING = (Status.MET.value, Status.PARTLY_MET.value)
NONE = "(none)"
BINS = 10


@dataclass(frozen=True, slots=True)
class Record:
    """What a summary, a CSV row and an overview table need from one result."""

    path: str
    format: str
    id: str
    title: str
    buyer: str | None
    procedure: str | None
    cpv: str | None  # the main CPV code
    value_eur: float | None
    score: float | None
    themes: dict[str, float | None]
    ambition: str
    carries: dict[str, tuple[str, ...]]  # assessed: group -> reasons (requirements, award)
    declares: frozenset[str]  # groups with declared eForms codes
    gates: dict[str, str]  # legal gates that are not met: id -> not_met | unknown
    in_portfolio: bool = True  # False: a notice that is no procurement of its own
    notice_kind: str | None = None

    @property
    def division(self) -> str:
        return self.cpv[:2] if self.cpv else NONE


def record(data: Mapping[str, Any]) -> Record:
    """Reduce a result in its JSON shape (`InputResult.to_dict()`, a JSONL line) to its `Record`.

    Working from the published shape lets an earlier JSON or JSONL output be summarised again
    (`keino batch --resume ... --summary`). See the module docstring for what "carries" means.
    """
    procurement = data["procurement"]
    declared = procurement.get("declared") or {}
    assessed = procurement.get("assessed")
    if assessed is None:  # an output older than schema 2.0: every criterion met counts
        assessed = {}
        for c in data["criteria"]:
            if c["status"] in CARRYING and c["theme"] in GROUP_OF_THEME:
                assessed.setdefault(GROUP_OF_THEME[c["theme"]], []).append(c["id"])
    award_themes = set(declared.get("award.themes", ()))
    carries: dict[str, tuple[str, ...]] = {}
    declares = set()
    for group, themes in THEME_GROUPS.items():
        reasons = []
        if assessed.get(group):
            reasons.append("requirements")
        if award_themes.intersection(themes):
            reasons.append("award")
        if reasons:
            carries[group] = tuple(reasons)
        if any(
            code in codes if codes is not None else code != "none"
            for key, codes in STRATEGIC_CODES[group]
            for code in declared.get(key, ())
        ):
            declares.add(group)
    cpv = procurement.get("cpv") or []
    return Record(
        path=data["input"]["path"],
        format=data["input"]["format"],
        id=procurement["id"],
        title=procurement["title"],
        buyer=procurement.get("buyer"),
        procedure=procurement.get("procedure"),
        cpv=cpv[0] if cpv else None,
        value_eur=procurement.get("value_eur"),
        score=data["score"],
        themes={theme: t["score"] for theme, t in data["themes"].items()},
        ambition=data["ambition_level"],
        carries=carries,
        declares=frozenset(declares),
        gates={g["id"]: g["status"] for g in data["gates"] if g["status"] != Status.MET},
        in_portfolio=procurement.get("in_portfolio", True),
        notice_kind=procurement.get("notice_kind"),
    )


@dataclass(slots=True)
class Distribution:
    """Scores seen, as a counter per distinct value: exact statistics in bounded memory."""

    counts: Counter[float] = field(default_factory=Counter)

    def add(self, value: float) -> None:
        self.counts[value] += 1

    def to_dict(self) -> dict[str, Any]:
        n = self.counts.total()
        histogram = [0] * BINS
        for value, count in self.counts.items():
            histogram[min(int(value // (100 / BINS)), BINS - 1)] += count
        data: dict[str, Any] = dict.fromkeys(("mean", "min", "q1", "median", "q3", "max"))
        if n:
            values = sorted(self.counts.items())
            data["mean"] = round(sum(v * c for v, c in values) / n, 2)
            data["min"], data["max"] = values[0][0], values[-1][0]
            for key, q in (("q1", 0.25), ("median", 0.5), ("q3", 0.75)):
                data[key] = _quantile(values, n, q)
        return {"n": n, **data, "histogram": histogram}


def _quantile(values: list[tuple[float, int]], n: int, q: float) -> float:
    """Linear interpolation between closest ranks over (value, count) pairs sorted by value."""
    position = q * (n - 1)
    low, high = math.floor(position), math.ceil(position)
    below = _at_rank(values, low)
    above = below if high == low else _at_rank(values, high)
    return round(below + (above - below) * (position - low), 2)


def _at_rank(values: list[tuple[float, int]], rank: int) -> float:
    seen = 0
    for value, count in values:
        seen += count
        if rank < seen:
            return value
    return values[-1][0]


@dataclass(slots=True)
class Tally:
    """Summary figures for one set of procurements (the whole portfolio or one breakdown group)."""

    procurements: int = 0
    value_total: float = 0.0
    with_value: int = 0
    carries: dict[str, list[float]] = field(default_factory=dict)  # assessed: group -> [count, value]
    declares: dict[str, list[float]] = field(default_factory=dict)  # declared: group -> [count, value]
    reasons: dict[str, Counter[str]] = field(default_factory=dict)
    scores: dict[str, Distribution] = field(default_factory=lambda: {k: Distribution() for k in SCORE_KEYS})
    ambition: Counter[str] = field(default_factory=Counter)
    gates: dict[str, Counter[str]] = field(default_factory=dict)
    failed_gate: int = 0

    def add(self, rec: Record) -> None:
        self.procurements += 1
        if rec.value_eur is not None:
            self.with_value += 1
            self.value_total += rec.value_eur
        for group, reasons in rec.carries.items():
            totals = self.carries.setdefault(group, [0, 0.0])
            totals[0] += 1
            totals[1] += rec.value_eur or 0.0
            self.reasons.setdefault(group, Counter()).update(reasons)
        for group in rec.declares:
            totals = self.declares.setdefault(group, [0, 0.0])
            totals[0] += 1
            totals[1] += rec.value_eur or 0.0
        if rec.score is not None:
            self.scores["overall"].add(rec.score)
        for theme, score in rec.themes.items():
            if score is not None and theme in self.scores:
                self.scores[theme].add(score)
        self.ambition[rec.ambition] += 1
        for gate, status in rec.gates.items():
            self.gates.setdefault(gate, Counter())[status] += 1
        if Status.NOT_MET.value in rec.gates.values():
            self.failed_gate += 1

    def to_dict(self) -> dict[str, Any]:
        n = self.procurements

        def shares(count: float, value: float) -> dict[str, Any]:
            return {
                "procurements": count,
                "share": round(count / n, 4) if n else None,
                "value_eur": round(value, 2),
                "value_share": round(value / self.value_total, 4) if self.value_total else None,
            }

        carries = {}
        for group in THEME_GROUPS:
            carries[group] = shares(*self.carries.get(group, (0, 0.0))) | {
                "reasons": dict(sorted(self.reasons.get(group, Counter()).items())),
                "declared": shares(*self.declares.get(group, (0, 0.0))),
            }
        return {
            "procurements": n,
            "value": {
                "total_eur": round(self.value_total, 2),
                "with_value": self.with_value,
                "without_value": n - self.with_value,
            },
            "carries": carries,
            "scores": {key: dist.to_dict() for key, dist in self.scores.items()},
            "ambition": {level.value: self.ambition[level.value] for level in AmbitionLevel},
            "gates": {
                "procurements_failed": self.failed_gate,
                "by_gate": {
                    gate: {"not_met": c[Status.NOT_MET.value], "unknown": c[Status.UNKNOWN.value]}
                    for gate, c in sorted(self.gates.items())
                },
            },
        }


BREAKDOWNS = {
    "cpv_division": lambda rec: rec.division,
    "buyer": lambda rec: rec.buyer or NONE,
    "procedure": lambda rec: rec.procedure or NONE,
}


@dataclass(slots=True)
class Portfolio:
    """Adds records up one at a time; `to_dict()` is the `summary` of `keino batch`."""

    total: Tally = field(default_factory=Tally)
    groups: dict[str, dict[str, Tally]] = field(default_factory=lambda: {k: {} for k in BREAKDOWNS})
    failed_inputs: int = 0
    not_procurements: Counter[str] = field(default_factory=Counter)  # notice kind -> count

    def add(self, rec: Record) -> None:
        if not rec.in_portfolio:
            self.not_procurements[rec.notice_kind or NONE] += 1
            return
        self.total.add(rec)
        for name, key in BREAKDOWNS.items():
            tallies = self.groups[name]
            group = key(rec)
            tally = tallies.get(group)
            if tally is None:
                tally = tallies[group] = Tally()
            tally.add(rec)

    def add_failure(self) -> None:
        self.failed_inputs += 1

    def to_dict(self) -> dict[str, Any]:
        data = self.total.to_dict()
        data["failed_inputs"] = self.failed_inputs
        data["not_procurements"] = dict(sorted(self.not_procurements.items()))
        for name, tallies in self.groups.items():
            data[f"by_{name}"] = {group: tallies[group].to_dict() for group in sorted(tallies)}
        return data


def summarise(results: Iterable[InputResult | Mapping[str, Any]], failed_inputs: int = 0) -> Portfolio:
    """The portfolio of results, as objects or in their JSON shape (the library route)."""
    portfolio = Portfolio(failed_inputs=failed_inputs)
    for result in results:
        portfolio.add(record(result.to_dict() if isinstance(result, InputResult) else result))
    return portfolio
