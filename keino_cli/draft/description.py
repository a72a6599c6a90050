"""The procurement description a tender written from a draft amounts to.

Each drafted criterion contributes the facts of its first `pass` example, the fact set its own
authors wrote to show what meeting it looks like. Facts that a description states through its
structured fields (award criteria, labels, procedure, value, duration) become those fields, so
the description is one a buyer could have written by hand, and `keino assess` checks it with the
same rules as any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from keino_cli.catalog import Catalog
from keino_cli.draft import LEVELS, Draft
from keino_cli.facts import STRUCTURAL_FACTS, flat_facts

if TYPE_CHECKING:
    from keino_cli.model.procurement import ProcurementInput


THEME_OF_REWARD_DEFAULT = "resource-efficiency"


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for path, value in sorted(flat.items()):
        *parents, leaf = path.split(".")
        node = nested
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return nested


def _merge(flat: dict[str, Any], key: str, value: Any) -> None:
    """Lists gather every item asked for; a number keeps the most demanding value (the larger one,
    as pass examples of shares and weights are minimums); otherwise the first value stays."""
    if key not in flat:
        flat[key] = value
    elif isinstance(value, list) and isinstance(flat[key], list):
        flat[key] = list(dict.fromkeys([*flat[key], *value]))
    elif (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and isinstance(flat[key], (int, float))
    ):
        flat[key] = max(flat[key], value)


def draft_description(draft: Draft, catalog: Catalog, title: str | None = None) -> dict[str, Any]:
    """A description (as plain data, ready for YAML) of the tender the draft would produce."""
    flat: dict[str, Any] = {}
    themes_of_reward: dict[str, str] = {}
    # Higher levels first: where two criteria read the same fact, the more demanding example wins.
    for item in sorted(draft.items, key=lambda item: -LEVELS.index(item.level)):
        criterion = catalog.criteria[item.criterion_id].criterion
        example = flat_facts(criterion.examples.pass_[0], catalog.facts)
        for key, value in example.items():
            _merge(flat, key, value)
            if key == "award.rewards":
                for reward in value:
                    themes_of_reward.setdefault(reward, item.theme)
    description: dict[str, Any] = {
        "id": "DRAFT-" + "-".join(draft.groups or ["CPV"]).upper(),
        "title": title or f"{', '.join(draft.group_titles) or 'Procurement'} ({draft.level})",
        "cpv": [_full_cpv(code) for code in draft.cpv],
        "procedure": flat.get("procedure.type", "open"),
    }
    if "contract.value_eur" in flat:
        description["value"] = {"amount": flat["contract.value_eur"], "currency": "EUR"}
    if "contract.duration_months" in flat:
        description["duration_months"] = int(flat["contract.duration_months"])
    description["award_criteria"] = _award_criteria(flat, themes_of_reward, draft.award_weight)
    description["labels"] = list(flat.get("labels.required", []))
    facts = {k: v for k, v in flat.items() if k not in STRUCTURAL_FACTS}
    description["facts"] = _nest(facts)
    return description


def read_drafted(draft: Draft, catalog: Catalog) -> ProcurementInput:
    """The drafted description read back as keino reads a user's YAML file (validated, with marks),
    without writing it to disk: what a buyer who saved it would get from `keino assess`."""
    import yaml

    from keino_cli.readers import DEFAULT_OPTIONS
    from keino_cli.readers.description import read

    text = yaml.safe_dump(draft_description(draft, catalog), allow_unicode=True)
    return read("drafted-description.yaml", text.encode("utf-8"), DEFAULT_OPTIONS)


def _full_cpv(prefix: str) -> str:
    return prefix.ljust(8, "0")


def _award_criteria(
    flat: dict[str, Any], themes_of_reward: dict[str, str], award_weight: float | None
) -> list[dict[str, Any]]:
    """Price plus one quality criterion per reward and per theme the criteria ask to reward,
    sharing a sustainability weight that reaches what the award criteria's examples require."""
    rewards = list(flat.get("award.rewards", []))
    themes = [t for t in flat.get("award.themes", []) if t not in themes_of_reward.values()]
    sustainability = max(
        float(flat.get("award.sustainability_weight_pct", 0)),
        float(award_weight or 0),
        1.0 * bool(rewards or themes),
    )
    quality = max(float(flat.get("award.quality_weight_pct", 0)), sustainability)
    named = len(rewards) + len(themes)
    criteria: list[dict[str, Any]] = []
    if named:
        share = round(sustainability / named, 2)
        for reward in rewards:
            theme = themes_of_reward.get(reward, THEME_OF_REWARD_DEFAULT)
            criteria.append(
                {
                    "name": reward.replace("-", " ").capitalize(),
                    "type": "quality",
                    "weight": share,
                    "theme": theme,
                    "rewards": [reward],
                }
            )
        for theme in themes:
            criteria.append(
                {
                    "name": f"{theme.replace('-', ' ').capitalize()} quality",
                    "type": "quality",
                    "weight": share,
                    "theme": theme,
                }
            )
    if quality > sustainability:
        criteria.append({"name": "Quality", "type": "quality", "weight": round(quality - sustainability, 2)})
    price = round(100 - sum(c["weight"] for c in criteria), 2)
    return [{"name": "Price", "type": "price", "weight": price}, *criteria]
