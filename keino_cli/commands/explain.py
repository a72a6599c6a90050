"""`keino explain ID`: one criterion in plain words for a buyer."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from keino_cli.commands.common import (
    CriteriaOption,
    LangOption,
    NoBundledOption,
    ProfileOption,
    catalog_for,
    check_choice,
    fail,
    load_settings,
)
from keino_cli.errors import InputError, Problem


def explain(
    criterion_id: Annotated[str, typer.Argument(metavar="ID", help="A criterion id, e.g. RES-CLN-04.")],
    lang: LangOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")] = "text",
    profile: ProfileOption = None,
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = None,
) -> None:
    """Explain one criterion: why it matters, what to write, how it is proved and scored.

    Example: keino explain RES-CLN-04 --lang sv
    """
    from keino_cli.api import load_profile
    from keino_cli.draft.explain import explain as explain_criterion
    from keino_cli.draft.explain import explain_text
    from keino_cli.render.stream import pretty
    from keino_cli.validation import suggest

    settings = load_settings(locals())
    lang = settings["lang"]
    check_choice(fmt, ["text", "json"], "--format")
    catalog = catalog_for(settings)
    if criterion_id not in catalog.criteria:
        hint = suggest(criterion_id, catalog.criteria)
        fail([Problem(criterion_id, f"unknown criterion{hint}")])
    try:
        explanation = explain_criterion(
            catalog, criterion_id, lang, load_profile(settings["profile"], catalog)
        )
    except InputError as error:
        fail(error.problems)
    if fmt == "json":
        sys.stdout.write(pretty(explanation) + "\n")
    else:
        sys.stdout.write(explain_text(explanation, lang))
