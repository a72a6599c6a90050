"""Procurement plans: where a buyer's sustainability effort pays most, before any tender is written.

A plan is a CSV (comma, semicolon or tab separated, as spreadsheets export it) or YAML file with
one row per planned procurement: `id`, `title`, `cpv` (one or more codes), `value` (estimated,
in euro), `start` (planned start: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn) and `buyer` (unit);
other columns are kept and shown back. For each row keino works out from the catalog:

* the criteria that apply (by CPV code, as for a tender; criteria that apply to every tender
  included), how many are core and how many comprehensive, and the criteria sets that have a
  criterion for this CPV specifically;
* the legal gates that apply (e.g. the Clean Vehicles Directive minimum shares by CPV);
* **potential weight** W = Σ weight × theme share over the applicable criteria that are not legal
  gates, where theme share = the profile's weight of the criterion's theme ÷ the sum of all
  theme weights (0.25 each without a profile), i.e. the weighted number of criteria a tender
  could carry;
* **expected impact** = value × W, in "euro-criteria". Rows are ranked by it, highest first;
  rows without a value come last (ranked by W), so they are never silently dropped.

Legal gates are not in W: they are obligations, not choices; the ranking flags them instead.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from keino_cli.engine import Engine
from keino_cli.errors import InputError, Problem
from keino_cli.model.procurement import normalise_cpv
from keino_cli.yamlsource import load_yaml

ALIASES = {
    "estimated_value": "value",
    "value_eur": "value",
    "estimated_value_eur": "value",
    "planned_start": "start",
    "buyer_unit": "buyer",
    "unit": "buyer",
    "cpv_codes": "cpv",
}
_START = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?|-Q[1-4])?$")
_DECIMAL_COMMA = re.compile(r"^\d+,\d{1,2}$")


@dataclass(slots=True)
class PlanRow:
    """One planned procurement as read, with the line it came from."""

    line: int
    id: str
    title: str
    cpv: list[str]
    value_eur: float | None = None
    start: str | None = None
    buyer: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Potential:
    """What one planned procurement could carry, and where it ranks."""

    row: PlanRow
    sets: list[str]
    core: int
    comprehensive: int
    gates: list[str]
    weight: float
    impact: float | None
    rank: int = 0

    def to_dict(self) -> dict[str, Any]:
        row = self.row
        return {
            "rank": self.rank,
            "id": row.id,
            "title": row.title,
            "cpv": row.cpv,
            "value_eur": row.value_eur,
            "start": row.start,
            "buyer": row.buyer,
            "criteria_sets": self.sets,
            "core_criteria": self.core,
            "comprehensive_criteria": self.comprehensive,
            "legal_gates": self.gates,
            "potential_weight": self.weight,
            "expected_impact": self.impact,
            "extra": row.extra,
        }


def _normal_key(key: str) -> str:
    key = re.sub(r"[\s-]+", "_", key.strip().lower())
    return ALIASES.get(key, key)


def parse_value(text: Any) -> float | None:
    """`1200000`, `1 200 000`, `1 200 000,50`, `1,200,000.50`, `€ 95 000`: amounts as people type them."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    cleaned = re.sub(r"[\s\u00a0_€]|EUR", "", str(text), flags=re.IGNORECASE)
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(",", "")
    elif _DECIMAL_COMMA.match(cleaned):
        cleaned = cleaned.replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"value {text!r} is not an amount in euro") from None
    if value < 0:
        raise ValueError(f"value {text!r} is negative")
    return value


def _row(line: int, raw: dict[str, Any]) -> PlanRow:
    data = {_normal_key(str(k)): v for k, v in raw.items() if k is not None}
    missing = [key for key in ("id", "title", "cpv") if not str(data.get(key) or "").strip()]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    codes = data.pop("cpv")
    codes = codes if isinstance(codes, list) else re.split(r"[\s;,|]+", str(codes).strip())
    cpv = [normalise_cpv(str(code)) for code in codes if str(code)]
    value = parse_value(data.pop("value", None) or "")
    start = str(data.pop("start", None) or "").strip() or None
    if start is not None and not _START.match(start):
        raise ValueError(f"start {start!r} is not YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn")
    buyer = str(data.pop("buyer", None) or "").strip() or None
    row_id, title = str(data.pop("id")).strip(), str(data.pop("title")).strip()
    return PlanRow(line, row_id, title, cpv, value, start, buyer, data)


def _csv_rows(text: str) -> list[tuple[int, dict[str, Any]]]:
    head = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=head.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    rows = []
    for record in reader:
        if any((value or "").strip() for value in record.values() if isinstance(value, str)):
            rows.append((reader.line_num, record))
    return rows


def _yaml_rows(data: bytes, path: str) -> list[tuple[int, dict[str, Any]]]:
    parsed, marks = load_yaml(data, path)
    base: tuple[str | int, ...] = ()
    if isinstance(parsed, dict) and isinstance(parsed.get("procurements"), list):
        parsed, base = parsed["procurements"], ("procurements",)
    if not isinstance(parsed, list):
        raise InputError.single(
            path, "a YAML plan is a list of procurements (or `procurements:` with one)", 1, 1
        )
    rows = []
    for index, item in enumerate(parsed):
        line = marks.find((*base, index))[0] or 1
        rows.append((line, item if isinstance(item, dict) else {"_not_a_mapping": item}))
    return rows


def read_plan(path: Path) -> tuple[list[PlanRow], list[Problem]]:
    """Every good row, and one located problem per bad row (the good ones are still used)."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError.single(name, f"cannot read: {error.strerror or error}") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        raw_rows = _yaml_rows(data, name)
    else:
        try:
            raw_rows = _csv_rows(data.decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise InputError.single(name, f"not UTF-8 text: {error.reason}") from None
    rows, problems = [], []
    seen: dict[str, int] = {}
    for line, raw in raw_rows:
        try:
            if "_not_a_mapping" in raw:
                raise ValueError("a planned procurement must be a mapping")
            row = _row(line, raw)
        except ValueError as error:
            problems.append(Problem(name, str(error), line))
            continue
        if row.id in seen:
            problems.append(Problem(name, f"id {row.id!r} already used on line {seen[row.id]}", line))
            continue
        seen[row.id] = line
        rows.append(row)
    if not raw_rows:
        problems.append(Problem(name, "the plan has no rows", 1))
    return rows, problems


def assess_plan(rows: list[PlanRow], engine: Engine) -> list[Potential]:
    """Each row's potential, ranked by expected impact (see the module docstring)."""
    weights = engine.theme_weights
    total = sum(weights.values()) or 1.0
    potentials = []
    for row in rows:
        applicable = [engine.compiled[i] for i in engine.applicable(row.cpv, frozenset())]
        choices = [c for c in applicable if not c.legal_gate]
        weight = round(sum(c.weight * weights[c.theme] / total for c in choices), 4)
        sets = sorted({c.entry.set_id for c in applicable if not c.applies_all})
        potentials.append(
            Potential(
                row=row,
                sets=sets,
                core=sum(c.level == "core" for c in choices),
                comprehensive=sum(c.level == "comprehensive" for c in choices),
                gates=[c.id for c in applicable if c.legal_gate],
                weight=weight,
                impact=round(row.value_eur * weight, 2) if row.value_eur is not None else None,
            )
        )
    potentials.sort(key=lambda p: (p.impact is None, -(p.impact or 0.0), -p.weight, p.row.line))
    for rank, potential in enumerate(potentials, 1):
        potential.rank = rank
    return potentials
