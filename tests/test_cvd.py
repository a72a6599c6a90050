"""`keino cvd`: the buyer's period total over several procurements (Act 740/2021 §15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from keino_cli.cli import app


def _write(path: Path, ident: str, count: int, zero: int) -> str:
    description = {
        "id": ident,
        "title": ident,
        "buyer": {"name": "Järvilahden kaupunki", "type": "municipality", "country": "FI"},
        "cpv": ["34110000"],
        "value": {"amount": 900000},
        "facts": {
            "procedure": {"start_date": "2026-03-01"},
            "cvd": {"light_duty": {"count": count, "clean_count": zero, "zero_emission_count": zero}},
        },
    }
    path.write_text(yaml.safe_dump(description, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_period_total_sums_the_buyers_procurements(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.yaml", "A", 10, 2)  # 20 % on its own
    second = _write(tmp_path / "b.yaml", "B", 10, 6)  # 60 % on its own
    result = CliRunner().invoke(app, ["cvd", first, second, "--format", "json"])
    assert result.exit_code == 0, result.output
    (line,) = json.loads(result.stdout)["cvd"]
    # 8 of 20 zero-emission light-duty vehicles = 40 % against Finland's 38.5 % (§9(1)).
    assert (line["period"], line["vehicles"], line["clean"], line["inputs"]) == ("2026-2030", 20, 8, 2)
    assert (line["clean_share_pct"], line["target_pct"], line["verdict"]) == (40.0, 38.5, "meets target")


def test_batch_results_are_read_and_a_foreign_target_is_not_guessed(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.yaml", "A", 10, 2)
    text = Path(path).read_text(encoding="utf-8").replace("country: FI", "country: SE")
    Path(path).write_text(text, encoding="utf-8")
    batch = CliRunner().invoke(app, ["assess", path, "--format", "json"])
    results = tmp_path / "results.json"
    results.write_text(batch.stdout, encoding="utf-8")
    table = CliRunner().invoke(app, ["cvd", str(results)])
    assert table.exit_code == 0, table.output
    assert "target not known" in table.stdout and "SE" in table.stdout


def test_keino_toml_sets_the_default_country(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A buyer without a country takes `country` from keino.toml: Finnish Act 1233/2006 then does
    not bind it (with the default FI the unknown tilaajavastuu duty fails the check)."""
    description = {
        "id": "X",
        "title": "Cleaning",
        "buyer": {"name": "Somebody"},
        "cpv": ["90910000"],
        "value": {"amount": 50000},
    }
    (tmp_path / "x.yaml").write_text(yaml.safe_dump(description), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["check", "x.yaml"]).exit_code == 1
    (tmp_path / "keino.toml").write_text('country = "SE"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "x.yaml"])
    assert result.exit_code == 0, result.output


def test_batch_jsonl_results_feed_the_period_report(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.yaml", "A", 10, 2)
    second = _write(tmp_path / "b.yaml", "B", 10, 1)
    lines = tmp_path / "results.jsonl"
    batch = CliRunner().invoke(app, ["batch", first, second, "--format", "jsonl", "-o", str(lines)])
    assert batch.exit_code in (0, 1), batch.output
    result = CliRunner().invoke(app, ["cvd", str(lines), "--format", "json"])
    (line,) = json.loads(result.stdout)["cvd"]
    # 3 of 20 = 15 % against 38.5 %: the buyer's period total is below target.
    assert (line["inputs"], line["vehicles"], line["clean"], line["verdict"]) == (2, 20, 3, "below target")
