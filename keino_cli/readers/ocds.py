"""OCDS JSON: release packages, record packages and bare releases (OCDS 1.1 with the lots,
award criteria, sustainability and coveredBy extensions of the "OCDS for eForms" profile).

Several releases of one procurement are compiled in date order (objects merge, arrays replace), so
a later award release does not hide the tender; a record's `compiledRelease` is used as published.
Every value keeps the JSON pointer it came from. Sustainability goals and strategies are mapped
onto the eForms codes the criteria use, accepting both spellings of the codes the eForms mapping
tables and the extension codelist disagree on.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any

from keino_cli.errors import InputError
from keino_cli.jsonsource import load_json
from keino_cli.model.procurement import Origin, ProcurementInput
from keino_cli.readers import ReadOptions
from keino_cli.readers.notices import Origins, build_input, guess_criterion_type, is_placeholder, tag_rewards
from keino_cli.yamlsource import KeyPath

MAX_OCDS_BYTES = 50 * 1024 * 1024
_CPV_ID = re.compile(r"^\s*([0-9]{8})")

# tender.procurementMethod -> eForms BT-105; `selective` needs procurementMethodDetails to decide.
METHODS = {"open": "open", "limited": "neg-wo-call", "direct": "neg-wo-call"}
METHOD_DETAILS = (
    (re.compile(r"restricted|rajoitettu|selektiv", re.I), "restricted"),
    (
        re.compile(r"competitive dialogue|kilpailullinen neuvottelu|konkurrenspräglad dialog", re.I),
        "comp-dial",
    ),
    (re.compile(r"innovation partnership|innovaatiokumppanuus|innovationspartnerskap", re.I), "innovation"),
    (
        re.compile(r"without (?:prior )?(?:publication|call)|ilman .*ilmoitusta|utan .*annonsering", re.I),
        "neg-wo-call",
    ),
    (re.compile(r"negotiat|neuvottelu|förhandl", re.I), "neg-w-call"),
    (re.compile(r"\bopen\b|avoin|öppet", re.I), "open"),
)
# Core tender.awardCriteria codes that fix the award criteria completely.
SINGLE_CRITERION = {"priceOnly": "price", "lowestCost": "price", "costOnly": "cost", "qualityOnly": "quality"}
# Sustainability goals -> eForms codes (both spellings of water, human rights and innovation codes).
GOALS: dict[str, tuple[str, str]] = {
    "environmental": ("procurement", "env-imp"),
    "social": ("procurement", "soc-obj"),
    "economic.innovativePurchase": ("procurement", "inn-pur"),
    "environmental.climateChangeMitigation": ("environmental_impact", "clim-mitig"),
    "environmental.carbonEmissionsReduction": ("environmental_impact", "clim-mitig"),
    "environmental.climateChangeAdaptation": ("environmental_impact", "clim-adapt"),
    "environmental.waterResourcesProtection": ("environmental_impact", "water-mar"),
    "environmental.waterResources": ("environmental_impact", "water-mar"),
    "environmental.circularEconomy": ("environmental_impact", "circ-econ"),
    "environmental.pollutionPrevention": ("environmental_impact", "pollu-prev"),
    "environmental.biodiversityProtectionRestoration": ("environmental_impact", "biodiv-eco"),
    "social.accessibility": ("social_objective", "acc-all"),
    "social.ethnicEquality": ("social_objective", "et-eq"),
    "social.genderEquality": ("social_objective", "gen-eq"),
    "social.humanRightsInSupplyChains": ("social_objective", "hum-right"),
    "social.humanRightsInSupplyChain": ("social_objective", "hum-right"),
    "social.disadvantagedEmploymentOpportunities": ("social_objective", "opp"),
    "social.laborRightsPromotion": ("social_objective", "work-cond"),
    "economic.marketInnovationPromotion": ("innovation", "mar-nov"),
    "economic.processInnovationPromotion": ("innovation", "proc-innov"),
    "economic.processInnovation": ("innovation", "proc-innov"),
    "economic.productInnovationPromotion": ("innovation", "prod-innov"),
    "economic.productInnovation": ("innovation", "prod-innov"),
    "economic.researchDevelopmentActivities": ("innovation", "rd-act"),
}
GOAL_FAMILY = {"environmental.": "environmental_impact", "social.": "social_objective"}
STRATEGIES = {"euGPPCriteria": "eu", "nationalGPPCriteria": "national", "otherGPPCriteria": "other"}
RESERVED = {"shelteredWorkshop": "res-ws", "publicServiceMissionOrganization": "res-pub-ser"}


# Scope facts (keino_cli/scope.py): OCDS codes and names mapped onto the eForms/ISO ones.
LEGAL_BASES = {
    "32014L0024": "2014/24/EU",
    "32014L0025": "2014/25/EU",
    "32014L0023": "2014/23/EU",
    "32009L0081": "2009/81/EC",
}
NATURES = {"goods": "supplies", "works": "works", "services": "services"}
COUNTRY_NAMES = {
    "united kingdom": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "finland": "FI",
    "suomi": "FI",
    "sweden": "SE",
    "estonia": "EE",
    "poland": "PL",
    "norway": "NO",
    "moldova": "MD",
}


def _pointer(parts: tuple[str | int, ...]) -> str:
    return "/" + "/".join(str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def _number(value: Any) -> float | None:
    """Numbers, also as the strings some converters write; negative or non-numeric is unknown."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def _merge(
    target: dict[str, Any], release: dict[str, Any], index: int, base: tuple[str, ...], seen: dict
) -> None:
    """OCDS compiling, simplified: objects merge, arrays and values replace, null removes."""
    for key, value in release.items():
        path = (*base, key)
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value, index, path, seen)
        else:
            target[key] = deepcopy(value)
            seen[path] = index


def load(path: str, data: bytes) -> tuple[dict[str, Any], Any]:
    """The release to read and a function from a key path in it to its JSON pointer in the file."""
    if len(data) > MAX_OCDS_BYTES:
        raise InputError.single(path, f"OCDS file is larger than {MAX_OCDS_BYTES // 2**20} MiB")
    document, _ = load_json(data, path, max_bytes=MAX_OCDS_BYTES)
    if not isinstance(document, dict):
        raise InputError.single(path, "not OCDS: expected a JSON object")
    if isinstance(document.get("records"), list):
        records = [r for r in document["records"] if isinstance(r, dict)]
        _one_procurement(path, [r.get("ocid") for r in records])
        record = records[0]
        if isinstance(record.get("compiledRelease"), dict):
            return record["compiledRelease"], lambda parts: _pointer(
                ("records", 0, "compiledRelease", *parts)
            )
        return _compile(path, record.get("releases"), ("records", 0, "releases"))
    if isinstance(document.get("releases"), list):
        return _compile(path, document["releases"], ("releases",))
    if "ocid" in document:
        return document, lambda parts: _pointer(parts)
    raise InputError.single(
        path,
        "not OCDS: expected a release package (releases), a record package (records) or a release (ocid)",
    )


def _one_procurement(path: str, ocids: list[Any]) -> None:
    distinct = set(ocids)
    if not ocids:
        raise InputError.single(path, "OCDS package holds no releases or records")
    if len(distinct) > 1:
        raise InputError.single(
            path, f"OCDS package holds {len(distinct)} procurements (ocids); keino reads one per file"
        )


def _compile(path: str, releases: Any, base: tuple[str | int, ...]) -> tuple[dict[str, Any], Any]:
    items = [(i, r) for i, r in enumerate(releases or []) if isinstance(r, dict)]
    _one_procurement(path, [r.get("ocid") for _, r in items])
    items.sort(key=lambda pair: str(pair[1].get("date", "")))
    compiled: dict[str, Any] = {}
    seen: dict[tuple[str, ...], int] = {}
    for index, release in items:
        _merge(compiled, release, index, (), seen)

    def pointer(parts: tuple[str | int, ...]) -> str:
        for end in range(len(parts), 0, -1):
            if parts[:end] in seen:
                return _pointer((*base, seen[parts[:end]], *parts))
        return _pointer(base)

    return compiled, pointer


class Reader:
    """Builds the description mapping from one compiled release, noting each value's JSON pointer."""

    def __init__(self, release: dict[str, Any], pointer: Any) -> None:
        self.release = release
        self.pointer = pointer
        self.origins = Origins("ocds", Origin("ocds", pointer(())))

    def note(self, key_path: KeyPath, parts: tuple[str | int, ...]) -> None:
        self.origins.note(key_path, Origin("ocds", self.pointer(parts)))

    def read(self) -> dict[str, Any]:
        release = self.release
        tender = release.get("tender") if isinstance(release.get("tender"), dict) else {}
        raw: dict[str, Any] = {}
        ocid = release.get("ocid") or tender.get("id")
        if ocid:
            raw["id"] = str(ocid)
            self.note(("id",), ("ocid",) if release.get("ocid") else ("tender", "id"))
        for key in ("title", "description"):
            if isinstance(tender.get(key), str) and tender[key].strip():
                raw[key] = tender[key].strip()
                self.note((key,), ("tender", key))
        self.buyer(raw)
        self.procedure(raw, tender)
        self.legal_facts(raw, tender)
        lots = [lot for lot in tender.get("lots") or [] if isinstance(lot, dict) and lot.get("id")]
        lot_index = {str(lot["id"]): number for number, lot in enumerate(lots)}
        raw["lots"] = [{"id": str(lot["id"])} for lot in lots]
        self.items(raw, tender, lot_index)
        self.value(raw, (), tender.get("value"), ("tender", "value"))
        core = SINGLE_CRITERION.get(str(tender.get("awardCriteria")))
        if core is not None:
            raw["award_criteria"] = [{"name": core.capitalize(), "type": core, "weight": 100.0}]
            self.note(("award_criteria",), ("tender", "awardCriteria"))
        self.scope_facts(raw, (), tender, ("tender",))
        for number, lot in enumerate(lots):
            base: KeyPath = ("lots", number)
            parts: tuple[str | int, ...] = ("tender", "lots", number)
            target = raw["lots"][number]
            self.note(base, parts)
            if isinstance(lot.get("title"), str) and lot["title"].strip():
                target["title"] = lot["title"].strip()
                self.note((*base, "title"), (*parts, "title"))
            self.value(target, base, lot.get("value"), (*parts, "value"))
            self.award_criteria(target, base, lot.get("awardCriteria"), (*parts, "awardCriteria"))
            self.scope_facts(target, base, lot, parts)
        return raw

    def buyer(self, raw: dict[str, Any]) -> None:
        buyer = self.release.get("buyer")
        parties = [p for p in self.release.get("parties") or [] if isinstance(p, dict)]
        number, party = next(
            ((n, p) for n, p in enumerate(parties) if "buyer" in (p.get("roles") or [])), (None, None)
        )
        if isinstance(buyer, dict) and buyer.get("id") is not None and party is None:
            number, party = next(
                ((n, p) for n, p in enumerate(parties) if p.get("id") == buyer["id"]), (None, None)
            )
        name = (party or {}).get("name") or (buyer or {}).get("name")
        if not isinstance(name, str) or not name.strip():
            return
        raw["buyer"] = {"name": name.strip()}
        self.note(("buyer",), ("parties", number) if party is not None else ("buyer",))
        identifier = (party or {}).get("id") or (buyer or {}).get("id")
        if identifier is not None:
            raw["buyer"]["id"] = str(identifier)
        address = (party or {}).get("address") or {}
        country = address.get("country")
        if not (isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)):
            country = COUNTRY_NAMES.get(str(address.get("countryName", "")).strip().lower())
        if country is not None:
            raw["buyer"]["country"] = country
            self.note(
                ("buyer", "country"), ("parties", number, "address") if party is not None else ("buyer",)
            )
        for classification in ((party or {}).get("details") or {}).get("classifications") or []:
            if isinstance(classification, dict) and classification.get("scheme") == "eu-buyer-legal-type":
                raw["buyer"]["type"] = str(classification.get("id"))
                self.note(("buyer", "type"), ("parties", number, "details", "classifications"))

    def legal_facts(self, raw: dict[str, Any], tender: dict[str, Any]) -> None:
        """Whom the law binds: legal basis (eForms profile `tender.legalBasis`, CELEX), contract
        nature (`mainProcurementCategory`) and the procedure's start (a tender release's date;
        a later release's date only bounds it)."""
        facts: dict[str, Any] = {}
        basis = tender.get("legalBasis")
        found = LEGAL_BASES.get(str(basis.get("id"))) if isinstance(basis, dict) else None
        if found is not None:
            facts.setdefault("procedure", {})["legal_basis"] = found
            self.note(("facts", "procedure", "legal_basis"), ("tender", "legalBasis"))
        nature = NATURES.get(str(tender.get("mainProcurementCategory")))
        if nature is not None:
            facts["contract"] = {"nature": nature}
            self.note(("facts", "contract", "nature"), ("tender", "mainProcurementCategory"))
        day = str(self.release.get("date") or "")[:10]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            tags = self.release.get("tag") or []
            which = "start_date" if any(t in ("planning", "tender") for t in tags) else "started_by"
            facts.setdefault("procedure", {})[which] = day
            self.note(("facts", "procedure", which), ("date",))
        if facts:
            raw["facts"] = facts

    def procedure(self, raw: dict[str, Any], tender: dict[str, Any]) -> None:
        method = tender.get("procurementMethod")
        details = tender.get("procurementMethodDetails")
        found = METHODS.get(str(method))
        where: tuple[str, ...] = ("tender", "procurementMethod")
        if isinstance(details, str) and (found is None or method == "open"):
            match = next((code for pattern, code in METHOD_DETAILS if pattern.search(details)), None)
            if match is not None:
                found, where = match, ("tender", "procurementMethodDetails")
        if found is not None:
            raw["procedure"] = found
            self.note(("procedure",), where)

    def items(self, raw: dict[str, Any], tender: dict[str, Any], lot_index: dict[str, int]) -> None:
        """CPV codes of the items (classification and additional ones), per lot when items name one."""
        for number, item in enumerate(tender.get("items") or []):
            if not isinstance(item, dict):
                continue
            lot = lot_index.get(str(item.get("relatedLot")))
            target, base = (raw, ()) if lot is None else (raw["lots"][lot], ("lots", lot))
            extra = item.get("additionalClassifications")
            found: list[tuple[tuple[str | int, ...], Any]] = [
                (("classification",), item.get("classification")),
                *(
                    (("additionalClassifications", n), c)
                    for n, c in enumerate(extra if isinstance(extra, list) else [])
                ),
            ]
            for where, classification in found:
                if (
                    not isinstance(classification, dict)
                    or str(classification.get("scheme", "")).upper() != "CPV"
                ):
                    continue
                match = _CPV_ID.match(str(classification.get("id", "")))
                code = match.group(1) if match else str(classification.get("id"))
                codes = target.setdefault("cpv", [])
                if code not in codes:
                    self.note((*base, "cpv", len(codes)), ("tender", "items", number, *where, "id"))
                    codes.append(code)
        if "cpv" not in raw:  # the procedure's codes are those of all its lots
            codes = list(dict.fromkeys(code for lot in raw["lots"] for code in lot.get("cpv", [])))
            if codes:
                raw["cpv"] = codes
                self.note(("cpv",), ("tender", "items"))

    def value(self, target: dict[str, Any], base: KeyPath, value: Any, parts: tuple[str | int, ...]) -> None:
        if not isinstance(value, dict):
            return
        amount, currency = _number(value.get("amount")), value.get("currency")
        if amount is not None and isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency):
            target["value"] = {"amount": amount, "currency": currency}
            self.note((*base, "value"), parts)

    def award_criteria(
        self, target: dict[str, Any], base: KeyPath, data: Any, parts: tuple[str | int, ...]
    ) -> None:
        """`lots[].awardCriteria.criteria[]`: type, name, description, and a weight from `numbers[]`."""
        if not isinstance(data, dict) or not isinstance(data.get("criteria"), list):
            return
        criteria = []
        for number, item in enumerate(data["criteria"]):
            # Converters sometimes split one criterion over several objects; a fragment with
            # neither a type nor a name says nothing usable on its own.
            if not isinstance(item, dict) or not (item.get("type") or item.get("name")):
                continue
            texts = [str(item[k]) for k in ("name", "description") if isinstance(item.get(k), str)]
            if is_placeholder(texts):
                continue  # "criteria only in the documents": says nothing about what is awarded
            where = (*base, "award_criteria", len(criteria))
            self.note(where, (*parts, "criteria", number))
            kind = (
                item.get("type")
                if item.get("type") in ("price", "cost", "quality")
                else guess_criterion_type(texts)
            )
            criterion: dict[str, Any] = {"name": str(item.get("name") or kind.capitalize()), "type": kind}
            if isinstance(item.get("description"), str):
                criterion["description"] = item["description"]
            numbers = [n for n in item.get("numbers") or [] if isinstance(n, dict)]
            weights = [
                n
                for n in numbers
                if n.get("weight") not in (None, "order") and _number(n.get("number")) is not None
            ]
            if len(weights) == 1:
                criterion["weight"] = _number(weights[0]["number"])
                self.note(
                    (*where, "weight"), (*parts, "criteria", number, "numbers", numbers.index(weights[0]))
                )
            tag_rewards(criterion, texts)
            criteria.append(criterion)
        if criteria:
            target["award_criteria"] = criteria
            self.note((*base, "award_criteria"), (*parts, "criteria"))

    def scope_facts(
        self, target: dict[str, Any], base: KeyPath, scope: dict[str, Any], parts: tuple[str | int, ...]
    ) -> None:
        """Sustainability, coveredBy, accessibility, reserved participation/execution, performance terms."""
        facts: dict[str, Any] = {}
        strategic: dict[str, list[str]] = {}
        for number, item in enumerate(scope.get("sustainability") or []):
            if not isinstance(item, dict):
                continue
            goal = str(item.get("goal", ""))
            mapped = GOALS.get(goal)
            if mapped is None:  # another sub-goal of a known family counts as "other"
                family = next((fact for prefix, fact in GOAL_FAMILY.items() if goal.startswith(prefix)), None)
                mapped = (family, "other") if family else None
            if mapped is not None:
                self._add(
                    strategic,
                    mapped,
                    (*base, "facts", "strategic", mapped[0]),
                    (*parts, "sustainability", number, "goal"),
                )
            for strategy in item.get("strategies") or []:
                if strategy in STRATEGIES:
                    mapped = ("gpp_criteria_source", STRATEGIES[strategy])
                    self._add(
                        strategic,
                        mapped,
                        (*base, "facts", "strategic", mapped[0]),
                        (*parts, "sustainability", number, "strategies"),
                    )
        if scope.get("hasSustainability") is False and not strategic:
            for fact in ("environmental_impact", "social_objective", "innovation"):
                strategic[fact] = []
                self.note((*base, "facts", "strategic", fact), (*parts, "hasSustainability"))
            strategic["procurement"] = ["none"]
            self.note((*base, "facts", "strategic", "procurement"), (*parts, "hasSustainability"))
        if strategic:
            facts["strategic"] = strategic
        covered = scope.get("coveredBy")
        if isinstance(covered, list) and "EU-CVD" in covered:
            facts["cvd"] = {"applies": True}
            self.note((*base, "facts", "cvd", "applies"), (*parts, "coveredBy"))
        if isinstance(scope.get("hasAccessibilityCriteria"), bool):
            facts["accessibility"] = {"criteria": "inc" if scope["hasAccessibilityCriteria"] else "n-inc"}
            self.note((*base, "facts", "accessibility", "criteria"), (*parts, "hasAccessibilityCriteria"))
        reserved = (
            ((scope.get("otherRequirements") or {}).get("reservedParticipation"))
            if isinstance(scope.get("otherRequirements"), dict)
            else None
        )
        if isinstance(reserved, list):
            facts.setdefault("reserved", {})["participation"] = [
                RESERVED[r] for r in reserved if r in RESERVED
            ] or ["none"]
            self.note(
                (*base, "facts", "reserved", "participation"),
                (*parts, "otherRequirements", "reservedParticipation"),
            )
        terms = scope.get("contractTerms") if isinstance(scope.get("contractTerms"), dict) else {}
        if isinstance(terms.get("reservedExecution"), bool):
            facts.setdefault("reserved", {})["execution"] = terms["reservedExecution"]
            self.note(
                (*base, "facts", "reserved", "execution"), (*parts, "contractTerms", "reservedExecution")
            )
        if isinstance(terms.get("performanceTerms"), str) and terms["performanceTerms"].strip():
            target["requirements"] = [
                {"text": terms["performanceTerms"].strip(), "type": "contract-performance-clause"}
            ]
            self.note((*base, "requirements", 0), (*parts, "contractTerms", "performanceTerms"))
        if facts:
            target.setdefault("facts", {}).update(facts)

    def _add(
        self,
        strategic: dict[str, list[str]],
        mapped: tuple[str, str],
        key_path: KeyPath,
        parts: tuple[str | int, ...],
    ) -> None:
        fact, code = mapped
        values = strategic.setdefault(fact, [])
        if not values:
            self.note(key_path, parts)
        if code not in values:
            values.append(code)


def read(path: str, data: bytes, options: ReadOptions) -> ProcurementInput:
    release, pointer = load(path, data)
    reader = Reader(release, pointer)
    raw = reader.read()
    if "id" not in raw:
        raise InputError.single(path, "not OCDS: the release has no ocid")
    raw.setdefault("title", raw["id"])
    return build_input(raw, reader.origins, path, "ocds")
