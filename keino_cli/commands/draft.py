"""`keino draft`: the sustainability annex of a tender, written from the criteria."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from keino_cli.commands.common import (
    CriteriaOption,
    LangOption,
    NoBundledOption,
    OutputOption,
    ProfileOption,
    catalog_from,
    check_choice,
    check_lang,
    fail,
)
from keino_cli.errors import InputError

if TYPE_CHECKING:
    from keino_cli.catalog import Catalog
    from keino_cli.draft import Draft

DESCRIPTION_HEADER = """\
# Drafted by `keino draft {args}`: the description of a tender written from that annex.
# Each fact is the criterion's own example of meeting it; change it to what your tender says,
# then run `keino assess` on this file.
"""


def draft(
    cpv: Annotated[
        list[str] | None,
        typer.Option("--cpv", metavar="CODE", help="CPV code of what is bought (repeatable)."),
    ] = None,
    group: Annotated[
        list[str] | None,
        typer.Option(
            "--group", "-g", metavar="ID", help="Product group id (repeatable); see `keino criteria list`."
        ),
    ] = None,
    level: Annotated[
        str, typer.Option("--level", metavar="LEVEL", help="core, comprehensive or spearhead.")
    ] = "core",
    profile: ProfileOption = None,
    lang: LangOption = "en",
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="md, docx, html or json.")
    ] = "md",
    output: OutputOption = None,
    write_description: Annotated[
        str | None,
        typer.Option("--write-description", metavar="FILE", help="Also write the matching description YAML."),
    ] = None,
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = False,
) -> None:
    """Write the sustainability annex of a tender for a product group and ambition level.

    Sections follow tender documents: legal obligations, selection criteria, technical
    specifications, award criteria (suggested weights, scoring bands), contract clauses, and the
    eForms codes to declare. Each item says how a tenderer proves it, its source and keino id.

    Example: keino draft --group indoor-cleaning --level comprehensive --lang fi -f docx -o liite.docx
    """
    from keino_cli.api import load_profile
    from keino_cli.draft import LEVELS, build_draft
    from keino_cli.draft.render import DraftFormat, render_draft
    from keino_cli.render import open_output

    lang = check_lang(lang)
    check_choice(level, list(LEVELS), "--level")
    chosen = DraftFormat(check_choice(fmt, [f.value for f in DraftFormat], "--format"))
    if chosen is DraftFormat.DOCX and output in (None, "-") and sys.stdout.isatty():
        raise typer.BadParameter("a DOCX file is binary: give --output FILE", param_hint="--output")
    catalog = catalog_from(criteria, no_bundled)
    try:
        drafted = build_draft(
            catalog, load_profile(profile), groups=group or [], cpvs=cpv or [], level=level, lang=lang
        )
    except InputError as error:
        fail(error.problems)
    data = render_draft(drafted, chosen)
    with open_output(output) as (out, _):
        out.flush()
        out.buffer.write(data)
    if write_description is not None:
        _write_description(drafted, catalog, write_description)


def _write_description(drafted: Draft, catalog: Catalog, target: str) -> None:
    import yaml

    from keino_cli.draft.description import draft_description
    from keino_cli.render import open_output

    args = " ".join(sys.argv[2:]) if len(sys.argv) > 2 else ""
    description = draft_description(drafted, catalog)
    text = yaml.safe_dump(description, allow_unicode=True, sort_keys=False, width=100)
    with open_output(target) as (out, _):
        out.write(DESCRIPTION_HEADER.format(args=args) + text)
