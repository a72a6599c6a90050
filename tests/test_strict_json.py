"""Strict JSON: no NaN or Infinity is ever written, because non-finite numbers are refused where
they enter (with file:line:column) and every JSON writer refuses them as a last resort."""

from __future__ import annotations

import ast
import json
import math
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, mini

VEHICLES = (FIXTURES / "descriptions" / "vehicles.yaml").read_text(encoding="utf-8")


def _strict(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"non-strict JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("d.yaml", VEHICLES.replace("amount: 100000", "amount: .inf"), ":5:"),
        ("d.yaml", VEHICLES.replace("renewable_pct: 50", "renewable_pct: 1e400"), ":13:"),
        ("d.yaml", VEHICLES.replace("clean_count: 3", "clean_count: .nan"), ":12:"),
        ("d.yaml", VEHICLES.replace("weight: 70", "weight: " + "9" * 400), ":7:"),
        ("d.json", '{"id": "T", "title": "t",\n "value": {"amount": 1e999}}', ":2:"),
        ("d.json", '{"id": "T", "title": "t",\n "value": {"amount": NaN}}', ":2:"),
    ],
)
def test_non_finite_numbers_in_descriptions_are_located(write, name: str, text: str, where: str) -> None:
    path = write(name, text)
    result = mini("assess", str(path), "--format", "json")
    assert result.exit_code == 2
    assert f"{path}{where}" in result.stderr
    _strict(result.stdout)


def test_an_infinite_ocds_amount_is_refused(write) -> None:
    source = (FIXTURES / "ocds" / "release-package.json").read_text(encoding="utf-8")
    path = write("p.json", source.replace('"amount": "5000000"', '"amount": "Infinity"', 1))
    result = mini("assess", str(path), "--format", "json")
    assert result.exit_code == 2 and "finite" in result.stderr
    _strict(result.stdout)


def test_an_infinite_eforms_amount_is_refused(write) -> None:
    source = (FIXTURES / "eforms" / "green.xml").read_text(encoding="utf-8")
    path = write("n.xml", source.replace(">3400000<", ">1E+999<", 1))
    result = mini("assess", str(path), "--format", "json")
    assert result.exit_code == 2 and "finite" in result.stderr
    _strict(result.stdout)


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ("theme_weights: {climate: .nan}", "finite"),
        ("theme_weights: {climate: -1}", "greater than or equal to 0"),
        ("theme_weights: {climate: 1.0e300}", "less than or equal to"),
        ("parameters: {X: {y: .inf}}", "finite"),
    ],
)
def test_profile_weights_and_parameters_are_finite_and_in_range(write, profile: str, message: str) -> None:
    description = write("d.yaml", VEHICLES)
    path = write("profile.yaml", profile + "\n")
    result = mini("assess", str(description), "--profile", str(path), "--format", "json")
    assert result.exit_code == 2
    assert str(path) in result.stderr and message in result.stderr


def test_a_huge_number_in_a_document_is_no_quantity() -> None:
    from keino_cli.evidence import parse_number

    assert parse_number("9" * 400) is None
    assert parse_number("38,5") == 38.5
    assert math.isfinite(parse_number("1 500 000") or math.nan)


def test_every_json_writer_refuses_nan() -> None:
    """A JSON writer without allow_nan=False could emit NaN: find every json.dump(s) call."""
    loose = []
    for path in sorted((ROOT / "keino_cli").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("dump", "dumps")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "json"
            ):
                keywords = {k.arg: k.value for k in node.keywords}
                flag = keywords.get("allow_nan")
                if not (isinstance(flag, ast.Constant) and flag.value is False):
                    loose.append(f"{Path(path).relative_to(ROOT)}:{node.lineno}")
    assert loose == []
