"""`keino init` as data: the questions to ask about a procurement, and how each answer is checked.

The identity questions are always asked; after the CPV code is known, only the facts that the
applicable criteria read are asked, grouped by theme, with the unit and meaning the vocabulary
gives them. Each answer is parsed and checked as it is typed (or read from an answers file), and
an empty answer keeps the default, which for a fact means "the tender does not say" (unknown).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from keino_cli.catalog import Catalog
from keino_cli.draft.render import words
from keino_cli.facts import STRUCTURAL_FACTS
from keino_cli.model.criteria import FactSpec, ValueType
from keino_cli.model.procurement import normalise_cpv
from keino_cli.rules import criterion_facts, walk_comparisons

BUYER_TYPES = ["municipality", "central-government", "wellbeing-services-county", "utility", "other"]


class AnswerError(ValueError):
    """An answer that does not fit its question; the message says what would."""


@dataclass(slots=True)
class Question:
    key: str  # an identity field (title, cpv, ...) or a dotted fact path
    prompt: str
    parse: Callable[[str], Any]
    default: str = ""
    hint: str = ""
    theme: str | None = None  # facts only
    spec: FactSpec | None = None
    choices: list[str] = field(default_factory=list)


def _choice(choices: list[str], lang: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in choices:
            raise AnswerError(f"{words(lang)['choose_from']}: {', '.join(choices)}")
        return text

    return parse


def _optional(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def wrapped(text: str) -> Any:
        return None if text == "" else parse(text)

    return wrapped


def _number(text: str) -> float | int:
    try:
        value = float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        raise AnswerError("a number") from None
    if value != value or value in (float("inf"), float("-inf")) or value < 0:
        raise AnswerError("a finite number of 0 or more")
    return int(value) if value.is_integer() else value


def _integer(text: str) -> int:
    value = _number(text)
    if not float(value).is_integer():
        raise AnswerError("a whole number")
    return int(value)


def _iso_date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise AnswerError("a date YYYY-MM-DD") from None


def _country(text: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2}", text):
        raise AnswerError("a two-letter ISO 3166 code, e.g. FI")
    return text.upper()


def _cpv(text: str) -> str:
    try:
        return normalise_cpv(text)
    except ValueError as error:
        raise AnswerError(str(error)) from None


def _fact_parser(spec: FactSpec, lang: str) -> Callable[[str], Any]:
    w = words(lang)
    yes = {word.strip() for word in w["yes_words"].split(",")} | {"true"}
    no = {word.strip() for word in w["no_words"].split(",")} | {"false"}

    def parse(text: str) -> Any:
        lowered = text.strip().lower()
        if spec.type is ValueType.BOOLEAN:
            if lowered in yes:
                return True
            if lowered in no:
                return False
            raise AnswerError(w["yes_no_hint"])
        if spec.type is ValueType.NUMBER:
            return _number(text)
        if spec.type is ValueType.INTEGER:
            return _integer(text)
        if spec.type is ValueType.LIST:
            items = [item.strip() for item in text.split(",") if item.strip()]
            unknown = [item for item in items if spec.values and item not in spec.values]
            if unknown:
                raise AnswerError(f"{w['choose_from']}: {', '.join(spec.values or [])}")
            return items
        if spec.values and text not in spec.values:
            raise AnswerError(f"{w['choose_from']}: {', '.join(spec.values)}")
        return text

    return _optional(parse)


def identity_questions(catalog: Catalog, lang: str, country: str = "FI") -> list[Question]:
    w = words(lang)
    procedures = catalog.facts["procedure.type"].values or ["open"]
    rewards = catalog.facts["award.rewards"].values or []
    labels = catalog.facts["labels.required"].values or []
    return [
        Question("title", w["q_title"], _optional(str), ""),
        Question("id", w["q_id"], _optional(str), ""),
        Question("buyer", w["q_buyer"], _optional(str), ""),
        Question(
            "buyer_type", w["q_buyer_type"], _choice(BUYER_TYPES, lang), "municipality", choices=BUYER_TYPES
        ),
        Question("country", w["q_country"], _country, country),
        Question("cpv", w["q_cpv"], _optional(_cpv), ""),
        Question("value", w["q_value"], _optional(_number), ""),
        Question("procedure", w["q_procedure"], _choice(procedures, lang), "open", choices=procedures),
        Question("duration_months", w["q_duration"], _optional(_integer), ""),
        *(
            [Question("procedure.start_date", w["q_start"], _optional(_iso_date), "")]
            if "procedure.start_date" in catalog.facts
            else []
        ),
        Question(
            "labels",
            catalog.facts["labels.required"].description.get(lang),
            _fact_parser(catalog.facts["labels.required"], lang),
            hint=f"{w['list_hint']}: {', '.join(labels)}",
            spec=catalog.facts["labels.required"],
        ),
        Question("price_weight", f"{w['weight']} (price, %)", _optional(_number), ""),
        Question(
            "rewards",
            catalog.facts["award.rewards"].description.get(lang),
            _fact_parser(catalog.facts["award.rewards"], lang),
            hint=f"{w['list_hint']}: {', '.join(rewards)}",
            spec=catalog.facts["award.rewards"],
        ),
    ]


def fact_questions(catalog: Catalog, cpvs: list[str], lang: str) -> list[Question]:
    """The facts the criteria applying to these codes read, each once, grouped by theme."""
    w = words(lang)
    seen: set[str] = set()
    questions: list[Question] = []
    entries = sorted(catalog.criteria.values(), key=lambda e: e.theme.value)
    for entry in entries:
        criterion = entry.criterion
        if not criterion.applies_to.all and not catalog.covers(criterion, cpvs):
            continue
        for key in criterion_facts(criterion):
            spec = catalog.facts.get(key)
            if key in seen or key in STRUCTURAL_FACTS or spec is None or spec.derived is not None:
                continue
            seen.add(key)
            unit = f" ({spec.unit})" if spec.unit else ""
            if spec.type is ValueType.BOOLEAN:
                hint = w["yes_no_hint"]
            elif spec.values:
                lead = w["list_hint"] if spec.type is ValueType.LIST else w["choose_from"]
                hint = f"{lead}: {', '.join(spec.values)}"
            else:
                hint = spec.type.value + unit
            questions.append(
                Question(
                    key,
                    spec.description.get(lang),
                    _fact_parser(spec, lang),
                    hint=hint,
                    theme=entry.theme.value,
                    spec=spec,
                )
            )
    return questions


def reward_themes(catalog: Catalog) -> dict[str, str]:
    """The theme of each award reward: that of the first criterion that asks for it."""
    themes: dict[str, str] = {}
    for entry in catalog.criteria.values():
        criterion = entry.criterion
        if criterion.rule is None:
            continue
        for _, comparison in walk_comparisons(criterion.rule):
            if comparison.fact != "award.rewards":
                continue
            operand = comparison.operand(comparison.operator)
            for reward in operand if isinstance(operand, list) else [operand]:
                if isinstance(reward, str):
                    themes.setdefault(reward, entry.theme.value)
    return themes


def description_yaml(description: dict[str, Any], catalog: Catalog, lang: str) -> str:
    """The description as YAML, each fact commented with its meaning and unit from the vocabulary.

    Scalars are written as JSON strings and numbers, which the strict YAML 1.2 loader reads back
    unchanged."""
    lines = [f"# {words(lang)['init_header']}"]

    def scalar(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)

    def emit(key: str, value: Any, indent: str, path: str) -> None:
        spec = catalog.facts.get(path) if path else None
        comment = ""
        if spec is not None:
            unit = f" ({spec.unit})" if spec.unit else ""
            comment = f"  # {spec.description.get(lang)}{unit}"
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            for child, item in value.items():
                emit(child, item, indent + "  ", f"{path}.{child}" if path else child)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{indent}{key}:")
            lines.extend(f"{indent}  - {scalar(item)}" for item in value)
        else:
            lines.append(f"{indent}{key}: {scalar(value)}{comment}")

    for key, value in description.items():
        if key == "facts":
            lines.append("facts:")
            for child, item in value.items():
                emit(child, item, "  ", child)
        else:
            emit(key, value, "", "")
    return "\n".join(lines) + "\n"


def description_from_answers(answers: dict[str, Any], catalog: Catalog) -> dict[str, Any]:
    """The description data the answers amount to (unknowns left out)."""
    title = answers.get("title") or "New procurement"
    description: dict[str, Any] = {
        "id": answers.get("id") or re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").upper()[:40] or "PROC-1",
        "title": title,
        "buyer": {
            "name": answers.get("buyer") or "Contracting authority",
            "type": answers.get("buyer_type", "municipality"),
            "country": answers.get("country", "FI"),
        },
        "procedure": answers.get("procedure", "open"),
    }
    if answers.get("cpv"):
        description["cpv"] = [answers["cpv"]]
    if answers.get("value") is not None:
        description["value"] = {"amount": answers["value"], "currency": "EUR"}
    if answers.get("duration_months") is not None:
        description["duration_months"] = answers["duration_months"]
    if answers.get("labels") is not None:
        description["labels"] = answers["labels"]
    rewards = answers.get("rewards")
    price = answers.get("price_weight")
    if rewards is not None or price is not None:
        themes = reward_themes(catalog)
        rewards = rewards or []
        price_weight = 100.0 if price is None and not rewards else float(price if price is not None else 60)
        share = round((100 - price_weight) / len(rewards), 2) if rewards else 0
        award: list[dict[str, Any]] = [{"name": "Price", "type": "price", "weight": price_weight}]
        for reward in rewards:
            award.append(
                {
                    "name": reward.replace("-", " ").capitalize(),
                    "type": "quality",
                    "weight": share,
                    "rewards": [reward],
                    **({"theme": themes[reward]} if reward in themes else {}),
                }
            )
        description["award_criteria"] = award
    facts: dict[str, Any] = {}
    for key, value in answers.items():
        if "." in key and value is not None:
            node = facts
            *parents, leaf = key.split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = value
    if facts:
        description["facts"] = facts
    return description
