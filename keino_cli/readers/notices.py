"""What the eForms and OCDS readers share: origins by key path, validation, award-criterion wording.

Both readers build a plain mapping shaped like a procurement description and note, for each key
path they fill, the element or JSON pointer it came from. Validation then goes through the same
`Procurement` model as a hand-written description, so a notice and its `keino convert` output
mean exactly the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from keino_cli.errors import InputError, Problem
from keino_cli.model.origin import Origin, ProcurementInput
from keino_cli.readers.plain import procurement as plain_procurement
from keino_cli.validation import dotted, real_path
from keino_cli.yamlsource import KeyPath

# An origin, or how to make it when asked: an eForms reader notes far more values than a run
# locates, and an element's XPath costs more than the value it locates.
LazyOrigin = Origin | Callable[[], Origin]


class Origins:
    """Origins noted while a reader builds the description; a path without one takes its parent's."""

    def __init__(self, source: str, root: Origin) -> None:
        self.source = source
        self.root = root
        self.by_path: dict[KeyPath, LazyOrigin] = {}

    def note(self, key_path: KeyPath, origin: LazyOrigin | None) -> None:
        if origin is not None:
            self.by_path[key_path] = origin

    def locate(self, key_path: KeyPath) -> Origin:
        for end in range(len(key_path), 0, -1):
            origin = self.by_path.get(key_path[:end])
            if origin is not None:
                if not isinstance(origin, Origin):
                    origin = self.by_path[key_path[:end]] = origin()
                return origin
        return self.root


def build_input(
    raw: dict[str, Any], origins: Origins, path: str, fmt: str, plain: bool = False
) -> ProcurementInput:
    """Validate the mapping a reader built; a problem points at the element or field it came from.
    With `plain`, a plainly valid mapping becomes light objects, as a description does
    (`ReadOptions.plain`); the models check everything else."""
    light = plain_procurement(raw) if plain else None
    if light is not None:
        return ProcurementInput(light, path, fmt, origins.locate)  # type: ignore[arg-type]
    from pydantic import ValidationError

    from keino_cli.model.procurement import Procurement

    try:
        procurement = Procurement.model_validate(raw)
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False):
            where = real_path(raw, item["loc"])
            origin = origins.locate(where)
            message = item["msg"].removeprefix("Value error, ")
            problems.append(Problem(path, f"{dotted(where)}: {message} (at {origin.pointer})", origin.line))
        raise InputError(problems) from None
    return ProcurementInput(procurement, path, fmt, origins.locate)


def pick_text(texts: dict[str, str], preferred: tuple[str, ...]) -> tuple[str, str] | None:
    """The (language, text) to show: the first preferred language present, else the first given."""
    for lang in preferred:
        if lang in texts:
            return lang, texts[lang]
    return next(iter(texts.items()), None)


def other_languages(texts: dict[str, str], shown: str) -> str | None:
    """The other language versions of a text, kept beside the one shown (as an origin snippet)."""
    others = [f"{lang}: {' '.join(text.split())}" for lang, text in texts.items() if lang != shown]
    return " | ".join(others) or None


# What an award criterion rewards, read from its name and description in the EU languages TED uses
# most (en, fi, sv, de, fr, es, it, pl, nl, pt, da, et; Norwegian rides on Danish and Swedish).
# Only wording that clearly names the thing counts; the first row that matches and has a theme gives
# the criterion its theme. Word stems are lower case and matched anywhere in a word (compounds).
REWARD_WORDS: tuple[tuple[str, str, str | None], ...] = (
    (
        r"zero[- ]emission|electric vehicle|electric car|sähköajoneuv|sähköaut|täyssähkö|päästöttöm"
        r"|nollutsläpp|utsläppsfri|elbil|elfordon|emissionsfrei|elektrofahrzeug|elektroauto"
        r"|véhicules? électriques?|zéro émission|vehículos? eléctricos?|cero emisiones|veicol[oi] elettric"
        r"|emissioni zero|zeroemisyjn|pojazd\w* elektryczn|elektrische voertuig|emissievrij|zero-emissie"
        r"|veículos? elétricos?|emissões zero|elektriske køretøj|nulemission|elektrisõiduk|heitevaba",
        "zero-emission-vehicles",
        "climate",
    ),
    (
        r"vegetar|plant-based|kasvisruo|kasvis|växtbaser|pflanzlich|végétal|plantaardig",
        "plant-based-food",
        "climate",
    ),
    (
        r"organic|luomu|ekologisk\w* livsmed|ekologisk\w* produkt|ekologiska|ökologische lebensmittel"
        r"|biologique|alimentos? ecológicos|biologic[oi]|żywnoś\w* ekologiczn|biologische|biológic"
        r"|økologisk|mahe",
        "organic-food",
        "resource-efficiency",
    ),
    (
        r"\bco2\b|co₂|emission|päästö|utsläpp|greenhouse|kasvihuone|växthusgas|utslipp|treibhausgas"
        r"|émission|gaz à effet de serre|emisi[oó]n|efecto invernadero|emissioni|gas serra|emisj"
        r"|cieplarnian|emissie|uitstoot|broeikasgas|emissão|emissões|efeito de estufa|udledning"
        r"|drivhusgas|heitkogus|heitme|kasvuhoonegaas",
        "co2-emissions",
        "climate",
    ),
    (
        r"carbon footprint|hiilijalanjälj|koldioxidavtryck|klimatavtryck|co2-fußabdruck|co2-bilanz"
        r"|klimabilanz|empreinte carbone|huella de carbono|impronta di carbonio|ślad\w* węglow"
        r"|koolstofvoetafdruk|co2-voetafdruk|pegada de carbono|co2-aftryk|klimaaftryk|jalajälg",
        "carbon-footprint",
        "climate",
    ),
    (
        r"energy efficien|energy consumption|energiatehok|energiankulutu|energieffektiv|energiförbruk"
        r"|energieeffizien|energieverbrauch|efficacité énergétique|consommation d.énergie"
        r"|eficiencia energética|consumo (?:de )?energ|efficienza energetica|consumo energetico"
        r"|efektywnoś\w* energetyczn|zużyci\w* energii|energie-efficiën|energieverbruik|energiezuinig"
        r"|eficiência energética|energiforbrug|energiatõhus|energiakulu",
        "energy-efficiency",
        "climate",
    ),
    (
        r"renewable|uusiutuv|förnybar|fornybar|erneuerbar|renouvelable|renovable|rinnovabil|odnawialn"
        r"|hernieuwbar|renováve|renovável|vedvarende|taastuv",
        "renewable-energy",
        "climate",
    ),
    (
        r"life[- ]cycle cost|\blcc\b|elinkaarikustann|livscykelkostnad|lebenszykluskosten"
        r"|coût du cycle de vie|coste del ciclo de vida|costo del ciclo di vita|koszt\w* cyklu życia"
        r"|levenscycluskost|custo do ciclo de vida|livscyklusomkostning|olelusringi kulu",
        "life-cycle-cost",
        None,
    ),
    (
        r"ecolabel|eco-label|ympäristömerk|miljömärk|joutsenmerk|svanenmärk|nordic swan|umweltzeichen"
        r"|umweltsiegel|blauer engel|écolabel|etiqueta ecológica|ecoetiqueta|etichetta ecologica"
        r"|marchio ecologico|oznakowani\w* ekologiczn|milieukeur|rótulo ecológico|miljømærk|svanemærk"
        r"|ökomärgis|keskkonnamärgis",
        "ecolabel",
        "resource-efficiency",
    ),
    (
        r"circular|kiertotalo|cirkulär|sirkulær|kreislaufwirtschaft|économie circulaire"
        r"|economia circolare|obieg\w* zamknięt|circulair|cirkulær|ringmajand|reuse|re-use|uudelleenkäy"
        r"|återbruk|wiederverwend|réutilis|reutiliza|riutilizz|ponown\w* użyc|hergebruik|reutilização"
        r"|genbrug|korduskasut",
        "circularity",
        "resource-efficiency",
    ),
    (
        r"recycl|kierrät|återvin|gjenvinn|wiederverwert|rezyklat|recicla|riciclat|riciclo|recykling"
        r"|reciclagem|genanvend|taaskasut|ringlussevõ|ümbertöödeld",
        "recycled-content",
        "resource-efficiency",
    ),
    (
        r"repair|korjattav|reparer|reparatur|reparier|réparab|réparation|reparab|reparación|riparab"
        r"|riparazion|napraw|reparatie|reparação|reparation|parandat|remondi",
        "repairability",
        "resource-efficiency",
    ),
    (
        r"\bwaste\b|jäte|hävik|avfall|svinn|abfall|déchets|residuos|rifiuti|odpad|afval|resíduos|affald"
        r"|jäätm|spild",
        "waste-reduction",
        "resource-efficiency",
    ),
    (
        r"environmental management|ympäristöjärjestelm|miljöledning|umweltmanagement"
        r"|management environnemental|gestión (?:medio)?ambiental|gestione ambientale"
        r"|zarządzani\w* środowiskow|milieuzorg|milieumanagement|gestão ambiental|miljøledelse"
        r"|keskkonnajuhtim",
        "environmental-management",
        None,
    ),
    (
        r"employment|työllist|sysselsätt|beschäftigung|langzeitarbeitslos|insertion professionnelle"
        r"|inserción laboral|empleo|occupazion|inserimento lavorativo|zatrudni|werkgelegenheid"
        r"|social return|emprego|beskæftigelse|tööhõive|töötu",
        "employment",
        "social-responsibility",
    ),
    (
        r"working condition|työolo|työehto|arbetsvillkor|arbetsförhållanden|arbeitsbedingung"
        r"|conditions de travail|condiciones (?:laborales|de trabajo)|condizioni di lavoro"
        r"|warunk\w* pracy|arbeidsomstandigheden|arbeidsvoorwaarden|condições de trabalho"
        r"|arbejdsforhold|arbejdsvilkår|töötingimus",
        "working-conditions",
        "social-responsibility",
    ),
    (
        r"accessib|saavutettav|esteettöm|tillgänglighet|barrierefrei|accesibilidad|dostępnoś"
        r"|toegankelijk|acessibilidade|tilgængelig|ligipääsetav|juurdepääsetav",
        "accessibility",
        "social-responsibility",
    ),
    (
        r"fair trade|fairtrade|reilu kauppa|rättvis handel|fairer handel|fair gehandelt"
        r"|commerce équitable|comercio justo|commercio equo|sprawiedliw\w* handl|eerlijke handel"
        r"|comércio justo|fair handel|õiglane kaubandus",
        "fair-trade",
        "social-responsibility",
    ),
    (
        r"innovat|innovaat|innovaz|innowac|innovac|inovaç|inovad|uuendus|innovatsioon",
        "innovation",
        "innovation",
    ),
)


Folded = tuple[str, str | None]  # a text and its lower-cased form (None where that form would not do)


def fold(texts: list[str]) -> list[Folded]:
    """The texts with their lower-cased forms, for `Words.found` (see there why)."""
    folded: list[Folded] = []
    for text in texts:
        lowered = text.lower()
        plain = len(lowered) == len(text) and "ı" not in lowered and "ſ" not in lowered
        folded.append((text, lowered if plain else None))
    return folded


class Words:
    """Lower-case word stems found in a text in any case, exactly as `re.IGNORECASE` finds them.

    Python's `re` searches about five times slower with IGNORECASE than without, so a text is
    lower-cased once (`fold`) and searched plainly. That finds the same wherever lower-casing keeps
    each character one character (not so for "İ") and the text has no dotless ı or long ſ (which
    IGNORECASE also takes for i and s); such a text is searched with IGNORECASE."""

    def __init__(self, words: str) -> None:
        self.plain = re.compile(words)
        self.any_case = re.compile(words, re.IGNORECASE)

    def found(self, texts: list[Folded]) -> bool:
        for text, lowered in texts:
            if self.any_case.search(text) if lowered is None else self.plain.search(lowered):
                return True
        return False


_REWARD_PATTERNS = tuple((Words(words), reward, theme) for words, reward, theme in REWARD_WORDS)
# Wording that says a criterion is about the environment or society without naming what: the
# theme is then unknown rather than "none" (a buyer's "criterios medioambientales").
_SUSTAINABILITY_WORDS = Words(
    r"environment|ympäristö|miljö|umwelt|environnement|medio ?ambient|ambiental|ambientale|środowisk"
    r"|milieu|miljø|keskkon|sustainab|kestäv|hållbar|nachhaltig|durable|sostenib|sustentáv|zrównoważ"
    r"|duurza|bæredygtig|jätkusuutlik|social|sosiaal|sozial|społeczn|sociaal|sotsiaal|klima|climat|clima"
)
# Languages whose award wording REWARD_WORDS covers (ISO 639-3 as eForms writes them, and 639-1).
READ_LANGUAGES = frozenset(
    [
        "ENG",
        "FIN",
        "SWE",
        "DEU",
        "FRA",
        "SPA",
        "ITA",
        "POL",
        "NLD",
        "POR",
        "DAN",
        "EST",
        "NOR",
        "NOB",
        "NNO",
        "EN",
        "FI",
        "SV",
        "DE",
        "FR",
        "ES",
        "IT",
        "PL",
        "NL",
        "PT",
        "DA",
        "ET",
        "NO",
        "NB",
        "NN",
    ]
)
_PRICE_WORDS = Words(r"price|pris|hinta|hinna|hinno")
_COST_WORDS = Words(r"cost|kustannu|kostnad")


def tag_rewards(criterion: dict[str, Any], texts: list[str], languages: set[str] | None = None) -> None:
    """Add to a non-price award criterion what its texts say it rewards, and its theme.

    When nothing is recognised but the texts speak of sustainability in general, or are in a
    language keino does not read, `rewards_read: false` keeps the theme unknown rather than none."""
    if criterion.get("type") == "price":
        return
    rewards: list[str] = []
    theme: str | None = None
    folded = fold(texts)
    for words, reward, row_theme in _REWARD_PATTERNS:
        if words.found(folded):
            rewards.append(reward)
            theme = theme or row_theme
    if rewards:
        criterion["rewards"] = rewards
    if theme:
        criterion["theme"] = theme
        return
    unread_language = languages is not None and bool(languages) and not languages & READ_LANGUAGES
    if unread_language or _SUSTAINABILITY_WORDS.found(folded):
        criterion["rewards_read"] = False


# TED's form option "Price is not the only award criterion and all criteria are stated only in the
# procurement documents" (and its fi/sv versions), which converters turn into an award criterion:
# it says the criteria are elsewhere, so the award stays unknown rather than becoming "price".
_PLACEHOLDER = Words(
    r"not the only award criterion|stated only in the procurement documents"
    r"|ei ole ainoa \w*peruste|ainoastaan hankinta-asiakirjoissa"
    r"|inte det enda tilldelningskriteriet|endast i upphandlingsdokumenten"
)


def is_placeholder(texts: list[str]) -> bool:
    """An award criterion that only points at the procurement documents."""
    return _PLACEHOLDER.found(fold(texts))


def guess_criterion_type(texts: list[str]) -> str:
    """A criterion without a type code: price or cost when its name says so, otherwise quality."""
    folded = fold(texts)
    if _PRICE_WORDS.found(folded):
        return "price"
    return "cost" if _COST_WORDS.found(folded) else "quality"


_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*%")


def percent_in(texts: list[str]) -> float | None:
    """The one percentage a criterion description states ("Vekter 30 %"), if it states exactly one."""
    found = {float(m.replace(",", ".")) for text in texts for m in _PERCENT.findall(text)}
    return found.pop() if len(found) == 1 else None
