"""Identity from tender text: buyer name alone, value with the currency on either side, title
without the document-type prefix (issue #13 item 3)."""

from __future__ import annotations

import pytest

from keino_cli.readers.documents.identity import find_identity, strip_document_kind


def _first(text: str, field: str):
    return next((s.value for s in find_identity(text) if s.field == field), None)


@pytest.mark.parametrize(
    ("text", "buyer"),
    [
        ("Hankintayksikkö: Järvilahden kaupunki, Kasvatuspalvelut, PL 12", "Järvilahden kaupunki"),
        ("**Tilaaja:** Järvilahden kaupunki (Y-tunnus 1234567-8)", "Järvilahden kaupunki"),
        ("Upphandlande enhet: Borgå stad / Bildningssektorn", "Borgå stad"),
        ("Contracting authority: City of Lakeside – Procurement Unit, 1 High Street", "City of Lakeside"),
        ("Beställare: Region Norrby  Box 12, 901 00 Norrby", "Region Norrby"),
        ("Upphandlande myndighet: Ådalens kommun. Öppet förfarande enligt LOU.", "Ådalens kommun"),
        ("Tilaaja: Järvilahden kaupunki. Hankinta on avoin menettely.", "Järvilahden kaupunki"),
        ("Contracting authority: Lakeside Council. The procedure is open.", "Lakeside Council"),
    ],
)
def test_buyer_name_alone(text: str, buyer: str) -> None:
    assert _first(text, "buyer") == buyer


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Estimated value EUR 2 600 000", (2_600_000, "EUR")),
        ("The estimated total value is EUR 2,600,000 excluding VAT.", (2_600_000, "EUR")),
        ("Hankinnan arvioitu arvo on 2 600 000 €.", (2_600_000, "EUR")),
        ("Hankinnan ennakoitu kokonaisarvo on 1,2 milj. euroa.", (1_200_000, "EUR")),
        ("Det uppskattade värdet är SEK 4 000 000.", (4_000_000, "SEK")),
        ("Kontraktets beräknade värde: 350 000 kronor", (350_000, "SEK")),
        ("Hinta 2 600 000 euroa on esimerkki.", None),
    ],
)
def test_value_with_currency_before_or_after(text: str, value) -> None:
    assert _first(text, "value") == value


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Tarjouspyyntö: Koulujen ruokapalvelut 2027", "Koulujen ruokapalvelut 2027"),
        ("Tarjouspyyntö – Koulujen ruokapalvelut", "Koulujen ruokapalvelut"),
        ("Anbudsförfrågan - Skolmåltider i Borgå", "Skolmåltider i Borgå"),
        ("Invitation to tender: School catering services", "School catering services"),
        ("Liite 2: Tarjouspyyntö: Siivouspalvelut", "Siivouspalvelut"),
        ("Tarjouspyyntö", "Tarjouspyyntö"),
        ("Koulukuljetukset 2027-2031", "Koulukuljetukset 2027-2031"),
    ],
)
def test_title_without_document_kind(title: str, expected: str) -> None:
    assert strip_document_kind(title) == expected
