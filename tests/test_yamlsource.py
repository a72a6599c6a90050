"""The strict YAML loader: YAML 1.2 scalars, duplicate keys refused, positions kept."""

from __future__ import annotations

import pytest

from keino_cli.errors import InputError
from keino_cli.yamlsource import load_yaml


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v: no", "no"),
        ("v: NO", "NO"),
        ("v: yes", "yes"),
        ("v: on", "on"),
        ("v: 010", "010"),
        ("v: 10", 10),
        ("v: 0", 0),
        ("v: -3", -3),
        ("v: 1.10", 1.1),
        ("v: .5", 0.5),
        ("v: 1e3", 1000.0),
        ("v: true", True),
        ("v: False", False),
        ("v: 2026-01-01", "2026-01-01"),
        ("v: ~", None),
        ("v: null", None),
        ("v: 0x1F", 31),
        ("v: '010'", "010"),
        ("v: 03000000", "03000000"),
    ],
)
def test_scalars_follow_yaml_1_2(text: str, expected: object) -> None:
    data, _ = load_yaml(text, "x.yaml")
    assert data["v"] == expected
    assert type(data["v"]) is type(expected)


def test_duplicate_key_is_an_error_with_its_position() -> None:
    with pytest.raises(InputError) as caught:
        load_yaml("a: 1\nb:\n  c: 2\n  c: 3\n", "d.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (4, 3)
    assert "duplicate key 'c'" in problem.message


def test_syntax_error_has_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        load_yaml("a: [1, 2\nb: 3\n", "s.yaml")
    problem = caught.value.problems[0]
    assert problem.path == "s.yaml"
    assert problem.line == 2
    assert "YAML syntax error" in problem.message


def test_marks_locate_nested_values() -> None:
    _, marks = load_yaml("a:\n  b:\n    - x\n    - y\n", "m.yaml")
    assert marks.find(("a", "b", 1)) == (4, 7)
    assert marks.find(("a", "b", 7, "missing")) == (3, 5)


def test_alias_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("keino_cli.yamlsource.MAX_NODES", 1000)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, 5):
        bomb += (
            f"l{level}: &l{level} [" + ", ".join([f"*{'a' if level == 1 else f'l{level - 1}'}"] * 10) + "]\n"
        )
    with pytest.raises(InputError) as caught:
        load_yaml(bomb, "bomb.yaml")
    assert "more than 1000 values" in caught.value.problems[0].message


def test_unsupported_tag_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        load_yaml("a: !!python/object:os.system x\n", "t.yaml")
    assert "unsupported YAML tag" in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("a:\n  - " + "[" * 101 + "]" * 101, 2, 103, "nested more than 100 levels deep"),
        ("n: " + "7" * 5000, 1, 4, "integer of 5000 digits is too long"),
        ("v: .inf", 1, 4, "not a finite number"),
        ("a: 1\n---\nb: 2\n", 2, 1, "expected a single document"),
        ("a: *nowhere\n", 1, 4, "alias *nowhere is not defined"),
        ("a: &x [1, *x]\n", 1, 11, "refers to a value that contains it"),
        ("a: b\nc: \x07\n", 2, 4, "is not allowed in YAML"),
        (b"a: b\nc: \xff\n", 2, 4, "not UTF-8 text"),
        ("? [a]\n: 1\n", 1, 3, "mapping keys must be plain scalars"),
        ("a: !!set {x}\n", 1, 4, "unsupported YAML tag"),
    ],
)
def test_every_problem_is_one_located_line(text: str | bytes, line: int, column: int, message: str) -> None:
    with pytest.raises(InputError) as caught:
        load_yaml(text, "p.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (line, column), problem
    assert message in problem.message and "\n" not in problem.message


def test_value_limit_holds_while_parsing_a_flat_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("keino_cli.yamlsource.MAX_NODES", 1000)
    with pytest.raises(InputError) as caught:
        load_yaml("items:\n" + "- 1\n" * 5000, "flat.yaml")
    (problem,) = caught.value.problems
    assert "more than 1000 values" in problem.message and problem.line == 1000


def test_aliases_are_copies_not_shared_values() -> None:
    data, marks = load_yaml("a: &x {k: [1]}\nb: *x\n", "a.yaml")
    assert data == {"a": {"k": [1]}, "b": {"k": [1]}} and data["a"] is not data["b"]
    assert marks.find(("b", "k")) == (2, 4)
