"""What changed between two versions of a tender: scores, coverage, ambition levels (overall and
per product group), criterion statuses and legal obligations.

Both sides are results in their JSON shape (`InputResult.to_dict()`), so a version assessed now
and one saved earlier with `keino assess --format json` compare the same way. A change is
*better* when a score or coverage rises, an ambition level goes up, a status moves toward met
(not met < unknown < partly met < met; waived counts as partly met) or an obligation becomes met.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

LEVELS = ("none", "core", "comprehensive", "spearhead")
STATUS_RANK = {"not_met": 0, "unknown": 1, "partly_met": 2, "waived": 2, "met": 3}
SCORE_EPSILON = 0.005  # scores are rounded to 0.01


@dataclass(slots=True)
class Change:
    kind: str  # score | coverage | ambition | theme | group | criterion | obligation
    id: str  # "overall", a theme, a product group or a criterion id
    before: Any
    after: Any
    direction: int  # +1 better, -1 worse, 0 neither (appears, disappears)
    detail: dict[str, Any] = field(default_factory=dict)  # obligation: measured/required before and after


@dataclass(slots=True)
class Diff:
    old: str
    new: str
    title: str
    changes: list[Change]

    @property
    def better(self) -> int:
        return sum(1 for c in self.changes if c.direction > 0)

    @property
    def worse(self) -> int:
        return sum(1 for c in self.changes if c.direction < 0)

    def of(self, *kinds: str) -> list[Change]:
        return [c for c in self.changes if c.kind in kinds]

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "title": self.title,
            "better": self.better,
            "worse": self.worse,
            "changes": [asdict(c) for c in self.changes],
        }


def _sign(before: float | None, after: float | None) -> int:
    if before is None or after is None:
        return 0
    return 1 if after > before else -1 if after < before else 0


def _number_change(kind: str, ident: str, before: Any, after: Any) -> Change | None:
    if before is None and after is None:
        return None
    if before is not None and after is not None and abs(after - before) < SCORE_EPSILON:
        return None
    return Change(kind, ident, before, after, _sign(before, after))


def _level_change(kind: str, ident: str, before: str | None, after: str | None) -> Change | None:
    if before == after:
        return None
    rank = {level: i for i, level in enumerate(LEVELS)}
    direction = _sign(rank.get(before or ""), rank.get(after or ""))
    return Change(kind, ident, before, after, direction)


def _obligation(criterion: Mapping[str, Any]) -> dict[str, Any]:
    ob = criterion.get("obligation") or {}
    return {key: ob.get(key) for key in ("measured", "required") if ob.get(key) is not None}


def compare(old: Mapping[str, Any], new: Mapping[str, Any], old_name: str, new_name: str) -> Diff:
    """The changes from `old` to `new`, two results in their JSON shape."""
    changes: list[Change] = []
    for kind, key in (("score", "score"), ("coverage", "coverage")):
        change = _number_change(kind, "overall", old.get(key), new.get(key))
        if change:
            changes.append(change)
    change = _level_change("ambition", "overall", old.get("ambition_level"), new.get("ambition_level"))
    if change:
        changes.append(change)
    old_themes, new_themes = old.get("themes") or {}, new.get("themes") or {}
    for theme in dict.fromkeys([*old_themes, *new_themes]):
        before = (old_themes.get(theme) or {}).get("score")
        after = (new_themes.get(theme) or {}).get("score")
        change = _number_change("theme", theme, before, after)
        if change:
            changes.append(change)
    old_groups = {g["id"]: g for g in old.get("groups") or []}
    new_groups = {g["id"]: g for g in new.get("groups") or []}
    for group in dict.fromkeys([*old_groups, *new_groups]):
        before, after = old_groups.get(group, {}), new_groups.get(group, {})
        change = _level_change("group", group, before.get("ambition_level"), after.get("ambition_level"))
        if change:
            changes.append(change)
    old_criteria = {c["id"]: c for c in old.get("criteria") or []}
    new_criteria = {c["id"]: c for c in new.get("criteria") or []}
    gates = {g["id"] for side in (old, new) for g in side.get("gates") or []}
    for ident in dict.fromkeys([*old_criteria, *new_criteria]):
        before_c, after_c = old_criteria.get(ident), new_criteria.get(ident)
        before = before_c["status"] if before_c else "not_applicable"
        after = after_c["status"] if after_c else "not_applicable"
        gate = ident in gates
        detail: dict[str, Any] = {}
        if gate:
            was, now = _obligation(before_c or {}), _obligation(after_c or {})
            if was != now:
                detail = {"before": was, "after": now}
        if before == after and not detail:
            continue
        direction = _sign(STATUS_RANK.get(before), STATUS_RANK.get(after))
        changes.append(Change("obligation" if gate else "criterion", ident, before, after, direction, detail))
    title = str(
        (new.get("procurement") or {}).get("title") or (old.get("procurement") or {}).get("title") or ""
    )
    return Diff(old_name, new_name, title, changes)
