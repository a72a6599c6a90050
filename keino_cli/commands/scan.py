"""`keino scan DOC...`: what tender documents say, fact by fact, with the passage; no scoring.

For a buyer checking a draft, or a criteria author checking patterns: every match is listed,
including those a negation cancelled or a false friend vetoed, so a surprising fact (or a missing
one) can be traced to its words.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from keino_cli.commands.common import (
    EXIT_INPUT_ERROR,
    ConfigOption,
    CriteriaOption,
    DocLangOption,
    EncodingOption,
    NoBundledOption,
    NoConfigOption,
    catalog_for,
    check_choice,
    fail,
    load_settings,
)
from keino_cli.errors import InputError, Problem


def scan(
    documents: Annotated[
        list[str],
        typer.Argument(metavar="PATH", help="Document files (pdf, docx, md, txt) or folders."),
    ],
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = None,
    doc_lang: DocLangOption = None,
    encoding: EncodingOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="table or json.")] = "table",
    all_hits: Annotated[bool, typer.Option("--all", help="Also list cancelled and vetoed matches.")] = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """List the facts tender documents state, where, and which criteria read them (no scoring).

    Example: keino scan examples/tenders/koulujen-ateriapalvelut
    """
    arguments = locals()  # first, so it holds the parameters only
    from keino_cli.evidence import evidence_for
    from keino_cli.pipeline import PackageUnit, expand
    from keino_cli.readers import read_bytes
    from keino_cli.readers.documents import extract, scan_documents
    from keino_cli.readers.packages import is_document
    from keino_cli.render.stream import pretty

    fmt = check_choice(fmt, ["table", "json"], "--format")
    settings = load_settings(arguments)
    options = settings.read_options()
    catalog = catalog_for(settings, records=True)
    problems: list[Problem] = []
    paths: list[str] = []
    for unit in expand(documents):
        if isinstance(unit, Problem):
            problems.append(unit)
        else:
            members = unit.members if isinstance(unit, PackageUnit) else (unit.path,)
            paths.extend(m for m in members if is_document(m))
    docs = []
    for path in paths:
        try:
            docs.append(extract(path, read_bytes(path), options))
        except InputError as error:
            problems.extend(error.problems)
    if not docs:
        fail(problems or [Problem(" ".join(documents), "no documents to scan")])
    findings = scan_documents(docs, catalog, options.doc_lang)
    evidence = evidence_for(catalog)
    data = _document(findings, {key: evidence.criteria_reading(key) for key in findings.facts}, all_hits)
    if fmt == "json":
        sys.stdout.write(pretty(data) + "\n")
    else:
        _table(data)
    for problem in problems:
        sys.stderr.write(f"{problem}\n")
    if problems:
        raise typer.Exit(EXIT_INPUT_ERROR)


def _document(findings: Any, readers: dict[str, list[str]], all_hits: bool) -> dict[str, Any]:
    """The scan as JSON-ready data: documents, identity, facts with origins, and the hits."""
    return {
        "documents": [
            {
                "path": d.path,
                "format": d.format,
                "lang": d.lang,
                "lang_source": d.lang_source,
                "stopwords": d.stopwords,
                "blocks": d.blocks,
                "hits": [
                    {
                        "fact": f.hit.fact,
                        "value": f.hit.value,
                        "status": f.hit.status,
                        "pattern": f.hit.pattern,
                        "cue": f.hit.cue,
                        "origin": f.origin.to_dict(),
                    }
                    for f in d.hits
                    if all_hits or f.hit.status in ("found", "negated")
                ],
            }
            for d in findings.documents
        ],
        "identity": {
            key: {"value": finding.value, "origin": finding.origin.to_dict()}
            for key, finding in findings.identity.items()
            if not (key == "buyer-name" and "buyer" in findings.identity)
        },
        "facts": [
            {
                "fact": key,
                "value": finding.value,
                "criteria": readers.get(key, []),
                "origin": finding.origin.to_dict(),
            }
            for key, finding in sorted(findings.facts.items())
        ],
    }


def _table(data: dict[str, Any]) -> None:
    from rich.table import Table

    from keino_cli.render import make_console

    console = make_console(sys.stdout, sys.stdout.isatty())
    for document in data["documents"]:
        console.print(
            f"{document['path']}: {document['format']}, language {document['lang']} "
            f"({document['lang_source']}), {document['blocks']} blocks, {len(document['hits'])} matches"
        )
    if data["identity"]:
        identity = Table(title="Identity", title_justify="left", header_style="bold")
        for column in ("Field", "Value", "Where"):
            identity.add_column(column, overflow="fold")
        for key, item in data["identity"].items():
            identity.add_row(key, str(item["value"]), item["origin"]["pointer"])
        console.print(identity)
    facts = Table(title="Facts found", title_justify="left", header_style="bold")
    for column in ("Fact", "Value", "Criteria", "Where", "Text"):
        facts.add_column(column, overflow="fold")
    for item in data["facts"]:
        origin = item["origin"]
        facts.add_row(
            item["fact"],
            json.dumps(item["value"], ensure_ascii=False, allow_nan=False),
            ", ".join(item["criteria"]) or "—",
            origin["pointer"] + (f" line {origin['line']}" if origin.get("line") else ""),
            origin.get("snippet", ""),
        )
    console.print(facts if data["facts"] else "No facts found.")
    for document in data["documents"]:
        for hit in document["hits"]:
            if hit["status"] not in ("found", "negated"):
                cue = f" by {hit['cue']!r}" if hit["cue"] else ""
                what = f"{hit['status']}{cue}: {hit['fact']} ({hit['pattern']})"
                console.print(f"{what} at {hit['origin']['pointer']}", style="dim")
