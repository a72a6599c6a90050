"""The Clean Vehicles Directive period report: per buyer and reference period, the vehicles of each
category procured across many inputs, against the buyer's target.

The Directive (Art. 5) and Finland's Act 740/2021 (§15) count the buyer's total over a reference
period, not each procurement: this is the figure a Finnish contracting entity must answer for.
Counts come from `cvd.<category>.count / clean_count / zero_emission_count` (award notices'
OPT-155/156, or a description), as gathered in each result's `legal.cvd`. Clean light-duty vehicles
are those reported clean in period 1 and only zero-emission ones from 1.1.2026 (Annex Table 2).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from keino_cli.scope import table_target, target_table

CATEGORIES = ("light_duty", "trucks", "buses")


@dataclass(slots=True)
class PeriodLine:
    buyer: str
    country: str
    period: str
    category: str
    inputs: int
    vehicles: int
    clean: int
    zero_emission: int
    target_pct: float | None
    target_note: str

    @property
    def share_pct(self) -> float | None:
        return round(100 * self.clean / self.vehicles, 2) if self.vehicles else None

    @property
    def verdict(self) -> str:
        if self.target_pct is None:
            return "target not known"
        share = self.share_pct
        if share is None:
            return "no vehicles"
        return "meets target" if share >= self.target_pct else "below target"

    def to_dict(self) -> dict[str, Any]:
        return {
            "buyer": self.buyer,
            "country": self.country,
            "period": self.period,
            "category": self.category,
            "inputs": self.inputs,
            "vehicles": self.vehicles,
            "clean": self.clean,
            "zero_emission": self.zero_emission,
            "clean_share_pct": self.share_pct,
            "target_pct": self.target_pct,
            "target": self.target_note,
            "verdict": self.verdict,
        }


def period_report(results: Iterable[dict[str, Any]], tiers: Sequence[str] = ()) -> list[PeriodLine]:
    """One line per (buyer, country, period, category) over result dicts (the JSON shape)."""
    totals: dict[tuple[str, str, str, str], list[int]] = {}
    for result in results:
        legal = result.get("legal") or {}
        cvd = legal.get("cvd") or {}
        period = cvd.get("period") or "period unknown"
        buyer = (result.get("procurement") or {}).get("buyer") or "buyer unknown"
        for category, counts in (cvd.get("vehicles") or {}).items():
            key = (buyer, legal.get("country", "??"), period, category)
            total = totals.setdefault(key, [0, 0, 0, 0])
            clean = (
                counts.get("zero_emission_count", 0)
                if category == "light_duty" and period == "2026-2030"
                else counts.get("clean_count", 0)
            )
            total[0] += 1
            total[1] += counts.get("count", 0)
            total[2] += clean
            total[3] += counts.get("zero_emission_count", 0)
    table = target_table("cvd-targets")
    lines = []
    for (buyer, country, period, category), (inputs, vehicles, clean, zero) in sorted(totals.items()):
        target, note, reason = table_target(table, country, period, category, tiers)
        lines.append(
            PeriodLine(
                buyer, country, period, category, inputs, vehicles, clean, zero, target, reason or note
            )
        )
    return lines
