"""eForms notices: what the reader takes from a notice, where it says it found it, and safety."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from keino_cli.cli import app
from keino_cli.errors import InputError
from keino_cli.readers import read_input

FIXTURES = Path(__file__).parent / "fixtures"
NOTICES = FIXTURES / "eforms"
CRITERIA = FIXTURES / "notice-criteria" / "green.yaml"
SAMPLES = Path(__file__).parents[2] / "shared" / "data"
runner = CliRunner()


def assess_json(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["assess", "--no-bundled", "-c", str(CRITERIA), "-f", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def test_notice_identity_buyer_procedure_and_cpv() -> None:
    data = read_input(str(NOTICES / "green.xml"))
    p = data.procurement
    assert data.format == "eforms"
    assert (p.id, p.procedure, p.cpv) == ("00123456-2026", "open", ["60130000"])
    assert p.title == "Koulukuljetukset 2027-2031"  # the notice language (FIN) is shown
    assert data.locate(("title",)).snippet == "SWE: Skolskjutsar 2027-2031"  # the others are kept
    assert (p.buyer.name, p.buyer.country, p.buyer.type) == ("Järvilahden kaupunki", "FI", "la")
    assert p.facts == {"notice": {"type": "cn-standard", "subtype": "16"}, "contract": {"nature": "services"}}
    assert p.value.amount == 3400000


def test_lot_facts_award_criteria_and_origins() -> None:
    data = read_input(str(NOTICES / "green.xml"))
    lot = data.procurement.lots[0]
    assert (lot.id, lot.cpv, lot.value.amount) == ("LOT-0001", ["60130000", "60112000"], 2400000)
    assert lot.facts["strategic"] == {
        "description": "Vähäpäästöinen kalusto",
        "procurement": ["env-imp"],
        "environmental_impact": ["clim-mitig"],
        "gpp_criteria_source": ["national"],
    }
    assert lot.facts["cvd"] == {"applies": True, "contract_type": ["pass-tran-serv"]}
    assert lot.facts["reserved"] == {"participation": ["none"]}
    price, emissions = lot.award_criteria
    assert (price.type, price.weight, price.rewards, price.theme) == ("price", 60, [], None)
    assert (emissions.name, emissions.weight, emissions.rewards) == (
        "Kaluston CO2-päästöt",
        40,
        ["co2-emissions"],
    )
    assert emissions.theme == "climate"
    assert [r.text for r in lot.requirements] == [
        "Kaluston on täytettävä Euro VI -päästöluokka.",
        "Fordonen ska uppfylla utsläppsklass Euro VI.",
    ]
    origin = data.locate(("lots", 0, "facts", "strategic", "environmental_impact"))
    assert origin.source == "eforms"
    assert origin.pointer == (
        "/*/cac:ProcurementProjectLot[1]/cac:ProcurementProject/cac:ProcurementAdditionalType[2]/cbc:ProcurementTypeCode"
    )
    assert origin.line == 80
    weight = data.locate(("lots", 1, "award_criteria", 1, "weight"))
    assert weight.pointer.startswith("/*/cac:ProcurementProjectLot[2]/")
    assert weight.pointer.endswith(
        "SubordinateAwardingCriterion[2]/ext:UBLExtensions/ext:UBLExtension/"
        "ext:ExtensionContent/efext:EformsExtension/efac:AwardCriterionParameter/"
        "efbc:ParameterNumeric"
    )


def test_award_notice_bare_weights_explicit_none_and_vehicle_counts() -> None:
    lot = read_input(str(NOTICES / "award-cvd.xml")).procurement.lots[0]
    assert [(c.type, c.weight) for c in lot.award_criteria] == [("price", 70), ("quality", 30)]
    strategic = lot.facts["strategic"]
    assert strategic["gpp_criteria_source"] == ["none"]  # explicit "no", not unknown
    assert strategic["procurement"] == ["none"]
    assert strategic["environmental_impact"] == strategic["innovation"] == []
    assert lot.facts["cvd"]["buses"] == {"count": 20, "clean_count": 9}
    assert lot.facts["cvd"]["vehicle_categories"] == ["m3"]


def test_missing_elements_stay_unknown() -> None:
    lot = read_input(str(NOTICES / "green.xml")).procurement.lots[0]
    assert "social_objective" not in lot.facts["strategic"]
    assert "eed" not in lot.facts and "accessibility" not in lot.facts
    assert read_input(str(NOTICES / "award-cvd.xml")).procurement.lots[0].facts["cvd"].get("trucks") is None


def test_green_award_criteria_score_higher_than_the_same_notice_without() -> None:
    _, green = assess_json(str(NOTICES / "green.xml"))
    _, plain = assess_json(str(NOTICES / "plain.xml"))
    assert green["results"][0]["score"] > plain["results"][0]["score"]
    statuses = {c["id"]: c["status"] for c in green["results"][0]["criteria"]}
    assert statuses["NG-AWARD-01"] == "met"
    assert {c["id"]: c["status"] for c in plain["results"][0]["criteria"]}["NG-AWARD-01"] == "not_met"


def test_lots_are_assessed_and_combined_by_value() -> None:
    _, report = assess_json(str(NOTICES / "green.xml"))
    result = report["results"][0]
    assert [lot["id"] for lot in result["lots"]] == ["LOT-0001", "LOT-0002"]
    assert [lot["value"] for lot in result["lots"]] == [2400000, 1000000]


def test_facts_used_point_at_the_notice_element() -> None:
    _, report = assess_json(str(NOTICES / "green.xml"))
    gpp = next(c for c in report["results"][0]["criteria"] if c["id"] == "NG-GPP-01")
    origin = json.dumps(gpp)
    assert "gpp_criteria_source" in origin and "cac:ProcurementAdditionalType[3]" in origin


@pytest.mark.parametrize(
    ("issued", "notice_type", "period"),
    [
        ("2025-12-31+02:00", "cn-standard", "2021-2025"),
        ("2026-01-01Z", "cn-standard", "2026-2030"),
        ("2021-08-01Z", "cn-standard", None),  # before Act 740/2021 took effect
        ("2026-03-01Z", "can-standard", None),  # an award notice does not date the procedure
    ],
)
def test_cvd_period_from_a_contract_notice_date(
    tmp_path: Path, issued: str, notice_type: str, period: str | None
) -> None:
    text = (NOTICES / "green.xml").read_text(encoding="utf-8")
    text = text.replace(">cn-standard<", f">{notice_type}<", 1)
    text = text.replace(
        "<cbc:NoticeTypeCode", f"<cbc:IssueDate>{issued}</cbc:IssueDate>\n  <cbc:NoticeTypeCode", 1
    )
    notice = tmp_path / "dated.xml"
    notice.write_text(text, encoding="utf-8")
    lot = read_input(str(notice)).procurement.lots[0]
    assert lot.facts.get("vehicles", {}).get("cvd_period") == period


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ted-export.xml", "not an eForms notice: root element is TED_EXPORT"),
        ("entities.xml", "XML with a DTD or entities is refused"),
        ("broken.xml", "broken.xml:3:3: XML syntax error"),
    ],
)
def test_bad_xml_gets_one_line_and_exit_2(name: str, message: str) -> None:
    result = runner.invoke(app, ["assess", "--no-bundled", "-c", str(CRITERIA), str(NOTICES / name)])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0]
    assert "Traceback" not in result.output


def test_input_format_forces_a_reader() -> None:
    result = runner.invoke(
        app, ["assess", "--input-format", "eforms", "--no-bundled", "-c", str(CRITERIA), str(CRITERIA)]
    )
    assert result.exit_code == 2
    assert "XML syntax error" in result.stderr
    result = runner.invoke(app, ["assess", "--input-format", "pdfx", str(NOTICES / "green.xml")])
    assert result.exit_code == 2


def test_folders_give_their_xml_files(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_bytes((NOTICES / "green.xml").read_bytes())
    (tmp_path / "b.xml").write_bytes((NOTICES / "plain.xml").read_bytes())
    code, report = assess_json(str(tmp_path))
    assert code in (0, 1)
    assert [Path(r["input"]["path"]).name for r in report["results"]] == ["a.xml", "b.xml"]


def test_oversized_notice_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from keino_cli.readers import eforms

    monkeypatch.setattr(eforms, "MAX_NOTICE_BYTES", 100)
    with pytest.raises(InputError, match="larger than"):
        read_input(str(NOTICES / "green.xml"))


SAMPLE_NOTICES = sorted((SAMPLES / "eforms").glob("*/*.xml")) if SAMPLES.is_dir() else []


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared sample data not present")
@pytest.mark.parametrize("path", SAMPLE_NOTICES, ids=lambda p: p.name)
def test_real_notices_load_with_lots_and_cpv(path: Path) -> None:
    result = runner.invoke(
        app, ["assess", "--no-bundled", "-c", str(CRITERIA), "--format", "json", str(path)]
    )
    report = json.loads(result.stdout)
    assert report["errors"] == [], report["errors"]
    (assessed,) = report["results"]
    assert assessed["input"]["format"] == "eforms"
    assert assessed["procurement"]["cpv"]
    assert assessed["lots"], "every sample notice has at least one lot"
    assert assessed["score"] is not None


def test_all_nine_sample_notices_are_present() -> None:
    if not SAMPLES.is_dir():
        pytest.skip("shared sample data not present")
    assert len(SAMPLE_NOTICES) == 9


def test_folder_walks_pass_over_xml_that_is_not_a_notice(tmp_path: Path) -> None:
    (tmp_path / "green.xml").write_bytes((NOTICES / "green.xml").read_bytes())
    (tmp_path / "codes.gc").write_text('<?xml version="1.0"?>\n<gc:CodeList xmlns:gc="x"/>', encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(tmp_path), "--format", "jsonl", "--jobs", "1"])
    assert result.exit_code in (0, 1), result.stderr  # assessed (1: a legal obligation not shown as met)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(line["input"]["path"]).name for line in lines] == ["green.xml"]


NOTICE_OPEN = '<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2">'
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    + f"]>\n{NOTICE_OPEN}&lol9;</ContractNotice>"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BILLION_LAUGHS, "XML with a DTD or entities is refused"),
        # An external entity, a parameter entity and an external DTD: nothing is fetched or read.
        (
            f'<!DOCTYPE x [<!ENTITY secret SYSTEM "file://{{marker}}">]>\n{NOTICE_OPEN}&secret;</ContractNotice>',
            "XML with a DTD or entities is refused",
        ),
        (
            f'<!DOCTYPE x [<!ENTITY % p SYSTEM "file://{{marker}}"> %p;]>\n{NOTICE_OPEN}</ContractNotice>',
            "XML with a DTD or entities is refused",
        ),
        (f'<!DOCTYPE x SYSTEM "file://{{marker}}">\n{NOTICE_OPEN}</ContractNotice>', "refused"),
        (f'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">\n{NOTICE_OPEN}</ContractNotice>', "refused"),
        (f"<!-- a DTD after a comment is still one -->\n<!DOCTYPE x>\n{NOTICE_OPEN}<a></b>", "refused"),
        (f"{NOTICE_OPEN}\n  &undeclared;</ContractNotice>", "n.xml:2:"),
        (f"{NOTICE_OPEN}\n<x>\n  <y></x></ContractNotice>", "n.xml:3:6: XML syntax error"),  # at `</x>`
        (NOTICE_OPEN + "<a>" * 300 + "</a>" * 300 + "</ContractNotice>", "nested more than 256 levels"),
        (NOTICE_OPEN + "<a>" * 100_000, "nested more than 256 levels"),
        (f"{NOTICE_OPEN}</ContractNotice>\n<second/>", "n.xml:2:1: XML syntax error"),
        ("", "n.xml:1:1: XML syntax error"),
        # libxml2 quotes the document in some messages: only their first line, and not too long.
        (f"{NOTICE_OPEN}<![CDATA[x\n<cbc:ID>1</cbc:ID>\n</ContractNotice>", "CData section not finished"),
        (f"{NOTICE_OPEN}<{'a' * 5000}></b></ContractNotice>", "XML syntax error"),
        ('<?xml version="1.0" encoding="UTF-8\n<!-- no closing quote -->', "n.xml:1:"),
    ],
)
def test_hostile_xml_is_one_located_line_and_reads_nothing(tmp_path: Path, text: str, message: str) -> None:
    marker = tmp_path / "secret.txt"
    marker.write_text("SECRET-MARKER", encoding="utf-8")
    notice = tmp_path / "n.xml"
    notice.write_text(text.replace("{marker}", str(marker)), encoding="utf-8")
    result = runner.invoke(app, ["assess", "--no-bundled", "-c", str(CRITERIA), str(notice)])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0] and len(lines[0]) < len(str(notice)) + 200, lines
    assert "SECRET-MARKER" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "latin-1", "windows-1252", "iso-8859-15"])
def test_a_declared_single_byte_encoding_is_read(tmp_path: Path, encoding: str) -> None:
    text = (NOTICES / "green.xml").read_text(encoding="utf-8")
    text = text.replace('encoding="UTF-8"', f'encoding="{encoding}"', 1)
    notice = tmp_path / "n.xml"
    notice.write_bytes(text.encode(encoding))
    data = read_input(str(notice))
    assert data.procurement.buyer.name == "Järvilahden kaupunki"
    assert data.locate(("lots", 0, "facts", "strategic", "environmental_impact")).line == 80


def test_utf16_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    text = (NOTICES / "green.xml").read_text(encoding="utf-8")
    text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    notice = tmp_path / "n.xml"
    notice.write_bytes(text.encode("utf-16"))
    assert read_input(str(notice)).procurement.title == "Koulukuljetukset 2027-2031"


def test_bytes_outside_the_declared_encoding_are_located(tmp_path: Path) -> None:
    notice = tmp_path / "n.xml"
    notice.write_bytes(b'<?xml version="1.0" encoding="utf-8"?>\n<ContractNotice>\n\xff</ContractNotice>')
    with pytest.raises(InputError) as caught:
        read_input(str(notice))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (3, 1) and "XML syntax error" in problem.message
