"""Which theme group a met criterion makes a procurement carry: the indicator of Finland's national
procurement strategy (Hankinta-Suomi), counted per procurement in `portfolio.py`.

The engine marks each criterion with its group when it is built, so this rule lives apart from the
portfolio summary that a single assessment never needs (see docs/portfolio.md).
"""

from __future__ import annotations

from collections.abc import Iterable

THEME_GROUPS: dict[str, tuple[str, ...]] = {
    "environmental": ("climate", "resource-efficiency"),
    "social": ("social-responsibility",),
    "innovation": ("innovation",),
}
GROUP_OF_THEME = {theme: group for group, themes in THEME_GROUPS.items() for theme in themes}
# Facts whose statement is a declaration, the process, or a legal minimum, not a requirement or an
# award of the theme: a criterion that reads only these does not make a procurement carry a group.
PROCESS_PREFIXES = ("strategic.", "followup.", "notice.")
PROCESS_FACTS = frozenset(
    {
        "award.quality_weight_pct",  # any quality weight
        "innovation.market_dialogue",
        "innovation.market_dialogue_published",
        "innovation.needs_assessment",
        "innovation.strategy_link",
        "innovation.keino_maturity_strategic",
        "social.divided_into_lots",
        "social.no_lots_reasons_stated",
        "social.sme_suitable",
        "labour.contractor_obligations_documents",  # Act 1233/2006: every such contract
        "labour.documents_max_age_months",
        "accessibility.criteria",  # BT-754: whether the legal accessibility duty was applied
    }
)


def indicator_group(theme: str, legal_gate: bool, rule_facts: Iterable[str]) -> str | None:
    """The group whose requirement or award a criterion is, when met; None for declarations,
    process and legal minimums (see the docstring of `keino_cli.portfolio`)."""
    if legal_gate:
        return None
    if all(fact in PROCESS_FACTS or fact.startswith(PROCESS_PREFIXES) for fact in rule_facts):
        return None
    return GROUP_OF_THEME.get(theme)
