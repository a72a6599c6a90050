"""Tender documents (PDF, DOCX, Markdown, text) as one tender package: facts found in their text.

A package is every document of one tender, plus at most one procurement description:

* `keino assess a.pdf b.docx` reads the named documents as ONE package (with the single
  description file named next to them, if exactly one is);
* a folder holding documents and at most one description is one package; a folder with
  descriptions only is read as before, one result per description (documents in a folder with
  several descriptions are not read: which description would they belong to?).

Each document is split into blocks (a PDF page paragraph, a DOCX paragraph or table row, a text
paragraph) that keep their place, its language is detected by stop-words (or set by
`--doc-lang`), and the compiled evidence matcher of that language finds the facts. A fact keeps
the place of the first passage that states it. A description's explicit values win over
detected ones; each fact's origin says which source it came from.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from keino_cli.errors import InputError, Problem
from keino_cli.evidence import Evidence, Hit, detect_language, evidence_for
from keino_cli.model.origin import Origin, ProcurementInput
from keino_cli.model.records import Level, ValueType
from keino_cli.readers import ReadOptions, read_bytes
from keino_cli.readers.documents.award import AWARD_CUES, DocumentWording, read_award
from keino_cli.readers.documents.criterion_texts import find_criterion_texts
from keino_cli.readers.documents.identity import find_identity, strip_document_kind
from keino_cli.readers.documents.nesting import MAX_LEAD, Entry, flatten_tree
from keino_cli.readers.packages import DOCUMENT_SUFFIXES, is_description
from keino_cli.readers.plain import procurement as plain_procurement
from keino_cli.validation import dotted
from keino_cli.yamlsource import KeyPath

if TYPE_CHECKING:
    from keino_cli.catalog import Catalog
    from keino_cli.model.criteria import FactSpec
    from keino_cli.model.procurement import Procurement

MAX_PAGES = 2000
MAX_TEXT_CHARS = 20_000_000
SNIPPET_CHARS = 90
# Facts a description gives through structured fields; detected values go to the same fields.
FIELD_OF_FACT = {
    "labels.required": "labels",
    "procedure.type": "procedure",
    "contract.duration_months": "duration_months",
}


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or table row with its place: pointer inside the file, line, nearest heading."""

    text: str
    pointer: str
    line: int | None
    heading: str | None


@dataclass(slots=True)
class Document:
    """The text of one document as blocks, joined once so one matcher pass covers it."""

    path: str
    blocks: list[Block]
    title: str | None
    format: str
    text: str = ""
    starts: list[int] = field(default_factory=list)
    _newlines: dict[int, list[int]] = field(default_factory=dict)
    name: str = field(init=False, default="")  # the file's name, as origins show it

    def __post_init__(self) -> None:
        self.name = Path(self.path).name
        self.blocks = [Block(normalise(b.text), b.pointer, b.line, b.heading) for b in self.blocks]
        offset = 0
        for block in self.blocks:
            self.starts.append(offset)
            offset += len(block.text) + 2
        self.text = "\n\n".join(block.text for block in self.blocks)

    def origin(self, start: int, end: int) -> Origin:
        """Where a span of the joined text is: file, page/paragraph, line, column, and the words."""
        index = max(0, bisect.bisect_right(self.starts, start) - 1)
        block = self.blocks[index]
        within = start - self.starts[index]
        if index not in self._newlines:  # once per block: a long paragraph stays linear
            self._newlines[index] = [m.start() for m in _NEWLINE.finditer(block.text)]
        newlines = self._newlines[index]
        above = bisect.bisect_left(newlines, within)
        line = None if block.line is None else block.line + above
        column = within - (newlines[above - 1] + 1 if above else 0) + 1
        pointer = f"{self.name} {block.pointer}"
        if block.heading and block.heading != block.text:
            pointer += f" ({block.heading[:60]})"
        base = self.starts[index]
        return Origin("document", pointer, line, column, snippet(block.text, start - base, end - base))


_NEWLINE = re.compile("\n")
_HYPHENATED = re.compile(r"(\w)[-\u00ad]\n(\w)")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u00ad": None})
_SPACES_FROM = [chr(code) for code in _SPACES]


def normalise(text: str) -> str:
    """NFKC, no-break spaces as spaces, soft hyphens gone, words split at a line end joined.
    (Each step only where its characters are: a translation or a substitution costs more than
    looking for them.)"""
    text = unicodedata.normalize("NFKC", text)
    if any(char in text for char in _SPACES_FROM):
        text = text.translate(_SPACES)
    return _HYPHENATED.sub(r"\1\2", text) if "-\n" in text else text


def snippet(text: str, start: int, end: int) -> str:
    """The matched words with some context, on one line."""
    low = max(0, start - 30)
    high = min(len(text), max(end, low + SNIPPET_CHARS))
    words = " ".join(text[low:high].split())
    return ("…" if low else "") + words + ("…" if high < len(text) else "")


def extract(path: str, data: bytes, options: ReadOptions) -> Document:
    """A document's blocks, by its suffix (or `%PDF`/zip signature)."""
    import importlib

    kind = DOCUMENT_SUFFIXES.get(Path(path).suffix.lower())
    if data.startswith(b"%PDF"):
        kind = "pdf"
    if kind is None:
        raise InputError.single(path, "not a document keino reads (pdf, docx, md, txt)")
    return importlib.import_module(f"keino_cli.readers.documents.{kind}").extract(path, data, options)


@dataclass(slots=True)
class Found:
    """A hit placed in its document."""

    hit: Hit
    origin: Origin
    lang: str


@dataclass(slots=True)
class DocumentScan:
    path: str
    format: str
    lang: str
    lang_source: str  # option, detected, default
    stopwords: dict[str, int]
    blocks: int
    hits: list[Found]


@dataclass(slots=True)
class Finding:
    """A fact (or identity value) as the package states it, with its first supporting passage."""

    value: Any
    origin: Origin
    support: list[Found] = field(default_factory=list)


@dataclass(slots=True)
class Findings:
    documents: list[DocumentScan] = field(default_factory=list)
    facts: dict[str, Finding] = field(default_factory=dict)
    identity: dict[str, Finding] = field(default_factory=dict)
    titles: list[tuple[str, Origin]] = field(default_factory=list)
    # Award criteria the documents state (read from their award wording, or a keino-drafted
    # award text found word for word), with their place.
    awards: list[tuple[dict[str, Any], Origin]] = field(default_factory=list)


def _typed(spec: FactSpec, value: Any) -> Any:
    if spec.type is ValueType.INTEGER and isinstance(value, float):
        return int(value) if value.is_integer() else None
    if spec.type is ValueType.NUMBER and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _collect(findings: Findings, facts: dict[str, FactSpec], found: Found) -> None:
    hit = found.hit
    if hit.status not in ("found", "negated"):
        return
    spec = facts[hit.fact]
    value = _typed(spec, hit.value)
    if value is None:
        return
    current = findings.facts.get(hit.fact)
    if spec.type is ValueType.LIST:
        if current is None:
            findings.facts[hit.fact] = Finding([value], found.origin, [found])
        elif value not in current.value:
            current.value.append(value)
            current.support.append(found)
        return
    if current is None or (hit.status == "found" and current.support[0].hit.status == "negated"):
        findings.facts[hit.fact] = Finding(value, found.origin, [found])
    elif current.value == value:
        current.support.append(found)


BLOCK_LANG_MIN_STOPWORDS = 3
# What kind of section a block is in, by its heading (tender-vocabulary.md §1). Award wording gives
# award criteria, never minimum requirements; background says what was, not what is asked.
SECTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("award", AWARD_CUES),
    (
        "contract-clause",
        re.compile(
            r"sopimusehd|sopimuksen ehdot|täytäntöönpanoa koskevat ehdot|avtalsvillkor|kontraktsvillkor"
            r"|villkor för fullgörande|contract (?:terms|conditions|performance)|conditions of contract",
            re.IGNORECASE,
        ),
    ),
    (
        "requirement",
        re.compile(
            r"vaatimu|hankinnan kohteen kuvaus|eritelmä|soveltuvuus|krav|specifikation|requirement"
            r"|specification|selection criteria",
            re.IGNORECASE,
        ),
    ),
    (
        "background",
        re.compile(r"\btausta|johdanto|bakgrund|inledning|background|introduction", re.IGNORECASE),
    ),
)


@functools.lru_cache(maxsize=1024)
def section_of(heading: str | None) -> str | None:
    """The section a heading opens: award, contract-clause, requirement, background (or None).
    (Asked once per heading: every block under it asks again.)"""
    if not heading:
        return None
    return next((name for name, pattern in SECTIONS if pattern.search(heading)), None)


def _block_languages(document: Document, lang: str, fixed: bool) -> list[str]:
    """Each block's language: its own stop-words decide when they are clear, else the document's."""
    if fixed:
        return [lang] * len(document.blocks)
    languages = []
    for block in document.blocks:
        best, counts = detect_language(block.text)
        ranked = sorted(counts.values(), reverse=True)
        clear = best is not None and ranked[0] >= BLOCK_LANG_MIN_STOPWORDS and ranked[0] >= 2 * ranked[1]
        languages.append(best if clear and best else lang)
    return languages


def _in_spans(start: int, spans: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= start < spans[index][1]


def _award_key(criterion: dict[str, Any]) -> tuple[Any, ...]:
    return criterion["type"], criterion.get("weight"), criterion["name"]


def _read_awards(findings: Findings, document: Document) -> list[tuple[int, int]]:
    """Award criteria of each block into the findings, sub-criteria in place of their parent
    (`nesting`); the spans of award wording, in order."""
    spans: list[tuple[int, int]] = []
    first = len(findings.awards)
    entries: list[Entry] = []
    lead_from = 0  # where the text before the next criterion's weight begins
    drafted = {
        origin.pointer for _, origin in findings.awards
    }  # keino's own award texts, found word for word
    award_table: str | None = None  # "table 2": a DOCX table whose rows are award criteria
    wording = DocumentWording.of(document.text)
    # The criteria found so far, and by what names them, kept in step with `findings.awards`.
    earlier = [criterion for criterion, _ in findings.awards]
    known = {_award_key(criterion): criterion for criterion in earlier}
    for index, block in enumerate(document.blocks):
        table = block.pointer.partition(" row ")[0] if " row " in block.pointer else None
        in_table = table is not None and table == award_table
        # A later block may say how a criterion named earlier is scored: it fills that one's scoring.
        at = document.starts[index]
        prepared = wording.block(at, at + len(block.text)) if wording is not None else None
        statement = read_award(block.text, at, block.heading, earlier, in_table, prepared, tag=False)
        if statement is None:
            continue
        award_table = table or award_table
        origin = document.origin(statement.start, statement.end)
        spans.extend(statement.spans)
        if origin.pointer in drafted:
            continue
        added = []
        for criterion, (low, high, in_points) in zip(statement.criteria, statement.weights, strict=True):
            same = known.get(_award_key(criterion))
            if same is None:
                findings.awards.append((criterion, origin))
                added.append(criterion)
                entries.append(
                    Entry(criterion, in_points, document.text[max(lead_from, low - MAX_LEAD) : low])
                )
                lead_from = high
            elif "scoring" in criterion and "scoring" not in same:
                same["scoring"] = criterion["scoring"]
        statement.tag(added)  # a repeated criterion is dropped untagged
        earlier.extend(added)
        known.update((_award_key(criterion), criterion) for criterion in added)
    origins = {id(criterion): origin for criterion, origin in findings.awards[first:]}
    findings.awards[first:] = [(criterion, origins[id(criterion)]) for criterion in flatten_tree(entries)]
    return sorted(spans)


def scan_documents(
    documents: list[Document], catalog: Catalog, doc_lang: str | None, cpv: list[str] | None = None
) -> Findings:
    """Language, hits, facts, award criteria and identity of a package of documents (no scoring).

    Hits inside award wording are kept for `keino scan` but give no fact (a band's share is not a
    minimum); facts of product groups the package's CPV does not select are left out.
    """
    evidence = evidence_for(catalog)
    findings = Findings()
    for document in documents:
        detected, counts = detect_language(document.text)
        lang = doc_lang or detected or "en"
        source = "option" if doc_lang else "detected" if detected else "default"
        languages = _block_languages(document, lang, doc_lang is not None)
        sections = [section_of(block.heading) for block in document.blocks]
        # A criterion's own text, recognised word for word, is the strongest evidence: it goes first.
        text_hits = criterion_text_hits(document, catalog, lang, findings)
        award_spans = _read_awards(findings, document)
        hits: list[Found] = list(text_hits)
        for each in sorted(set(languages), key=languages.index):
            for hit in evidence.matcher(each).scan(document.text):
                block = max(0, bisect.bisect_right(document.starts, hit.start) - 1)
                if languages[block] != each:
                    continue
                if hit.status in ("found", "negated") and _in_spans(hit.start, award_spans):
                    hit.status = "award"
                elif hit.status in ("found", "negated") and sections[block] == "background":
                    hit.status = "background"
                hits.append(Found(hit, document.origin(hit.start, hit.end), each))
        hits[len(text_hits) :] = sorted(hits[len(text_hits) :], key=lambda found: found.hit.start)
        findings.documents.append(
            DocumentScan(document.path, document.format, lang, source, counts, len(document.blocks), hits)
        )
        for found in hits:
            _collect(findings, catalog.facts, found)
        for statement in find_identity(document.text):
            origin = document.origin(statement.start, statement.end)
            if statement.field == "cpv":
                codes = findings.identity.setdefault("cpv", Finding([], origin))
                if statement.value not in codes.value:
                    codes.value.append(statement.value)
            else:
                findings.identity.setdefault(statement.field, Finding(statement.value, origin))
        if document.title:
            title = strip_document_kind(document.title)
            findings.titles.append((title, document.origin(0, min(len(document.text), 80))))
    stated_cpv = findings.identity["cpv"].value if "cpv" in findings.identity else []
    _keep_selected_groups(findings, evidence, cpv or stated_cpv)
    return findings


def _keep_selected_groups(findings: Findings, evidence: Evidence, cpv: list[str]) -> None:
    """Drop facts read only by criteria of product groups the CPV codes do not select."""
    if not cpv:
        return
    for key in list(findings.facts):
        if not evidence.selected(key, cpv):
            del findings.facts[key]


def criterion_text_hits(document: Document, catalog: Catalog, lang: str, findings: Findings) -> list[Found]:
    """Facts (and award criteria) of the criteria whose recommended text the document contains
    word for word."""
    found = []
    # Where a core and a comprehensive text ask for the same fact, the more demanding one stands.
    levels = list(Level)
    matches = find_criterion_texts(document.text, catalog)
    matches.sort(key=lambda m: -levels.index(catalog.criteria[m.text.criterion_id].criterion.level))
    for match in matches:
        origin = document.origin(match.start, match.end)
        if match.text.award is not None:
            findings.awards.append((match.text.award, origin))
        pattern = f"text of {match.text.criterion_id}"
        for fact, value in match.text.facts:
            found.append(Found(Hit(fact, value, match.start, match.end, "found", pattern), origin, lang))
    return found


def _load_catalog(options: ReadOptions) -> Catalog:
    if options.catalog is not None:
        return options.catalog
    from keino_cli.catalog import load_catalog

    return load_catalog()


def read_documents(
    paths: list[str], options: ReadOptions, data: dict[str, bytes] | None = None
) -> ProcurementInput:
    """One `ProcurementInput` from the documents (and at most one description) of a package."""
    from keino_cli.readers import description as description_reader

    data = data or {}
    problems: list[Problem] = []
    documents: list[Document] = []
    described: ProcurementInput | None = None
    for path in paths:
        try:
            raw = data[path] if path in data else read_bytes(path)
            if is_description(path):
                described = description_reader.read(path, raw, replace(options, plain=False))  # merged below
            else:
                documents.append(extract(path, raw, options))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    catalog = _load_catalog(options)
    cpv = list(described.procurement.cpv) if described is not None else None
    findings = scan_documents(documents, catalog, options.doc_lang, cpv)
    display = paths[0] if len(paths) == 1 else str(Path(paths[-1]).parent) if described is None else paths[0]
    return merge(findings, described, display, catalog, plain=options.plain)


def _description_facts(procurement: Procurement, facts: dict[str, FactSpec]) -> set[str]:
    """Dotted fact keys a description states (so detection leaves them alone)."""
    keys: set[str] = set()
    stack = [(str(k), v) for k, v in procurement.facts.items()]
    while stack:
        key, value = stack.pop()
        if key in facts or not isinstance(value, dict):
            keys.add(key)
        else:
            stack.extend((f"{key}.{k}", v) for k, v in value.items())
    return keys


def merge(
    findings: Findings,
    described: ProcurementInput | None,
    display: str,
    catalog: Catalog,
    plain: bool = False,
) -> ProcurementInput:
    """The package's procurement: detected values, overlaid by the description's explicit ones;
    with `plain`, as light objects where they are plainly valid (see `ReadOptions.plain`)."""
    origins: dict[KeyPath, Origin] = {}
    detected: dict[str, Any] = {"id": f"documents:{Path(display).stem or display}", "facts": {}}
    identity = findings.identity
    title = identity.get("title") or (
        Finding(findings.titles[0][0], findings.titles[0][1]) if findings.titles else None
    )
    detected["title"] = title.value if title else Path(display).stem
    if title:
        origins[("title",)] = title.origin
    buyer = identity.get("buyer") or identity.get("buyer-name")
    if buyer:
        detected["buyer"] = {"name": buyer.value}
        origins[("buyer",)] = origins[("buyer", "name")] = buyer.origin
    if "cpv" in identity:
        detected["cpv"] = identity["cpv"].value
        origins[("cpv",)] = identity["cpv"].origin
    if "value" in identity:
        amount, currency = identity["value"].value
        detected["value"] = {"amount": amount, "currency": currency}
        origins[("value",)] = identity["value"].origin
    if findings.awards:
        detected["award_criteria"] = [award for award, _ in findings.awards]
        origins[("award_criteria",)] = findings.awards[0][1]
        for index, (_, origin) in enumerate(findings.awards):
            origins[("award_criteria", index)] = origin
    stated = set()
    explicit: dict[str, Any] = {}
    if described is not None:
        explicit = described.procurement.model_dump(exclude_unset=True, mode="json")
        stated = _description_facts(described.procurement, catalog.facts)
    for key, finding in findings.facts.items():
        if key in stated:
            continue
        target = FIELD_OF_FACT.get(key)
        if target is not None:
            detected[target] = finding.value
            origins[(target,)] = finding.origin
        else:
            detected["facts"][key] = finding.value
            origins[("facts", key)] = finding.origin
    merged = {**detected, **{k: v for k, v in explicit.items() if k != "facts"}}
    merged["facts"] = {**detected["facts"], **explicit.get("facts", {})}
    # The light objects, as for a description (`readers.plain`): the models, and their import,
    # only where that check is unsure or the caller needs the models (`keino convert`).
    procurement: Procurement | None = plain_procurement(merged) if plain else None  # type: ignore[assignment]
    if procurement is None:
        from keino_cli.model.procurement import Procurement

        try:
            procurement = Procurement.model_validate(merged)
        except ValueError as error:  # a detected value the model refuses (e.g. a negative amount)
            raise InputError.single(display, f"documents: {error}") from None
    fallback = Origin("document", Path(display).name)
    stated_paths = {(key,) for key in explicit.get("facts", {})}

    def locate(key_path: KeyPath) -> Origin:
        stated_here = key_path and key_path[0] in explicit
        if (
            described is not None
            and stated_here
            and (key_path[0] != "facts" or key_path[1:2] in stated_paths)
        ):
            return described.locate(key_path)
        for length in range(len(key_path), 0, -1):
            if key_path[:length] in origins:
                return origins[key_path[:length]]
        return Origin(fallback.source, f"{fallback.pointer} {dotted(key_path)}")

    fmt = "documents" if described is None else "description+documents"
    return ProcurementInput(procurement, display, fmt, locate)
