"""OCDS JSON: release packages, record packages and bare releases (OCDS 1.1 with the lots,
award criteria, sustainability and coveredBy extensions of the "OCDS for eForms" profile).

Several releases of one procurement are compiled in date order (objects merge, arrays replace), so
a later award release does not hide the tender; a record's `compiledRelease` is used as published.
Every value keeps the JSON pointer it came from. Sustainability goals and strategies are mapped
onto the eForms codes the criteria use, accepting both spellings of the codes the eForms mapping
tables and the extension codelist disagree on.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from keino_cli.errors import InputError, Problem
from keino_cli.jsonsource import decode, load_json
from keino_cli.model.origin import Origin, ProcurementInput
from keino_cli.readers import ReadOptions
from keino_cli.readers.notices import (
    Origins,
    build_input,
    guess_criterion_type,
    is_placeholder,
    percent_in,
    tag_rewards,
)
from keino_cli.yamlsource import KeyPath, Marks

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
        # Bounded gaps, not `.*`: a hostile description of many "ilman " would otherwise be cubic.
        re.compile(
            r"without (?:prior )?(?:publication|call)|ilman .{0,60}?ilmoitusta|utan .{0,60}?annonsering", re.I
        ),
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
# OCDS 1.1 codelist tenderStatus (open-contracting/standard schema/codelists/tenderStatus.csv).
TENDER_STATUSES = frozenset(
    {"planning", "planned", "active", "cancelled", "unsuccessful", "complete", "withdrawn"}
)
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
    except OverflowError:  # an integer too long for a float: infinite, refused like "1e400"
        return math.inf
    return number if number >= 0 else None


# Merge rules of OCDS 1.1.5 and the extensions keino reads, as `ocdsmerge.get_merge_rules` derives
# them from release-schema.json (open-contracting/standard tag 1__1__5) and the awardCriteria and
# sustainability extension schemas. Given here so that compiling never fetches a schema.
MERGE_RULES: dict[tuple[str, ...], str] = {
    ("id",): "omitWhenMerged",
    ("date",): "omitWhenMerged",
    ("tag",): "omitWhenMerged",
    **{
        tuple(path.split(".")): "wholeListMerge"
        for path in [
            "awards.amendment.changes",
            "awards.amendments.changes",
            "awards.items.additionalClassifications",
            "awards.suppliers.additionalIdentifiers",
            "buyer.additionalIdentifiers",
            "contracts.amendment.changes",
            "contracts.amendments.changes",
            "contracts.implementation.transactions.payee.additionalIdentifiers",
            "contracts.implementation.transactions.payer.additionalIdentifiers",
            "contracts.items.additionalClassifications",
            "contracts.relatedProcesses.relationship",
            "parties.additionalIdentifiers",
            "parties.roles",
            "relatedProcesses.relationship",
            "tender.additionalProcurementCategories",
            "tender.amendment.changes",
            "tender.amendments.changes",
            "tender.items.additionalClassifications",
            "tender.procuringEntity.additionalIdentifiers",
            "tender.submissionMethod",
            "tender.tenderers.additionalIdentifiers",
            "tender.lots.awardCriteria.criteria",
            "tender.sustainability",
            "tender.lots.sustainability",
            "tender.lots.otherRequirements.reservedParticipation",
            "tender.coveredBy",
            "tender.lots.coveredBy",
        ]
    },
}


@dataclass(slots=True)
class Source:
    """The JSON values of one file with their marks, so a key path in the file finds its line."""

    path: str
    values: list[tuple[tuple[str | int, ...], Any, Marks, int]]  # (prefix, value, marks, first line)

    def problem(self, where: tuple[str | int, ...], message: str) -> Problem:
        for prefix, _, marks, first_line in self.values:
            if where[: len(prefix)] == prefix:
                line, column = marks.find(where[len(prefix) :])
                if line is not None:
                    return Problem(
                        self.path, f"{message} (at {_pointer(where)})", line + first_line - 1, column
                    )
        return Problem(self.path, f"{message} (at {_pointer(where)})")


@dataclass(slots=True)
class Unit:
    """One procurement of a file: its (compiled) release and where each of its values came from."""

    release: dict[str, Any]
    where: Callable[[tuple[str | int, ...]], tuple[str | int, ...]]  # key path in the file

    @property
    def ocid(self) -> str | None:
        ocid = self.release.get("ocid")
        return ocid if isinstance(ocid, str) else None

    def pointer(self, parts: tuple[str | int, ...]) -> str:
        return _pointer(self.where(parts))


def _split_values(text: str) -> list[tuple[int, str]]:
    """Concatenated JSON or JSON Lines as (offset, text) per top-level value (a linear scan)."""
    values: list[tuple[int, str]] = []
    depth, start, in_string, escaped = 0, 0, False, False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            if depth == 0:
                start = index
            depth += 1
        elif char in "}]" and depth > 0:
            depth -= 1
            if depth == 0:
                values.append((start, text[start : index + 1]))
    return values


def _source(path: str, data: bytes) -> Source:
    """One JSON document, JSON Lines or concatenated JSON; each value located in the file."""
    try:
        document, marks = load_json(data, path, max_bytes=MAX_OCDS_BYTES)
        return Source(path, [((), document, marks, 1)])
    except InputError as error:
        if "Extra data" not in error.problems[0].message:
            raise
    text = decode(data, path)
    values: list[tuple[KeyPath, Any, Marks, int]] = []
    for number, (offset, chunk) in enumerate(_split_values(text)):
        first_line = text.count("\n", 0, offset) + 1
        try:
            document, marks = load_json(chunk, path, max_bytes=MAX_OCDS_BYTES)
        except InputError as error:
            shifted = [
                replace(p, line=None if p.line is None else p.line + first_line - 1) for p in error.problems
            ]
            raise InputError(shifted) from None
        values.append(((number,), document, marks, first_line))
    return Source(path, values)


def _resolve(compiled: Any, release: Any, parts: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    """`parts` of the compiled release translated into `release`, or None where it says nothing."""
    translated: list[str | int] = []
    for part in parts:
        if isinstance(part, int):
            if not (isinstance(compiled, list) and isinstance(release, list) and part < len(compiled)):
                return None
            item = compiled[part]
            ident = item.get("id") if isinstance(item, dict) else None
            if ident is None:
                index = part if part < len(release) else None
            else:
                index = next(
                    (i for i, r in enumerate(release) if isinstance(r, dict) and r.get("id") == ident), None
                )
            if index is None:
                return None
            compiled, release = item, release[index]
            translated.append(index)
        else:
            if not (isinstance(compiled, dict) and isinstance(release, dict) and part in release):
                return None
            compiled, release = compiled.get(part), release[part]
            translated.append(part)
    return tuple(translated)


def _compile(source: Source, releases: list[tuple[tuple[str | int, ...], dict[str, Any]]]) -> Unit:
    """Releases of one ocid compiled by the OCDS merge rules (ocdsmerge, the reference implementation):
    objects in arrays merge by id, so an amendment of one lot keeps the others and their values."""
    from ocdsmerge import Merger
    from ocdsmerge.exceptions import DuplicateIdValueWarning, OCDSMergeError

    ordered = sorted(releases, key=lambda pair: str(pair[1].get("date", "")))
    if len(ordered) == 1:
        base = ordered[0][0]
        return Unit(ordered[0][1], lambda parts: (*base, *parts))
    try:
        with warnings.catch_warnings():
            # Objects of one array sharing an id merge into one, as OCDS merging says; the library
            # would also print a Python warning naming its own source file on the user's stderr.
            warnings.simplefilter("ignore", DuplicateIdValueWarning)
            compiled = Merger(merge_rules=MERGE_RULES).create_compiled_release([r for _, r in ordered])
    except (OCDSMergeError, TypeError, ValueError, AttributeError, KeyError) as error:
        raise InputError(
            [source.problem(ordered[0][0], f"OCDS releases cannot be compiled: {error}")]
        ) from None

    def where(parts: tuple[str | int, ...]) -> tuple[str | int, ...]:
        """The latest release that states the value at `parts` (objects in arrays matched by id)."""
        for length in range(len(parts), -1, -1):
            for base, release in reversed(ordered):
                found = _resolve(compiled, release, parts[:length])
                if found is not None:
                    return (*base, *found)
        return ordered[-1][0]

    return Unit(compiled, where)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    names: dict[type, str] = {str: "a string", list: "a list", dict: "an object"}
    return names.get(type(value), "null")


def _releases_in(value: Any, base: tuple[str | int, ...]) -> list[tuple[str, tuple[str | int, ...], Any]]:
    """Releases and records wherever publishers put them: a release package, a record package,
    a bare release, or an array of any of these."""
    if isinstance(value, list):
        return [found for n, item in enumerate(value) for found in _releases_in(item, (*base, n))]
    if not isinstance(value, dict):
        return []
    if "records" in value:
        records = value["records"]
        return [
            ("record", (*base, "records", n), r)
            for n, r in enumerate(records if isinstance(records, list) else [])
        ] or [("bad", (*base, "records"), records)]
    if "releases" in value:
        releases = value["releases"]
        return [
            ("release", (*base, "releases", n), r)
            for n, r in enumerate(releases if isinstance(releases, list) else [])
        ] or [("bad", (*base, "releases"), releases)]
    if "ocid" in value:
        return [("release", base, value)]
    return []


def load_all(path: str, data: bytes) -> tuple[Source, list[Unit]]:
    """Every procurement (ocid) of an OCDS file, each compiled from its releases."""
    if len(data) > MAX_OCDS_BYTES:
        raise InputError.single(path, f"OCDS file is larger than {MAX_OCDS_BYTES // 2**20} MiB")
    source = _source(path, data)
    found = [item for base, value, _, _ in source.values for item in _releases_in(value, base)]
    if not found:
        if len(source.values) == 1 and not isinstance(source.values[0][1], dict):
            raise InputError.single(path, "not OCDS: expected a JSON object")
        raise InputError.single(
            path,
            "not OCDS: expected a release package (releases), a record package (records) or a release (ocid)",
        )
    problems = [
        source.problem(where, f"expected {'a list' if kind == 'bad' else 'an object'}, found {_kind(value)}")
        for kind, where, value in found
        if kind == "bad" or not isinstance(value, dict)
    ]
    if problems:
        raise InputError(problems)
    units: list[Unit] = []
    by_ocid: dict[str, list[tuple[tuple[str | int, ...], dict[str, Any]]]] = {}
    for kind, where, item in found:
        if kind == "record":
            units.append(_record(source, where, item))
        else:
            ocid = item.get("ocid")
            by_ocid.setdefault(ocid if isinstance(ocid, str) else repr(ocid), []).append((where, item))
    units.extend(_compile(source, group) for group in by_ocid.values())
    if not units:
        raise InputError.single(path, "OCDS package holds no releases or records")
    return source, units


def _record(source: Source, base: tuple[str | int, ...], record: dict[str, Any]) -> Unit:
    """A record: its compiledRelease as published, else its releases compiled."""
    compiled = record.get("compiledRelease")
    if isinstance(compiled, dict):
        return Unit(compiled, lambda parts: (*base, "compiledRelease", *parts))
    releases = record.get("releases")
    if not isinstance(releases, list) or not releases:
        raise InputError([source.problem(base, "OCDS record has neither a compiledRelease nor releases")])
    items = [((*base, "releases", n), r) for n, r in enumerate(releases)]
    bad = [
        source.problem(w, f"expected an object, found {_kind(r)}")
        for w, r in items
        if not isinstance(r, dict)
    ]
    if bad:
        raise InputError(bad)
    return _compile(source, items)


# The shapes keino reads, checked before reading so a mismatch is a located problem, never an
# internal error ("*" is every item of a list). Numbers may come as strings (converters write them).
_ID = (str, int)
SHAPES: tuple[tuple[str, tuple[type, ...]], ...] = (
    ("ocid", _ID),
    ("tender.id", _ID),
    ("buyer.id", _ID),
    ("parties.*.id", _ID),
    ("tender.lots.*.id", _ID),
    ("tender.items.*.relatedLot", _ID),
    ("tender", (dict,)),
    ("buyer", (dict,)),
    ("tender.value", (dict,)),
    ("tender.lots.*.value", (dict,)),
    ("tender.classification", (dict,)),
    ("tender.items.*.classification", (dict,)),
    ("tender.lots.*.awardCriteria", (dict,)),
    ("parties.*", (dict,)),
    ("parties.*.address", (dict,)),
    ("tender.items.*", (dict,)),
    ("tender.lots.*", (dict,)),
    ("tender.items.*.additionalClassifications.*", (dict,)),
    ("tender.lots.*.awardCriteria.criteria.*", (dict,)),
    ("tender.lots.*.awardCriteria.criteria.*.numbers.*", (dict,)),
    ("tender.sustainability.*", (dict,)),
    ("tender.lots.*.sustainability.*", (dict,)),
    ("tender.lots.*.otherRequirements", (dict,)),
    ("tender.lots.*.contractTerms", (dict,)),
    ("parties", (list,)),
    ("tender.items", (list,)),
    ("tender.lots", (list,)),
    ("tender.items.*.additionalClassifications", (list,)),
    ("tender.coveredBy", (list,)),
    ("tender.lots.*.coveredBy", (list,)),
    ("tender.lots.*.awardCriteria.criteria", (list,)),
    ("tender.lots.*.awardCriteria.criteria.*.numbers", (list,)),
    ("tender.sustainability", (list,)),
    ("tender.lots.*.sustainability", (list,)),
    ("tender.sustainability.*.strategies", (list,)),
    ("tender.lots.*.sustainability.*.strategies", (list,)),
    ("parties.*.roles", (list,)),
    ("tender.lots.*.otherRequirements.reservedParticipation", (list,)),
    ("tender.title", (str,)),
    ("tender.description", (str,)),
    ("tender.procurementMethod", (str,)),
    ("tender.procurementMethodDetails", (str,)),
    ("tender.awardCriteria", (str, dict)),  # a core code, or the awardCriteria extension's object
    ("tender.awardCriteriaDetails", (str,)),
    ("tender.lots.*.title", (str,)),
    ("tender.lots.*.description", (str,)),
    ("parties.*.name", (str,)),
    ("buyer.name", (str,)),
    ("parties.*.address.country", (str,)),
    ("parties.*.address.countryName", (str,)),
    ("tender.lots.*.awardCriteria.criteria.*.name", (str,)),
    ("tender.lots.*.awardCriteria.criteria.*.description", (str,)),
    ("tender.lots.*.awardCriteria.criteria.*.type", (str,)),
    ("tender.lots.*.contractTerms.performanceTerms", (str,)),
    ("tender.value.currency", (str,)),
    ("tender.lots.*.value.currency", (str,)),
    ("tender.sustainability.*.goal", (str,)),
    ("tender.lots.*.sustainability.*.goal", (str,)),
    ("tender.classification.id", (str, int, float)),
    ("tender.items.*.classification.id", (str, int, float)),
    ("tender.items.*.additionalClassifications.*.id", (str, int, float)),
    ("tender.value.amount", (str, int, float)),
    ("tender.lots.*.value.amount", (str, int, float)),
    ("tender.lots.*.awardCriteria.criteria.*.numbers.*.number", (str, int, float)),
    ("tender.hasSustainability", (bool,)),
    ("tender.lots.*.hasSustainability", (bool,)),
    ("tender.lots.*.hasAccessibilityCriteria", (bool,)),
    ("tender.lots.*.contractTerms.reservedExecution", (bool,)),
)
_EXPECTED: dict[tuple[type, ...], str] = {
    (str, int): "an id (string or integer)",
    (dict,): "an object",
    (list,): "a list",
    (str,): "a string",
    (str, int, float): "a number or string",
    (bool,): "a boolean",
    (str, dict): "a string or an object",
}


def _walk(value: Any, parts: list[str], at: KeyPath) -> Iterator[tuple[KeyPath, Any]]:
    if not parts:
        yield at, value
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _walk(item, rest, (*at, index))
    elif isinstance(value, dict) and head in value:
        yield from _walk(value[head], rest, (*at, head))


def shape_problems(source: Source, unit: Unit) -> list[Problem]:
    """Every value keino reads whose JSON type is not what OCDS says, located in the file."""
    problems = []
    for path, types in SHAPES:
        for at, value in _walk(unit.release, path.split("."), ()):
            if value is None or (
                isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
            ):
                continue
            expected = _EXPECTED[types]
            problems.append(
                source.problem(
                    unit.where(at), f"{'.'.join(map(str, at))}: expected {expected}, found {_kind(value)}"
                )
            )
    return problems


def _object(value: Any) -> dict[str, Any]:
    """An object keino reads into, or an empty one where the file has another type (already
    reported by `shape_problems` when keino depends on it)."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


class Reader:
    """Builds the description mapping from one compiled release, noting each value's JSON pointer."""

    def __init__(self, release: dict[str, Any], pointer: Callable[[tuple[str | int, ...]], str]) -> None:
        self.release = release
        self.pointer = pointer
        self.origins = Origins("ocds", Origin("ocds", pointer(())))

    def note(self, key_path: KeyPath, parts: tuple[str | int, ...]) -> None:
        self.origins.note(key_path, Origin("ocds", self.pointer(parts)))

    def read(self) -> dict[str, Any]:
        release = self.release
        tender: dict[str, Any] = release["tender"] if isinstance(release.get("tender"), dict) else {}
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
        buyer = _object(self.release.get("buyer"))
        parties = [(n, p) for n, p in enumerate(_list(self.release.get("parties"))) if isinstance(p, dict)]
        found = next(((n, p) for n, p in parties if "buyer" in _list(p.get("roles"))), None)
        if found is None and buyer.get("id") is not None:
            found = next(((n, p) for n, p in parties if p.get("id") == buyer["id"]), None)
        number, party = found if found is not None else (None, {})
        name = party.get("name") or buyer.get("name")
        if not isinstance(name, str) or not name.strip():
            return
        raw["buyer"] = {"name": name.strip()}
        self.note(("buyer",), ("parties", number) if number is not None else ("buyer",))
        identifier = party.get("id") or buyer.get("id")
        if identifier is not None:
            raw["buyer"]["id"] = str(identifier)
        address = _object(party.get("address"))
        country = address.get("country")
        if not (isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)):
            country = COUNTRY_NAMES.get(str(address.get("countryName", "")).strip().lower())
        if country is not None:
            raw["buyer"]["country"] = country
            self.note(
                ("buyer", "country"), ("parties", number, "address") if number is not None else ("buyer",)
            )
        if number is None:
            return
        for classification in _list(_object(party.get("details")).get("classifications")):
            if isinstance(classification, dict) and classification.get("scheme") == "eu-buyer-legal-type":
                raw["buyer"]["type"] = str(classification.get("id"))
                self.note(("buyer", "type"), ("parties", number, "details", "classifications"))

    def legal_facts(self, raw: dict[str, Any], tender: dict[str, Any]) -> None:
        """Whom the law binds: legal basis (eForms profile `tender.legalBasis`, CELEX), contract
        nature (`mainProcurementCategory`) and the procedure's start (a tender release's date;
        a later release's date only bounds it); and the tender's status, which tells a planned
        process (a prior information notice in eForms terms) from a started one."""
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
            tags = _list(self.release.get("tag"))
            which = "start_date" if any(t in ("planning", "tender") for t in tags) else "started_by"
            facts.setdefault("procedure", {})[which] = day
            self.note(("facts", "procedure", which), ("date",))
        status = tender.get("status")
        if isinstance(status, str) and status in TENDER_STATUSES:
            facts["notice"] = {"tender_status": status}
            self.note(("facts", "notice", "tender_status"), ("tender", "status"))
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
        classification = tender.get("classification")  # the tender's own CPV (Contracts Finder, Scotland)
        if isinstance(classification, dict) and str(classification.get("scheme", "")).upper() == "CPV":
            match = _CPV_ID.match(str(classification.get("id", "")))
            if match:
                codes = raw.setdefault("cpv", [])
                if match.group(1) not in codes:
                    codes.insert(0, match.group(1))
                    self.note(("cpv", 0), ("tender", "classification", "id"))
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
        criteria: list[dict[str, Any]] = []
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
            stated = item.get("type")
            kind: str = stated if stated in ("price", "cost", "quality") else guess_criterion_type(texts)
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
            elif not weights and percent_in(texts) is not None:  # "Weighting: 30%" in the description
                criterion["weight"] = percent_in(texts)
                self.note((*where, "weight"), (*parts, "criteria", number, "description"))
            language = self.release.get("language")
            tag_rewards(
                criterion, texts, {language.split("-")[0].upper()} if isinstance(language, str) else None
            )
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
                if isinstance(strategy, str) and strategy in STRATEGIES:
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
                RESERVED[r] for r in reserved if isinstance(r, str) and r in RESERVED
            ] or ["none"]
            self.note(
                (*base, "facts", "reserved", "participation"),
                (*parts, "otherRequirements", "reservedParticipation"),
            )
        terms: dict[str, Any] = scope["contractTerms"] if isinstance(scope.get("contractTerms"), dict) else {}
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


def read_all(path: str, data: bytes, options: ReadOptions) -> list[ProcurementInput]:
    """One input per procurement (ocid) in the file; a file of several names each `path#ocid`."""
    source, units = load_all(path, data)
    problems = [problem for unit in units for problem in shape_problems(source, unit)]
    if problems:
        raise InputError(problems)
    inputs = []
    for unit in units:
        reader = Reader(unit.release, unit.pointer)
        raw = reader.read()
        if "id" not in raw:
            raise InputError([source.problem(unit.where(()), "not OCDS: the release has no ocid")])
        raw.setdefault("title", raw["id"])
        name = path if len(units) == 1 else f"{path}#{raw['id']}"
        inputs.append(build_input(raw, reader.origins, name, "ocds", options.plain))
    return inputs


def read(path: str, data: bytes, options: ReadOptions) -> ProcurementInput:
    """The one procurement of a file (see `read_all` for files holding several)."""
    inputs = read_all(path, data, options)
    if len(inputs) > 1:
        raise InputError.single(
            path,
            f"OCDS file holds {len(inputs)} procurements (ocids); read it with read_all (keino assess does)",
        )
    return inputs[0]
