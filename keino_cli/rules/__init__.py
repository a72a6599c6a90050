"""Compile rules and scoring specs once into plain functions over a fact table.

A compiled rule takes `values` (dotted fact path -> value) and returns True, False or None
(unknown: a fact it needs is missing). `all` is False as soon as one part is False, else unknown
if one part is unknown; `any` is True as soon as one part is True; `not` keeps unknown unknown.
A compiled scoring returns a fraction in 0..1, or None when its fact is missing. Parameters are
resolved at compile time, so evaluation does no lookups beyond the facts themselves. Nodes are
told apart by class name (`kind_of`), so a validated catalog and its cached records
(model/records.py) compile alike.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from keino_cli.model.records import kind_of

if TYPE_CHECKING:
    from keino_cli.model.criteria import Criterion
    from keino_cli.model.rules import Comparison, Rule, Scoring

Values = Mapping[str, Any]
Predicate = Callable[[Values], bool | None]
Fraction = Callable[[Values], float | None]
Params = Mapping[str, Any]

_ORDERING: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def resolve(value: Any, params: Params) -> Any:
    """A literal stays itself; `{param: name}` becomes the parameter's value."""
    if kind_of(value) == "ParamRef":
        return params[value.param]
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _comparison(rule: Comparison, params: Params) -> Predicate:
    path = rule.fact
    op = rule.operator
    expected = resolve(rule.operand(op), params)
    if op == "exists":
        return lambda values: (values.get(path) is not None) == expected
    if op in _ORDERING:
        compare = _ORDERING[op]

        def ordered(values: Values) -> bool | None:
            actual = values.get(path)
            if actual is None:
                return None
            return _is_number(actual) and compare(actual, expected)

        return ordered
    if op in ("eq", "ne"):
        want_equal = op == "eq"

        def equality(values: Values) -> bool | None:
            actual = values.get(path)
            return None if actual is None else (actual == expected) == want_equal

        return equality
    if op == "in":
        allowed = frozenset(expected)
        return lambda values: None if (v := values.get(path)) is None else v in allowed
    if op == "contains":
        return lambda values: None if (v := values.get(path)) is None else expected in v
    wanted = frozenset(expected)  # any_of
    return lambda values: None if (v := values.get(path)) is None else not wanted.isdisjoint(v)


def compile_rule(rule: Rule, params: Params) -> Predicate:
    kind = kind_of(rule)
    if kind == "Comparison":
        return _comparison(rule, params)  # type: ignore[arg-type]
    if kind == "Not":
        inner = compile_rule(rule.not_, params)  # type: ignore[union-attr]
        return lambda values: None if (r := inner(values)) is None else not r
    parts = [compile_rule(part, params) for part in (rule.all if kind == "AllOf" else rule.any)]  # type: ignore[union-attr]
    decisive = kind == "AnyOf"  # the result that ends the evaluation early

    def combined(values: Values) -> bool | None:
        unknown = False
        for part in parts:
            result = part(values)
            if result is None:
                unknown = True
            elif result is decisive:
                return decisive
        return None if unknown else not decisive

    return combined


def compile_scoring(spec: Scoring, params: Params) -> Fraction:
    path = spec.fact
    kind = kind_of(spec)
    scoring: Any = spec  # told apart by name (see the module docstring)
    if kind == "Threshold":
        higher_is_better = scoring.gte is not None
        target = resolve(scoring.gte if higher_is_better else scoring.lte, params)
        compare = operator.ge if higher_is_better else operator.le

        def threshold(values: Values) -> float | None:
            actual = values.get(path)
            if actual is None:
                return None
            return 1.0 if _is_number(actual) and compare(actual, target) else 0.0

        return threshold
    if kind == "Bands":
        higher_is_better = scoring.bands[0].gte is not None
        compare = operator.ge if higher_is_better else operator.le
        bands = [
            (resolve(band.gte if higher_is_better else band.lte, params), band.fraction)
            for band in scoring.bands
        ]

        def banded(values: Values) -> float | None:
            actual = values.get(path)
            if actual is None:
                return None
            if not _is_number(actual):
                return 0.0
            return next((fraction for bound, fraction in bands if compare(actual, bound)), 0.0)

        return banded
    assert kind == "Linear"
    start, end = float(resolve(scoring.from_, params)), float(resolve(scoring.to, params))

    def linear(values: Values) -> float | None:
        actual = values.get(path)
        if actual is None:
            return None
        if not _is_number(actual):
            return 0.0
        return min(1.0, max(0.0, (actual - start) / (end - start)))

    return linear


def walk_comparisons(
    rule: Rule, key_path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Comparison]]:
    """Every comparison inside a rule, with its key path (for locating problems in YAML)."""
    kind = kind_of(rule)
    if kind == "Comparison":
        yield key_path, rule  # type: ignore[misc]
    elif kind == "Not":
        yield from walk_comparisons(rule.not_, (*key_path, "not"))  # type: ignore[union-attr]
    else:
        key = "all" if kind == "AllOf" else "any"
        for index, part in enumerate(rule.all if kind == "AllOf" else rule.any):  # type: ignore[union-attr]
            yield from walk_comparisons(part, (*key_path, key, index))


def rule_facts(rule: Rule) -> list[str]:
    """Every fact path a rule reads, once each, in order of appearance."""
    return list(dict.fromkeys(c.fact for _, c in walk_comparisons(rule)))


def rule_params(rule: Rule) -> Iterator[str]:
    """Every parameter name a rule refers to."""
    for _, comparison in walk_comparisons(rule):
        operand = comparison.operand(comparison.operator)
        if kind_of(operand) == "ParamRef":
            yield operand.param


def scoring_params(scoring: Scoring) -> Iterator[str]:
    kind = kind_of(scoring)
    if kind == "Threshold":
        candidates: list[Any] = [scoring.gte, scoring.lte]  # type: ignore[union-attr]
    elif kind == "Bands":
        candidates = [b.gte for b in scoring.bands] + [b.lte for b in scoring.bands]  # type: ignore[union-attr]
    else:
        candidates = [scoring.from_, scoring.to]  # type: ignore[union-attr]
    for value in candidates:
        if kind_of(value) == "ParamRef":
            yield value.param


def criterion_facts(criterion: Criterion) -> list[str]:
    """Every fact a criterion reads, once each: its rule's or scoring's, then its `when`'s."""
    facts = rule_facts(criterion.rule) if criterion.rule is not None else [criterion.scoring.fact]  # type: ignore[union-attr]
    when = criterion.applies_to.when
    return list(dict.fromkeys([*facts, *(rule_facts(when) if when is not None else ())]))


def criterion_params(criterion: Criterion) -> set[str]:
    """Every parameter name a criterion's rule or scoring, and its `when`, refer to."""
    if criterion.rule is not None:
        used = set(rule_params(criterion.rule))
    else:
        used = set(scoring_params(criterion.scoring))  # type: ignore[arg-type]
    if criterion.applies_to.when is not None:
        used |= set(rule_params(criterion.applies_to.when))
    return used
