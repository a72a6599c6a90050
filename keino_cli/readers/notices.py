"""What the eForms and OCDS readers share: origins by key path, validation, award-criterion wording.

Both readers build a plain mapping shaped like a procurement description and note, for each key
path they fill, the element or JSON pointer it came from. Validation then goes through the same
`Procurement` model as a hand-written description, so a notice and its `keino convert` output
mean exactly the same thing.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from keino_cli.errors import InputError, Problem
from keino_cli.model.procurement import Origin, Procurement, ProcurementInput
from keino_cli.validation import dotted, real_path
from keino_cli.yamlsource import KeyPath


class Origins:
    """Origins noted while a reader builds the description; a path without one takes its parent's."""

    def __init__(self, source: str, root: Origin) -> None:
        self.source = source
        self.root = root
        self.by_path: dict[KeyPath, Origin] = {}

    def note(self, key_path: KeyPath, origin: Origin | None) -> None:
        if origin is not None:
            self.by_path[key_path] = origin

    def locate(self, key_path: KeyPath) -> Origin:
        for end in range(len(key_path), 0, -1):
            origin = self.by_path.get(key_path[:end])
            if origin is not None:
                return origin
        return self.root


def build_input(raw: dict[str, Any], origins: Origins, path: str, fmt: str) -> ProcurementInput:
    """Validate the mapping a reader built; a problem points at the element or field it came from."""
    try:
        procurement = Procurement.model_validate(raw)
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False):
            where = real_path(raw, item["loc"])
            origin = origins.locate(where)
            message = item["msg"].removeprefix("Value error, ")
            problems.append(Problem(path, f"{dotted(where)}: {message} (at {origin.pointer})", origin.line))
        raise InputError(problems) from None
    return ProcurementInput(procurement, path, fmt, origins.locate)


def pick_text(texts: dict[str, str], preferred: tuple[str, ...]) -> tuple[str, str] | None:
    """The (language, text) to show: the first preferred language present, else the first given."""
    for lang in preferred:
        if lang in texts:
            return lang, texts[lang]
    return next(iter(texts.items()), None)


def other_languages(texts: dict[str, str], shown: str) -> str | None:
    """The other language versions of a text, kept beside the one shown (as an origin snippet)."""
    others = [f"{lang}: {' '.join(text.split())}" for lang, text in texts.items() if lang != shown]
    return " | ".join(others) or None


# What an award criterion rewards, read from its name and description (en, fi, sv, plus a few
# words of other EU languages seen in notices). Only wording that clearly names the thing counts;
# the first row that matches and has a theme gives the criterion its theme.
REWARD_WORDS: tuple[tuple[str, str, str | None], ...] = (
    (
        r"\bco2\b|co₂|emission|päästö|utsläpp|greenhouse|kasvihuone|växthusgas|utslipp",
        "co2-emissions",
        "climate",
    ),
    (r"carbon footprint|hiilijalanjälj|koldioxidavtryck|klimatavtryck", "carbon-footprint", "climate"),
    (
        r"energy efficien|energy consumption|energiatehok|energiankulutu|energieffektiv|energiförbruk",
        "energy-efficiency",
        "climate",
    ),
    (r"renewable|uusiutuv|förnybar|fornybar", "renewable-energy", "climate"),
    (r"life[- ]cycle cost|\blcc\b|elinkaarikustann|livscykelkostnad", "life-cycle-cost", None),
    (
        r"ecolabel|eco-label|ympäristömerk|miljömärk|joutsenmerk|svanenmärk|nordic swan",
        "ecolabel",
        "resource-efficiency",
    ),
    (r"circular|kiertotalo|cirkulär|sirkulær", "circularity", "resource-efficiency"),
    (r"recycl|kierrät|återvin|gjenvinn", "recycled-content", "resource-efficiency"),
    (r"repair|korjattav|reparer", "repairability", "resource-efficiency"),
    (r"\bwaste\b|jäte|avfall", "waste-reduction", "resource-efficiency"),
    (r"environmental management|ympäristöjärjestelm|miljöledning", "environmental-management", None),
    (r"employment|työllist|sysselsätt", "employment", "social-responsibility"),
    (
        r"working condition|työolo|työehto|arbetsvillkor|arbetsförhållanden",
        "working-conditions",
        "social-responsibility",
    ),
    (r"accessib|saavutettav|esteettöm|tillgänglighet", "accessibility", "social-responsibility"),
    (r"fair trade|fairtrade|reilu kauppa|rättvis handel", "fair-trade", "social-responsibility"),
    (r"innovat|innovaat", "innovation", "innovation"),
)
_REWARD_PATTERNS = tuple(
    (re.compile(words, re.IGNORECASE), reward, theme) for words, reward, theme in REWARD_WORDS
)
_PRICE_WORDS = re.compile(r"price|pris|hinta", re.IGNORECASE)
_COST_WORDS = re.compile(r"cost|kustannu|kostnad", re.IGNORECASE)


def tag_rewards(criterion: dict[str, Any], texts: list[str]) -> None:
    """Add to a non-price award criterion what its texts say it rewards, and its theme."""
    if criterion.get("type") == "price":
        return
    rewards: list[str] = []
    theme: str | None = None
    for pattern, reward, row_theme in _REWARD_PATTERNS:
        if any(pattern.search(text) for text in texts):
            rewards.append(reward)
            theme = theme or row_theme
    if rewards:
        criterion["rewards"] = rewards
    if theme:
        criterion["theme"] = theme


# TED's form option "Price is not the only award criterion and all criteria are stated only in the
# procurement documents" (and its fi/sv versions), which converters turn into an award criterion:
# it says the criteria are elsewhere, so the award stays unknown rather than becoming "price".
_PLACEHOLDER = re.compile(
    r"not the only award criterion|stated only in the procurement documents"
    r"|ei ole ainoa \w*peruste|ainoastaan hankinta-asiakirjoissa"
    r"|inte det enda tilldelningskriteriet|endast i upphandlingsdokumenten",
    re.IGNORECASE,
)


def is_placeholder(texts: list[str]) -> bool:
    """An award criterion that only points at the procurement documents."""
    return any(_PLACEHOLDER.search(text) for text in texts)


def guess_criterion_type(texts: list[str]) -> str:
    """A criterion without a type code: price or cost when its name says so, otherwise quality."""
    if any(_PRICE_WORDS.search(text) for text in texts):
        return "price"
    return "cost" if any(_COST_WORDS.search(text) for text in texts) else "quality"


_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*%")


def percent_in(texts: list[str]) -> float | None:
    """The one percentage a criterion description states ("Vekter 30 %"), if it states exactly one."""
    found = {float(m.replace(",", ".")) for text in texts for m in _PERCENT.findall(text)}
    return found.pop() if len(found) == 1 else None
