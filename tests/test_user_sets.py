"""A user's own criteria set and scoring profile, as shipped in examples/."""

from __future__ import annotations

import json

from tests.conftest import ROOT, run

USER_SET = str(ROOT / "examples" / "criteria" / "city-climate-programme.yaml")
PROFILE = str(ROOT / "examples" / "profiles" / "city-climate-programme.yaml")
CATERING = str(ROOT / "examples" / "school-catering.yaml")


def assess(*args: str) -> dict:
    result = run("assess", CATERING, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)["results"][0]


def test_user_set_validates() -> None:
    result = run("criteria", "validate", USER_SET)
    assert result.exit_code == 0, result.stderr
    assert "2 criteria in 1 files, 0 problems" in result.stdout


def test_user_set_extends_and_overrides_bundled_criteria() -> None:
    plain = {c["id"]: c for c in assess()["criteria"]}
    extended = {c["id"]: c for c in assess("--criteria", USER_SET)["criteria"]}
    assert "JRV-CLI-01" not in plain
    assert extended["JRV-CLI-01"]["status"] == "unknown"
    assert "overridden_by" not in plain["RES-FOOD-01"]
    assert extended["RES-FOOD-01"]["overridden_by"] == "jarvilahti-climate"
    assert extended["RES-FOOD-01"]["weight"] == 3


def test_user_set_alone_still_has_the_bundled_vocabulary(write) -> None:
    own_only = (ROOT / "examples" / "criteria" / "city-climate-programme.yaml").read_text(encoding="utf-8")
    own_only = own_only.split("  # Overrides the bundled criterion")[0]
    meals = write(
        "meals.yaml", "id: M\ntitle: Meals\ncpv: ['55524000']\nfacts: {food: {organic_share_pct: 5}}\n"
    )
    result = run(
        "assess", str(meals), "-f", "json", "--criteria", str(write("own.yaml", own_only)), "--no-bundled"
    )
    assert result.exit_code == 0, result.stderr  # bundled facts (food.*) and product groups still known
    assert [c["id"] for c in json.loads(result.stdout)["results"][0]["criteria"]] == ["JRV-CLI-01"]


def test_override_without_the_bundled_sets_is_reported() -> None:
    result = run("assess", CATERING, "--criteria", USER_SET, "--no-bundled")
    assert result.exit_code == 2
    assert "RES-FOOD-01: overrides nothing" in result.stderr


def test_profile_changes_weights_and_parameters(write) -> None:
    text = (ROOT / "examples" / "school-catering.yaml").read_text(encoding="utf-8")
    weaker = write("catering.yaml", text.replace("organic_share_pct: 30", "organic_share_pct: 25"))
    result = run("assess", str(weaker), "--format", "json")
    default = {c["id"]: c["status"] for c in json.loads(result.stdout)["results"][0]["criteria"]}
    result = run("assess", str(weaker), "--format", "json", "--profile", PROFILE)
    profiled = json.loads(result.stdout)["results"][0]
    assert default["RES-FOOD-01"] == "met"  # 25 % against the default target of 20 %
    assert {c["id"]: c["status"] for c in profiled["criteria"]}[
        "RES-FOOD-01"
    ] == "not_met"  # city target 30 %


def test_bad_profile_is_located(write) -> None:
    profile = write("p.yaml", "theme_weights: {climat: 2}\nparameters: {RES-FOOD-01: {min_share: 3}}\n")
    result = run("assess", CATERING, "--profile", str(profile))
    assert result.exit_code == 2
    assert "p.yaml:1:" in result.stderr and "climat" in result.stderr
    profile = write("q.yaml", "parameters: {RES-FOOD-01: {min_share: 3}}\n")
    result = run("assess", CATERING, "--profile", str(profile))
    assert result.exit_code == 2
    assert "unknown parameter 'min_share' (did you mean 'min_share_pct'?)" in result.stderr
