"""The batch hot path gives what the general path gives, byte for byte.

The general path reads every description through the pydantic models and writes the compact
result with `json.dumps`; the hot path (an assessor whose writers need no `InputResult`) reads
plainly valid descriptions as light objects (`readers.plain`), evaluates only the criteria that
read a stated fact and writes with orjson (`render.stream.compact_line`). Both run here over
generated descriptions (benchmarks/generate.py), the examples, the shared sample notices when
present, and broken descriptions, whose problems must be the same located messages.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SHARED_DATA

from keino_cli.catalog import load_catalog
from keino_cli.engine import Engine
from keino_cli.gate import Bar
from keino_cli.pipeline import Assessor, FileUnit, Needs
from keino_cli.readers import ReadOptions
from keino_cli.render.stream import compact_line, dumps


def _generate() -> Any:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="module")
def catalog() -> Any:
    return load_catalog([], bundled=True)


@pytest.fixture(scope="module")
def assessors(catalog: Any) -> tuple[Assessor, Assessor]:
    engine = Engine(catalog)
    general = Assessor(engine, ReadOptions(), Bar(), needs=Needs(result=True))
    general.options = replace(general.options, plain=False)  # the models read every description
    fast = Assessor(engine, ReadOptions(), Bar(), needs=Needs(line=True, record=True))
    return general, fast


def _same(assessors: tuple[Assessor, Assessor], path: Path) -> None:
    general, fast = assessors
    expected, actual = general.assess(FileUnit(str(path))), fast.assess(FileUnit(str(path)))
    assert len(expected) == len(actual)
    for want, got in zip(expected, actual, strict=True):
        assert got.problems == want.problems
        if want.failed:
            continue
        assert want.result is not None and got.verdict is not None and want.verdict is not None
        assert got.line == dumps(want.result.to_dict(compact=True))
        assert got.verdict.to_dict() == want.verdict.to_dict()


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_generated_descriptions(tmp_path: Path, catalog: Any, assessors: Any, fmt: str) -> None:
    paths = _generate().write(200, tmp_path / fmt, fmt, 7, catalog)
    for path in paths:
        _same(assessors, path)


def test_the_examples(assessors: Any) -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    assert examples
    for path in examples:
        _same(assessors, path)


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="shared sample data not present")
def test_the_shared_notices(assessors: Any) -> None:
    notices = sorted((SHARED_DATA / "eforms").glob("*/*.xml"))
    notices += sorted((SHARED_DATA / "ocds").glob("*.json"))
    assert notices
    for path in notices:
        _same(assessors, path)


def test_notice_and_document_fixtures(assessors: Any) -> None:
    """Notices and tender documents are read plainly too (`build_input`, `documents.merge`)."""
    paths = sorted((ROOT / "tests" / "fixtures" / "eforms").glob("*.xml"))
    paths += sorted((ROOT / "tests" / "fixtures" / "ocds").glob("*.json"))
    paths += sorted((ROOT / "examples" / "tenders").glob("*/*"))
    assert len(paths) > 8
    for path in paths:
        _same(assessors, path)


BROKEN = {
    "unknown-key.yaml": "id: X\ntitle: T\ncpv: ['90911200']\ncolour: red\n",
    "bad-cpv.yaml": "id: X\ntitle: T\ncpv: ['9091']\n",
    "int-cpv.yaml": "id: X\ntitle: T\ncpv: [90911200]\n",
    "no-title.yaml": "id: X\ncpv: ['90911200']\n",
    "negative.yaml": "id: X\ntitle: T\nvalue: {amount: -1}\n",
    "bool-amount.yaml": "id: X\ntitle: T\nvalue: {amount: true}\n",
    "currency.yaml": "id: X\ntitle: T\nvalue: {amount: 10, currency: eur}\n",
    "theme.yaml": "id: X\ntitle: T\naward_criteria: [{name: A, type: quality, theme: green}]\n",
    "award-type.yaml": "id: X\ntitle: T\naward_criteria: [{name: A, type: beauty}]\n",
    "award-scoring.yaml": (
        "id: X\ntitle: T\ncpv: ['90911200']\naward_criteria: [{name: A, type: quality, weight: 30,"
        " theme: climate, scoring: {method: bands, bands: [{condition: yes, points: 3}]}}]\n"
    ),
    "label.yaml": "id: X\ntitle: T\nlabels: [{id: eu-ecolabel, of: nobody}]\n",
    "lot.yaml": "id: X\ntitle: T\nlots: [{title: no id}]\n",
    "months.yaml": "id: X\ntitle: T\nduration_months: 2.5\n",
    "fact-type.yaml": "id: X\ntitle: T\nfacts: {cleaning: {ecolabel_products_pct: 'many'}}\n",
    "facts-null.yaml": "id: X\ntitle: T\nfacts: null\n",
    "waiver.yaml": "id: X\ntitle: T\nwaivers: [{criterion: NOPE-1, reason: because}]\n",
    "waiver-ok.yaml": (
        "id: X\ntitle: T\ncpv: ['90911200']\n"
        "waivers: [{criterion: RES-GEN-02, reason: because, expires: 2020-01-01}]\n"
    ),
    "requirement.yaml": "id: X\ntitle: T\nrequirements: [{text: Ecolabelled products, type: wish}]\n",
    "list.yaml": "- id: X\n",
    "syntax.yaml": "id: X\ntitle: [T\n",
    "bad.json": '{"id": "X", "title": "T", "cpv": ["90911200"], "buyer": {"name": "B", "country": "fi"}}',
    "text-weight.json": (
        '{"id": "X", "title": "T", "award_criteria": [{"name": "A", "type": "cost", "weight": "4"}]}'
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_unusual_descriptions_give_the_same_results_and_problems(
    tmp_path: Path, assessors: Any, name: str
) -> None:
    path = tmp_path / name
    path.write_text(BROKEN[name], encoding="utf-8")
    _same(assessors, path)


@pytest.mark.parametrize(
    "value",
    [
        1e-05,
        2.5e-7,
        0.0001,
        1e16,
        1.0000001,
        -0.0,
        123456789.125,
        2**64,
        "\ud800",
        "tab\t and \x00 and \u2028",
        {1: "a key that is no text"},
        (1, 2),
    ],
)
def test_compact_lines_are_what_json_dumps_writes(value: Any) -> None:
    data = {"facts": {"x": {"value": value}}, "score": value if isinstance(value, float) else 1.0}
    try:
        expected = dumps(data)
    except (ValueError, UnicodeEncodeError) as error:
        with pytest.raises(type(error)):
            compact_line(data)
        return
    assert compact_line(data) == expected


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_compact_lines_refuse_what_json_refuses(value: float) -> None:
    with pytest.raises(ValueError):
        json.dumps(value, allow_nan=False)
    with pytest.raises(ValueError):
        compact_line({"score": value})
    with pytest.raises(ValueError):
        compact_line({"criteria": [{"fraction": value}]})


def test_plainly_valid_descriptions_are_read_without_the_models(tmp_path: Path, catalog: Any) -> None:
    from keino_cli.readers import read_inputs

    paths = _generate().write(20, tmp_path, "yaml", 3, catalog)
    kinds = {type(read_inputs(str(p), ReadOptions(plain=True))[0].procurement).__module__ for p in paths}
    assert kinds == {"keino_cli.readers.plain"}
    general = read_inputs(str(paths[0]), ReadOptions())[0].procurement
    assert type(general).__module__ == "keino_cli.model.procurement"


@pytest.mark.parametrize(
    "relative",
    [
        "tests/fixtures/eforms/green.xml",
        "tests/fixtures/ocds/release-package.json",
        "examples/tenders/koulujen-ateriapalvelut/tarjouspyynto.md",
    ],
)
def test_notices_and_documents_are_read_without_the_models(relative: str) -> None:
    from keino_cli.readers import read_inputs

    path = str(ROOT / relative)
    assert (
        type(read_inputs(path, ReadOptions(plain=True))[0].procurement).__module__
        == "keino_cli.readers.plain"
    )
    # `keino convert` and library callers get the models
    assert type(read_inputs(path, ReadOptions())[0].procurement).__module__ == "keino_cli.model.procurement"


def _paths(value: Any, base: tuple[str | int, ...] = ()) -> Any:
    yield base
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        yield from _paths(child, (*base, key))


JSON_TEXTS = [
    '{"a\\"b": {"c": [1, {"d\\\\": 2}, []], "e": []}, "f": "x,:{}[]\\"y", "g": [[], [1, [2]], {}]}',
    ' [ 1 , {"a" : [ ] } ] ',
    '"text"',
    "{}",
    '{"id": "X", "facts": {"a": {"b": 1.5e3, "c": [true, null]}}, "lots": [{"id": "1"}, {"id": "2"}]}',
]


@pytest.mark.parametrize("text", JSON_TEXTS)
def test_json_marks_scanned_whole_are_those_walked(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from keino_cli import jsonsource

    value = json.loads(text)
    probes = [*_paths(value), ("missing",), ('a"b', "c", 9), (0, "a", 0, "x")]
    scanned = [jsonsource.JsonMarks(text).find(path) for path in probes]
    monkeypatch.setattr(jsonsource, "SCAN_ALL_BELOW", 0)
    walked = [jsonsource.JsonMarks(text).find(path) for path in probes]
    assert scanned == walked


def _pretty_reference(data: Any) -> str:
    """`json.dumps(indent=2)` one level in: four spaces after each newline (JSON escapes the
    newlines inside texts, so only the layout's own are indented)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    return "    " + text.replace("\n", "\n    ")


def test_pretty_results_are_what_json_dumps_writes(tmp_path: Path, catalog: Any, assessors: Any) -> None:
    """The JSON document's text of each result (`result_parts`: criteria texts kept on the shared
    result objects, spliced into the rest) is `json.dumps` of its dict, indented into the list;
    every input is assessed twice, so the second time the kept texts are used."""
    from keino_cli.render.stream import nested, pretty, result_parts

    general, _ = assessors
    paths = sorted((ROOT / "examples").glob("*.yaml"))
    paths += _generate().write(40, tmp_path, "yaml", 11, catalog)
    if SHARED_DATA.is_dir():
        paths += sorted((SHARED_DATA / "eforms").glob("*/*.xml"))
        paths += sorted((SHARED_DATA / "ocds").glob("*.json"))
    for path in [*paths, *paths]:
        for item in general.assess(FileUnit(str(path))):
            if not item.failed:
                assert item.result is not None and item.verdict is not None
                data = item.result.to_dict()
                expected = _pretty_reference(data)
                assert nested(pretty(data)) == expected
                assert "".join(result_parts(item.result)) == expected
                verdict = {"verdict": item.verdict.to_dict()}
                assert "".join(result_parts(item.result, verdict)) == _pretty_reference(data | verdict)


@pytest.mark.parametrize(
    "value",
    [1e-05, 0.5, "a\u2028b", "c\x85d", "e\u2029 f", {}, [], [{}], {"k": []}, 2**64, {2: "x"}, "\ud800"],
)
def test_pretty_edge_values(value: Any) -> None:
    from keino_cli.render.stream import nested, pretty

    data = {"value": value, "list": [value]}
    try:
        expected = _pretty_reference(data)
    except (ValueError, UnicodeEncodeError) as error:
        with pytest.raises(type(error)):
            nested(pretty(data))
        return
    assert nested(pretty(data)) == expected


@pytest.mark.parametrize("mark", ["\x85", "\u2028", "\u2029"])
def test_json_document_keeps_texts_with_other_line_breaks(tmp_path: Path, mark: str) -> None:
    """U+0085, U+2028 and U+2029 stay unescaped in JSON; the document's indentation must not
    break a text at them (textwrap.indent did, writing four spaces into the title)."""
    from typer.testing import CliRunner

    from keino_cli.cli import app

    title = f"Siivous{mark}palvelut"
    path = tmp_path / "title.yaml"
    path.write_text(
        "id: LB-1\n"
        f"title: {json.dumps(title)}\n"
        'cpv: ["90919200-4"]\n'
        "buyer: {name: Kunta, type: central-government, country: FI}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["assess", str(path), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert json.loads(result.stdout)["results"][0]["procurement"]["title"] == title


def test_pretty_refuses_nan() -> None:
    from keino_cli.render.stream import pretty

    with pytest.raises(ValueError):
        pretty({"score": math.nan})


@pytest.mark.parametrize("text", ["a\u2028b", "c\x85d", "e\u2029 f", "0.00001", "g\x00h"])
@pytest.mark.parametrize("where", ["title", "criterion"])
def test_result_texts_with_unusual_values(assessors: Any, text: str, where: str) -> None:
    """Where the spliced text could differ from `json.dumps` (another line break inside a text,
    in the result or in a criterion; a NUL; a number orjson writes unlike repr), it does not."""
    from keino_cli.render.stream import result_parts

    def rebuilt(obj: Any, **changes: Any) -> Any:
        """A new result object as built with `changes` (what it keeps of its JSON is not copied)."""
        names = inspect.signature(type(obj)).parameters
        return type(obj)(**{name: changes.get(name, getattr(obj, name)) for name in names})

    general, _ = assessors
    (item,) = general.assess(FileUnit(str(ROOT / "examples" / "school-catering.yaml")))
    assert item.result is not None
    result = item.result
    if where == "title":
        result = rebuilt(result, title=text)
    else:
        criteria = list(result.assessment.criteria)
        criteria[0] = rebuilt(criteria[0], reason=text, fraction=1e-05)
        result = rebuilt(result, assessment=rebuilt(result.assessment, criteria=criteria))
    assert "".join(result_parts(result)) == _pretty_reference(result.to_dict())


def test_what_the_engine_shares_among_inputs_changes_no_result(tmp_path: Path, catalog: Any) -> None:
    """One engine over a batch (its plans, shared criterion results, plan items and legal texts
    reused from input to input) writes what a fresh engine writes for each input alone."""
    import yaml

    paths = _generate().write(120, tmp_path, "yaml", 11, catalog)
    ids = sorted(i for i, e in catalog.criteria.items() if not e.criterion.legal_gate)
    for number, path in enumerate(paths[::3]):  # waivers too, some expired, some on lots
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["waivers"] = [
            {"criterion": ids[(number * 7 + k * 13) % len(ids)], "reason": "why not", "expires": "2020-01-01"}
            if k % 2
            else {"criterion": ids[(number * 5 + k) % len(ids)], "reason": "why not"}
            for k in range(1 + number % 4)
        ]
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    shared = Assessor(Engine(catalog), ReadOptions(), Bar(), needs=Needs(line=True, result=True))
    for path in paths:
        alone = Assessor(Engine(catalog), ReadOptions(), Bar(), needs=Needs(line=True, result=True))
        (want,), (got,) = alone.assess(FileUnit(str(path))), shared.assess(FileUnit(str(path)))
        assert not want.problems and got.problems == want.problems
        assert got.line == want.line
        assert got.result is not None and want.result is not None
        assert json.dumps(got.result.to_dict()) == json.dumps(want.result.to_dict())
