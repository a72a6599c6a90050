"""Notice award criteria in the EU languages TED uses most: a recognised theme, or unknown — never
a known "no sustainability award" (issue #13 item 5); every buyer of a joint notice is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from keino_cli.catalog import load_catalog
from keino_cli.facts import build_tables
from keino_cli.readers import read_input

PLAIN = Path(__file__).parent / "fixtures" / "eforms" / "plain.xml"
PRICE_ONLY = """<cbc:AwardingCriterionTypeCode listName="award-criterion-type">price</cbc:AwardingCriterionTypeCode>
          <cbc:Name languageID="FIN">Hinta</cbc:Name>
          <cbc:Name languageID="SWE">Pris</cbc:Name>
        </cac:SubordinateAwardingCriterion>"""  # noqa: E501
QUALITY = """{price}
        <cac:SubordinateAwardingCriterion>
          <ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension>
            <efac:AwardCriterionParameter><efbc:ParameterCode listName="number-weight">per-exa</efbc:ParameterCode><efbc:ParameterNumeric>20</efbc:ParameterNumeric></efac:AwardCriterionParameter>
          </efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>
          <cbc:AwardingCriterionTypeCode listName="award-criterion-type">quality</cbc:AwardingCriterionTypeCode>
          <cbc:Name languageID="{lang}">{name}</cbc:Name>
        </cac:SubordinateAwardingCriterion>"""  # noqa: E501


def notice(tmp_path: Path, lang: str, name: str) -> Path:
    text = PLAIN.read_text(encoding="utf-8")
    assert PRICE_ONLY in text
    path = tmp_path / "notice.xml"
    path.write_text(
        text.replace(PRICE_ONLY, QUALITY.format(price=PRICE_ONLY, lang=lang, name=name), 1), "utf-8"
    )
    return path


@pytest.mark.parametrize(
    ("lang", "name", "theme"),
    [
        ("DEU", "Energieeffizienz der Fahrzeuge", "climate"),
        ("FRA", "Émissions de CO2 des véhicules", "climate"),
        ("SPA", "Reutilización de los materiales de excavación", "resource-efficiency"),
        ("ITA", "Riciclo dei rifiuti da cantiere", "resource-efficiency"),
        ("POL", "Emisja spalin pojazdów", "climate"),
        ("NLD", "Uitstoot van broeikasgassen", "climate"),
        ("POR", "Eficiência energética", "climate"),
        ("DAN", "Genanvendelse af opgravede materialer", "resource-efficiency"),
        ("SWE", "Andel fordon med nollutsläpp", "climate"),
        ("FIN", "Työllistämisen edistäminen", "social-responsibility"),
        ("ENG", "Accessibility of the service", "social-responsibility"),
        ("EST", "Kasvuhoonegaaside heitkogus", "climate"),
    ],
)
def test_award_themes_in_twelve_languages(tmp_path: Path, lang: str, name: str, theme: str) -> None:
    criterion = read_input(str(notice(tmp_path, lang, name))).procurement.lots[0].award_criteria[1]
    assert criterion.theme is not None and criterion.theme.value == theme


def award_facts(path: Path) -> dict:
    data = read_input(str(path))
    _, lots, _ = build_tables(data.procurement, load_catalog().facts, str(path), data.locate)
    return {k: f.value for k, f in lots["LOT-0001"].items() if k.startswith("award.")}


@pytest.mark.parametrize(
    ("lang", "name"),
    [("ELL", "Περιβαλλοντικά κριτήρια"), ("SPA", "Criterios medioambientales"), ("HUN", "Minőségi terv")],
)
def test_unread_award_wording_leaves_the_themes_unknown(tmp_path: Path, lang: str, name: str) -> None:
    facts = award_facts(notice(tmp_path, lang, name))
    assert "award.themes" not in facts and "award.sustainability_weight_pct" not in facts
    assert facts["award.quality_weight_pct"] == round(100 * 20 / 120, 2)  # price 100 + quality 20


def test_a_plain_quality_criterion_in_a_read_language_is_known_to_reward_no_theme(tmp_path: Path) -> None:
    facts = award_facts(notice(tmp_path, "ENG", "Quality of the delivery plan"))
    assert facts["award.themes"] == [] and facts["award.sustainability_weight_pct"] == 0


def test_every_buyer_of_a_joint_notice_is_kept(tmp_path: Path) -> None:
    text = PLAIN.read_text(encoding="utf-8")
    second_org = """<efac:Organization><efac:Company>
        <cac:PartyIdentification><cbc:ID schemeName="organization">ORG-0002</cbc:ID></cac:PartyIdentification>
        <cac:PartyName><cbc:Name languageID="FIN">Kuusijärven kunta</cbc:Name></cac:PartyName>
      </efac:Company></efac:Organization>
    </efac:Organizations>"""
    second_party = """</cac:ContractingParty>
  <cac:ContractingParty>
    <cac:Party><cac:PartyIdentification><cbc:ID schemeName="organization">ORG-0002</cbc:ID></cac:PartyIdentification></cac:Party>
  </cac:ContractingParty>"""  # noqa: E501
    text = text.replace("</efac:Organizations>", second_org, 1).replace(
        "</cac:ContractingParty>", second_party, 1
    )
    path = tmp_path / "joint.xml"
    path.write_text(text, encoding="utf-8")
    data = read_input(str(path))
    assert data.procurement.buyer.name == "Järvilahden kaupunki"
    assert [b.name for b in data.procurement.buyers] == ["Järvilahden kaupunki", "Kuusijärven kunta"]
    assert data.locate(("buyers", 1, "name")).pointer.endswith("cbc:Name")
