"""The strict JSON loader: every refused input gives one located line, accepted ones keep marks."""

from __future__ import annotations

import pytest

from keino_cli.errors import InputError
from keino_cli.jsonsource import MAX_DEPTH, load_json

REFUSED = [
    ('{"a": 1,\n "a": 2}', 2, 2, "duplicate key 'a'"),
    ('{"a": [1, NaN]}', 1, 11, "NaN is not a JSON number"),
    ('{"a": -Infinity}', 1, 7, "-Infinity is not a JSON number"),
    ('{"x":\n  {"y": 1e400}}', 2, 9, "out of range"),
    ('{"x": -' + "9" * 400 + ".5}", 1, 7, "out of range"),
    ('{"n": ' + "9" * 5000 + "}", 1, 7, "integer of 5000 digits is too long"),
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), 1, MAX_DEPTH + 1, "nested more than"),
    ("[" * 100_000, 1, MAX_DEPTH + 1, "nested more than"),
    ('{"q": {"a": 1,\n "b": {"c": 1, "c": 2}}}', 2, 16, "duplicate key 'c'"),
    ('{"a" 1}', 1, 6, "JSON syntax error"),
    (b'{"a": "\xff"}', 1, 8, "not UTF-8 text"),
]


@pytest.mark.parametrize(("text", "line", "column", "message"), REFUSED)
def test_refused_inputs_are_located(text: str | bytes, line: int, column: int, message: str) -> None:
    with pytest.raises(InputError) as caught:
        load_json(text, "in.json")
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("in.json", line, column)
    assert message in problem.message


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = '{"a": "' + "[" * 500 + '"}'
    assert load_json(text, "in.json")[0] == {"a": "[" * 500}


def test_nesting_at_the_limit_is_accepted() -> None:
    value, _ = load_json("[" * MAX_DEPTH + "]" * MAX_DEPTH, "in.json")
    assert isinstance(value, list)


def test_large_integers_within_python_limits_stay_exact() -> None:
    assert load_json('{"n": ' + "7" * 400 + "}", "in.json")[0] == {"n": int("7" * 400)}


def test_marks_give_line_and_column_by_key_path() -> None:
    text = '{\n  "a": [1, 2,\n    {"b": "x"}],\n  "c": {"d": null}\n}'
    _, marks = load_json(text, "in.json")
    assert marks.find(("a", 2, "b")) == (3, 11)
    assert marks.find(("c", "d")) == (4, 14)
    assert marks.find(("a", 7)) == (2, 8)  # nearest existing ancestor
    assert marks.find(()) == (1, 1)


def test_a_utf8_bom_is_accepted() -> None:
    assert load_json(b'\xef\xbb\xbf{"a": 1}', "in.json")[0] == {"a": 1}


def test_oversized_files_are_refused_before_parsing() -> None:
    with pytest.raises(InputError, match="larger than 1 MiB"):
        load_json(b" " * (2**20 + 1), "in.json", max_bytes=2**20)


def test_json_description_validation_errors_carry_line_and_column(write) -> None:
    from tests.conftest import mini

    path = write("d.json", '{\n  "title": "x",\n  "estimated_value": {"amount": "lots"}\n}\n')
    result = mini("assess", str(path))
    assert result.exit_code == 2
    assert f"{path}:3:" in result.stderr
