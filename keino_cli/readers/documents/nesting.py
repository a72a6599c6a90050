"""Award criteria with sub-criteria, read as a procurement expert reads a weighting tree: the
sub-criteria replace their parent, each carrying its share of the TOTAL weight.

A tender states the parent's weight and then its parts in one of three ways, and one rule reads
all three: a part weighs parent × part / Σ parts.

* parts as shares of the total ("Laatu 40 %: 2.1 … 20 %, 2.2 … 10 %, 2.3 … 10 %"): Σ parts is the
  parent's weight, so each part keeps its own;
* parts as shares within the parent ("Laatu 40 %: a) ympäristö 50 %, b) toimitusaika 50 %"):
  Σ parts is 100, so a part is parent × part / 100;
* parts in points under a weighted parent ("Kvalitet 40 %, varav miljö 20 poäng …"): each part
  gets its proportional share of the parent's weight.

What says a criterion has parts: dotted numbering (2. → 2.1, 2.2), lettered items after a criterion
that is not lettered itself (a), b)), deeper list indentation, or cue wording after its weight
("joka muodostuu seuraavista osatekijöistä", "varav", "consisting of"). Without any, the parts are
only inferred when the flat weights overrun 100 and two or more criteria right after one sum
exactly to its weight, so that the nested list sums to 100. A flat list that sums to 100 is never
nested: it is already a whole.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Wording after a criterion's weight that says its parts follow (tender-vocabulary.md).
NEST_CUE = re.compile(
    r"\b(?:(?:joka |jotka )?muodostuu|osatekijö\w*|alakriteer\w*|alaperustee\w*|jakautuu|josta|joista"
    r"|som består av|består av|fördelat på|fördelade på|delkriteri\w*|varav"
    r"|consisting of|consists of|made up of|comprising|sub-?criteri\w*|of which|divided into|broken down)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"[\s,;:.\-*•–]*(?:\((?P<p>[a-zåäö])\)|(?P<l>[a-zåäö])\)|(?P<n>\d{1,2}(?:\.\d{1,2})*)[.)]?)(?=\s)"
)
MAX_LEAD = 300  # how far before its weight a criterion's label and cue wording are looked for


@dataclass(slots=True)
class Entry:
    """An award criterion of a document as it is written: the criterion, whether its weight is in
    points, and its lead — the text between the previous criterion's weight and its own, which
    holds its label ("2.1", "a)"), its indentation and any cue wording after the previous one."""

    criterion: dict[str, Any]
    in_points: bool
    lead: str

    @property
    def line(self) -> str:
        """The lead's last line: where the criterion's label and indentation are."""
        return self.lead.rpartition("\n")[2]

    @property
    def label(self) -> str | None:
        """Its list label without punctuation: "2", "2.1", "a" (None when it has none)."""
        found = _LABEL.match(self.line)
        return (found.group("n") or found.group("l") or found.group("p")).lower() if found else None

    @property
    def indent(self) -> int | None:
        """Its indentation, when it starts a line (None inline)."""
        if "\n" not in self.lead:
            return None
        return len(self.line) - len(self.line.lstrip(" \t"))

    @property
    def weight(self) -> float | None:
        value = self.criterion.get("weight")
        return None if value is None else float(value)


def _is_letter(label: str | None) -> bool:
    return label is not None and label.isalpha()


def _parts(entries: list[Entry], at: int) -> int:
    """How many entries right after `entries[at]` are its parts by a stated signal (0: none)."""
    parent, rest = entries[at], entries[at + 1 :]
    if parent.weight is None or not rest:
        return 0
    first, label, indent = rest[0], parent.label, parent.indent
    if label and not _is_letter(label) and (first.label or "").startswith(label + "."):
        count = _run(rest, lambda e: (e.label or "").startswith(label + "."))
    elif indent is not None and first.indent is not None and first.indent > indent:
        count = _run(rest, lambda e: e.indent is not None and e.indent > indent)
    elif _is_letter(first.label) and not _is_letter(label):
        count = _run(rest, lambda e: _is_letter(e.label))
    elif NEST_CUE.search(first.lead):
        count = _by_sum(parent, rest)
    else:
        return 0
    return count if all(entry.weight is not None for entry in rest[:count]) else 0


def _run(entries: list[Entry], part: Callable[[Entry], bool]) -> int:
    """The length of the run of entries from the first that `part` accepts."""
    count = 0
    while count < len(entries) and part(entries[count]):
        count += 1
    return count


def _by_sum(parent: Entry, rest: list[Entry]) -> int:
    """Parts after cue wording alone: the fewest following criteria (not price, all in one unit)
    that sum to the parent's weight, or to 100 %; in points under a percentage, all in a row."""
    run = _run(rest, lambda e: e.weight is not None and e.criterion["type"] != "price")
    run = _run(rest[:run], lambda e: e.in_points == rest[0].in_points)
    total = 0.0
    for count, entry in enumerate(rest[:run], start=1):
        total += entry.weight or 0
        if abs(total - (parent.weight or 0)) < 0.01 or (
            count >= 2 and not entry.in_points and abs(total - 100) < 0.01
        ):
            return count
    return run if run >= 2 and rest[0].in_points and not parent.in_points else 0


def _inferred(entries: list[Entry], at: int, overrun: float) -> int:
    """Parts without a signal: two or more criteria (not price, the parent's unit) right after one
    that sum exactly to its weight, where dropping it takes the flat total's `overrun` away."""
    parent = entries[at]
    if parent.weight is None or abs(parent.weight - overrun) >= 0.01:
        return 0
    total = 0.0
    for count, entry in enumerate(entries[at + 1 :], start=1):
        if entry.weight is None or entry.criterion["type"] == "price" or entry.in_points != parent.in_points:
            return 0
        total += entry.weight
        if abs(total - parent.weight) < 0.01:
            return count if count >= 2 else 0
        if total > parent.weight:
            return 0
    return 0


def _share(parent: dict[str, Any], parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The parts, changed in place, each weighing its share of the parent's weight (parent × part / Σ parts).

    A part that says nothing of what it rewards takes the parent's theme and rewards (the parts of
    "Ympäristövaikutukset 30 %" are environmental). A part without scoring of its own takes the
    parent's ("Laatu pisteytetään asteikolla 0–10": each part is scored so), except a minimum score
    to qualify, which is a threshold on the parent's total that no part states."""
    total = sum(part["weight"] for part in parts)
    for part in parts:
        if total > 0:
            weight = round(parent["weight"] * part["weight"] / total, 2)
            part["weight"] = int(weight) if float(weight).is_integer() else weight
        if not part.get("theme") and not part.get("rewards"):
            part |= {
                key: copy.deepcopy(parent[key])
                for key in ("theme", "rewards", "rewards_read")
                if key in parent
            }
        if "scoring" in parent and "scoring" not in part:
            scoring = {
                k: v for k, v in copy.deepcopy(parent["scoring"]).items() if k != "min_points_to_qualify"
            }
            if scoring:
                part["scoring"] = scoring
    return parts


def flatten_tree(entries: list[Entry]) -> list[dict[str, Any]]:
    """A document's award criteria, in order, with each criterion that has parts replaced by its
    parts (deeper parts first, so 2.1.1 … share 2.1's weight before 2.1 shares 2's)."""
    total = sum(entry.weight or 0 for entry in entries)
    if abs(total - 100) < 0.01:
        return [entry.criterion for entry in entries]
    groups = _groups(entries)
    overrun = total - 100 - sum(entries[at].weight or 0 for at in groups)
    if overrun > 0.01:
        taken = {at + k for at, count in groups.items() for k in range(count + 1)}
        for at in range(len(entries)):
            count = _inferred(entries, at, overrun)
            if count and not taken & set(range(at, at + count + 1)):
                groups[at] = count
                break
    return _build(entries, groups)


def _build(entries: list[Entry], groups: dict[int, int]) -> list[dict[str, Any]]:
    """The criteria with each parent of `groups` replaced by its parts (their own parts first)."""
    found: list[dict[str, Any]] = []
    at = 0
    while at < len(entries):
        count = groups.get(at, 0)
        if count:
            parts = entries[at + 1 : at + 1 + count]
            found.extend(_share(entries[at].criterion, _build(parts, _groups(parts))))
        else:
            found.append(entries[at].criterion)
        at += 1 + count
    return found


def _groups(entries: list[Entry]) -> dict[int, int]:
    """The criteria (by index) that have parts by a stated signal, and how many entries follow."""
    groups: dict[int, int] = {}
    at = 0
    while at < len(entries):
        count = _parts(entries, at)
        if count:
            groups[at] = count
        at += 1 + count
    return groups
