"""eForms notices (TED, Hilma, Doffin): UBL 2.3 with eForms extensions, SDK 1.3 to 1.15.

Parsed with lxml, hardened for untrusted input: no entity expansion, no DTD loaded or allowed, no
network or file access, libxml2's own depth and text limits, and a size limit. Every path the
reader follows is turned into lxml's namespaced tags once, at import; the reader walks children
by tag and filters on `@listName` in Python (as the SDK's predicates do). Each value keeps the
XPath and line (lxml's `sourceline`) of its element, so a score can be traced to the notice.
Facts live on the lots, as in eForms; missing elements stay unknown and explicit codes (`none`,
`false`) stay known. Field-by-field notes: docs of issue #4 and `research/formats.md` §2.
"""

from __future__ import annotations

import codecs
import functools
import math
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from lxml import etree

from keino_cli.errors import InputError
from keino_cli.model.origin import Origin, ProcurementInput
from keino_cli.readers import ReadOptions
from keino_cli.readers.notices import (
    LazyOrigin,
    Origins,
    build_input,
    guess_criterion_type,
    is_placeholder,
    other_languages,
    percent_in,
    pick_text,
    tag_rewards,
)
from keino_cli.yamlsource import KeyPath

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

MAX_NOTICE_BYTES = 20 * 1024 * 1024
UBL = "urn:oasis:names:specification:ubl:schema:xsd:"
NS = {
    "cac": UBL + "CommonAggregateComponents-2",
    "cbc": UBL + "CommonBasicComponents-2",
    "ext": UBL + "CommonExtensionComponents-2",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
}
PREFIX = {uri: prefix for prefix, uri in NS.items()}
NOTICE_ROOTS = ("ContractNotice", "ContractAwardNotice", "PriorInformationNotice")
EXT = "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"

# Facts read from `cac:ProcurementAdditionalType`, by the `@listName` of its code.
ADDITIONAL_TYPES = {
    "strategic-procurement": ("strategic", "procurement"),  # BT-06
    "environmental-impact": ("strategic", "environmental_impact"),  # BT-774
    "social-objective": ("strategic", "social_objective"),  # BT-775
    "innovative-acquisition": ("strategic", "innovation"),  # BT-776
    "gpp-criteria": ("strategic", "gpp_criteria_source"),  # BT-805
}
# BT-723 vehicle categories, grouped as the Clean Vehicles Directive sets its minimum shares.
VEHICLE_GROUPS = {
    "m1": "light_duty",
    "m2": "light_duty",
    "n1": "light_duty",
    "m1-m2-n1": "light_duty",
    "n2": "trucks",
    "n3": "trucks",
    "n2-n3": "trucks",
    "m3": "buses",
}
VEHICLE_COUNTS = {
    "vehicles": "count",
    "vehicles-clean": "clean_count",
    "vehicles-zero-emission": "zero_emission_count",
}
BOOLEAN_CODES = {"true": True, "false": False, "yes": True, "no": False}
# BT-01 procedure legal basis (CELEX numbers of the legal-basis codelist) -> fact procedure.legal_basis.
LEGAL_BASES = {
    "32014L0024": "2014/24/EU",
    "32014L0025": "2014/25/EU",
    "32014L0023": "2014/23/EU",
    "32009L0081": "2009/81/EC",
    "other": "national",
}
# eForms uses ISO 3166-1 alpha-3 country codes; the description model uses alpha-2.
COUNTRIES = {
    "AUT": "AT",
    "BEL": "BE",
    "BGR": "BG",
    "HRV": "HR",
    "CYP": "CY",
    "CZE": "CZ",
    "DNK": "DK",
    "EST": "EE",
    "FIN": "FI",
    "FRA": "FR",
    "DEU": "DE",
    "GRC": "GR",
    "HUN": "HU",
    "IRL": "IE",
    "ITA": "IT",
    "LVA": "LV",
    "LTU": "LT",
    "LUX": "LU",
    "MLT": "MT",
    "NLD": "NL",
    "POL": "PL",
    "PRT": "PT",
    "ROU": "RO",
    "SVK": "SK",
    "SVN": "SI",
    "ESP": "ES",
    "SWE": "SE",
    "ISL": "IS",
    "LIE": "LI",
    "NOR": "NO",
    "CHE": "CH",
    "GBR": "GB",
    "MKD": "MK",
    "MNE": "ME",
    "ALB": "AL",
    "SRB": "RS",
    "UKR": "UA",
    "MDA": "MD",
}


def _tags(path: str) -> tuple[str, ...]:
    """A path of prefixed names ("cac:ProcurementProject/cbc:Name") as lxml's namespaced tags."""
    return tuple(
        f"{{{NS[prefix]}}}{local}" for prefix, _, local in (s.partition(":") for s in path.split("/"))
    )


# The paths the reader follows, relative to the element each is read from (BT numbers in the reader).
NOTICE_LANGUAGE = _tags("cbc:NoticeLanguageCode")
PUBLICATION_ID = _tags(f"{EXT}/efac:Publication/efbc:NoticePublicationID")
ID = _tags("cbc:ID")
FOLDER_ID = _tags("cbc:ContractFolderID")
PROJECT = _tags("cac:ProcurementProject")
NAME = _tags("cbc:Name")
DESCRIPTION = _tags("cbc:Description")
LOT_NAMES = _tags("cac:ProcurementProjectLot/cac:ProcurementProject/cbc:Name")
PROCEDURE = _tags("cac:TenderingProcess/cbc:ProcedureCode")
NOTICE_TYPE = _tags("cbc:NoticeTypeCode")
SUBTYPE = _tags(f"{EXT}/efac:NoticeSubType/cbc:SubTypeCode")
LOTS = _tags("cac:ProcurementProjectLot")
LEGAL_BASIS = _tags("cbc:RegulatoryDomain")
TYPE_CODES = _tags("cac:ProcurementProject/cbc:ProcurementTypeCode")
ISSUE_DATE = _tags("cbc:IssueDate")
MAIN_CPV = _tags("cac:MainCommodityClassification/cbc:ItemClassificationCode")
ADDITIONAL_CPV = _tags("cac:AdditionalCommodityClassification/cbc:ItemClassificationCode")
ESTIMATED_VALUE = _tags("cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount")
PARTIES = _tags("cac:ContractingParty")
PARTY_ID = _tags("cac:Party/cac:PartyIdentification/cbc:ID")
COMPANIES = _tags(f"{EXT}/efac:Organizations/efac:Organization/efac:Company")
COMPANY_ID = _tags("cac:PartyIdentification/cbc:ID")
PARTY_NAME = _tags("cac:PartyName/cbc:Name")
PARTY_TYPE = _tags("cac:ContractingPartyType/cbc:PartyTypeCode")
COUNTRY = _tags("cac:PostalAddress/cac:Country/cbc:IdentificationCode")
COMPANY_NUMBER = _tags("cac:PartyLegalEntity/cbc:CompanyID")
TENDERING_TERMS = _tags("cac:TenderingTerms")
ADDITIONAL_TYPE = _tags("cac:ProcurementAdditionalType")
TYPE_CODE = _tags("cbc:ProcurementTypeCode")
TYPE_TEXT = _tags("cbc:ProcurementType")
TENDERER_REQUIREMENTS = _tags(
    "cac:TendererQualificationRequest/cac:SpecificTendererRequirement/cbc:TendererRequirementTypeCode"
)
EXECUTION_REQUIREMENTS = _tags("cac:ContractExecutionRequirement")
EXECUTION_CODE = _tags("cbc:ExecutionRequirementCode")
STRATEGIC = _tags(f"{EXT}/efac:StrategicProcurement")
APPLICABLE_BASIS = _tags("efbc:ApplicableLegalBasis")
CVD_CATEGORIES = _tags("efac:StrategicProcurementInformation/efbc:ProcurementCategoryCode")
EED_DETAILS = "efac:StrategicProcurementInformation/efac:ProcurementDetails/"
EED_ITEMS = _tags(EED_DETAILS + "efbc:AssetCategoryCode")
EED_BASIS = _tags(EED_DETAILS + "efbc:LegalFrameworkCode")
AWARDING_CRITERION = _tags("cac:AwardingTerms/cac:AwardingCriterion")
SUBORDINATE_CRITERIA = _tags("cac:SubordinateAwardingCriterion")
CRITERION_TYPE = _tags("cbc:AwardingCriterionTypeCode")
CRITERION_PARAMETERS = _tags(f"{EXT}/efac:AwardCriterionParameter")
PARAMETER_CODE = _tags("efbc:ParameterCode")
PARAMETER_NUMBER = _tags("efbc:ParameterNumeric")
LOT_RESULTS = _tags(f"{EXT}/efac:NoticeResult/efac:LotResult")
RESULT_LOT_ID = _tags("efac:TenderLot/cbc:ID")
RESULT_STRATEGIC = _tags("efac:StrategicProcurement/efac:StrategicProcurementInformation")
PROCUREMENT_DETAILS = _tags("efac:ProcurementDetails")
ASSET_CATEGORIES = _tags("efbc:AssetCategoryCode")
STATISTICS = _tags("efac:StrategicProcurementStatistics")
STATISTICS_CODE = _tags("efbc:StatisticsCode")
STATISTICS_NUMBER = _tags("efbc:StatisticsNumeric")


def _text(element: Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


# lxml tag -> XPath step ("cbc:ID"), the same in every notice; only the tags the reader follows
# (and their ancestors on its paths) are ever located, so it stays small.
_STEPS: dict[str, str] = {}


def _step(tag: str) -> str:
    uri, _, local = tag[1:].partition("}")
    step = _STEPS[tag] = f"{PREFIX[uri]}:{local}" if uri in PREFIX else local
    return step


class Notice:
    """A parsed notice: the tree and a way to write each element's XPath."""

    def __init__(self, root: Element) -> None:
        self.root = root
        self.paths: dict[Element, str] = {}
        self.groups: dict[Element, dict[str, list[Element]]] = {}
        language = _text(self.first(root, NOTICE_LANGUAGE))
        self.languages = tuple(dict.fromkeys(lang for lang in (language, "ENG", "FIN", "SWE") if lang))

    def children(self, element: Element) -> dict[str, list[Element]]:
        """The child elements of `element` by tag, in document order. Built once per element the
        reader visits: lookups and XPaths then cost a dict access, not a walk of the siblings.
        Plain iteration is twice as fast as `iterchildren(etree.Element)`; a comment or processing
        instruction it also meets (the parser drops them) would sit under a tag no lookup uses."""
        groups = self.groups.get(element)
        if groups is None:
            groups = {}
            for child in element:
                groups.setdefault(child.tag, []).append(child)
            self.groups[element] = groups
        return groups

    def all(self, element: Element, tags: tuple[str, ...]) -> list[Element]:
        """Every element at the end of `tags` below `element`, in document order (ElementPath's findall)."""
        found = [element]
        for tag in tags:
            found = [child for parent in found for child in self.children(parent).get(tag, ())]
        return found

    def first(self, element: Element, tags: tuple[str, ...]) -> Element | None:
        """The first element at the end of `tags` below `element` (ElementPath's find)."""
        for child in self.children(element).get(tags[0], ()):
            found = child if len(tags) == 1 else self.first(child, tags[1:])
            if found is not None:
                return found
        return None

    def listed(self, element: Element, tags: tuple[str, ...], list_name: str) -> list[Element]:
        """The codes at `tags` from one code list (the SDK's `[@listName='...']`)."""
        return [code for code in self.all(element, tags) if code.get("listName") == list_name]

    def xpath(self, element: Element) -> str:
        """`/*/cac:ProcurementProjectLot[2]/...`: a position only among same-named siblings, the
        language instead where the siblings are language versions. Memoised: origins share ancestors."""
        path = self.paths.get(element)
        if path is None:
            parent = element.getparent()
            if parent is None:
                path = "/*"
            else:
                tag = element.tag
                step = _STEPS.get(tag) or _step(tag)
                same = self.children(parent)[tag]
                if len(same) > 1:
                    lang = element.get("languageID")
                    step += f"[@languageID='{lang}']" if lang else f"[{same.index(element) + 1}]"
                path = f"{self.xpath(parent)}/{step}"
            self.paths[element] = path
        return path

    def origin(self, element: Element | None, snippet: str | None = None) -> LazyOrigin | None:
        """Where `element` is, made only if a run asks (its XPath is the costly part)."""
        if element is None:
            return None
        return functools.partial(self._origin, element, snippet)

    def _origin(self, element: Element, snippet: str | None) -> Origin:
        return Origin("eforms", self.xpath(element), element.sourceline, None, snippet)

    def texts(self, elements: list[Element]) -> dict[str, tuple[str, Element]]:
        """A multilingual field: {language: (text, element)}, languages as in the notice (FIN, SWE)."""
        found: dict[str, tuple[str, Element]] = {}
        for element in elements:
            text = _text(element)
            if text is not None:
                found.setdefault(element.get("languageID", ""), (text, element))
        return found

    def pick(self, elements: list[Element]) -> tuple[str, LazyOrigin] | None:
        """The text of a multilingual field in the notice's language; the others ride in the origin."""
        return self.choose(self.texts(elements))

    def choose(self, texts: dict[str, tuple[str, Element]]) -> tuple[str, LazyOrigin] | None:
        """`pick` from the field's `texts`, for a reader that needs them too."""
        plain = {lang: text for lang, (text, _) in texts.items()}
        chosen = pick_text(plain, self.languages)
        if chosen is None:
            return None
        lang, text = chosen
        return text, functools.partial(self._text_origin, texts[lang][1], plain, lang)

    def _text_origin(self, element: Element, texts: dict[str, str], shown: str) -> Origin:
        return self._origin(element, other_languages(texts, shown))


class _NoResolver(etree.Resolver):
    """Whatever libxml2 would fetch (a DTD, an entity) resolves to nothing: no file, no network."""

    def resolve(self, system_url: str, public_id: str, context: object) -> Any:
        return self.resolve_string("", context)


def _parser(encoding: str | None = None) -> etree.XMLParser:
    parser = etree.XMLParser(
        encoding=encoding,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,  # libxml2's limits: 256 levels deep, 10 MB per text node
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    parser.resolvers.add(_NoResolver())
    return parser


_PARSER = _parser()
_UTF8_PARSER = _parser("utf-8")  # for text transcoded from a declared single-byte encoding
# The XML declaration's EncName (XML 1.0 §4.3.3); a malformed declaration is left to libxml2.
_DECLARED_ENCODING = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml\s[^>]*?encoding\s*=\s*[\"']([A-Za-z][\w.-]*)[\"']")
_REFUSED = "XML with a DTD or entities is refused (unsafe in untrusted input)"


def _transcoded(path: str, data: bytes) -> tuple[bytes, etree.XMLParser]:
    """UTF-8 bytes as they are; a declared single-byte encoding (ISO-8859-x, windows-125x) read by
    Python's codec and handed to libxml2 as UTF-8; any other declared encoding refused."""
    declared = _DECLARED_ENCODING.match(data, 0, 1024)  # the declaration opens the document
    if declared is None:
        return data, _PARSER
    name = declared.group(1).decode("ascii", "replace")
    try:
        codec = codecs.lookup(name)
        if codec.name in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"):
            return data, _PARSER
        # Not a text encoding (rot13) raises LookupError here; a multi-byte one decodes fewer characters.
        if len(bytes(range(256)).decode(codec.name, "replace")) != 256:
            raise LookupError("multi-byte encodings are not supported")
        text = data.decode(codec.name)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - data.rfind(b"\n", 0, error.start)
        raise InputError.single(path, f"XML syntax error: bytes that are not {name}", line, column) from None
    except (LookupError, UnicodeError) as error:  # an unknown name, or a codec that cannot decode
        raise InputError.single(path, f"XML declares an encoding that cannot be read: {error}", 1) from None
    return text.encode("utf-8"), _UTF8_PARSER


def _declares_doctype(data: bytes) -> bool:
    """Whether a DOCTYPE follows the XML declaration, comments and processing instructions."""
    position = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while position < len(data) and data[position] in b" \t\r\n":
            position += 1
        for opening, closing in ((b"<?", b"?>"), (b"<!--", b"-->")):
            if data.startswith(opening, position):
                end = data.find(closing, position + len(opening))
                if end < 0:
                    return False
                position = end + len(closing)
                break
        else:
            return data.startswith(b"<!DOCTYPE", position)


def _one_line(message: str) -> str:
    """libxml2's message without the document text it may quote (a snippet, a long tag name)."""
    first = message.split("\n", 1)[0].strip()
    return first if len(first) <= 120 else first[:119] + "…"


def _markup_start(data: bytes, line: int, column: int) -> int:
    """libxml2 reports a bad tag where it ends; point at the `<` that opens it, as an editor would."""
    lines = data.split(b"\n", line)
    if line > len(lines) or column < 1:
        return max(column, 1)
    text = lines[line - 1].decode("utf-8", "replace")
    opening = text.rfind("<", 0, column - 1)
    return opening + 1 if opening >= 0 else column


def parse(path: str, data: bytes) -> Notice:
    """Parse untrusted XML safely; refuse a DTD, entities and anything but eForms."""
    if len(data) > MAX_NOTICE_BYTES:
        raise InputError.single(path, f"notice is larger than {MAX_NOTICE_BYTES // 2**20} MiB")
    source, parser = _transcoded(path, data)
    try:
        root = etree.fromstring(source, parser)
    except etree.XMLSyntaxError as error:
        if _declares_doctype(source):
            raise InputError.single(path, _REFUSED) from None
        line, column = error.position
        message = _one_line(error.msg.rsplit(f", line {line}", 1)[0])
        if message.startswith("Unsupported encoding"):
            raise InputError.single(
                path, f"XML declares an encoding that cannot be read: {message}", 1
            ) from None
        if message.startswith("Excessive depth"):
            message = "elements nested more than 256 levels deep"
        column = _markup_start(source, line, column)
        raise InputError.single(path, f"XML syntax error: {message}", line, column) from None
    if root.getroottree().docinfo.doctype:
        raise InputError.single(path, _REFUSED)
    uri, _, local = root.tag[1:].partition("}") if root.tag.startswith("{") else ("", "", root.tag)
    if local not in NOTICE_ROOTS or not uri.startswith(UBL):
        hint = " (TED XML before eForms is not supported)" if local == "TED_EXPORT" else ""
        expected = ", ".join(NOTICE_ROOTS)
        raise InputError.single(
            path, f"not an eForms notice: root element is {local}, expected {expected}{hint}", 1
        )
    return Notice(root)


def _decimal(element: Element | None) -> float | None:
    text = _text(element)
    try:
        return float(Decimal(text)) if text is not None else None
    except InvalidOperation:
        return None


class Reader:
    """Builds the description mapping from one notice, noting the origin of every value."""

    def __init__(self, notice: Notice) -> None:
        self.notice = notice
        self.origins = Origins("eforms", Origin("eforms", "/*", 1))

    def put(self, target: dict[str, Any], key_path: KeyPath, value: Any, element: Element | None) -> None:
        """Set `value` at the end of `key_path` inside `target` (creating mappings) and note its origin."""
        *parents, last = key_path
        node: Any = target
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
        self.origins.note(key_path, self.notice.origin(element))

    def read(self) -> dict[str, Any]:
        root, notice = self.notice.root, self.notice
        raw: dict[str, Any] = {}
        publication = self.notice.first(root, PUBLICATION_ID)
        for element in (publication, self.notice.first(root, ID), self.notice.first(root, FOLDER_ID)):
            if _text(element):
                self.put(raw, ("id",), _text(element), element)
                break
        project = self.notice.first(root, PROJECT)
        title = notice.pick(self.notice.all(project, NAME)) if project is not None else None
        if title is None:
            title = notice.pick(self.notice.all(root, LOT_NAMES))
        if title is not None:
            raw["title"] = title[0]
            self.origins.note(("title",), title[1])
        if project is not None:
            self.project(raw, (), project)
        self.buyer(raw)
        procedure = self.notice.first(root, PROCEDURE)
        if _text(procedure):
            self.put(raw, ("procedure",), _text(procedure), procedure)
        notice_type = self.notice.first(root, NOTICE_TYPE)
        if _text(notice_type):
            self.put(raw, ("facts", "notice", "type"), _text(notice_type), notice_type)
        subtype = self.notice.first(root, SUBTYPE)
        if _text(subtype):
            self.put(raw, ("facts", "notice", "subtype"), _text(subtype), subtype)
        self.scope_facts(raw)
        lots = [lot for lot in self.notice.all(root, LOTS) if self._scheme(lot) == "Lot"]
        lots = lots or [lot for lot in self.notice.all(root, LOTS) if self._scheme(lot) == "Part"]
        raw["lots"] = [self.lot(index, lot) for index, lot in enumerate(lots)]
        self.results(raw)
        return raw

    def scope_facts(self, raw: dict[str, Any]) -> None:
        """Whom the law binds: BT-01 legal basis, BT-23 contract nature, the procedure's start date
        (a contract notice's issue date; an award notice's only bounds it) and design contests."""
        root = self.notice.root
        basis = self.notice.first(root, LEGAL_BASIS)
        if LEGAL_BASES.get(_text(basis) or ""):
            self.put(raw, ("facts", "procedure", "legal_basis"), LEGAL_BASES[_text(basis) or ""], basis)
        nature = next(iter(self.notice.listed(root, TYPE_CODES, "contract-nature")), None)
        if _text(nature) in ("supplies", "services", "works"):
            self.put(raw, ("facts", "contract", "nature"), _text(nature), nature)
        notice_type = _text(self.notice.first(root, NOTICE_TYPE)) or ""
        issued = self.notice.first(root, ISSUE_DATE)
        day = (_text(issued) or "")[:10]
        if len(day) == 10:
            which = "start_date" if notice_type.startswith(("cn", "pin")) else "started_by"
            self.put(raw, ("facts", "procedure", which), day, issued)
        if notice_type.endswith("-desg"):
            self.put(
                raw, ("facts", "procedure", "design_contest"), True, self.notice.first(root, NOTICE_TYPE)
            )

    def _scheme(self, lot: Element) -> str | None:
        element = self.notice.first(lot, ID)
        return element.get("schemeName") if element is not None else None

    def project(self, target: dict[str, Any], base: KeyPath, project: Element) -> None:
        """CPV codes (BT-262/263), estimated value (BT-27) and description (BT-24) of a procedure or lot."""
        codes = [
            *self.notice.all(project, MAIN_CPV),
            *self.notice.all(project, ADDITIONAL_CPV),
        ]
        cpv = [code for code in codes if code.get("listName", "cpv") == "cpv" and _text(code)]
        if cpv:
            self.put(target, (*base, "cpv"), [_text(code) for code in cpv], cpv[0])
            for index, code in enumerate(cpv):
                self.origins.note((*base, "cpv", index), self.notice.origin(code))
        amount = self.notice.first(project, ESTIMATED_VALUE)
        value = _decimal(amount)
        if amount is not None and value is not None and amount.get("currencyID"):
            self.put(
                target, (*base, "value"), {"amount": value, "currency": amount.get("currencyID")}, amount
            )
        if not base:
            description = self.notice.pick(self.notice.all(project, DESCRIPTION))
            if description is not None:
                target["description"] = description[0]
                self.origins.note(("description",), description[1])

    def buyer(self, raw: dict[str, Any]) -> None:
        """Every buyer (OPT-300; a joint procurement has several) with its name, legal type (BT-11),
        country and company id; the first is `buyer`, all of them `buyers`."""
        buyers: list[dict[str, Any]] = []
        for party in self.notice.all(self.notice.root, PARTIES):
            base: KeyPath = ("buyers", len(buyers))
            found = self._buyer(party, base)
            if found is not None:
                buyers.append(found)
        if not buyers:
            return
        raw["buyer"] = buyers[0]
        for key_path, origin in list(self.origins.by_path.items()):
            if key_path[:2] == ("buyers", 0):
                self.origins.note(("buyer", *key_path[2:]), origin)
        if len(buyers) > 1:
            raw["buyers"] = buyers

    def _buyer(self, party: Element, base: KeyPath) -> dict[str, Any] | None:
        org_id = _text(self.notice.first(party, PARTY_ID))
        company = next(
            (
                company
                for company in self.notice.all(self.notice.root, COMPANIES)
                if _text(self.notice.first(company, COMPANY_ID)) == org_id
            ),
            None,
        )
        name = self.notice.pick(self.notice.all(company, PARTY_NAME)) if company is not None else None
        if company is None or name is None:
            return None
        buyer: dict[str, Any] = {"name": name[0]}
        self.origins.note(base, self.notice.origin(party))
        self.origins.note((*base, "name"), name[1])
        kind = self.notice.first(party, PARTY_TYPE)
        if _text(kind):
            buyer["type"] = _text(kind)
            self.origins.note((*base, "type"), self.notice.origin(kind))
        country = self.notice.first(company, COUNTRY)
        if COUNTRIES.get(_text(country) or ""):
            buyer["country"] = COUNTRIES[_text(country) or ""]
            self.origins.note((*base, "country"), self.notice.origin(country))
        company_id = self.notice.first(company, COMPANY_NUMBER)
        if _text(company_id):
            buyer["id"] = _text(company_id)
            self.origins.note((*base, "id"), self.notice.origin(company_id))
        return buyer

    def lot(self, index: int, lot: Element) -> dict[str, Any]:
        base: KeyPath = ("lots", index)
        notice = self.notice
        id_element = self.notice.first(lot, ID)
        data: dict[str, Any] = {"id": _text(id_element) or f"LOT-{index + 1:04d}"}
        self.origins.note(base, notice.origin(lot))
        self.origins.note((*base, "id"), notice.origin(id_element))
        holder = {"lots": {index: data}}  # lets `put` address the lot by its full key path
        project = self.notice.first(lot, PROJECT)
        if project is not None:
            title = notice.pick(self.notice.all(project, NAME))
            if title is not None:
                data["title"] = title[0]
                self.origins.note((*base, "title"), title[1])
            self.project(holder, base, project)
            self.additional_types(holder, base, project)
        terms = self.notice.first(lot, TENDERING_TERMS)
        if terms is not None:
            self.tendering_terms(holder, base, terms)
        return data

    def additional_types(self, holder: dict[str, Any], base: KeyPath, project: Element) -> None:
        """BT-06/774/775/776/805 codes, BT-777 text and BT-754 accessibility, one element per code."""
        codes: dict[tuple[str, str], list[tuple[str, Element]]] = {}
        for item in self.notice.all(project, ADDITIONAL_TYPE):
            code = self.notice.first(item, TYPE_CODE)
            list_name = code.get("listName") if code is not None else None
            if code is not None and list_name in ADDITIONAL_TYPES and _text(code):
                codes.setdefault(ADDITIONAL_TYPES[list_name], []).append((_text(code) or "", code))
                description = self.notice.pick(self.notice.all(item, TYPE_TEXT))
                if list_name == "strategic-procurement" and description is not None:
                    key_path = (*base, "facts", "strategic", "description")
                    self.put(holder, key_path, description[0], None)
                    self.origins.note(key_path, description[1])
            elif list_name == "accessibility" and _text(code):
                self.put(holder, (*base, "facts", "accessibility", "criteria"), _text(code), code)
        for fact, found in codes.items():
            values = list(dict.fromkeys(value for value, _ in found))
            self.put(holder, (*base, "facts", *fact), values, found[0][1])
        strategic = codes.get(("strategic", "procurement"), [])
        if strategic and all(value == "none" for value, _ in strategic):
            # BT-06 "none": no strategic procurement, so no green, social or innovation codes either.
            for name in ("environmental_impact", "social_objective", "innovation"):
                if ("strategic", name) not in codes:
                    self.put(holder, (*base, "facts", "strategic", name), [], strategic[0][1])

    def tendering_terms(self, holder: dict[str, Any], base: KeyPath, terms: Element) -> None:
        reserved = self.notice.listed(terms, TENDERER_REQUIREMENTS, "reserved-procurement")
        if reserved:  # BT-71
            values = list(dict.fromkeys(_text(code) for code in reserved if _text(code)))
            self.put(holder, (*base, "facts", "reserved", "participation"), values, reserved[0])
        for requirement in self.notice.all(terms, EXECUTION_REQUIREMENTS):
            code = self.notice.first(requirement, EXECUTION_CODE)
            list_name = code.get("listName") if code is not None else None
            if list_name == "reserved-execution" and _text(code) in BOOLEAN_CODES:  # BT-736
                value = BOOLEAN_CODES[_text(code) or ""]
                self.put(holder, (*base, "facts", "reserved", "execution"), value, code)
            elif list_name == "conditions":  # BT-70: one requirement per language version
                for text, element in self.notice.texts(self.notice.all(requirement, DESCRIPTION)).values():
                    requirements = holder["lots"][base[1]].setdefault("requirements", [])
                    key_path = (*base, "requirements", len(requirements))
                    requirements.append({"text": text, "type": "contract-performance-clause"})
                    self.origins.note(key_path, self.notice.origin(element))
        self.award_criteria(holder, base, terms)
        for block in self.notice.all(terms, STRATEGIC):
            basis = self.notice.first(block, APPLICABLE_BASIS)
            list_name = basis.get("listName") if basis is not None else None
            if list_name == "cvd-scope" and _text(basis) in BOOLEAN_CODES:  # BT-717, BT-735
                applies = BOOLEAN_CODES[_text(basis) or ""]
                self.put(holder, (*base, "facts", "cvd", "applies"), applies, basis)
                if applies:
                    self.cvd_period(holder, base)
                types = self.notice.all(block, CVD_CATEGORIES)
                if any(_text(t) for t in types):
                    values = list(dict.fromkeys(_text(t) for t in types if _text(t)))
                    self.put(holder, (*base, "facts", "cvd", "contract_type"), values, types[0])
            elif list_name == "eed-scope" and _text(basis) in BOOLEAN_CODES:  # BT-810, BT-811
                self.put(holder, (*base, "facts", "eed", "applies"), BOOLEAN_CODES[_text(basis) or ""], basis)
                for key, tags in (("items", EED_ITEMS), ("basis", EED_BASIS)):
                    found = [e for e in self.notice.all(block, tags) if _text(e)]
                    if found:
                        values = list(dict.fromkeys(_text(e) for e in found))
                        self.put(holder, (*base, "facts", "eed", key), values, found[0])

    def cvd_period(self, holder: dict[str, Any], base: KeyPath) -> None:
        """The Clean Vehicles Directive reference period, from a contract notice's issue date.

        The period is that of the procedure's start (Act 740/2021: 2.8.2021-31.12.2025, then
        1.1.2026-31.12.2030). Only a contract notice dates that start; an award notice is
        issued later, so it leaves the period unknown."""
        root = self.notice.root
        if not (_text(self.notice.first(root, NOTICE_TYPE)) or "").startswith("cn"):
            return
        issued = self.notice.first(root, ISSUE_DATE)
        day = (_text(issued) or "")[:10]
        period = "2021-2025" if "2021-08-02" <= day <= "2025-12-31" else None
        period = "2026-2030" if "2026-01-01" <= day <= "2030-12-31" else period
        if period is not None:
            self.put(holder, (*base, "facts", "vehicles", "cvd_period"), period, issued)

    def award_criteria(self, holder: dict[str, Any], base: KeyPath, terms: Element) -> None:
        """BT-539/734/540 per criterion; the weight from BT-541 (+BT-5421), with real notices' fallbacks."""
        awarding = self.notice.first(terms, AWARDING_CRITERION)
        subordinates = self.notice.all(awarding, SUBORDINATE_CRITERIA) if awarding is not None else []
        if not subordinates:
            return
        key_path = (*base, "award_criteria")
        criteria: list[dict[str, Any]] = []
        kinds: list[str | None] = []
        descriptions: list[list[str]] = []
        for sub in subordinates:
            names = self.notice.texts(self.notice.all(sub, NAME))
            texts = self.notice.texts(self.notice.all(sub, DESCRIPTION))
            all_texts = [text for text, _ in (*names.values(), *texts.values())]
            if is_placeholder(all_texts):
                continue  # "criteria only in the documents": says nothing about what is awarded
            where = (*key_path, len(criteria))
            self.origins.note(where, self.notice.origin(sub))
            type_code = self.notice.first(sub, CRITERION_TYPE)
            kind = _text(type_code)
            if kind not in ("price", "cost", "quality"):
                kind = guess_criterion_type([text for text, _ in names.values()])
            criterion: dict[str, Any] = {"name": kind.capitalize(), "type": kind}
            self.origins.note((*where, "type"), self.notice.origin(type_code))
            name = self.notice.choose(names)
            if name is not None:
                criterion["name"] = name[0]
                self.origins.note((*where, "name"), name[1])
            description = self.notice.choose(texts)
            if description is not None:
                criterion["description"] = description[0]
                self.origins.note((*where, "description"), description[1])
            weight, weight_kind, weight_element = None, None, None
            for parameter in self.notice.all(sub, CRITERION_PARAMETERS):
                code = self.notice.first(parameter, PARAMETER_CODE)
                list_name = code.get("listName") if code is not None else None
                numeric = self.notice.first(parameter, PARAMETER_NUMBER)
                # A bare number (no ParameterCode, as Hilma sends them) is a weight of unknown unit.
                if list_name in (None, "number-weight") and _decimal(numeric) is not None:
                    weight, weight_kind, weight_element = _decimal(numeric), _text(code), numeric
            if weight is not None and weight_kind != "ord-imp":  # an order of importance is no weight
                criterion["weight"] = weight
                self.origins.note((*where, "weight"), self.notice.origin(weight_element))
            languages = {lang for lang in (*names, *texts) if lang}
            tag_rewards(criterion, all_texts, languages)
            criteria.append(criterion)
            kinds.append(weight_kind)
            descriptions.append([text for text, _ in texts.values()])
        if not criteria:
            return
        self._weights_from_text(criteria, kinds, descriptions, key_path)
        self.put(holder, key_path, criteria, awarding)

    def _weights_from_text(
        self,
        criteria: list[dict[str, Any]],
        kinds: list[str | None],
        texts: list[list[str]],
        key_path: KeyPath,
    ) -> None:
        """Points used as ranks (1, 2, 3) while every description states a percentage ("Vekter 30 %")
        that adds up to 100: the stated percentages are the weights."""
        if not any(kind and kind.startswith("poi") for kind in kinds):
            return
        stated = [percent_in(found) for found in texts]
        if None in stated or abs(sum(s or 0 for s in stated) - 100) > 0.5:
            return
        for number, (criterion, percent) in enumerate(zip(criteria, stated, strict=True)):
            criterion["weight"] = percent
            self.origins.note(
                (*key_path, number, "weight"), self.origins.locate((*key_path, number, "description"))
            )

    def results(self, raw: dict[str, Any]) -> None:
        """Award notices: BT-723 vehicle categories and OPT-155/156 counts per lot (Clean Vehicles Dir.)."""
        index = {lot["id"]: number for number, lot in enumerate(raw["lots"])}
        for result in self.notice.all(self.notice.root, LOT_RESULTS):
            lot_id = _text(self.notice.first(result, RESULT_LOT_ID))
            if lot_id not in index:
                continue
            base: KeyPath = ("lots", index[lot_id])
            holder = {"lots": {index[lot_id]: raw["lots"][index[lot_id]]}}
            counts: dict[tuple[str, str], tuple[float, Element]] = {}
            categories: list[str] = []
            first: Element | None = None
            for block in self.notice.all(result, RESULT_STRATEGIC):
                for details in self.notice.all(block, PROCUREMENT_DETAILS):
                    category = next(
                        iter(self.notice.listed(details, ASSET_CATEGORIES, "vehicle-category")), None
                    )
                    group = VEHICLE_GROUPS.get(_text(category) or "")
                    if group is None:
                        continue
                    categories.append(_text(category) or "")
                    first = first if first is not None else category
                    for stats in self.notice.all(details, STATISTICS):
                        which = VEHICLE_COUNTS.get(_text(self.notice.first(stats, STATISTICS_CODE)) or "")
                        number = _decimal(self.notice.first(stats, STATISTICS_NUMBER))
                        if which is not None and number is not None:
                            previous = counts.get((group, which), (0, stats))
                            # A count too long for a float stays infinite, for validation to refuse
                            count = int(number) if math.isfinite(number) else number
                            counts[(group, which)] = (previous[0] + count, previous[1])
            if categories:
                self.put(
                    holder,
                    (*base, "facts", "cvd", "vehicle_categories"),
                    list(dict.fromkeys(categories)),
                    first,
                )
            for (group, which), (number, element) in counts.items():
                self.put(holder, (*base, "facts", "cvd", group, which), number, element)


def read(path: str, data: bytes, options: ReadOptions) -> ProcurementInput:
    notice = parse(path, data)
    reader = Reader(notice)
    raw = reader.read()
    if "id" not in raw:
        raise InputError.single(
            path, "not an eForms notice: it has no notice id (BT-701) or folder id (BT-04)"
        )
    raw.setdefault("title", raw["id"])
    return build_input(raw, reader.origins, path, "eforms", options.plain)
