"""Generated tender texts for benchmarks and equivalence tests (deterministic by seed, no deps).

A text is a Markdown tender in one language: a title, identity lines (buyer, CPV, value), numbered
sections whose headings open requirement, contract-clause, award and background sections, and
paragraphs mixing neutral filler with the labelled corpus passages (tests/corpus) — so it holds
negations, false friends, numbers, award wording and list items at a realistic density.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent / "corpus"

FILLER = {
    "fi": [
        "Hankintayksikkö pidättää oikeuden tarkentaa palvelun sisältöä sopimuskauden aikana.",
        "Tarjoajan on toimitettava tarjouksensa liitteineen sähköisesti määräaikaan mennessä.",
        "Palveluntuottaja vastaa henkilöstön perehdyttämisestä ja riittävästä ammattitaidosta.",
        "Laskutus tapahtuu kuukausittain jälkikäteen toteutuneiden suoritteiden mukaan.",
        "Kohteiden aukioloajat ja toimitusosoitteet on esitetty liitteessä 3.",
        "Tilaaja ja palveluntuottaja pitävät seurantapalaverin vähintään neljä kertaa vuodessa.",
        "Maksuehto on 21 päivää netto, ja viivästyskorko määräytyy korkolain mukaan.",
        "Lisätietoja voi kysyä 12.3.2027 klo 12.00 mennessä.",
    ],
    "sv": [
        "Den upphandlande enheten förbehåller sig rätten att precisera tjänstens innehåll under avtalstiden.",
        "Anbudet ska lämnas elektroniskt senast den sista anbudsdagen.",
        "Leverantören ansvarar för att personalen har tillräcklig yrkeskunskap.",
        "Fakturering sker månadsvis i efterskott enligt utförda prestationer.",
        "Leveransadresser och öppettider framgår av bilaga 3.",
        "Parterna håller uppföljningsmöten minst fyra gånger per år.",
        "Betalningsvillkor är 30 dagar netto.",
        "Frågor ska ställas senast den 12 mars 2027.",
    ],
    "en": [
        "The contracting authority reserves the right to specify the content of the service during the term.",
        "Tenders and their annexes shall be submitted electronically by the deadline.",
        "The service provider is responsible for the induction and competence of its staff.",
        "Invoicing takes place monthly in arrears for the services delivered.",
        "Opening hours and delivery addresses are listed in Annex 3.",
        "The parties hold a follow-up meeting at least four times a year.",
        "Payment terms are 30 days net; late payment interest follows the law.",
        "Questions may be asked until 12 March 2027 at 12:00.",
    ],
}
HEADINGS = {
    "fi": ["Vähimmäisvaatimukset", "Sopimusehdot", "Vertailuperusteet", "Tausta", "Hankinnan kohteen kuvaus",
           "Laskutus ja maksuehdot", "Soveltuvuusvaatimukset"],
    "sv": ["Krav på tjänsten", "Avtalsvillkor", "Tilldelningskriterier", "Bakgrund", "Specifikation",
           "Fakturering", "Kvalificeringskrav"],
    "en": ["Minimum requirements", "Contract conditions", "Award criteria", "Background", "Specification",
           "Invoicing", "Selection criteria"],
}  # fmt: skip
IDENTITY = {
    "fi": "Hankintayksikkö: Järvilahden kaupunki\n\nHankinnan kohde on ateriapalvelut (CPV 55524000). "
    "Hankinnan arvioitu arvo on 4 200 000 euroa (alv 0 %).",
    "sv": "Upphandlande enhet: Enköpings kommun\n\nHuvudsaklig CPV-kod: 55524000-9. "
    "Uppskattat värde 1 900 000 euro exklusive moms.",
    "en": "Contracting authority: City of Lakeside\n\nMain CPV code: 55524000. "
    "The estimated total value is EUR 2 600 000.",
}
TITLE = {"fi": "Tarjouspyyntö: Ateriapalvelut", "sv": "Anbudsförfrågan: Måltidstjänster",
         "en": "Invitation to tender: Catering services"}  # fmt: skip


def passages(lang: str) -> list[str]:
    """The corpus passages of one language (both splits): labelled tender wording."""
    texts = []
    for split in ("dev", "test"):
        data = yaml.safe_load((CORPUS / split / f"{lang}.yaml").read_text(encoding="utf-8"))
        texts.extend(passage["text"] for passage in data["passages"])
    return texts


def tender_text(size: int, lang: str = "fi", seed: int = 7, evidence_share: float = 0.15) -> str:
    """A Markdown tender of about `size` characters in `lang`."""
    rng = random.Random(seed)
    corpus = passages(lang)
    parts = [f"# {TITLE[lang]}", IDENTITY[lang]]
    length = sum(len(part) + 2 for part in parts)
    section = 0
    while length < size:
        section += 1
        parts.append(f"## {section}. {rng.choice(HEADINGS[lang])}")
        for _ in range(rng.randint(3, 8)):
            sentences = [
                rng.choice(corpus) if rng.random() < evidence_share else rng.choice(FILLER[lang])
                for _ in range(rng.randint(1, 5))
            ]
            if rng.random() < 0.2:
                paragraph = "\n".join(f"- {sentence}" for sentence in sentences)
            else:
                paragraph = " ".join(sentences)
            parts.append(paragraph)
            length += len(paragraph) + 2
    return "\n\n".join(parts) + "\n"
