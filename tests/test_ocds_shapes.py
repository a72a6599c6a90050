"""OCDS as publishers write it (issue #13 item 6, #12 item 6): many procurements per file, JSON
Lines, concatenated JSON, arrays of packages, tender.classification, weights in descriptions,
releases compiled by OCDS merge rules, detection past the first 4 KB, and every shape mismatch a
located problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from keino_cli.cli import app
from keino_cli.errors import InputError
from keino_cli.readers import DEFAULT_OPTIONS, read_input, read_inputs

runner = CliRunner()


def release(ocid: str, date: str = "2026-01-01T00:00:00Z", **tender) -> dict:
    return {
        "ocid": ocid,
        "id": f"{ocid}-{date}",
        "date": date,
        "tag": ["tender"],
        "tender": {"id": ocid, **tender},
    }


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def ocids(path: str) -> list[str]:
    return [each.procurement.id for each in read_inputs(path, DEFAULT_OPTIONS)]


def test_a_package_of_many_procurements_gives_one_result_per_ocid(tmp_path: Path) -> None:
    package = {"releases": [release(f"ocds-x-{n}", title=f"T{n}") for n in range(94)]}
    path = write(tmp_path, "many.json", json.dumps(package))
    assert ocids(path) == [f"ocds-x-{n}" for n in range(94)]
    result = runner.invoke(app, ["assess", "-f", "json", path])
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert len(report["results"]) == 94
    assert report["results"][0]["input"]["path"].endswith("many.json#ocds-x-0")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("lines.jsonl", "\n".join(json.dumps(release(f"o-{n}")) for n in range(3)) + "\n"),
        ("concatenated.json", "".join(json.dumps(release(f"o-{n}"), indent=1) for n in range(3))),
        ("packages.json", json.dumps([{"releases": [release(f"o-{n}")]} for n in range(3)])),
        (
            "records.json",
            json.dumps(
                {"records": [{"ocid": f"o-{n}", "compiledRelease": release(f"o-{n}")} for n in range(3)]}
            ),
        ),
    ],
)
def test_streams_and_arrays_of_packages(tmp_path: Path, name: str, text: str) -> None:
    assert ocids(write(tmp_path, name, text)) == ["o-0", "o-1", "o-2"]


def test_tender_classification_gives_the_cpv(tmp_path: Path) -> None:
    item = release("o-1", classification={"scheme": "CPV", "id": "55524000"})
    assert read_input(write(tmp_path, "r.json", json.dumps(item))).procurement.cpv == ["55524000"]


def test_a_weight_written_in_the_criterion_description(tmp_path: Path) -> None:
    criteria = [
        {"type": "price", "name": "Price", "description": "Weighting: 70%"},
        {"type": "quality", "name": "Carbon reduction plan", "description": "Weighting 30 %"},
    ]
    item = release("o-1", lots=[{"id": "1", "awardCriteria": {"criteria": criteria}}])
    lot = read_input(write(tmp_path, "r.json", json.dumps(item))).procurement.lots[0]
    assert [(c.type, c.weight) for c in lot.award_criteria or []] == [("price", 70), ("quality", 30)]


def test_an_amendment_of_one_lot_keeps_the_other_lot_and_the_first_lots_value(tmp_path: Path) -> None:
    first = release(
        "o-1",
        "2026-01-01T00:00:00Z",
        lots=[
            {"id": "1", "title": "Buses", "value": {"amount": 100, "currency": "EUR"}},
            {"id": "2", "title": "Charging", "value": {"amount": 50, "currency": "EUR"}},
        ],
    )
    amendment = release("o-1", "2026-02-01T00:00:00Z", lots=[{"id": "1", "title": "Electric buses"}])
    path = write(tmp_path, "r.json", json.dumps({"releases": [amendment, first]}))
    lots = read_input(path).procurement.lots
    assert [(lot.id, lot.title, lot.value.amount if lot.value else None) for lot in lots] == [
        ("1", "Electric buses", 100),
        ("2", "Charging", 50),
    ]


def test_ocds_is_recognised_past_the_first_4_kb(tmp_path: Path) -> None:
    extensions = [f"https://example.org/{n}/extension.json" for n in range(200)]
    package = {
        "uri": "x",
        "publisher": {"name": "p"},
        "extensions": extensions,
        "releases": [release("o-late")],
    }
    path = write(tmp_path, "late.json", json.dumps(package))
    assert read_input(path).format == "ocds"


def one(**fields) -> dict:
    return {"releases": [{"ocid": "o", **fields}]}


AT = "/releases/0/"


@pytest.mark.parametrize(
    ("document", "where"),
    [
        (one(tender={"lots": 5}), AT + "tender/lots"),
        (one(tender="a string"), AT + "tender"),
        ({"releases": [{"ocid": {"an": "object"}}]}, AT + "ocid"),
        (one(parties=[1]), AT + "parties/0"),
        (one(tender={"items": [{"classification": "CPV"}]}), AT + "tender/items/0/classification"),
        (one(tender={"lots": [{"id": ["1"]}]}), AT + "tender/lots/0/id"),
        (
            one(tender={"lots": [{"id": "1", "awardCriteria": {"criteria": {"a": 1}}}]}),
            AT + "tender/lots/0/awardCriteria",
        ),
        (one(tender={"value": {"amount": [1]}}), AT + "tender/value/amount"),
        (one(parties=[{"address": "Helsinki"}]), AT + "parties/0/address"),
        ({"releases": 7}, "/releases"),
        ({"records": [5]}, "/records/0"),
    ],
)
def test_every_shape_mismatch_is_a_located_problem(tmp_path: Path, document: dict, where: str) -> None:
    path = write(tmp_path, "bad.json", json.dumps(document, indent=1))
    with pytest.raises(InputError) as caught:
        read_inputs(path, DEFAULT_OPTIONS)
    problem = caught.value.problems[0]
    assert where in problem.message
    assert problem.line is not None and problem.line > 1
    result = runner.invoke(app, ["assess", path])
    assert result.exit_code == 2
    assert "internal error" not in result.stderr
    assert f"bad.json:{problem.line}:" in result.stderr


def test_compiling_never_reaches_the_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    releases = [
        release("o-1", "2026-01-01T00:00:00Z", title="A"),
        release("o-1", "2026-02-01T00:00:00Z", title="B"),
    ]
    assert read_input(write(tmp_path, "r.json", json.dumps({"releases": releases}))).procurement.title == "B"
