"""One criterion in plain words for a buyer: why, what to write, how it is proved and scored."""

from __future__ import annotations

from typing import Any

from keino_cli.catalog import Catalog, Entry
from keino_cli.draft.render import number, with_unit, words
from keino_cli.engine import parameter_values
from keino_cli.model.profile import Profile
from keino_cli.model.rules import AllOf, AnyOf, Bands, Comparison, Linear, Not, ParamRef, Rule, Threshold
from keino_cli.rules import criterion_facts


def _value(operand: Any, params: dict[str, Any], lang: str) -> str:
    if isinstance(operand, ParamRef):
        operand = params[operand.param]
    return number(operand, lang)


def rule_words(rule: Rule, params: dict[str, Any], lang: str) -> str:
    """A rule in words: `cleaning.dosing_required is true and ...`."""
    w = words(lang)
    if isinstance(rule, Comparison):
        operator = rule.operator
        if operator == "exists":
            return f"{rule.fact} {w['op_exists'] if rule.exists else w['op_missing']}"
        return f"{rule.fact} {w['op_' + operator]} {_value(rule.operand(operator), params, lang)}"
    if isinstance(rule, Not):
        return f"{w['op_not']} ({rule_words(rule.not_, params, lang)})"
    if isinstance(rule, AllOf):
        return f" {w['op_and']} ".join(f"({rule_words(part, params, lang)})" for part in rule.all)
    assert isinstance(rule, AnyOf)
    return f" {w['op_or']} ".join(f"({rule_words(part, params, lang)})" for part in rule.any)


def _scoring_words(entry: Entry, params: dict[str, Any], catalog: Catalog, lang: str) -> list[str]:
    w = words(lang)
    criterion = entry.criterion
    if criterion.rule is not None:
        return [f"{w['met_when']} {rule_words(criterion.rule, params, lang)}"]
    scoring = criterion.scoring
    assert scoring is not None
    spec = catalog.facts.get(scoring.fact)
    unit = spec.unit if spec else None

    def shown(value: Any) -> str:
        return with_unit(params[value.param] if isinstance(value, ParamRef) else value, unit, lang)

    lines = [f"{scoring.fact} ({w['partial']}):"]
    if isinstance(scoring, Bands):
        for band in scoring.bands:
            bound = "gte" if band.gte is not None else "lte"
            value = shown(band.gte if band.gte is not None else band.lte)
            pct = number(round(band.fraction * 100, 1), lang)
            lines.append(
                f"  {w['band_' + bound].format(value=value)}: {w['share_of_points'].format(pct=pct)}"
            )
    elif isinstance(scoring, Linear):
        lines.append(f"  {w['linear_from'].format(value=shown(scoring.from_))}")
        lines.append(f"  {w['linear_to'].format(value=shown(scoring.to))}")
    elif isinstance(scoring, Threshold):
        bound = "gte" if scoring.gte is not None else "lte"
        lines.append(f"  {w['band_' + bound].format(value=shown(scoring.gte or scoring.lte))}")
    return lines


def _example_lines(facts: dict[str, Any], indent: str = "  ") -> list[str]:
    lines = []
    for key, value in facts.items():
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines.extend(_example_lines(value, indent + "  "))
        else:
            lines.append(f"{indent}{key}: {number(value, 'en')}")
    return lines


def explain(catalog: Catalog, criterion_id: str, lang: str, profile: Profile | None = None) -> dict[str, Any]:
    """The explanation as data (sections of text), rendered as text or JSON by the command."""
    entry = catalog.criteria[criterion_id]
    criterion = entry.criterion
    w = words(lang)
    params = parameter_values(catalog, profile or Profile())[0][criterion_id]
    if criterion.applies_to.all:
        applies = [w["applies_all"]]
    else:
        applies = [catalog.product_groups[g].title.get(lang) for g in criterion.applies_to.product_groups]
        applies += [f"CPV {code}*" for code in criterion.applies_to.cpv]
    if criterion.applies_to.when is not None:
        applies.append(f"{w['applies_when']} {rule_words(criterion.applies_to.when, params, lang)}")
    facts = []
    for key in criterion_facts(criterion):
        spec = catalog.facts.get(key)
        if spec is not None:
            unit = f", {spec.unit}" if spec.unit else ""
            facts.append(f"{key} ({spec.type.value}{unit}): {spec.description.get(lang)}")
    return {
        "id": criterion_id,
        "title": criterion.title.get(lang),
        "type": criterion.type.value,
        "theme": entry.theme.value,
        "level": w[f"level_{criterion.level.value}"],
        "legal_gate": criterion.legal_gate,
        "applies": applies,
        "why": criterion.description.get(lang) if criterion.description else criterion.title.get(lang),
        "what_to_write": criterion.recommendation.get(lang),
        "verification": [text.get(lang) for text in criterion.evidence],
        "how_scored": _scoring_words(entry, params, catalog, lang),
        "facts": facts,
        "example": criterion.examples.pass_[0],
        "source": criterion.source.model_dump(mode="json", exclude_none=True),
    }


def explain_text(explanation: dict[str, Any], lang: str) -> str:
    w = words(lang)
    lines = [
        f"{explanation['id']}  {explanation['title']}",
        f"{w['type']}: {explanation['type']} · {w['theme']}: {explanation['theme']} · "
        f"{w['level']}: {explanation['level']}",
    ]
    if explanation["legal_gate"]:
        lines.append(w["legal"])
    sections = [
        (w["applies"], explanation["applies"]),
        (w["why"], [explanation["why"]]),
        (w["what_to_write"], [explanation["what_to_write"]]),
        (w["verification"], [f"- {text}" for text in explanation["verification"]]),
        (w["how_scored"], [*explanation["how_scored"], w["unknown_note"]]),
        (w["facts_read"], [f"- {fact}" for fact in explanation["facts"]]),
        (w["example"], _example_lines(explanation["example"])),
    ]
    for heading, body in sections:
        lines += ["", f"{heading}:", *(f"  {line}" for line in body)]
    source = explanation["source"]
    reference = f"{source['document']}, {source['reference']}"
    lines += ["", f"{w['source']}: {reference}" + (f" <{source['url']}>" if source.get("url") else "")]
    return "\n".join(lines) + "\n"
