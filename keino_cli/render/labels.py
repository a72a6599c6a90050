"""The words of the terminal report in English, Finnish and Swedish (`--lang`).

Criteria texts come from the criteria sets; this is only the report's own vocabulary. EU GPP's
Finnish and Swedish versions call the ambition levels ydin-/kattavat kriteerit and kärn-/
övergripande kriterier, which the level names follow.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "climate": {"en": "Climate", "fi": "Ilmasto", "sv": "Klimat"},
    "resource-efficiency": {
        "en": "Resource efficiency",
        "fi": "Resurssitehokkuus",
        "sv": "Resurseffektivitet",
    },
    "social-responsibility": {
        "en": "Social responsibility",
        "fi": "Sosiaalinen vastuu",
        "sv": "Socialt ansvar",
    },
    "innovation": {"en": "Innovation", "fi": "Innovaatiot", "sv": "Innovation"},
    "met": {"en": "met", "fi": "täyttyy", "sv": "uppfyllt"},
    "partly_met": {"en": "partly met", "fi": "osittain", "sv": "delvis"},
    "not_met": {"en": "not met", "fi": "ei täyty", "sv": "ej uppfyllt"},
    "unknown": {"en": "unknown", "fi": "ei tiedossa", "sv": "okänt"},
    "waived": {"en": "waived", "fi": "luovuttu", "sv": "avstått"},
    "not_applicable": {"en": "n/a", "fi": "ei koske", "sv": "ej tillämpl."},
    "none": {"en": "none", "fi": "ei saavutettu", "sv": "ej uppnådd"},
    "core": {"en": "core", "fi": "ydin", "sv": "kärn"},
    "comprehensive": {"en": "comprehensive", "fi": "kattava", "sv": "övergripande"},
    "spearhead": {"en": "spearhead", "fi": "kärkitaso", "sv": "spjutspets"},
    "coverage": {"en": "evidence coverage", "fi": "tietojen kattavuus", "sv": "underlagets täckning"},
    "practice": {"en": "Practice", "fi": "Menettelyt", "sv": "Arbetssätt"},
    "no_group": {
        "en": "No product group applies: the score covers the subject criteria that do apply",
        "fi": "Mikään tuoteryhmä ei koske hankintaa: pisteet lasketaan soveltuvista kohdekriteereistä",
        "sv": "Ingen produktgrupp gäller: poängen bygger på de föremålskriterier som gäller",
    },
    "floor": {
        "en": "The input is silent on much of what applies: the score is a floor, not a verdict",
        "fi": "Syöte ei kerro suuresta osasta soveltuvia kriteerejä: pisteet ovat alaraja, eivät arvio",
        "sv": "Underlaget säger inget om mycket av det som gäller: poängen är ett golv, inte ett omdöme",
    },
    "of_met": {"en": "met", "fi": "täyttyy", "sv": "uppfyllda"},
    "state": {"en": "state", "fi": "kerro", "sv": "ange"},
    "add": {"en": "add", "fi": "lisää", "sv": "lägg till"},
    "compr.": {"en": "compr.", "fi": "kattava", "sv": "övergr."},
    "theme": {"en": "Theme", "fi": "Teema", "sv": "Tema"},
    "score": {"en": "Score", "fi": "Pisteet", "sv": "Poäng"},
    "overall": {"en": "Overall score", "fi": "Kokonaispisteet", "sv": "Totalpoäng"},
    "ambition": {"en": "Ambition level", "fi": "Tavoitetaso", "sv": "Ambitionsnivå"},
    "criteria": {"en": "Criteria", "fi": "Kriteerit", "sv": "Kriterier"},
    "status": {"en": "Status", "fi": "Tila", "sv": "Status"},
    "criterion": {"en": "Criterion", "fi": "Kriteeri", "sv": "Kriterium"},
    "title": {"en": "Title", "fi": "Otsikko", "sv": "Rubrik"},
    "level": {"en": "Level", "fi": "Taso", "sv": "Nivå"},
    "facts": {"en": "Facts used", "fi": "Käytetyt tiedot", "sv": "Använda uppgifter"},
    "gates": {"en": "Legal obligations", "fi": "Lakisääteiset velvoitteet", "sv": "Lagstadgade skyldigheter"},
    "obligation": {"en": "Obligation", "fi": "Velvoite", "sv": "Skyldighet"},
    "source": {"en": "Source", "fi": "Lähde", "sv": "Källa"},
    "compliant": {"en": "compliant", "fi": "täyttyy", "sv": "uppfylls"},
    "not_compliant": {"en": "NOT COMPLIANT", "fi": "EI TÄYTY", "sv": "UPPFYLLS INTE"},
    "gates_open": {
        "en": "Legal obligations not shown as met",
        "fi": "Lakisääteiset velvoitteet, joiden täyttymistä ei ole osoitettu",
        "sv": "Lagstadgade skyldigheter som inte visats vara uppfyllda",
    },
    "plan": {
        "en": "Improvement plan: what would raise the score most",
        "fi": "Parannussuunnitelma: mikä nostaisi pisteitä eniten",
        "sv": "Förbättringsplan: vad som höjer poängen mest",
    },
    "gain": {"en": "Gain", "fi": "Lisäys", "sv": "Ökning"},
    "write": {
        "en": "What to write into the tender",
        "fi": "Mitä kirjoittaa tarjouspyyntöön",
        "sv": "Vad som kan skrivas in i upphandlingen",
    },
    "lot": {"en": "Lot", "fi": "Osa", "sv": "Del"},
    "no_cpv": {"en": "none given", "fi": "ei annettu", "sv": "inte angivet"},
    "overridden": {
        "en": "overridden by a user criteria set",
        "fi": "korvattu käyttäjän omalla kriteeristöllä",
        "sv": "ersatt av en egen kriterieuppsättning",
    },
    "until": {"en": "until", "fi": "asti", "sv": "till"},
    "expired": {"en": "EXPIRED", "fi": "VANHENTUNUT", "sv": "UTGÅNGEN"},
}


def label(key: str, lang: str) -> str:
    """The report word for `key` in `lang`; English where a word has no translation."""
    words = LABELS.get(key)
    return words.get(lang, words["en"]) if words else key
