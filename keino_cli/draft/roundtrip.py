"""Which drafted criteria keino's own document reader finds again in the drafted document.

This closes the loop between `keino draft` and `keino assess`: a tender written from the annex
should be recognised as asking for what the annex asked for. A criterion counts as found when
assessing the document gives it met or partly met, or not applicable where the drafted
description makes it not applicable too (a higher award band has nothing to reward once the
minimum is already 100 %).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from keino_cli.draft import Draft
from keino_cli.draft.description import read_drafted
from keino_cli.draft.render import DraftFormat, render_draft
from keino_cli.engine import Engine
from keino_cli.model.procurement import ProcurementInput
from keino_cli.readers import read_input
from keino_cli.scope import SCOPE_FACTS

FOUND = ("met", "partly_met")


@dataclass(frozen=True, slots=True)
class RoundTrip:
    drafted: list[str]
    found: list[str]

    @property
    def missing(self) -> list[str]:
        return [criterion for criterion in self.drafted if criterion not in self.found]

    @property
    def share(self) -> float:
        return len(self.found) / len(self.drafted) if self.drafted else 1.0


def round_trip(draft: Draft, engine: Engine, fmt: DraftFormat = DraftFormat.DOCX) -> RoundTrip:
    """Render the draft, read it back as a tender document and assess it, beside its description."""
    with tempfile.TemporaryDirectory(prefix="keino-draft-") as folder:
        path = Path(folder) / f"annex.{fmt.value}"
        path.write_bytes(render_draft(draft, fmt))
        document, scoped = _statuses(engine, read_input(str(path)))
    expected, _ = _statuses(engine, read_drafted(draft, engine.catalog))
    drafted = [item.criterion_id for item in draft.items]
    found = [
        c
        for c in drafted
        if document.get(c) in FOUND or (document.get(c) == expected.get(c) == "not_applicable") or c in scoped
    ]
    return RoundTrip(drafted, found)


def _statuses(engine: Engine, procurement: ProcurementInput) -> tuple[dict[str, str], set[str]]:
    """Each criterion's status, and the legal obligations whose scope awaits a fact about the
    procurement itself (e.g. the building's use class): judged once it is known, not from the
    annex text, so not missing."""
    result = engine.assess(procurement)
    scoped = {
        c.id
        for c in result.assessment.criteria
        if c.obligation and SCOPE_FACTS.intersection(c.obligation["missing_facts"])
    }
    return {c.id: c.status.value for c in result.assessment.criteria}, scoped
